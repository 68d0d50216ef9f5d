"""What certification adds to the shared pages, through training's panel hooks."""

from certification.selectors import my_certification
from training.panels import Panel


class MyCertificatesPanel(Panel):
    """My training: each programme that applies with its checklist, and the certificates held.
    Renders to nothing when no programme applies and none was ever held."""

    template_name = "certification/panels/my_certificates.html"
    order = 40  # after the assigned trainings, before practice

    def __init__(self, user):
        self.user = user

    def get_context_data(self, parent_context=None):
        return {"certification": my_certification(viewer=self.user)}
