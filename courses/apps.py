from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoursesConfig(AppConfig):
    name = "courses"
    verbose_name = _("Courses")

    def ready(self):
        # The manual importer's admin pages register their Wagtail hooks on import.
        from courses import admin_manual  # noqa: F401
