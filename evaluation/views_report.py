"""The evaluation reports on the site: the list of courses with completions in the viewer's
scope, one course's overview (levels × waves, with its charts) and its agents, and their
downloads (CSV/XLSX, and the whole report as a printable PDF), served from the pre-computed
reports (`evaluation.snapshots`); the per-team overview.

Managers see their teams, trainers and administrators everyone (`evaluation.report`); a
learner gets 403 (`role_required`). The filters are GET parameters: cohort dates and a team;
a team outside the viewer's scope shows nobody, a malformed value is answered with a clear
400 and nothing read.
"""

from __future__ import annotations

import datetime

from django import forms
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.models import Page

from evaluation.charts import report_charts
from evaluation.kpis import METRICS
from evaluation.report import COHORT_DAYS, default_period, wave_label
from evaluation.report_exports import overview_rows, people_rows, person_wave_text
from evaluation.snapshots import served_report
from evaluation.team_overview import team_overview
from evaluation.views_survey import course_or_404
from training.access import visible_teams
from training.course_tree import course_tree
from training.decorators import role_required
from training.models import Team
from training.pdf import pdf_response
from training.people_exports import FORMATS, spreadsheet_response
from training.records import completions_by_course
from training.roles import Role

REPORT_ROLES = (Role.MANAGER, Role.TRAINER, Role.ADMINISTRATOR)


class ReportFilters(forms.Form):
    start = forms.DateField(label=gettext_lazy("Completed from"), required=False)
    end = forms.DateField(label=gettext_lazy("Completed until"), required=False)
    team = forms.IntegerField(label=gettext_lazy("Team"), required=False, min_value=1)

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["start"] > data["end"]:
            raise forms.ValidationError(_("The first date is after the last."))
        return data


def _filters(request, viewer):
    """(start, end, team or None, teams to choose from, query string) or a 400 response."""
    form = ReportFilters(request.GET)
    if not form.is_valid():
        problems = "; ".join(
            " ".join(errors)
            if name == "__all__"
            else f"{form.fields[name].label}: " + " ".join(errors)
            for name, errors in form.errors.items()
        )
        return None, HttpResponse(
            _("These filters are not valid: %(problems)s") % {"problems": problems},
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    default_start, default_end = default_period()
    data = form.cleaned_data
    team = None
    if data.get("team"):
        # A team the viewer may not see is not shown: a team object nobody is in scope of.
        team = Team.objects.filter(pk=data["team"]).first() or Team(pk=data["team"])
    return {
        "start": data.get("start") or default_start,
        "end": data.get("end") or default_end,
        "team": team,
        "teams": list(visible_teams(viewer).order_by("name")),
        "query": request.GET.urlencode(),
    }, None


@role_required(*REPORT_ROLES)
def reports_view(request):
    """The courses completed by people in the viewer's scope, with how many completed each
    in the last 12 months."""
    since = timezone.now() - datetime.timedelta(days=COHORT_DAYS)
    counts = completions_by_course(viewer=request.user, since=since)
    courses = Page.objects.filter(pk__in=counts).order_by("title")
    programmes = set(courses.type(course_tree().programme_model).values_list("pk", flat=True))
    rows = [(course, counts[course.pk], course.pk in programmes) for course in courses]
    return render(request, "evaluation/reports.html", {"rows": rows})


def _report(request, course_id: int):
    """(context, None) for the course's report with the request's filters, or (None, a 400
    response)."""
    course = course_or_404(course_id)
    filters, error = _filters(request, request.user)
    if error is not None:
        return None, error
    served = served_report(
        viewer=request.user,
        course=course,
        start=filters["start"],
        end=filters["end"],
        team=filters["team"],
    )
    report = served.report
    labels = [wave_label(wave) for wave in report.waves]
    rows = [
        {
            "level": row.level,
            "label": row.label,
            "waves": [
                (row.cells.get(w), label) for w, label in zip(report.waves, labels, strict=True)
            ],
        }
        for row in report.rows
    ]
    people = [
        {
            "row": p,
            "waves": [
                (label, person_wave_text(report, p.waves[w]))
                for w, label in zip(report.waves, labels, strict=True)
            ],
        }
        for p in report.people
    ]
    level_charts, kpi_charts = report_charts(report)
    return {
        "report": report,
        "filters": filters,
        "rows": rows,
        "people": people,
        "wave_labels": labels,
        "level_charts": level_charts,
        "kpi_charts": kpi_charts,
        "computed_at": served.computed_at,
        "is_programme": course_tree().is_programme(course),
    }, None


@role_required(*REPORT_ROLES)
def report_view(request, course_id: int):
    context, error = _report(request, course_id)
    if error is not None:
        return error
    return render(request, "evaluation/report.html", context)


@role_required(*REPORT_ROLES)
def report_pdf_view(request, course_id: int):
    """The report as a printable A4 PDF: the overview (filters, coverage, the levels × waves,
    the charts, the date it was made) on the first page, then the agents; same filters and
    scope as the page."""
    context, error = _report(request, course_id)
    if error is not None:
        return error
    report = context["report"]
    context["produced_at"] = timezone.localtime()
    context["team_name"] = report.team.name if report.team is not None else ""
    # ASCII: PdfResponse writes the name into the header as it is.
    filename = f"evaluation-{report.course.pk}-{report.start:%Y%m%d}-{report.end:%Y%m%d}.pdf"
    return pdf_response(request, "evaluation/report_pdf.html", context, filename=filename)


@role_required(*REPORT_ROLES)
def report_export_view(request, course_id: int, part: str, fmt: str):
    """The overview (`part` "overview") or the agents (`part` "people") as CSV or XLSX, with
    the page's filters and the viewer's scope."""
    if fmt not in FORMATS or part not in ("overview", "people"):
        raise Http404
    course = course_or_404(course_id)
    filters, error = _filters(request, request.user)
    if error is not None:
        return error
    report = served_report(
        viewer=request.user,
        course=course,
        start=filters["start"],
        end=filters["end"],
        team=filters["team"],
    ).report
    headers, rows = overview_rows(report) if part == "overview" else people_rows(report)
    what = _("evaluation") if part == "overview" else _("agents")
    stem = f"{course.title} {what}"
    return spreadsheet_response(fmt=fmt, stem=stem, headers=headers, rows=rows)


@role_required(*REPORT_ROLES)
def team_overview_view(request):
    """Per team the viewer may see and per course its people completed: the headline
    figures, from the pre-computed reports, each row linking to the team's report."""
    overview = team_overview(viewer=request.user, page=request.GET.get("page"))
    kpi_labels = [METRICS[key.removeprefix("kpi_")].label for key in overview.kpi_keys]
    rows = [
        {
            "team": row.team,
            "course": row.course,
            "completed": row.completed,
            "figures": row.figures,
            "kpis": list(zip(kpi_labels, row.cells(overview.kpi_keys), strict=True)),
            "computed_at": row.computed_at,
            "stale": row.stale,
        }
        for row in overview.rows
    ]
    return render(
        request,
        "evaluation/team_overview.html",
        {"overview": overview, "kpi_labels": kpi_labels, "rows": rows},
    )
