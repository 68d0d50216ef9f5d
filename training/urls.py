from django.conf import settings
from django.conf.urls.static import static
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from training import views, views_assign

urlpatterns = [
    path("", views.home, name="home"),
    path("my-training/", views.my_training, name="my_training"),
    path("team/", views.team_home, name="team_home"),
    path("team/assign/", views_assign.team_assign, name="team_assign"),
    path("trainer/", views.trainer_home, name="trainer_home"),
    path("profile/", views.profile, name="profile"),
    path("learning/", include("courses.urls")),
    path("quizzes/", include("quizzes.urls")),
    path("roleplay/", include("roleplay.urls")),
    path("admin-login/", views.admin_login, name="admin_login"),
    path("accounts/", include("allauth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("cms/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Wagtail's page tree serves everything else (the course catalogue lives there).
urlpatterns.append(path("", include(wagtail_urls)))
