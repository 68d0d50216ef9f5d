"""Wagtail admin pages of the training app: roster upload and resending invitations."""

import csv
import io

from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from wagtail.admin import messages
from wagtail.admin.auth import permission_required

from training.forms import RosterUploadForm
from training.importers.errors import ImportRejected
from training.importers.roster import COLUMNS, roster_preview
from training.importers.roster_job import KIND as ROSTER_JOB_KIND
from training.importers.roster_teams import (
    new_teams_sentence,
    roster_upload_hold,
    roster_upload_take,
)
from training.imports import import_job_refuse, import_job_start
from training.models import User
from training.services import user_send_invitation

CHINESE_HEADERS = [chinese for chinese, _others in COLUMNS.values()]


def _start_roster_job(request, *, filename: str, data: bytes, new_teams: list[str]):
    job = import_job_start(
        user=request.user,
        kind=ROSTER_JOB_KIND,
        filename=filename,
        data=data,
        options={"new_teams": new_teams},
    )
    return redirect("training_import_job", job.pk)


@permission_required("training.import_roster")
@require_http_methods(["GET", "POST"])
def roster_import(request):
    """Upload a roster; a background job imports it and its page shows the outcome.

    A file that names teams which do not exist yet is held and the page lists those teams,
    each with the managers the file gives it, for the uploader to confirm: only then does
    the job run and create them (training/importers/roster_teams.py).
    """
    if request.method == "POST" and "held" in request.POST:
        return _held_upload_answered(request)
    form = RosterUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        filename, data = form.cleaned_data["roster"].name, form.read_roster()
        try:
            new_teams = roster_preview(name=filename, data=data)
        except ImportRejected as rejected:
            # The job's page lists the problems by line, as for any import.
            job = import_job_refuse(
                user=request.user,
                kind=ROSTER_JOB_KIND,
                filename=filename,
                problems=rejected.problems,
            )
            return redirect("training_import_job", job.pk)
        if not new_teams:
            return _start_roster_job(request, filename=filename, data=data, new_teams=[])
        token = roster_upload_hold(
            user_id=request.user.pk,
            filename=filename,
            data=data,
            new_teams=[team.name for team in new_teams],
        )
        return _upload_page(
            request,
            RosterUploadForm(),
            held=token,
            held_filename=filename,
            new_teams_sentence=new_teams_sentence(new_teams),
        )
    return _upload_page(request, form)


def _upload_page(request, form, **extra):
    context = {"form": form, "columns": CHINESE_HEADERS, **extra}
    return TemplateResponse(request, "training/admin/roster_import.html", context)


def _held_upload_answered(request):
    """The uploader confirmed the new teams (the job runs and creates them) or cancelled."""
    held = roster_upload_take(user_id=request.user.pk, token=request.POST["held"])
    if held is None:
        messages.error(
            request, _("That upload is no longer waiting (after an hour). Choose the file again.")
        )
        return redirect("training_roster_import")
    if "confirm" not in request.POST:
        messages.info(request, _("Nothing was imported."))
        return redirect("training_roster_import")
    return _start_roster_job(
        request, filename=held.filename, data=held.data, new_teams=held.new_teams
    )


@permission_required("training.import_roster")
def roster_template(request):
    """An empty roster with the Chinese headers, in UTF-8 with BOM so that Excel opens it."""
    buffer = io.StringIO()
    csv.writer(buffer).writerow(CHINESE_HEADERS)
    response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="roster-template.csv"'
    return response


@permission_required("training.change_user")
@require_http_methods(["GET", "POST"])
def resend_invitation(request, user_id: int):
    person = get_object_or_404(User, pk=user_id)
    back_url = reverse("wagtailusers_users:index")
    if request.method == "POST":
        if user_send_invitation(user=person, force=True):
            messages.success(request, _("Invitation sent to %(email)s.") % {"email": person.email})
        else:
            messages.warning(
                request,
                _("%(email)s has already chosen a password or is inactive; nothing was sent.")
                % {"email": person.email},
            )
        return redirect(back_url)
    context = {"person": person, "back_url": back_url}
    return TemplateResponse(request, "training/admin/resend_invitation.html", context)
