"""Level 4's monthly series for the report's charts: per KPI, the mean of the cohort (the
trained) and of the comparison group in each month, from 3 months before the cohort's anchor
month (its median completion month, `evaluation.effect.cohort_anchor`) to the end of the
long-term window (month 15).

Pure (no database): computed from the same (person, month, metric, value) rows that level 4's
effects are computed from (`evaluation.report_effect`), so the charts cost no query.

- *Trained*: the cohort's agents with a value that month (calendar months: agents who
  completed in other months than the anchor are before or after their own training in
  different months; the chart marks the months the cohort completed in).
- *Comparison*: the comparison pool's agents (same positions, not in the cohort) who had not
  completed the course by the end of that month — as the effects count them per window.

Each point carries its n (agents with a value that month); a month without any is None.
"""

from __future__ import annotations

import datetime
import statistics
from collections import defaultdict
from dataclasses import dataclass

from evaluation import effect as did
from evaluation.kpis import METRICS, Direction


@dataclass(frozen=True)
class KpiTrend:
    """One KPI's monthly means for the trained and the comparison group (plain numbers, so a
    report snapshot can keep it)."""

    code: str
    label: str
    is_rate: bool  # rates are fractions 0–1 (shown as %), otherwise seconds
    higher_is_better: bool
    target: float | None  # the manuals' target in the stored unit, None: no number set
    target_text: str  # "≤ 60 s", "≥ 90 %", or ""
    anchor: datetime.date  # the cohort's median completion month (first of the month)
    first_completion: datetime.date  # the earliest and latest month the cohort completed in
    last_completion: datetime.date
    months: tuple[datetime.date, ...]
    trained: tuple[float | None, ...]
    trained_n: tuple[int, ...]
    comparison: tuple[float | None, ...]
    comparison_n: tuple[int, ...]

    @property
    def has_data(self) -> bool:
        return any(v is not None for v in self.trained + self.comparison)

    def format(self, value: float) -> str:
        """A value as people read it: "92.5 %", "45 s"."""
        return METRICS[self.code].format(value)


def trend_months(anchor: datetime.date) -> tuple[datetime.date, ...]:
    """The months a trend covers: BEFORE's first month to LONG_TERM's last, from `anchor`."""
    first, last = did.BEFORE.first, did.LONG_TERM.last
    return tuple(did.add_months(anchor, k) for k in range(first, last + 1))


def kpi_trends(*, values, cohort, completions, comparison_pool) -> list[KpiTrend]:
    """One `KpiTrend` per KPI of `evaluation.kpis.METRICS` (none for an empty cohort).

    `values`: (person id, month, metric code, value) rows; `cohort`: person id → completion
    date; `completions`: everyone's first completion date (person id → date);
    `comparison_pool`: the comparison candidates' ids (see the module)."""
    if not cohort:
        return []
    anchor = did.cohort_anchor(cohort.values())
    months = trend_months(anchor)
    index = {month: i for i, month in enumerate(months)}
    pool = set(comparison_pool)
    found: dict[str, dict[str, list[list[float]]]] = defaultdict(
        lambda: {"t": [[] for _ in months], "c": [[] for _ in months]}
    )
    for person_id, month, metric, value in values:
        i = index.get(month.replace(day=1))
        if i is None or value is None:
            continue
        if person_id in cohort:
            found[metric]["t"][i].append(value)
        elif person_id in pool:
            done = completions.get(person_id)
            # Not yet trained by the end of that month.
            if done is None or done >= did.add_months(month, 1):
                found[metric]["c"][i].append(value)
    completed = sorted(did.add_months(day, 0) for day in cohort.values())
    trends = []
    for code, info in METRICS.items():
        series = found.get(code, {"t": [[] for _ in months], "c": [[] for _ in months]})
        trends.append(
            KpiTrend(
                code=code,
                label=info.label,
                is_rate=info.is_rate,
                higher_is_better=info.direction == Direction.HIGHER_IS_BETTER,
                target=info.target,
                target_text=info.target_text,
                anchor=anchor,
                first_completion=completed[0],
                last_completion=completed[-1],
                months=months,
                trained=tuple(statistics.fmean(v) if v else None for v in series["t"]),
                trained_n=tuple(len(v) for v in series["t"]),
                comparison=tuple(statistics.fmean(v) if v else None for v in series["c"]),
                comparison_n=tuple(len(v) for v in series["c"]),
            )
        )
    return trends
