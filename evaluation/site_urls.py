"""The evaluation's pages on the site (not the admin): surveys, observations, self-assessments."""

from django.urls import path

from evaluation import views_observation, views_report, views_survey

urlpatterns = [
    path(
        "survey/<int:course_id>/<str:wave>/",
        views_survey.survey_view,
        name="evaluation_survey",
    ),
    path(
        "survey/<int:course_id>/<str:wave>/save/",
        views_survey.survey_save_view,
        name="evaluation_survey_save",
    ),
    path(
        "survey/<int:course_id>/<str:wave>/submit/",
        views_survey.survey_submit_view,
        name="evaluation_survey_submit",
    ),
    path(
        "observation/<int:person_id>/<int:course_id>/<str:wave>/",
        views_observation.observation_view,
        name="evaluation_observation",
    ),
    path(
        "observation/<int:person_id>/<int:course_id>/<str:wave>/save/",
        views_observation.observation_save_view,
        name="evaluation_observation_save",
    ),
    path(
        "self-assessment/<int:course_id>/<str:wave>/",
        views_observation.self_assessment_view,
        name="evaluation_self_assessment",
    ),
    path(
        "self-assessment/<int:course_id>/<str:wave>/save/",
        views_observation.self_assessment_save_view,
        name="evaluation_self_assessment_save",
    ),
    path("reports/", views_report.reports_view, name="evaluation_reports"),
    path("teams/", views_report.team_overview_view, name="evaluation_teams"),
    path("report/<int:course_id>/", views_report.report_view, name="evaluation_report"),
    path("report/<int:course_id>.pdf", views_report.report_pdf_view, name="evaluation_report_pdf"),
    path(
        "report/<int:course_id>/<str:part>.<str:fmt>",
        views_report.report_export_view,
        name="evaluation_report_export",
    ),
]
