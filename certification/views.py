"""Certification's pages: verifying a certificate by its code (and its Open Badges credential,
the issuer profile and public key), and a supervisor's sign-off."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from certification.credentials import (
    CONTEXT,
    achievement,
    credential_jwt,
    issuer_profile,
    published_keys,
)
from certification.duty import cleared_for_duty, duty_rows
from certification.filters import PeopleFilterForm
from certification.forms import SignOffForm
from certification.matrix import matrix_rows
from certification.models import (
    Certificate,
    CertificateStatus,
    CertificationProgramme,
    RequirementKind,
)
from certification.renewal import standing_for
from certification.services import can_sign_off, signoff_record
from certification.signing import SigningKeyMissing
from training.decorators import role_required
from training.models import User
from training.people_exports import FORMATS, spreadsheet_response
from training.roles import Role


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


@login_required
def signoff_view(request, user_id: int, programme_id: int):
    """A supervisor signs a member off for a programme: every checklist item ticked passes it.
    404 for anyone who may not sign this person off, and for a programme without a sign-off."""
    person = get_object_or_404(User, pk=user_id, is_active=True)
    if not can_sign_off(request.user, person):
        raise Http404
    programme = get_object_or_404(CertificationProgramme, pk=programme_id, active=True)
    # The sign-off of the path the person is on (a renewal may have its own checklist).
    renewal = standing_for(person, programme).renewal
    requirement = next(
        (
            r
            for r in programme.requirements.filter(kind=RequirementKind.SIGNOFF)
            if r.on_path(renewal=renewal)
        ),
        None,
    )
    if requirement is None or not requirement.checklist_items:
        raise Http404
    checklist = requirement.checklist_items
    form = SignOffForm(request.POST if request.method == "POST" else None, checklist=checklist)
    if request.method == "POST" and form.is_valid():
        ticked = set(form.cleaned_data["items"])
        signoff_record(
            person=person,
            programme=programme,
            observer=request.user,
            items={item: item in ticked for item in checklist},
            notes=form.cleaned_data["notes"],
        )
        if ticked == set(checklist):
            messages.success(
                request,
                _("Signed off. The certificate follows once every other requirement holds."),
            )
        else:
            messages.info(
                request, _("Saved. Not every item is ticked, so this is not a sign-off yet.")
            )
        return redirect("team_member", user_id=person.pk)
    return TemplateResponse(
        request,
        "certification/signoff.html",
        {"person": person, "programme": programme, "form": form},
    )


def _filters_or_error(request) -> tuple[PeopleFilterForm, HttpResponse | None]:
    """The page's filters, or a plain 400 saying what is wrong with them (a team the viewer
    may not see is not a choice: nothing of it is read)."""
    filters = PeopleFilterForm(request.GET, viewer=request.user)
    if filters.is_valid():
        return filters, None
    problems = "; ".join(
        f"{filters.fields[name].label}: {' '.join(errors)}"
        for name, errors in filters.errors.items()
    )
    return filters, HttpResponse(
        _("These filters are not valid: %(problems)s") % {"problems": problems},
        status=400,
        content_type="text/plain; charset=utf-8",
    )


@role_required(Role.MANAGER, Role.TRAINER, Role.ADMINISTRATOR)
def matrix_export_view(request, fmt: str):
    """The team page's certification matrix as CSV or XLSX (the viewer's teams only), every
    page of it, with the page's filters (team, position, tier)."""
    if fmt not in FORMATS:
        raise Http404
    filters, error = _filters_or_error(request)
    if error is not None:
        return error
    headers, rows = matrix_rows(viewer=request.user, filters=filters)
    return spreadsheet_response(fmt=fmt, stem=_("certification"), headers=headers, rows=rows)


CLEARED_SHOWN = 200  # cleared people listed on the page (a department); the download has all


@role_required(Role.MANAGER, Role.TRAINER, Role.ADMINISTRATOR)
def cleared_today_view(request):
    """The morning list: who may take customers today, who may not and why, and whose
    certificate ends within a week — for the teams the viewer may see, with the filters."""
    filters = PeopleFilterForm(request.GET, viewer=request.user)
    duty = cleared_for_duty(viewer=request.user, filters=filters)
    return TemplateResponse(
        request,
        "certification/cleared_today.html",
        {
            "duty": duty,
            "filters": filters,
            # Everyone not cleared or expiring is always shown; the cleared, up to a page.
            "cleared_shown": duty.cleared[:CLEARED_SHOWN],
            "cleared_more": max(0, len(duty.cleared) - CLEARED_SHOWN),
        },
    )


@role_required(Role.MANAGER, Role.TRAINER, Role.ADMINISTRATOR)
def cleared_today_export_view(request, fmt: str):
    """The cleared-for-duty list as CSV or XLSX, with the page's filters."""
    if fmt not in FORMATS:
        raise Http404
    filters, error = _filters_or_error(request)
    if error is not None:
        return error
    headers, rows = duty_rows(viewer=request.user, filters=filters)
    return spreadsheet_response(fmt=fmt, stem=_("cleared for duty"), headers=headers, rows=rows)


def _json(data: dict, content_type: str = "application/json") -> JsonResponse:
    response = JsonResponse(
        data, content_type=content_type, json_dumps_params={"ensure_ascii": False}
    )
    response["Access-Control-Allow-Origin"] = "*"  # verifiers fetch these from other sites
    return response


def _unavailable() -> HttpResponse:
    return HttpResponse(
        _("Credentials are not available: this site has no signing key configured."),
        status=503,
        content_type="text/plain; charset=utf-8",
    )


def credential_view(request, code: str):
    """The certificate's Open Badges 3.0 credential (a VC-JWT), public like its verification
    page: the unguessable code is what the holder shares, and the credential says no more
    than the page (plus a salted e-mail hash). Only a valid certificate is signed."""
    certificate = get_object_or_404(
        Certificate.objects.select_related("person", "programme"), code=code
    )
    if certificate.state != CertificateStatus.VALID:
        return HttpResponse(
            _("This certificate is no longer valid, so no credential is issued for it."),
            status=410,
            content_type="text/plain; charset=utf-8",
        )
    try:
        token = credential_jwt(certificate)
    except SigningKeyMissing:
        return _unavailable()
    response = HttpResponse(token, content_type="application/jwt")
    response["Content-Disposition"] = f'attachment; filename="certificate-{code}.jwt"'
    return response


def jwks_view(request):
    """The site's public signing key as a JWKS (RFC 7517) — no private part."""
    try:
        return _json({"keys": published_keys()}, "application/jwk-set+json")
    except SigningKeyMissing:
        return _unavailable()


def key_view(request, thumbprint: str):
    """One public key by its thumbprint: the URL a credential's `kid` names."""
    try:
        keys = [key for key in published_keys() if key["kid"].endswith("/" + thumbprint)]
    except SigningKeyMissing:
        return _unavailable()
    if not keys:
        raise Http404
    return _json(keys[0], "application/jwk+json")


def issuer_view(request):
    """The issuer Profile (Open Badges 3.0) that every credential names as its issuer."""
    return _json({**issuer_profile(), "publicKey": settings.SITE_URL + reverse("credentials_jwks")})


def achievement_view(request, programme_id: int):
    """A programme as an Open Badges Achievement: the id its credentials name."""
    programme = get_object_or_404(CertificationProgramme, pk=programme_id)
    return _json({"@context": CONTEXT, **achievement(programme)})
