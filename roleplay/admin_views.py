"""Scenario files in the Wagtail admin: import a YAML or JSON file, export a scenario."""

from django import forms
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from roleplay.fileformat import MAX_FILE_BYTES
from roleplay.models import ScenarioPage
from roleplay.scenario_job import KIND as SCENARIO_JOB_KIND
from training.decorators import role_required
from training.importers.upload import UploadField
from training.imports import import_job_start
from training.roles import ADMIN_ROLES


class ScenarioUploadForm(forms.Form):
    scenario = UploadField(
        max_bytes=MAX_FILE_BYTES,
        label=gettext_lazy("Scenario file"),
        help_text=gettext_lazy("YAML or JSON, as described in docs/roleplay-scenarios.md."),
    )
    publish = forms.BooleanField(label=gettext_lazy("Publish at once"), required=False)


@role_required(*ADMIN_ROLES)
@require_http_methods(["GET", "POST"])
def scenario_import_view(request):
    """Upload a scenario file; a background job imports it and its page shows the outcome."""
    form = ScenarioUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["scenario"]
        job = import_job_start(
            user=request.user,
            kind=SCENARIO_JOB_KIND,
            filename=upload.name,
            data=upload.checked_bytes,
            options={"publish": form.cleaned_data["publish"]},
        )
        return redirect("training_import_job", job.pk)
    return TemplateResponse(request, "roleplay/admin/import.html", {"form": form})


@role_required(*ADMIN_ROLES)
def scenario_export_view(request, page_id: int):
    from roleplay.files import scenario_export

    page = get_object_or_404(ScenarioPage, pk=page_id)
    fmt = "json" if request.GET.get("format") == "json" else "yaml"
    response = HttpResponse(
        scenario_export(page, fmt=fmt),
        content_type="application/json" if fmt == "json" else "application/x-yaml",
    )
    response["Content-Disposition"] = f'attachment; filename="{page.slug}.{fmt}"'
    return response
