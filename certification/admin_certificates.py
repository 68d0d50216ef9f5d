"""The certificates' admin pages beyond the generic listing: the inspect view with the
printable PDF, and issuing a certificate by hand."""

from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.views import generic
from wagtail.admin.widgets.button import HeaderButton


class CertificateInspectView(generic.InspectView):
    """A certificate's details, with its printable PDF one click away."""

    @cached_property
    def header_buttons(self):
        return [
            *super().header_buttons,
            HeaderButton(
                _("Print (PDF)"),
                url=reverse("certificate_pdf", args=[self.object.code]),
                icon_name="doc-full",
                attrs={"target": "_blank", "rel": "noopener"},
            ),
        ]
