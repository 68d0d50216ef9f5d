"""The training-effect report of one course: the four levels across the three waves, for a
cohort and the viewer's scope.

A *cohort* is the people of the report's scope (`evaluation.report_scope`: managers their
teams' members; trainers and administrators everyone; narrowed to one team when asked) who
completed the course between two dates (default: the last 12 months). For each wave
(short-, mid-, long-term):

- L1: mean rating per dimension and overall, the share satisfied (own mean ≥ 4), the
  recommend score (`evaluation.reaction.satisfaction`);
- L2: the end score (short-term); the re-test's mean score and retention against the end
  score (mid/long-term, `evaluation.levels`);
- L3: transfer (supervisors' observations passed, `evaluation.behaviour.transfer`), the
  self-assessment's mean score and the supervisor − self gap (mean over people with both);
- L4 (mid/long-term): per KPI, the difference-in-differences of `evaluation.effect` against
  the agents in the same positions who had not completed the course by the end of the
  window (anchored on the cohort's median completion month);
- each instrument's response rate over the cohort's closed waves (answered ÷ asked).

Coverage: of the agents in scope (not managers, trainers or administrators) in the positions
the course is for (its page's intended positions; when it names none, the positions of the
people in scope who completed it), the share who completed it.

Reads are a fixed number of queries whatever the cohort's size: the learning record through
`training.records.course_records_of` (the scope's people), waves from `WaveInstance`, KPIs
through `evaluation.selectors.kpis_of_people`. `course_report` computes it for a viewer;
`evaluation.snapshots` keeps it pre-computed per scope. Whether an instrument is done is read
from the same records as `Instrument.done` reads them (not by asking it per person).

Split by use: the agents' rows are `evaluation.report_people`, level 4 is
`evaluation.report_effect`, the figures and their statuses `evaluation.report_figures`, the
spreadsheets `evaluation.report_exports`.
"""

from __future__ import annotations

import datetime
import statistics
from collections import defaultdict
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from evaluation import report_figures as rf
from evaluation.behaviour import transfer
from evaluation.instruments import instruments
from evaluation.levels import response_rate
from evaluation.models import WaveInstance, WaveStatus
from evaluation.plans import LONG, MID, SHORT, WAVES, plan_for
from evaluation.programmes import assessment_records
from evaluation.reaction import satisfaction
from evaluation.report_effect import level4
from evaluation.report_figures import Row
from evaluation.report_people import PersonRow, people_rows
from evaluation.report_scope import ReportScope, report_scope
from evaluation.report_trends import KpiTrend
from training.course_tree import course_tree
from training.models import AgentProfile, EvaluationWave, Position, RecordKind, Team, User
from training.records import COMPLETION_KINDS, course_records_of
from training.roles import holds_staff_role

COHORT_DAYS = 365
DIMENSIONS = ("content", "format", "trainer", "usefulness", "other")
RECORD_FIELDS = (
    "user_id", "kind", "wave", "activity_id", "score", "passed", "details", "completed_at"
)


@dataclass
class CourseReport:
    course: object
    start: datetime.date
    end: datetime.date
    team: Team | None
    rows: list[Row] = field(default_factory=list)
    people: list[PersonRow] = field(default_factory=list)
    coverage: rf.Figure | None = None
    coverage_positions: list[str] = field(default_factory=list)  # their labels
    instrument_labels: dict[str, str] = field(default_factory=dict)
    trends: list[KpiTrend] = field(default_factory=list)  # L4's monthly series, per KPI

    @property
    def waves(self) -> tuple[str, ...]:
        return WAVES


def default_period(today: datetime.date | None = None) -> tuple[datetime.date, datetime.date]:
    today = today or timezone.localdate()
    return today - datetime.timedelta(days=COHORT_DAYS), today


def scope_people(*, viewer: User, team: Team | None):
    """The people the report may show: those of the viewer's scope, of `team` when given (a
    team outside the viewer's scope gives nobody)."""
    return report_scope(viewer=viewer, team=team).people()


def _records(course, people_ids, kinds):
    return list(
        course_records_of(course=course, people=User.objects.filter(pk__in=people_ids))
        .filter(kind__in=kinds)
        .order_by("completed_at", "id")
        .values_list(*RECORD_FIELDS)
    )


def _completions(course, scope) -> dict[int, datetime.date]:
    """Each person in scope's first completion of the course or programme (local date)."""
    first: dict[int, datetime.date] = {}
    rows = (
        course_records_of(course=course, people=scope)
        .filter(kind__in=COMPLETION_KINDS, passed=True)
        .order_by("completed_at", "id")
        .values_list("user_id", "completed_at")
    )
    for user_id, when in rows:
        first.setdefault(user_id, timezone.localdate(when))
    return first


def programme_assessment_rows(programme, people_ids) -> list[tuple]:
    """The quiz records of each person's assessment in the programme (the quizzes of the last
    of its courses in which they passed one), in `_records`' shape."""
    course_ids = course_tree().programme_course_ids(programme.pk)
    rows = (
        course_records_of(course=course_ids, people=User.objects.filter(pk__in=people_ids))
        .filter(kind=RecordKind.QUIZ)
        .order_by("completed_at", "id")
        .values_list(*RECORD_FIELDS, "course_id")
    )
    return [row[:8] for row in assessment_records(list(rows), course_ids)]


