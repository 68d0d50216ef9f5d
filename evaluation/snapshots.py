"""Pre-computed evaluation reports: each course's report per scope (everyone, each team, a
manager's set of teams) for the default cohort period, kept by Celery so that report pages
read one row instead of a million records.

- *Reading* (`served_report`): the viewer's scope (`evaluation.report_scope`, never wider
  than `training.access` allows) and the filters pick a snapshot; a fresh one is served as
  it is. A missing or stale one, or other dates, is computed on request and stored. A team
  outside the viewer's scope, or a manager without teams, is computed (nobody) and not
  stored. The page says when its figures were computed.
- *Records arriving* (`snapshots_mark_stale`, run by a follow-up of `record_result`): the
  course's snapshots that include the record's team (and everyone's) are marked stale and one
  refresh per course is queued on commit, however many records a burst writes (none is
  queued while one is waiting).
- *Refreshing* (`snapshots_refresh_course`, `snapshots_refresh_nightly`): idempotent; a
  refresh racing a new record leaves the snapshot stale (`marked_at` after the computation
  began) and that record's own refresh follows. The nightly run (after the waves' daily
  round) computes every course (or programme) completed in the period × (everyone, each
  team with someone who completed it in the period, and the managers' sets of teams read
  lately that hold one) in every language of the site, and drops snapshots of other
  periods no longer read. A team left out has nobody in its report's cohort; its report is
  computed when read.

The L4 bootstrap runs once per snapshot, not per page view.
"""

from __future__ import annotations

import datetime
import time
from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Q
from django.utils import timezone, translation
from wagtail.models import Page

from evaluation.models import ReportSnapshot
from evaluation.plans import MID, SHORT
from evaluation.report import CourseReport, compute_report, default_period
from evaluation.report_scope import EVERYONE, ReportScope, report_scope, team_scope
from evaluation.snapshot_codec import decode, encode
from training.models import Team, User
from training.records import (
    courses_completed_since,
    last_record_id,
    team_courses_completed_since,
)

# The overview's headline figures: row key -> the wave it is read in (KPIs: mid-term).
HEADLINE = {"satisfied": SHORT, "retention": MID, "transfer": MID}
KEEP_DAYS = 2  # snapshots of other periods are dropped when not computed for this long


@dataclass
class ServedReport:
    report: CourseReport
    computed_at: datetime.datetime
    from_snapshot: bool


def report_language() -> str:
    return translation.get_language() or settings.LANGUAGE_CODE


def served_report(
    *,
    viewer: User,
    course,
    start: datetime.date | None = None,
    end: datetime.date | None = None,
    team: Team | None = None,
) -> ServedReport:
    """`course`'s report as `viewer` may read it (their scope, narrowed to `team`), from a
    fresh snapshot when there is one, else computed now (and stored)."""
    default_start, default_end = default_period()
    start, end = start or default_start, end or default_end
    scope = report_scope(viewer=viewer, team=team)
    if scope.nobody:
        report = compute_report(course=course, scope=scope, start=start, end=end, team=team)
        return ServedReport(report, timezone.now(), from_snapshot=False)
    language = report_language()
    snapshot = ReportSnapshot.objects.filter(
        course=course, scope=scope.key, start=start, end=end, language=language
    ).first()
    if snapshot is not None and not snapshot.stale:
        report = _decoded(snapshot, course=course, team=team)
        if report is not None:
            return ServedReport(report, snapshot.computed_at, from_snapshot=True)
    snapshot, report = snapshot_compute(
        course=course, scope=scope, start=start, end=end, language=language
    )
    report.team = team
    return ServedReport(report, snapshot.computed_at, from_snapshot=False)


def _decoded(snapshot: ReportSnapshot, *, course, team) -> CourseReport | None:
    """The snapshot's report for this request (its course and team filter), or None when it
    was written by a version of the report that no longer reads back."""
    try:
        report = decode(snapshot.data, known=[course, team])
    except (TypeError, ValueError, LookupError, ImportError, AttributeError):
        return None
    if not isinstance(report, CourseReport):
        return None
    report.course, report.team = course, team
    return report


def headline(report: CourseReport) -> dict:
    """The figures the per-team overview shows: coverage, satisfaction, retention, transfer
    and each KPI's mid-term effect."""
    figures = {"coverage": report.coverage}
    for row in report.rows:
        if row.key in HEADLINE:
            figures[row.key] = row.cells.get(HEADLINE[row.key])
        elif row.key.startswith("kpi_"):
            figures[row.key] = row.cells.get(MID)
    return encode(figures)


def snapshot_compute(*, course, scope: ReportScope, start, end, language):
    """Compute `course`'s report for `scope` and the period in `language`, and store it
    (replacing the snapshot of the same key). Returns (snapshot, report)."""
    started = timezone.now()
    clock = time.perf_counter()
    last_record = last_record_id()
    one_team = scope.teams and len(scope.teams) == 1
    team = Team.objects.filter(pk=scope.teams[0]).first() if one_team else None
    with translation.override(language):
        report = compute_report(course=course, scope=scope, start=start, end=end, team=team)
        data, figures = encode(report), headline(report)
    snapshot, _created = ReportSnapshot.objects.update_or_create(
        course_id=course.pk,
        scope=scope.key,
        start=start,
        end=end,
        language=language,
        defaults={
            "team_ids": list(scope.teams) if scope.teams is not None else None,
            "data": data,
            "headline": figures,
            "cohort_size": len(report.people),
            "computed_at": started,
            "computed_from": {
                "last_record_id": last_record,
                "seconds": round(time.perf_counter() - clock, 3),
            },
            "stale": False,
        },
    )
    # A record that arrived while this was computed may not be in it: stale until its refresh.
    ReportSnapshot.objects.filter(pk=snapshot.pk, marked_at__gt=started).update(stale=True)
    return snapshot, report


