"""Scenario files in the Wagtail admin: import a YAML or JSON file, export a scenario."""

from django import forms
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods
from wagtail.admin import messages

from roleplay.fileformat import MAX_FILE_BYTES
from roleplay.files import scenario_import
from roleplay.models import ScenarioPage
from training.decorators import role_required
from training.importers.errors import ImportRejected
from training.importers.upload import read_upload
from training.roles import ADMIN_ROLES


class ScenarioUploadForm(forms.Form):
    scenario = forms.FileField(
        label=gettext_lazy("Scenario file"),
        help_text=gettext_lazy("YAML or JSON, as described in docs/roleplay-scenarios.md."),
    )
    publish = forms.BooleanField(label=gettext_lazy("Publish at once"), required=False)


@role_required(*ADMIN_ROLES)
@require_http_methods(["GET", "POST"])
def scenario_import_view(request):
    problems = None
    form = ScenarioUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["scenario"]
        try:
            page, scenario, created = scenario_import(
                data=read_upload(upload, limit=MAX_FILE_BYTES),
                filename=upload.name,
                user=request.user,
                publish=form.cleaned_data["publish"],
            )
        except ImportRejected as rejected:
            problems = rejected.problems
        else:
            message = _("Scenario “%(title)s” imported: %(steps)d steps.") % {
                "title": page.title,
                "steps": len(scenario.steps),
            }
            if not page.live:
                message += " " + _("It is saved as a draft: submit it for approval to publish it.")
            messages.success(request, message)
            return redirect("wagtailadmin_pages:edit", page.pk)
    return TemplateResponse(
        request, "roleplay/admin/import.html", {"form": form, "problems": problems}
    )


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
