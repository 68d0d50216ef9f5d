from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RoleplayConfig(AppConfig):
    name = "roleplay"
    verbose_name = _("Role-play")

    def ready(self):
        from roleplay.scenario_job import SCENARIO_IMPORT
        from training.imports import import_kind_register

        # Scenario files are imported by a background job that training runs.
        import_kind_register(SCENARIO_IMPORT)