def course_report(
    *,
    viewer: User,
    course,
    start: datetime.date | None = None,
    end: datetime.date | None = None,
    team: Team | None = None,
) -> CourseReport:
    """The report of `course` as `viewer` may read it (their scope, narrowed to `team`),
    computed now."""
    return compute_report(
        course=course,
        scope=report_scope(viewer=viewer, team=team),
        start=start,
        end=end,
        team=team,
    )


def compute_report(
    *,
    course,
    scope: ReportScope,
    start: datetime.date | None = None,
    end: datetime.date | None = None,
    team: Team | None = None,
) -> CourseReport:
    """The report of `course` (or programme) for the people of `scope` who completed it from
    `start` to `end` (default: the last 12 months)."""
    default_start, default_end = default_period()
    start, end = start or default_start, end or default_end
    report = CourseReport(course=course, start=start, end=end, team=team)
    report.instrument_labels = {i.key: str(i.label) for i in instruments()}
    people_scope = scope.people()
    completions = _completions(course, people_scope)
    cohort = {pk: day for pk, day in completions.items() if start <= day <= end}
    profiles = {
        p.user_id: p
        for p in AgentProfile.objects.filter(user__in=people_scope)
        .select_related("user", "team")
        .annotate(staff=holds_staff_role("user_id"))
    }
    # Agents: managers, trainers and administrators are neither covered nor compared with.
    agents = {pk: p for pk, p in profiles.items() if not p.staff}
    report.coverage, report.coverage_positions = _coverage(course, completions, agents)
    ids = sorted(cohort)
    records = _records(course, ids, [RecordKind.QUIZ, RecordKind.SURVEY, RecordKind.OBSERVATION])
    if course_tree().is_programme(course):
        # A programme's own records are its surveys and observations; its L2 is the
        # assessment of its courses (`evaluation.programmes.assessment_records`).
        records = [r for r in records if r[1] != RecordKind.QUIZ]
        records += programme_assessment_rows(course, ids)
    by_person: dict[int, list] = defaultdict(list)
    for row in sorted(records, key=lambda r: r[7]):
        by_person[row[0]].append(row)
    waves = WaveInstance.objects.filter(course=course, person_id__in=ids)
    instances = {(w.person_id, w.wave): w for w in waves}
    plan = plan_for(getattr(course, "pk", course))
    people = people_rows(ids, cohort, profiles, by_person, instances, plan)
    report.people = sorted(people, key=lambda p: (p.team_name, p.person.get_full_name()))
    kpi_rows, report.trends = level4(cohort=cohort, completions=completions, profiles=agents)
    report.rows = (
        _level1(by_person)
        + _level2(people)
        + _level3(by_person)
        + _responses(people, instances, report.instrument_labels)
        + kpi_rows
    )
    _mark_not_due(report.rows, instances)
    return report


def _mark_not_due(rows: list[Row], instances) -> None:
    """A wave no one in the cohort has reached yet (each of theirs opens after today) has
    nothing to show: its empty cells say "not due yet" rather than "not enough data", which
    would read as answers missing. A wave nobody has an instance of is not judged."""
    today = timezone.localdate()
    for wave in WAVES:
        opens = [i.opens_on for (_person, w), i in instances.items() if w == wave]
        if not opens or min(opens) <= today:
            continue
        for row in rows:
            figure = row.cells.get(wave)
            if figure is not None and not figure.enough and figure.n == 0:
                row.cells[wave] = rf.not_due()


# --- the levels ----------------------------------------------------------------------------


def _level1(by_person) -> list[Row]:
    per_wave = {}
    for wave in WAVES:
        details = [
            r[6] or {}
            for rows in by_person.values()
            for r in rows
            if r[1] == RecordKind.SURVEY and r[2] == wave
        ]
        per_wave[wave] = satisfaction(details) if details else None
    labels = {
        "content": _("Content"),
        "format": pgettext("survey dimension", "Format"),
        "trainer": _("Trainer"),
        "usefulness": _("Usefulness for the job"),
        "other": _("Other"),
    }
    rows = []

    def cells(make):
        return {wave: make(s) if s is not None else None for wave, s in per_wave.items()}

    rows.append(
        Row(
            1,
            "satisfied",
            _("Satisfied (own mean rating ≥ 4)"),
            cells(lambda s: rf.share_figure(s.satisfied, s.satisfied_n, rf.SATISFIED_SHARE)),
        )
    )
    for dim in DIMENSIONS:
        if not any(s and dim in s.dimensions for s in per_wave.values()):
            continue
        rows.append(
            Row(
                1,
                f"dimension_{dim}",
                _("Mean rating: %(dimension)s") % {"dimension": labels[dim]},
                cells(
                    lambda s, d=dim: rf.mean_figure(
                        s.dimensions.get(d), s.n if d in s.dimensions else 0, rf.SATISFACTION_MEAN
                    )
                ),
            )
        )
    rows.append(
        Row(
            1,
            "recommend",
            _("Recommend score (promoters − detractors)"),
            cells(
                lambda s: rf.figure(
                    s.nps, s.recommend_n, rf.RECOMMEND, f"{s.nps:+.2f}" if s.nps is not None else ""
                )
            ),
        )
    )
    return rows


