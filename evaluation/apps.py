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

        # The waves' instruments: the survey, the observation and the self-assessment
        # (instrument_set) and the re-test; and evaluation deciding which wave a re-take
        # belongs to (the plan's windows) and opening a re-test past a quiz's attempt limit.
        from evaluation import retest
        from evaluation.instrument_set import register_instruments
        from evaluation.waves import retest_gate, wave_of_retake
        from training.waves import retest_gate_register, wave_provider_register

        register_instruments()
        retest.register()

        # Waves change only by the rules: the admin lists them, never edits them.
        from wagtail.permissions import register_permission_policy

        from evaluation.models import WaveInstance
        from evaluation.plan_admin import ReadOnlyPolicy

        register_permission_policy(WaveInstance, ReadOnlyPolicy(WaveInstance))
        wave_provider_register(wave_of_retake)
        retest_gate_register(retest_gate)
