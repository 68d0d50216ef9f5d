"""The printable certificate: one A4 landscape page, with a QR code to its verification page.

Rendered by `training.pdf` (WeasyPrint, the system's Noto CJK fonts embedded). The page says
what the verification page says: valid, expired or revoked (stamped across the page when it is
not valid), the holder's name, the programme, the dates and the code.
"""

from __future__ import annotations

import segno
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe

from certification.models import Certificate, CertificateAction
from training.access import can_view_user
from training.branding import site_name
from training.models import User

# Error correction M survives a crease or a smudge on paper; scale is the module size in px.
QR_OPTIONS = {"error": "m", "boost_error": False}


def printable_certificate(*, viewer: User, code: str) -> Certificate:
    """The certificate with this code, for its holder, managers of the holder's team, trainers
    and administrators (training.access, as the member page). PermissionDenied for anyone
    else; Http404 for an unknown code."""
    certificate = get_object_or_404(
        Certificate.objects.select_related("person", "programme"), code=code
    )
    if not viewer.is_authenticated or not can_view_user(viewer, certificate.person):
        raise PermissionDenied
    return certificate


def verification_url(request, certificate: Certificate) -> str:
    """The absolute address of the certificate's public verification page."""
    return request.build_absolute_uri(reverse("certificate_verify", args=[certificate.code]))


def qr_svg(url: str) -> SafeString:
    """`url` as a QR code, an inline SVG (segno writes only the path; the URL is our own)."""
    return mark_safe(segno.make(url, **QR_OPTIONS).svg_inline(scale=4, border=0))  # noqa: S308


def certificate_context(request, certificate: Certificate) -> dict:
    url = verification_url(request, certificate)
    return {
        "certificate": certificate,
        "state": certificate.state,
        "holder": certificate.person.get_full_name(),
        "site_name": site_name(),
        "verification_url": url,
        "qr_svg": qr_svg(url),
        "revoked_at": (
            certificate.events.filter(action=CertificateAction.REVOKE)
            .values_list("at", flat=True)
            .first()
        ),
    }


def certificate_filename(certificate: Certificate) -> str:
    return f"certificate-{certificate.code}.pdf"
