from django.conf import settings
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from training import account_views, media, views, views_assign, views_inbox, views_member

urlpatterns = [
    path("", views.home, name="home"),
    path("my-training/", views.my_training, name="my_training"),
    path("team/", views.team_home, name="team_home"),
    path("team/assign/", views_assign.team_assign, name="team_assign"),
    path("team/export/<str:fmt>/", views_member.team_export_view, name="team_export"),
    path("team/<int:user_id>/", views_member.member_view, name="team_member"),
    path(
        "team/<int:user_id>/export/<str:fmt>/",
        views_member.member_export_view,
        name="team_member_export",
    ),
    path("trainer/", views.trainer_home, name="trainer_home"),
    path("profile/", views.profile, name="profile"),
    path(
        "profile/email-notifications/",
        views_inbox.email_notifications,
        name="email_notifications",
    ),
    path("inbox/", views_inbox.inbox, name="inbox"),
    path("inbox/<int:pk>/", views_inbox.inbox_open, name="inbox_open"),
    path("inbox/read-all/", views_inbox.inbox_mark_all_read, name="inbox_mark_all_read"),
    path("learning/", include("courses.urls")),
    path("quizzes/", include("quizzes.urls")),
    path("roleplay/", include("roleplay.urls")),
    path("", include("certification.urls")),  # /verify/<code>/, /certification/...
    path("api/", include("evaluation.urls")),  # /api/kpis/: helpdesk systems push KPIs
    path("evaluation/", include("evaluation.site_urls")),  # surveys, observations
    # One log-in for everybody: allauth's, with its failed-attempt limit. Django's and
    # Wagtail's own log-in views are replaced below, before the includes that carry them.
    path("admin-login/", account_views.admin_login, name="admin_login"),
    path("cms/login/", account_views.admin_login),
    path("cms/logout/", account_views.admin_logout),
    path("_util/login/", account_views.frontend_login),
    path(
        "_util/authenticate_with_password/<int:page_view_restriction_id>/<int:page_id>/",
        account_views.page_password,
    ),
    # E-mail addresses come from HR and administrators; nobody adds or changes their own.
    path("accounts/email/", account_views.email_addresses),
    re_path(r"^accounts/confirm-email/", account_views.email_addresses),
    path("accounts/", include("allauth.urls")),
    path("i18n/setlang/", account_views.set_language, name="set_language"),
    path("cms/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("media-access/", media.session_check, name="media_access"),
]

if settings.DEBUG:
    # The proxy serves media in production (README); here Django does, to people logged in,
    # and never the documents folder, whose files go out through /documents/ only.
    urlpatterns.append(
        re_path(rf"^{settings.MEDIA_URL.lstrip('/')}(?P<path>.*)$", media.serve_media)
    )

# Wagtail's page tree serves everything else (the course catalogue lives there).
urlpatterns.append(path("", include(wagtail_urls)))
