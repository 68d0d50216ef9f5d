from django.urls import path

from quizzes import views, views_grading

urlpatterns = [
    path("attempts/<uuid:uuid>/", views.attempt_view, name="quiz_attempt"),
    path("attempts/<uuid:uuid>/save/", views.attempt_save_view, name="quiz_attempt_save"),
    path("attempts/<uuid:uuid>/submit/", views.attempt_submit_view, name="quiz_attempt_submit"),
    path("attempts/<uuid:uuid>/result/", views.attempt_result_view, name="quiz_attempt_result"),
    path("grading/", views_grading.grading_queue_view, name="quiz_grading_queue"),
    path("grading/<int:pk>/", views_grading.grading_view, name="quiz_grading"),
]
