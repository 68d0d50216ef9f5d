"""The evaluation report as spreadsheets: the overview (one row per figure and wave) and the
cohort's agents. Built from the same `CourseReport` the page shows, so a download never says
more than the page; `training.people_exports.spreadsheet_response` makes every cell
formula-safe."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from evaluation.report import CourseReport, wave_label
from evaluation.report_figures import BAD, GOOD, NONE, NOT_DUE, WATCH


def status_label(status: str) -> str:
    return {
        GOOD: _("Good"),
        WATCH: _("Watch"),
        BAD: _("Needs action"),
        NONE: _("Not enough data"),
        NOT_DUE: _("Not due yet"),
    }[status]


def overview_rows(report: CourseReport) -> tuple[list[str], list[list]]:
    headers = [
        pgettext("Kirkpatrick", "Level"),
        _("Figure"),
        _("Wave"),
        _("Value"),
        "n",
        _("Status"),
    ]
    rows = []
    if report.coverage is not None:
        c = report.coverage
        label = _("Coverage (%(positions)s)") % {"positions": "、".join(report.coverage_positions)}
        rows.append(["", label, "", c.text, c.n_label, status_label(c.status)])
    for row in report.rows:
        for wave in report.waves:
            figure = row.cells.get(wave)
            if figure is None:
                continue
            rows.append(
                [
                    f"L{row.level}",
                    row.label,
                    wave_label(wave),
                    figure.text,
                    figure.n_label,
                    status_label(figure.status),
                ]
            )
    return headers, rows


def _score(value: float | None) -> str:
    return f"{value * 100:.0f} %" if value is not None else ""


def person_wave_text(report: CourseReport, person_wave) -> str:
    """ "Survey: Done; Observation: To do" (Not answered once the wave closed) for one wave
    of one agent."""
    if not person_wave.status:
        return _("No wave")
    if person_wave.status == "pending":
        return _("Not open yet")
    closed = person_wave.status == "closed"
    parts = [
        _("%(instrument)s: %(state)s")
        % {
            "instrument": report.instrument_labels.get(key, key),
            "state": _("Done") if done else _("Not answered") if closed else _("To do"),
        }
        for key, done in person_wave.instruments.items()
    ]
    return "; ".join(parts) or "—"


def people_rows(report: CourseReport) -> tuple[list[str], list[list]]:
    headers = [
        _("Team"),
        _("Employee number"),
        pgettext("person", "Name"),
        _("Completed on"),
        _("End-of-course score"),
        _("Re-test (mid-term)"),
        _("Re-test (long-term)"),
        *(wave_label(wave) for wave in report.waves),
    ]
    rows = []
    for p in report.people:
        profile = getattr(p.person, "profile", None)
        rows.append(
            [
                p.team_name,
                profile.employee_no if profile else "",
                p.person.get_full_name(),
                p.completed_on.isoformat(),
                _score(p.end_score),
                _score(p.retest.get("mid_term")),
                _score(p.retest.get("long_term")),
                *(person_wave_text(report, p.waves[w]) for w in report.waves),
            ]
        )
    return headers, rows
