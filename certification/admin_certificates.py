"""The certificates' admin pages beyond the generic listing: the inspect view with the
printable PDF, and issuing a certificate by hand."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.views import generic
from wagtail.admin.widgets.button import HeaderButton

from certification.forms import IssueByHandForm
from certification.services import certificate_issue
from training.admin_inspect import ReadableInspectView
from training.roles import Role


class CertificateInspectView(ReadableInspectView):
    """A certificate's details in words (no "None", no "[]"), with its printable PDF one
    click away."""

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


class CertificateIndexView(generic.IndexView):
    """The certificates, with "Issue by hand" for administrators."""

    def get_base_queryset(self):
        # Each row names the person and the programme: read with the page, not row by row.
        return super().get_base_queryset().select_related("person", "programme")

    @cached_property
    def header_buttons(self):
        buttons = list(super().header_buttons)
        if self.request.user.has_role(Role.ADMINISTRATOR):
            buttons.append(
                HeaderButton(
                    _("Issue by hand"),
                    url=reverse("certification_certificate_issue"),
                    icon_name="plus",
                )
            )
        return buttons


def certificate_issue_view(request):
    """An administrator issues a certificate by hand, with a reason (GET: the form; POST:
    issue). Refused, with the form's message and nothing issued, when the person already
    holds a valid certificate of the programme or the programme is not active."""
    if not request.user.has_role(Role.ADMINISTRATOR):
        raise PermissionDenied
    form = IssueByHandForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            certificate = certificate_issue(
                person=data["person"],
                programme=data["programme"],
                issued_at=form.issued_at,
                issued_by=request.user,
                reason=data["reason"],
            )
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            if certificate is not None:
                messages.success(
                    request,
                    _("%(person)s now holds “%(programme)s”.")
                    % {"person": data["person"].get_full_name(), "programme": data["programme"]},
                )
                return redirect("certification_certificate:inspect", certificate.pk)
            # Issued by someone else (or the daily task) since the form was checked.
            form.add_error(None, _("This person already holds a valid certificate of it."))
    return TemplateResponse(request, "certification/admin/issue.html", {"form": form})
