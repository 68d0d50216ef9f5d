"""A learner's role-play skills: each rubric criterion's average score over time, drawn as a
line chart, and the scenarios a failed criterion brings back for practice.

`skill_profile` and `skill_chart` are pure (plain rows in, plain values out); the selectors
at the bottom read the rows from the database for a viewer who may see the learner.

Periods are calendar months; when a learner's scored attempts span less than
`WEEKS_BELOW_DAYS` days (a two-week onboarding, say) they are weeks starting on Monday,
so a new hire's progress is not a single dot. Dates are local (the site's time zone).
"""

from __future__ import annotations

import datetime
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.utils import timezone

if TYPE_CHECKING:
    from roleplay.models import ScenarioPage

# Scored attempts spanning fewer days than this are shown by week instead of by month.
WEEKS_BELOW_DAYS = 60
# Okabe–Ito colours (told apart with colour-blindness), then the same with dashes.
LINE_COLOURS = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000")
LINE_DASHES = ("", "7 4", "2 4")


@dataclass(frozen=True)
class AttemptRow:
    """One scored attempt: when it finished, its mode, and result["criteria"] as stored."""

    finished_at: datetime.datetime
    mode: str
    criteria: Sequence[Mapping]  # each {"key", "name", "score": 0..1 or None, ...}


@dataclass(frozen=True)
class PeriodScore:
    start: datetime.date  # the first day of the month or the Monday of the week
    average: float | None  # None: the criterion was not scored in this period
    count: int


@dataclass(frozen=True)
class CriterionTrend:
    key: str
    name: str  # the most recent name the criterion was scored under
    periods: tuple[PeriodScore, ...]  # one per period of the profile, in order
    average: float
    latest: float
    latest_at: datetime.datetime
    attempts: int


@dataclass(frozen=True)
class SkillProfile:
    period: str  # "month" or "week"
    periods: tuple[datetime.date, ...]  # every period from the first attempt to the last
    criteria: tuple[CriterionTrend, ...]
    attempts: int = 0
    practice: int = 0
    assessment: int = 0

    @property
    def is_empty(self) -> bool:
        return not self.criteria


def _period_start(day: datetime.date, period: str) -> datetime.date:
    if period == "week":
        return day - datetime.timedelta(days=day.weekday())
    return day.replace(day=1)


def _next_period(start: datetime.date, period: str) -> datetime.date:
    if period == "week":
        return start + datetime.timedelta(days=7)
    return (start + datetime.timedelta(days=32)).replace(day=1)


def skill_profile(rows: Iterable[AttemptRow], *, tz: datetime.tzinfo | None = None) -> SkillProfile:
    """Per criterion key: the average score per period, overall average, latest score and the
    number of attempts that scored it. Criteria without a score (None) are left out; the
    attempts' modes are counted together. Criteria come most-practised first, then by name."""
    tz = tz or timezone.get_current_timezone()
    scored: list[tuple[datetime.datetime, datetime.date, Mapping]] = []
    modes: dict[str, int] = {}
    for row in sorted(rows, key=lambda r: r.finished_at):
        criteria = [c for c in row.criteria if c.get("score") is not None]
        if not criteria:
            continue
        modes[row.mode] = modes.get(row.mode, 0) + 1
        finished = row.finished_at
        day = (finished.astimezone(tz) if timezone.is_aware(finished) else finished).date()
        scored.extend((row.finished_at, day, c) for c in criteria)
    if not scored:
        return SkillProfile(period="month", periods=(), criteria=())
    first, last = scored[0][1], scored[-1][1]
    period = "week" if (last - first).days < WEEKS_BELOW_DAYS else "month"
    periods = [_period_start(first, period)]
    while periods[-1] < _period_start(last, period):
        periods.append(_next_period(periods[-1], period))

    by_key: dict[str, list[tuple[datetime.datetime, datetime.date, Mapping]]] = {}
    for finished_at, day, criterion in scored:
        by_key.setdefault(criterion["key"], []).append((finished_at, day, criterion))
    trends = []
    for key, entries in by_key.items():
        per_period: dict[datetime.date, list[float]] = {}
        for _finished, day, criterion in entries:
            per_period.setdefault(_period_start(day, period), []).append(float(criterion["score"]))
        scores = [float(criterion["score"]) for _f, _d, criterion in entries]
        latest_at, _day, latest = entries[-1]
        trends.append(
            CriterionTrend(
                key=key,
                name=latest.get("name") or key,
                periods=tuple(
                    PeriodScore(
                        start=start,
                        average=sum(per_period[start]) / len(per_period[start])
                        if start in per_period
                        else None,
                        count=len(per_period.get(start, ())),
                    )
                    for start in periods
                ),
                average=sum(scores) / len(scores),
                latest=float(latest["score"]),
                latest_at=latest_at,
                attempts=len(entries),
            )
        )
    trends.sort(key=lambda t: (-t.attempts, t.name, t.key))
    return SkillProfile(
        period=period,
        periods=tuple(periods),
        criteria=tuple(trends),
        attempts=sum(modes.values()),
        practice=modes.get("practice", 0),
        assessment=modes.get("assessment", 0),
    )


