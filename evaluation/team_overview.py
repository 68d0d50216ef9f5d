"""The per-team overview: for each team the viewer may see and each course its people
completed in the default period, the report's headline figures in one row — coverage,
satisfaction, retention, transfer and each KPI's mid-term effect — read from the
pre-computed snapshots (`evaluation.snapshots`) in a fixed number of queries.

Rows come `PAGE_SIZE` to a page (ordered by team, then course). A team-course pair of the
page without a snapshot yet (before the first nightly run), or with one an earlier version
of the report wrote that no longer reads back, is computed on request, up to
`COMPUTE_ON_REQUEST` of them; the rest show as being prepared. The pairs listed (a
completion in the period) are those the nightly refresh computes, so a team it leaves out
costs a page view nothing.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.paginator import Page as PaginatorPage
from django.core.paginator import Paginator
from django.utils import timezone
from wagtail.models import Page

from evaluation.kpis import METRICS
from evaluation.models import ReportSnapshot
from evaluation.report import default_period
from evaluation.report_figures import Figure
from evaluation.report_scope import team_scope
from evaluation.snapshot_codec import decode
from evaluation.snapshots import report_language, snapshot_compute
from training.access import visible_teams
from training.models import Team, User
from training.records import completions_by_team_and_course

COMPUTE_ON_REQUEST = 20
PAGE_SIZE = 100
COLUMNS = ("coverage", "satisfied", "retention", "transfer")


@dataclass
class OverviewRow:
    team: Team
    course: Page
    completed: int  # people of the team who completed the course in the period
    figures: dict[str, Figure | None]  # COLUMNS and "kpi_<metric>" -> figure
    computed_at: datetime.datetime | None  # None: being prepared
    stale: bool

    def cells(self, keys) -> list[Figure | None]:
        return [self.figures.get(key) for key in keys]


@dataclass
class TeamOverview:
    start: datetime.date
    end: datetime.date
    rows: list[OverviewRow]
    kpi_keys: list[str]
    preparing: int  # pairs of the page not computed yet
    page: PaginatorPage


def team_overview(*, viewer: User, page: int | str | None = None) -> TeamOverview:
    """The viewer's teams (managers: theirs; trainers and administrators: every team) × the
    courses their people completed in the default period, with each pair's headline: one
    page of them (a page number out of range gives the last). A snapshot whose figures no
    longer read back counts as missing."""
    start, end = default_period()
    since = datetime.datetime.combine(
        start, datetime.time.min, tzinfo=timezone.get_current_timezone()
    )
    counts = completions_by_team_and_course(viewer=viewer, since=since)
    teams = {t.pk: t for t in visible_teams(viewer).filter(pk__in={t for t, _c in counts})}
    courses = {p.pk: p for p in Page.objects.filter(pk__in={c for _t, c in counts})}
    pairs = sorted(
        (pair for pair in counts if pair[0] in teams and pair[1] in courses),
        key=lambda p: (teams[p[0]].name, courses[p[1]].title),
    )
    shown = Paginator(pairs, PAGE_SIZE).get_page(page)
    language = report_language()
    snapshots = {
        (s.scope, s.course_id): s
        for s in ReportSnapshot.objects.filter(
            scope__in={team_scope(pk).key for pk, _c in shown},
            course_id__in={c for _t, c in shown},
            start=start,
            end=end,
            language=language,
        ).only("course_id", "scope", "headline", "computed_at", "stale")
    }
    rows, computed, preparing = [], 0, 0
    for team_id, course_id in shown:
        snapshot = snapshots.get((team_scope(team_id).key, course_id))
        figures = _headline(snapshot) if snapshot else None
        if figures is None and computed < COMPUTE_ON_REQUEST:
            snapshot, _report = snapshot_compute(
                course=courses[course_id].specific,
                scope=team_scope(team_id),
                start=start,
                end=end,
                language=language,
            )
            figures = decode(snapshot.headline)
            computed += 1
        if figures is None:
            snapshot = None
            preparing += 1
        rows.append(
            OverviewRow(
                team=teams[team_id],
                course=courses[course_id],
                completed=counts[(team_id, course_id)],
                figures=figures or {},
                computed_at=snapshot.computed_at if snapshot else None,
                stale=snapshot.stale if snapshot else False,
            )
        )
    kpi_keys = [f"kpi_{code}" for code in METRICS]
    return TeamOverview(
        start=start, end=end, rows=rows, kpi_keys=kpi_keys, preparing=preparing, page=shown
    )


def _headline(snapshot: ReportSnapshot) -> dict | None:
    """The snapshot's headline figures, or None when they were written by a version of the
    report that no longer reads back (`evaluation.snapshot_codec`): computed again, as a
    missing snapshot is."""
    try:
        figures = decode(snapshot.headline)
    except (TypeError, ValueError, LookupError, ImportError, AttributeError):
        return None
    return figures if isinstance(figures, dict) else None
