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
from training.importers.roster import COLUMNS
from training.importers.roster_job import KIND as ROSTER_JOB_KIND
from training.imports import import_job_start
from training.models import User
from training.services import user_send_invitation

CHINESE_HEADERS = [chinese for chinese, _others in COLUMNS.values()]


@permission_required("training.import_roster")
@require_http_methods(["GET", "POST"])
def roster_import(request):
    """Upload a roster; a background job imports it and its page shows the outcome."""
    form = RosterUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        job = import_job_start(
            user=request.user,
            kind=ROSTER_JOB_KIND,
            filename=form.cleaned_data["roster"].name,
            data=form.read_roster(),
        )
        return redirect("training_import_job", job.pk)
    context = {"form": form, "columns": CHINESE_HEADERS}
    return TemplateResponse(request, "training/admin/roster_import.html", context)


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
