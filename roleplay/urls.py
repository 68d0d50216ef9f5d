from django.urls import path

from roleplay import views, views_ai, views_judge, views_skills

urlpatterns = [
    path("attempts/<uuid:uuid>/", views.attempt_view, name="scenario_attempt"),
    path("attempts/<uuid:uuid>/reply/", views.attempt_reply_view, name="scenario_attempt_reply"),
    path("attempts/<uuid:uuid>/ai/reply/", views_ai.ai_reply_view, name="scenario_ai_reply"),
    path("attempts/<uuid:uuid>/ai/stream/", views_ai.ai_stream_view, name="scenario_ai_stream"),
    path("attempts/<uuid:uuid>/ai/retry/", views_ai.ai_retry_view, name="scenario_ai_retry"),
    path("attempts/<uuid:uuid>/ai/end/", views_ai.ai_end_view, name="scenario_ai_end"),
    path("attempts/<uuid:uuid>/result/", views.result_view, name="scenario_result"),
    path("reviews/", views.review_queue_view, name="scenario_review_queue"),
    path("reviews/<uuid:uuid>/", views.review_view, name="scenario_review"),
    path("judge-agreement/", views_judge.judge_agreement_view, name="judge_agreement"),
    path("playtest/<int:page_id>/", views.playtest_view, name="scenario_playtest"),
    path("skills/", views_skills.skill_profile_view, name="skill_profile"),
    path("skills/<int:user_id>/", views_skills.skill_profile_for_view, name="skill_profile_for"),
]
