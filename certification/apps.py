from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CertificationConfig(AppConfig):
    name = "certification"
    verbose_name = _("Certification")

    def ready(self):
        from certification import checks  # noqa: F401  (registers the signing-key check)
        from certification.updates import certificates_on_retraining_required
        from training.signals import retraining_required

        retraining_required.connect(
            certificates_on_retraining_required, dispatch_uid="certification_update_due"
        )
