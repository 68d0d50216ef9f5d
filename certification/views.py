"""Certification's public page: verifying a certificate by its code."""

from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse

from certification.models import Certificate


def verify_view(request, code: str):
    """Anyone holding a certificate's code sees whether it is valid, expired or revoked, for
    whom, which programme and its dates — nothing else about the person. Unknown codes: 404."""
    certificate = get_object_or_404(
        Certificate.objects.select_related("person", "programme"), code=code
    )
    return TemplateResponse(
        request,
        "certification/verify.html",
        {
            "certificate": certificate,
            "holder": certificate.person.get_full_name(),
            "revoked_at": (
                certificate.events.filter(action="revoke").values_list("at", flat=True).first()
            ),
        },
    )
