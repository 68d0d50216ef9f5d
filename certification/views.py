"""Certification's pages: verifying a certificate by its code, and a supervisor's sign-off."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from certification.forms import SignOffForm
from certification.matrix import matrix_rows
from certification.models import Certificate, CertificationProgramme, RequirementKind
from certification.services import can_sign_off, signoff_record
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
    requirement = programme.requirements.filter(kind=RequirementKind.SIGNOFF).first()
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


@role_required(Role.MANAGER, Role.ADMINISTRATOR)
def matrix_export_view(request, fmt: str):
    """The team page's certification matrix as CSV or XLSX (the viewer's teams only)."""
    if fmt not in FORMATS:
        raise Http404
    headers, rows = matrix_rows(viewer=request.user)
    return spreadsheet_response(fmt=fmt, stem=_("certification"), headers=headers, rows=rows)
