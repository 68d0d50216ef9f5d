"""The printable certificate (PDF), for whoever may see its holder."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404

from certification.printable import (
    certificate_context,
    certificate_filename,
    printable_certificate,
)
from training.pdf import pdf_response


@login_required
def certificate_pdf_view(request, code: str):
    """The certificate as one A4 page: for its holder, managers of the holder's team, trainers
    and administrators; 404 for anyone else (as for an unknown code)."""
    try:
        certificate = printable_certificate(viewer=request.user, code=code)
    except PermissionDenied:
        raise Http404 from None
    return pdf_response(
        request,
        "certification/certificate_pdf.html",
        certificate_context(request, certificate),
        filename=certificate_filename(certificate),
    )
