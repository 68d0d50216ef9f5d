"""The manager's certification matrix: the people the viewer may see × the active programmes.

Each cell says cleared, expiring (within 30 days), expired, in progress (n of m) or not started;
a programme that does not apply to the person's position and tier is left empty. Read from
certificates (stored dates) and, where no certificate is held, from `evaluate` (the record).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, replace

from django.core.paginator import Page, Paginator
from django.utils import timezone
from django.utils.translation import gettext, pgettext

from certification.batch import PrefetchedRecords
from certification.evaluation import evaluate
from certification.filters import PeopleFilterForm, visible_profiles
from certification.models import Certificate, CertificateStatus, CertificationProgramme
from certification.renewal import fresh_since_after
from training.models import AgentProfile, User

EXPIRING_DAYS = 30
PER_PAGE = 100  # people on a page of the matrix
CHUNK = 500  # people read at once for a download


@dataclass(frozen=True)
class Cell:
    # cleared, update_due, expiring, expired, in_progress, not_started, "" (does not apply)
    state: str
    done: int = 0
    total: int = 0
    expires_at: datetime.datetime | None = None
    update_due_on: datetime.date | None = None  # re-training owed after a course change
    programme_name: str = ""  # its column's heading, the cell's label on a phone


@dataclass(frozen=True)
class Row:
    person: User
    team_name: str
    cells: list[Cell]


@dataclass(frozen=True)
class Matrix:
    programmes: list[CertificationProgramme]
    rows: list[Row]
    page: Page | None = None  # which page of the people this is, when it is one


def _cell(person, profile, programme, certificates, now, prefetched) -> Cell:
    if not programme.applies_to(position=profile.position, tier=profile.tier):
        return Cell("")
    held = [c for c in certificates if c.programme_id == programme.pk]
    current = next((c for c in held if c.state == CertificateStatus.VALID), None)
    if current is not None:
        soon = current.expires_at and current.expires_at - now <= datetime.timedelta(
            days=EXPIRING_DAYS
        )
        if current.update_due_on:
            return Cell(
                "update_due", expires_at=current.expires_at, update_due_on=current.update_due_on
            )
        return Cell("expiring" if soon else "cleared", expires_at=current.expires_at)
    # Held before: only what was done since it expired (or since its window opened, or since
    # it was revoked) counts again, as when it is re-issued (`renewal.fresh_since`).
    latest = max(held, key=lambda c: (c.issued_at, c.pk), default=None)
    since = fresh_since_after(latest, now=now)
    status = evaluate(person, programme, prefetched=prefetched, since=since)
    done, total = status.done, len(status.requirements)
    if any(c.state in (CertificateStatus.EXPIRED, CertificateStatus.LAPSED) for c in held):
        return Cell("expired", done, total)
    return Cell("in_progress" if done else "not_started", done, total)


def _to_evaluate(profile, programmes, held) -> bool:
    """Whether a cell of this person's row is read from the record (no certificate held)."""
    current = {
        c.programme_id for c in held.get(profile.user_id, []) if c.state == CertificateStatus.VALID
    }
    return any(
        p.pk not in current and p.applies_to(position=profile.position, tier=profile.tier)
        for p in programmes
    )


def certificates_held(profiles: list[AgentProfile]) -> dict[int, list[Certificate]]:
    """Every certificate these people ever held, by person id, newest first (one query, with
    what `fresh_since_after` reads of each: its programme and when it was revoked)."""
    held: dict[int, list[Certificate]] = {}
    for certificate in Certificate.objects.for_lists().filter(
        person__in=[p.user_id for p in profiles]
    ):
        held.setdefault(certificate.person_id, []).append(certificate)
    return held


def _rows(profiles: list[AgentProfile], programmes, now) -> list[Row]:
    held = certificates_held(profiles)
    # The records of everyone not holding a programme that applies to them, read at once for
    # the rules: a fixed number of queries however many people.
    prefetched = PrefetchedRecords(
        people=[p.user for p in profiles if _to_evaluate(p, programmes, held)],
        programmes=programmes,
        profiles=profiles,
        urls=False,  # the matrix links people, not activities
    )
    rows = []
    for profile in profiles:
        person = profile.user
        certificates = held.get(person.pk, [])
        cells = [
            replace(_cell(person, profile, p, certificates, now, prefetched), programme_name=p.name)
            for p in programmes
        ]
        rows.append(Row(person, profile.team.name, cells))
    return rows


def certification_matrix(
    *,
    viewer: User,
    filters: PeopleFilterForm | None = None,
    page: int | str | None = None,
    per_page: int | None = None,
) -> Matrix:
    """The members of the teams the viewer may see (managers: their teams; trainers and
    administrators: every team), narrowed by `filters`, each with a cell per active
    programme: one page of `per_page` people (`page`, 1 when not a page number), with
    `Matrix.page` to link the others."""
    now = timezone.now()
    programmes = list(CertificationProgramme.objects.filter(active=True))
    if not programmes:
        return Matrix([], [])
    people = Paginator(visible_profiles(viewer=viewer, filters=filters), per_page or PER_PAGE)
    shown = people.get_page(page)
    return Matrix(programmes, _rows(list(shown.object_list), programmes, now), shown)


def matrix_all_rows(*, viewer: User, filters: PeopleFilterForm | None = None) -> Matrix:
    """The whole matrix (every page), read in chunks of people so that neither memory nor a
    query's list of ids grows with thousands of agents: for a download."""
    now = timezone.now()
    programmes = list(CertificationProgramme.objects.filter(active=True))
    if not programmes:
        return Matrix([], [])
    profiles = list(visible_profiles(viewer=viewer, filters=filters))
    rows = []
    for start in range(0, len(profiles), CHUNK):
        rows += _rows(profiles[start : start + CHUNK], programmes, now)
    return Matrix(programmes, rows)


def cell_text(cell: Cell) -> str:
    """A cell in words, for a spreadsheet."""
    if cell.state == "cleared":
        return gettext("Cleared")
    if cell.state == "update_due":
        return gettext("Cleared, update due by %(date)s") % {
            "date": cell.update_due_on.isoformat()
        }
    if cell.state == "expiring":
        date = timezone.localtime(cell.expires_at).date().isoformat()
        return gettext("Expires %(date)s") % {"date": date}
    progress = gettext("%(done)s of %(total)s") % {"done": cell.done, "total": cell.total}
    if cell.state == "expired":
        return gettext("Expired (%(progress)s)") % {"progress": progress}
    if cell.state == "in_progress":
        return progress
    if cell.state == "not_started":
        return gettext("Not started")
    return ""


def matrix_rows(
    *, viewer: User, filters: PeopleFilterForm | None = None
) -> tuple[list[str], list[list[str]]]:
    """The matrix as a spreadsheet (every page, with the page's filters): headers and one row
    per person."""
    matrix = matrix_all_rows(viewer=viewer, filters=filters)
    headers = [gettext("Team"), pgettext("person", "Name"), *(p.name for p in matrix.programmes)]
    rows = [
        [row.team_name, row.person.get_full_name(), *(cell_text(c) for c in row.cells)]
        for row in matrix.rows
    ]
    return headers, rows