# --- records arriving ----------------------------------------------------------------------


def snapshots_mark_stale(*, course_id: int, team_id: int | None) -> bool:
    """Mark stale the course's snapshots a record of a person of `team_id` is in (everyone's,
    and those of scopes with that team). True when a refresh must be queued: nothing of the
    course was waiting for one (so a burst of records queues one per course)."""
    rows = list(
        ReportSnapshot.objects.filter(course_id=course_id).values_list(
            "pk", "team_ids", "stale", "refresh_queued"
        )
    )
    waiting = any(queued for _pk, _teams, _stale, queued in rows)
    hit = [
        pk
        for pk, teams, stale, queued in rows
        if (teams is None or team_id in teams) and not (stale and queued)
    ]
    if hit:
        ReportSnapshot.objects.filter(pk__in=hit).update(
            stale=True, refresh_queued=True, marked_at=timezone.now()
        )
    return bool(hit) and not waiting


def snapshots_mark_stale_for_kpis() -> list[int]:
    """KPIs arrived (an import, the helpdesk API): every course's snapshots are stale (level 4
    reads them). Returns the courses whose refresh must be queued (none already waiting)."""
    waiting = set(
        ReportSnapshot.objects.filter(refresh_queued=True).values_list("course_id", flat=True)
    )
    courses = set(ReportSnapshot.objects.values_list("course_id", flat=True).distinct())
    ReportSnapshot.objects.exclude(stale=True, refresh_queued=True).update(
        stale=True, refresh_queued=True, marked_at=timezone.now()
    )
    return sorted(courses - waiting)


def snapshots_refresh_course(*, course_id: int) -> int:
    """Compute again the course's snapshots that a record marked, for the current default
    period (other periods are computed when next read). Returns how many were computed."""
    queued = ReportSnapshot.objects.filter(course_id=course_id, refresh_queued=True)
    keys = list(queued.values_list("pk", "team_ids", "start", "end", "language"))
    ReportSnapshot.objects.filter(pk__in=[k[0] for k in keys]).update(refresh_queued=False)
    period = default_period()
    course = Page.objects.filter(pk=course_id).first()
    if course is None:
        return 0
    course = course.specific
    done = 0
    for _pk, team_ids, start, end, language in keys:
        if (start, end) != period:
            continue
        scope = EVERYONE if team_ids is None else ReportScope(tuple(team_ids))
        snapshot_compute(course=course, scope=scope, start=start, end=end, language=language)
        done += 1
    return done


# --- nightly -------------------------------------------------------------------------------


def snapshots_refresh_nightly() -> int:
    """Compute the snapshots the day's pages will read that have a cohort to show: each
    course (or programme) completed in the default period × everyone, the teams with someone
    who completed it in the period and the sets of teams managers read lately that hold such
    a team, in every language of the site. Snapshots of the period for the scopes left out
    are dropped (a team move leaves none behind), and those of other periods not computed
    for `KEEP_DAYS`. Idempotent; a late run computes the day's period. Returns how many
    were computed.

    Which teams: a report's cohort is the people of its scope (by the team they are in now)
    whose first completion of the course falls in the period, and every figure but coverage
    — surveys, end scores and re-tests, observations and self-assessments, response rates,
    the KPIs' effect — is read of the cohort's people only (their records of any later date
    included). So a team without anyone who completed the course since the period began
    (any completion, not only a first one: never fewer teams than have a cohort) has an
    empty report: no cohort, only the coverage of its agents, which is computed, cheaply
    (a few people, no KPIs), when someone opens it and then stored. The per-team overview
    lists the pairs with such a completion, so it finds each of them computed.
    """
    start, end = default_period()
    since = datetime.datetime.combine(
        start, datetime.time.min, tzinfo=timezone.get_current_timezone()
    )
    course_ids = courses_completed_since(since)
    with_cohort: dict[int, set[int]] = defaultdict(set)
    for team_id, course_id in team_courses_completed_since(since):
        with_cohort[course_id].add(team_id)
    recent = timezone.now() - datetime.timedelta(days=KEEP_DAYS)
    team_sets = sorted(
        {
            tuple(team_ids)
            for team_ids in ReportSnapshot.objects.filter(
                computed_at__gte=recent, team_ids__isnull=False
            )
            .values_list("team_ids", flat=True)
            .distinct()
            if team_ids and len(team_ids) > 1
        }
    )
    done = 0
    for course in Page.objects.filter(pk__in=course_ids).specific():
        teams = with_cohort[course.pk]
        scopes = [EVERYONE] + [team_scope(pk) for pk in sorted(teams)]
        scopes += [ReportScope(ids) for ids in team_sets if teams.intersection(ids)]
        for language, _name in settings.LANGUAGES:
            for scope in scopes:
                snapshot_compute(
                    course=course, scope=scope, start=start, end=end, language=language
                )
                done += 1
        ReportSnapshot.objects.filter(course=course, start=start, end=end).exclude(
            scope__in=[scope.key for scope in scopes]
        ).delete()
    ReportSnapshot.objects.filter(computed_at__lt=recent).filter(
        ~Q(start=start) | ~Q(end=end)
    ).delete()
    return done
