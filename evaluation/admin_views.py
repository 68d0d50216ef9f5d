"""Wagtail admin pages of the evaluation app: the KPI upload and its template."""

import csv
import io

from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.views.decorators.http import require_http_methods
from wagtail.admin.auth import permission_required

from evaluation.forms import KpiUploadForm
from evaluation.importers.kpi_file import CHINESE_HEADERS, ENGLISH_HEADERS
from evaluation.importers.kpi_job import KIND
from evaluation.kpis import METRICS
from training.imports import import_job_start


@permission_required("evaluation.import_kpis")
@require_http_methods(["GET", "POST"])
def kpi_import(request):
    """Upload a KPI file; a background job imports it and its page shows the outcome."""
    form = KpiUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        job = import_job_start(
            user=request.user,
            kind=KIND,
            filename=form.cleaned_data["file"].name,
            data=form.read_file(),
        )
        return redirect("training_import_job", job.pk)
    context = {
        "form": form,
        "chinese_headers": list(CHINESE_HEADERS.values()),
        "english_headers": list(ENGLISH_HEADERS.values()),
        "metrics": METRICS.values(),
    }
    return TemplateResponse(request, "evaluation/admin/kpi_import.html", context)


@permission_required("evaluation.import_kpis")
def kpi_template(request):
    """An empty KPI file with the Chinese headers, in UTF-8 with BOM so that Excel opens it."""
    buffer = io.StringIO()
    csv.writer(buffer).writerow(CHINESE_HEADERS.values())
    response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="kpi-template.csv"'
    return response
