from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationConfig(AppConfig):
    name = "evaluation"
    verbose_name = _("Training evaluation")

    def ready(self):
        from evaluation.importers.kpi_job import KPI_IMPORT
        from training.imports import import_kind_register

        # KPI files are imported by a background job that training runs.
        import_kind_register(KPI_IMPORT)

        from evaluation.instrument_set import register_instruments

        # The waves ask for the survey, the observation and the self-assessment.
        register_instruments()
