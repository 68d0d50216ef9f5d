"""The team overview and one person's learning records as CSV or XLSX, for managers.

Rows are built from the same reads the pages show (`training.selectors`, `training.member`),
so an export never says more than the page; every cell goes through `spreadsheet_safe`.
Headings are translated into the language the person is using.
"""

from __future__ import annotations

import csv
import datetime
import io
import re
from collections.abc import Iterable, Sequence

from django.http import HttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from training.exports import spreadsheet_safe
from training.member import member_profile, member_records
from training.models import User
from training.selectors import team_training_overview

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}

STATE_LABELS = {
    "completed": lambda: _("Completed"),
    # Completed, with re-training owed on a change published since (see `TrainingUpdate`).
    "updated": lambda: _("Completed, with an update to learn"),
    "overdue": lambda: _("Overdue"),
    "in_progress": lambda: _("In progress"),
    "not_started": lambda: _("Not started"),
}


def _date(value: datetime.date | None) -> str:
    return value.isoformat() if value else ""


def _when(value: datetime.datetime | None) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


def _yes_no(value: bool | None) -> str:
    if value is None:
        return ""
    return _("Yes") if value else _("No")


def team_overview_rows(*, viewer: User) -> tuple[list[str], list[list]]:
    """One row per member and assigned training (one row for a member with none)."""
    headers = [
        _("Team"),
        _("Employee number"),
        pgettext("person", "Name"),
        _("Position"),
        _("Tier"),
        _("Hire date"),
        _("Course or programme"),
        _("Due date"),
        _("Done"),
        _("Required"),
        _("Progress (%)"),
        _("State"),
    ]
    rows = []
    for entry in team_training_overview(viewer=viewer):
        for member in entry.members:
            profile = member.profile
            person = [
                entry.team.name,
                profile.employee_no,
                profile.user.get_full_name(),
                profile.get_position_display(),
                profile.get_tier_display(),
                _date(profile.hire_date),
            ]
            if not member.trainings:
                rows.append(person + ["", "", "", "", "", ""])
            for training in member.trainings:
                rows.append(
                    person
                    + [
                        training.page.title,
                        _date(training.assigned.due_on),
                        training.done,
                        training.total,
                        training.percent,
                        STATE_LABELS[training.state](),
                    ]
                )
    return headers, rows


def member_record_rows(*, viewer: User, member: User) -> tuple[list[str], list[list]]:
    """One row per learning record of the person, newest first."""
    headers = [
        _("When"),
        _("Kind"),
        _("Activity"),
        _("Course"),
        _("Attempt"),
        _("Score (%)"),
        _("Passed"),
        _("Team at the time"),
    ]
    rows = []
    for record in member_records(viewer=viewer, member=member):
        attempt = (record.details or {}).get("attempt")
        rows.append(
            [
                _when(record.completed_at),
                record.get_kind_display(),
                record.activity_title,
                record.course.title if record.course else "",
                attempt if isinstance(attempt, int) else "",
                "" if record.score is None else round(record.score * 100, 1),
                _yes_no(record.passed),
                record.team.name if record.team else "",
            ]
        )
    return headers, rows


def member_filename_stem(*, viewer: User, member: User) -> str:
    profile = member_profile(viewer=viewer, member=member)
    who = " ".join(
        part for part in (profile.employee_no if profile else "", member.get_full_name()) if part
    )
    what = _("learning records")
    return f"{what} {who}"


def _filename(stem: str, fmt: str) -> str:
    # Path separators and control characters never reach the download's name.
    safe = re.sub(r'[\\/:*?"<>|\x00-\x1f]+', "_", stem).strip() or "export"
    return f"{safe} {timezone.localdate().isoformat()}.{fmt}"


def _csv(headers: Sequence[str], rows: Iterable[Sequence]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(headers)
    for row in rows:
        writer.writerow([spreadsheet_safe(cell) for cell in row])
    # A byte-order mark, so that Excel opens Chinese text as UTF-8.
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _xlsx(headers: Sequence[str], rows: Iterable[Sequence], title: str) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = re.sub(r"[\[\]:*?/\\]", "", title)[:31] or "Sheet1"
    sheet.append(list(headers))
    for row in rows:
        sheet.append([spreadsheet_safe(cell) for cell in row])
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def spreadsheet_response(
    *, fmt: str, stem: str, headers: Sequence[str], rows: Iterable[Sequence]
) -> HttpResponse:
    """A download of `rows` under `headers` as CSV or XLSX, named after `stem` and today."""
    if fmt not in FORMATS:
        raise ValueError(f"Unknown export format: {fmt!r}")
    body = _csv(headers, rows) if fmt == "csv" else _xlsx(headers, rows, stem)
    response = HttpResponse(body, content_type=FORMATS[fmt])
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=_filename(stem, fmt)
    )
    return response
