"""What certification adds to the shared pages, through training's panel hooks."""

from django.utils.translation import gettext

from certification.selectors import certification_for, my_certification
from certification.services import can_sign_off
from training.panels import Panel, SectionPanel


class MyCertificatesPanel(Panel):
    """My training: each programme that applies with its checklist, and the certificates held.
    Renders to nothing when no programme applies and none was ever held."""

    template_name = "certification/panels/my_certificates.html"
    order = 40  # after the assigned trainings, before practice

    def __init__(self, user):
        self.user = user

    def get_context_data(self, parent_context=None):
        return {"certification": my_certification(viewer=self.user)}


def member_certification_panel(*, viewer, member) -> SectionPanel:
    """A member's page: why they are or are not cleared (each programme's checklist), and
    every certificate they ever held. `certification_for` checks the viewer may see them."""
    return SectionPanel(
        heading=gettext("Certification"),
        template_name="certification/includes/standing.html",
        context={
            "certification": certification_for(viewer=viewer, person=member),
            "sign_off_for": member if can_sign_off(viewer, member) else None,
        },
        order=5,
    )