def period_label(start: datetime.date, period: str) -> str:
    """A period as people read it: "2026-03" for a month, "2026-03-02" (its Monday) for a week."""
    return start.strftime("%Y-%m") if period == "month" else start.isoformat()


# --- the chart ----------------------------------------------------------------------------


@dataclass(frozen=True)
class ChartPoint:
    x: float
    y: float
    percent: int
    label: str  # the period


@dataclass(frozen=True)
class ChartLine:
    key: str
    name: str
    colour: str
    dash: str  # an SVG stroke-dasharray, "" for a solid line
    points: str  # an SVG polyline's points, "" when there is only one
    dots: tuple[ChartPoint, ...]


@dataclass(frozen=True)
class ChartTick:
    at: float  # x for a period, y for a percentage
    label: str
    anchor: str = "middle"


@dataclass(frozen=True)
class SkillChart:
    """An SVG line chart's geometry in viewBox units; the template only writes it out."""

    width: int
    height: int
    left: float
    right: float
    top: float
    bottom: float
    x_ticks: tuple[ChartTick, ...]
    y_ticks: tuple[ChartTick, ...]
    x_marks: tuple[float, ...] = field(default=())  # every period's x, labelled or not
    lines: tuple[ChartLine, ...] = field(default=())

    @property
    def view_box(self) -> str:
        return f"0 0 {self.width} {self.height}"

    @property
    def y_label_x(self) -> float:
        return self.left - 8

    @property
    def x_label_y(self) -> float:
        return self.bottom + 20

    @property
    def tick_end(self) -> float:
        return self.bottom + 5


def _tick_indexes(count: int, most: int) -> list[int]:
    """At most `most` evenly spaced period indexes to label, always the last (the latest
    period matters most), and the first too when the spacing allows it."""
    if count <= most:
        return list(range(count))
    step = math.ceil((count - 1) / (most - 1))
    return sorted(range(count - 1, -1, -step))


