"""Certification admin views beyond the generic listings: revoking a certificate."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from certification.forms import RevokeForm
from certification.models import Certificate, CertificateStatus
from certification.services import certificate_revoke
from training.roles import Role


def certificate_revoke_view(request, pk: int):
    """An administrator revokes a certificate with a reason (GET: the form; POST: revoke)."""
    if not request.user.has_role(Role.ADMINISTRATOR):
        raise PermissionDenied
    certificate = get_object_or_404(
        Certificate.objects.select_related("person", "programme"), pk=pk
    )
    form = RevokeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            certificate_revoke(
                certificate=certificate, actor=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The certificate has been revoked."))
            return redirect("certification_certificate:index")
    return TemplateResponse(
        request,
        "certification/admin/revoke.html",
        {
            "certificate": certificate,
            "form": form,
            "already_revoked": certificate.status == CertificateStatus.REVOKED,
            "events": certificate.events.select_related("actor"),
        },
    )