def _level2(people: list[PersonRow]) -> list[Row]:
    ends = [p.end_score for p in people if p.end_score is not None]
    end_cell = rf.share_figure(statistics.fmean(ends) if ends else None, len(ends), rf.END_SCORE)
    retest_cells, retention_cells = {}, {}
    for wave in (MID, LONG):
        scores = [p.retest[wave] for p in people if p.retest[wave] is not None]
        retest_cells[wave] = rf.share_figure(
            statistics.fmean(scores) if scores else None, len(scores), rf.END_SCORE
        )
        kept = [p.retention[wave] for p in people if p.retention[wave] is not None]
        retention_cells[wave] = rf.share_figure(
            statistics.fmean(kept) if kept else None, len(kept), rf.RETENTION
        )
    return [
        Row(2, "end_score", _("End-of-course score"), {SHORT: end_cell, MID: None, LONG: None}),
        Row(2, "retest", _("Re-test score"), {SHORT: None, **retest_cells}),
        Row(2, "retention", _("Retention (re-test ÷ end score)"), {SHORT: None, **retention_cells}),
    ]


def _level3(by_person) -> list[Row]:
    transfer_cells, self_cells, gap_cells = {SHORT: None}, {SHORT: None}, {SHORT: None}
    for wave in (MID, LONG):
        verdicts, selfs, gaps = [], [], []
        for rows in by_person.values():
            sup = [
                r
                for r in rows
                if r[1] == RecordKind.OBSERVATION
                and r[2] == wave
                and (r[6] or {}).get("role", "supervisor") == "supervisor"
            ]
            own = [
                r
                for r in rows
                if r[1] == RecordKind.OBSERVATION
                and r[2] == wave
                and (r[6] or {}).get("role") == "self"
            ]
            verdicts += [r[5] for r in sup]
            selfs += [r[4] for r in own if r[4] is not None]
            if sup and own and sup[-1][4] is not None and own[-1][4] is not None:
                gaps.append(sup[-1][4] - own[-1][4])
        moved = transfer(verdicts)
        transfer_cells[wave] = rf.share_figure(moved.rate, moved.n, rf.TRANSFER)
        self_cells[wave] = rf.share_figure(
            statistics.fmean(selfs) if selfs else None, len(selfs), rf.SELF_SCORE
        )
        gap_cells[wave] = rf.gap_figure(statistics.fmean(gaps) if gaps else None, len(gaps))
    return [
        Row(3, "transfer", _("Transfer (observations passed)"), transfer_cells),
        Row(3, "self_score", _("Self-assessment score"), self_cells),
        Row(3, "gap", _("Supervisor − self gap"), gap_cells),
    ]


def _responses(people: list[PersonRow], instances, labels) -> list[Row]:
    """Answered ÷ asked per instrument over the cohort's closed waves."""
    counts: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(lambda: [0, 0]))
    for person in people:
        for wave, pw in person.waves.items():
            if pw.status != WaveStatus.CLOSED:
                continue
            for key, done in pw.instruments.items():
                counts[key][wave][0] += 1
                counts[key][wave][1] += done
    levels = {i.key: i.level for i in instruments()}
    rows = []
    for key in sorted(counts, key=lambda k: (levels.get(k, 9), k)):
        cells: dict[str, rf.Figure | None] = {}
        for wave in WAVES:
            asked, answered = counts[key].get(wave, [0, 0])
            cells[wave] = (
                rf.share_figure(response_rate(answered, asked), asked, rf.RESPONSE)
                if asked
                else None
            )
        rows.append(
            Row(
                levels.get(key, 0),
                f"response_{key}",
                _("Response rate: %(instrument)s") % {"instrument": labels.get(key, key)},
                cells,
            )
        )
    return rows


def intended_positions(course) -> list[str]:
    """The positions the course is for, as its page says (`intended_positions` of a course
    page, read by name: evaluation imports no producer); [] when it names none."""
    page = getattr(course, "specific", course)
    return list(getattr(page, "intended_positions", None) or [])


def _coverage(course, completions, agents) -> tuple[rf.Figure, list[str]]:
    """Of the agents in scope in the positions the course is for (when its page names none:
    the positions of those who completed it), the share who completed it; and the
    positions' labels."""
    positions = set(intended_positions(course)) or {
        agents[pk].position for pk in completions if pk in agents
    }
    in_positions = [pk for pk, p in agents.items() if p.position in positions]
    done = sum(1 for pk in in_positions if pk in completions)
    value = done / len(in_positions) if in_positions else None
    labels = [str(label) for code, label in Position.choices if code in positions]
    return rf.share_figure(value, len(in_positions), rf.COVERAGE), labels


def wave_label(wave: str) -> str:
    return str(EvaluationWave(wave).label)
