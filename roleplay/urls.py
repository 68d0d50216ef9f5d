from django.urls import path

from roleplay import views

urlpatterns = [
    path("attempts/<uuid:uuid>/", views.attempt_view, name="scenario_attempt"),
    path("attempts/<uuid:uuid>/reply/", views.attempt_reply_view, name="scenario_attempt_reply"),
    path("attempts/<uuid:uuid>/result/", views.result_view, name="scenario_result"),
    path("reviews/", views.review_queue_view, name="scenario_review_queue"),
    path("reviews/<uuid:uuid>/", views.review_view, name="scenario_review"),
    path("playtest/<int:page_id>/", views.playtest_view, name="scenario_playtest"),
]