def skill_chart(
    profile: SkillProfile, *, width: int = 560, height: int = 300, most_x_labels: int = 6
) -> SkillChart:
    """One line per criterion over the profile's periods; y from 0 to 100 %.

    The page draws it twice: wide for a desktop and narrow (fewer labels) for a phone, each
    at about its natural size so the type stays readable."""
    left, right, top, bottom = 46.0, width - 26.0, 12.0, height - 30.0
    count = len(profile.periods)

    def x_at(index: int) -> float:
        if count <= 1:
            return round((left + right) / 2, 1)
        return round(left + (right - left) * index / (count - 1), 1)

    def y_at(value: float) -> float:
        return round(bottom - (bottom - top) * max(0.0, min(1.0, value)), 1)

    y_ticks = tuple(ChartTick(y_at(p / 100), f"{p}%", "end") for p in (0, 25, 50, 75, 100))
    x_ticks = tuple(
        ChartTick(x_at(i), period_label(profile.periods[i], profile.period))
        for i in _tick_indexes(count, most_x_labels)
    )
    lines = []
    for number, trend in enumerate(profile.criteria):
        dots = tuple(
            ChartPoint(
                x_at(i),
                y_at(score.average),
                round(100 * score.average),
                period_label(score.start, profile.period),
            )
            for i, score in enumerate(trend.periods)
            if score.average is not None
        )
        lines.append(
            ChartLine(
                key=trend.key,
                name=trend.name,
                colour=LINE_COLOURS[number % len(LINE_COLOURS)],
                dash=LINE_DASHES[(number // len(LINE_COLOURS)) % len(LINE_DASHES)],
                points=" ".join(f"{d.x},{d.y}" for d in dots) if len(dots) > 1 else "",
                dots=dots,
            )
        )
    return SkillChart(
        width=width,
        height=height,
        left=left,
        right=right,
        top=top,
        bottom=bottom,
        x_ticks=x_ticks,
        y_ticks=y_ticks,
        x_marks=tuple(x_at(i) for i in range(count)),
        lines=tuple(lines),
    )


# --- selectors ----------------------------------------------------------------------------


def skill_rows(*, viewer, learner) -> list[AttemptRow]:
    """The learner's finished, scored role-play attempts (practice and assessment) as rows,
    if the viewer may see the learner; none otherwise. A trainer's or administrator's own
    practice is play-testing (as `services._after_finish` treats it) and is left out.
    Assessed attempts still waiting for a trainer's review count once reviewed."""
    from roleplay.models import AttemptMode, AttemptState, ScenarioAttempt
    from training.access import visible_users
    from training.roles import ADMIN_ROLES

    attempts = ScenarioAttempt.objects.filter(
        user=learner,
        user__in=visible_users(viewer),
        state=AttemptState.SCORED,
        finished_at__isnull=False,
    )
    if learner.has_role(*ADMIN_ROLES):
        attempts = attempts.exclude(mode=AttemptMode.PRACTICE)
    return [
        AttemptRow(finished_at, mode, (result or {}).get("criteria", []))
        for finished_at, mode, result in attempts.order_by("finished_at").values_list(
            "finished_at", "mode", "result"
        )
    ]


@dataclass(frozen=True)
class PracticeAgainRow:
    scenario: ScenarioPage
    criteria: tuple[str, ...]  # the failed criteria's names
    due_since: datetime.datetime


@dataclass(frozen=True)
class PracticeAgain:
    due: tuple[PracticeAgainRow, ...]
    next_at: datetime.datetime | None  # when the next suggestion not yet due comes
    next_scenario: ScenarioPage | None


def practice_again(*, viewer, now: datetime.datetime | None = None) -> PracticeAgain:
    """The viewer's own due practice suggestions (due, not done, scenario and its course
    published), one row per scenario naming its failed criteria as the attempt's result
    named them, oldest due first; and the next suggestion still to come."""
    from roleplay.models import PracticeSuggestion

    now = now or timezone.now()
    pending = PracticeSuggestion.objects.filter(
        user=viewer, done_at__isnull=True, scenario__live=True
    ).select_related("scenario", "attempt")
    published: dict[int, bool] = {}

    def playable(scenario) -> bool:
        # A scenario in a course taken offline cannot be opened, nor an AI drill on a site
        # with no model: don't point to it.
        if scenario.pk not in published:
            published[scenario.pk] = scenario.is_playable() and scenario.is_offered()
        return published[scenario.pk]

    rows: dict[int, dict] = {}
    for suggestion in pending.filter(due_at__lte=now).order_by("due_at", "pk"):
        if not playable(suggestion.scenario):
            continue
        names = {c["key"]: c["name"] for c in suggestion.attempt.result.get("criteria", [])}
        row = rows.setdefault(
            suggestion.scenario_id,
            {"scenario": suggestion.scenario, "criteria": [], "due_since": suggestion.due_at},
        )
        name = names.get(suggestion.criterion, suggestion.criterion)
        if name not in row["criteria"]:
            row["criteria"].append(name)
    following = next(
        (
            suggestion
            for suggestion in pending.filter(due_at__gt=now).order_by("due_at", "pk")
            if playable(suggestion.scenario)
        ),
        None,
    )
    return PracticeAgain(
        due=tuple(
            PracticeAgainRow(r["scenario"], tuple(r["criteria"]), r["due_since"])
            for r in rows.values()
        ),
        next_at=following.due_at if following else None,
        next_scenario=following.scenario if following else None,
    )
