"""The effect of a training on a KPI: difference-in-differences with a bootstrap interval.

Pure Python (the standard library's `random`, `statistics`, `math`): no database, no Django,
so it is tested on synthetic data whose true effect is known.

What is estimated
-----------------
For one KPI, one trained cohort (the agents who completed a course in a period) and one
comparison group (agents in the same positions not yet trained by the end of the "after"
window), each agent contributes the mean of their monthly values in a window *before* the
training and in a window *after* it (see `agent_windows`). With

    ΔT = mean over trained agents of (after − before)
    ΔC = mean over comparison agents of (after − before)

the difference-in-differences estimate is  **DiD = ΔT − ΔC**: how much more the trained
agents changed than comparable agents who were not trained. Subtracting ΔC removes what
happened to everybody over the same months — a season, a promotion, a new helpdesk tool —
which a plain before/after comparison would credit to the training.

Its assumption is **parallel trends**: without the training, the trained agents' KPI would
have moved like the comparison group's. It fails when the groups differ in what drives the
trend (e.g. the trained are all new hires, who improve fast anyway); choosing the comparison
group from the same positions, and reading the before-window means of both groups (reported
beside the estimate), is how a reader checks it. The estimate is of an *association* under
that assumption, not a controlled experiment.

The interval
------------
A nonparametric bootstrap: `samples` times, draw agents *with replacement within each group*
(as many as the group has), recompute DiD; the 2.5th and 97.5th percentiles of those values
are the **95 % percentile interval**. Agents, not months, are resampled because an agent's
months are not independent of each other. The random generator is seeded (`SEED`), so a
report shows the same interval every time it is computed from the same data.

Too little data
---------------
With fewer than `min_n` agents (default `MIN_N` = 10) in either group — counting only agents
with a value in both windows — no number is given: the result says "not enough data" and
shows the n of each group. An agent missing either window is left out of both means and of
n (`left_out_*` says how many).

Units are those stored (rates as fractions 0–1, times in seconds); `direction` says whether
higher is better, so that a report can say whether the change is an improvement.
"""

from __future__ import annotations

import datetime
import math
import random
import statistics
from collections import defaultdict
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

MIN_N = 10
SAMPLES = 2000
SEED = 20260301
CONFIDENCE = 0.95

HIGHER_IS_BETTER = "higher"
LOWER_IS_BETTER = "lower"

Verdict = Literal["better", "worse", "no clear change"]


# --- the windows ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Window:
    """Months relative to the month a person completed the training (month 0), both ends
    included: BEFORE is the three months before it; MID_TERM months 3 to 6 after; LONG_TERM
    months 12 to 15 after (the manuals' "1 year and beyond", read over one quarter)."""

    name: str
    first: int
    last: int

    def months(self, anchor: datetime.date) -> tuple[datetime.date, datetime.date]:
        """The first and last month of the window for someone who completed in `anchor`'s
        month (each a first of the month)."""
        return add_months(anchor, self.first), add_months(anchor, self.last)

    def holds(self, anchor: datetime.date, month: datetime.date) -> bool:
        first, last = self.months(anchor)
        return first <= month.replace(day=1) <= last


BEFORE = Window("before", -3, -1)
MID_TERM = Window("mid_term", 3, 6)
LONG_TERM = Window("long_term", 12, 15)


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The first of the month `months` after (or before, if negative) `day`'s month."""
    index = day.year * 12 + day.month - 1 + months
    return datetime.date(index // 12, index % 12 + 1, 1)


@dataclass(frozen=True)
class AgentWindows:
    """One agent's mean KPI in the window before and the window after (None: no value)."""

    before: float | None
    after: float | None

    @property
    def complete(self) -> bool:
        return self.before is not None and self.after is not None


def agent_windows(
    *,
    values: Iterable[tuple[Hashable, datetime.date, float]],
    anchors: Mapping[Hashable, datetime.date],
    after: Window,
    before: Window = BEFORE,
) -> dict[Hashable, AgentWindows]:
    """Each anchored agent's mean value before and after, from (agent, month, value) rows.

    `anchors` gives each agent the month windows count from: a trained agent's completion
    date; for the comparison group, the cohort's (see `cohort_anchor`). Months outside both
    windows, and agents without an anchor, are ignored; a window with no value is None (the
    agent is then left out of the effect).
    """
    found: dict[Hashable, dict[str, list[float]]] = defaultdict(lambda: {"b": [], "a": []})
    for agent, month, value in values:
        anchor = anchors.get(agent)
        if anchor is None:
            continue
        if before.holds(anchor, month):
            found[agent]["b"].append(value)
        elif after.holds(anchor, month):
            found[agent]["a"].append(value)
    result = {}
    for agent in anchors:
        windows = found.get(agent, {"b": [], "a": []})
        result[agent] = AgentWindows(
            before=statistics.fmean(windows["b"]) if windows["b"] else None,
            after=statistics.fmean(windows["a"]) if windows["a"] else None,
        )
    return result


def cohort_anchor(completions: Iterable[datetime.date]) -> datetime.date:
    """The month the comparison group's windows count from: the cohort's median completion
    month (the lower of the two middle ones for an even cohort)."""
    months = sorted(add_months(day, 0) for day in completions)
    if not months:
        raise ValueError("A cohort needs at least one completion.")
    return months[(len(months) - 1) // 2]


# --- the estimate --------------------------------------------------------------------------


@dataclass(frozen=True)
class Effect:
    """The estimated effect of the training on one KPI, or "not enough data" with the n."""

    direction: str  # HIGHER_IS_BETTER or LOWER_IS_BETTER
    enough_data: bool
    n_trained: int
    n_comparison: int
    min_n: int
    estimate: float | None = None
    ci_low: float | None = None
    ci_high: float | None = None
    trained_before: float | None = None
    trained_after: float | None = None
    comparison_before: float | None = None
    comparison_after: float | None = None
    left_out_trained: int = 0  # agents without a value in one of the windows
    left_out_comparison: int = 0

    @property
    def verdict(self) -> Verdict | None:
        """ "better" or "worse" when the whole interval lies on one side of zero, else "no
        clear change"; None without enough data."""
        if not self.enough_data:
            return None
        if self.ci_low <= 0 <= self.ci_high:
            return "no clear change"
        improved = self.estimate > 0 if self.direction == HIGHER_IS_BETTER else self.estimate < 0
        return "better" if improved else "worse"


def did_effect(
    *,
    trained: Iterable[AgentWindows],
    comparison: Iterable[AgentWindows],
    direction: str = HIGHER_IS_BETTER,
    min_n: int = MIN_N,
    samples: int = SAMPLES,
    seed: int = SEED,
    confidence: float = CONFIDENCE,
) -> Effect:
    """Difference-in-differences of the trained against the comparison group, with its
    bootstrap percentile interval (see the module's documentation)."""
    if direction not in (HIGHER_IS_BETTER, LOWER_IS_BETTER):
        raise ValueError(f"Unknown direction: {direction!r}")
    trained, comparison = list(trained), list(comparison)
    t = [agent for agent in trained if agent.complete]
    c = [agent for agent in comparison if agent.complete]
    counts = {
        "direction": direction,
        "n_trained": len(t),
        "n_comparison": len(c),
        "min_n": min_n,
        "left_out_trained": len(trained) - len(t),
        "left_out_comparison": len(comparison) - len(c),
    }
    if len(t) < min_n or len(c) < min_n:
        return Effect(enough_data=False, **counts)

    t_change = [agent.after - agent.before for agent in t]
    c_change = [agent.after - agent.before for agent in c]
    estimate = statistics.fmean(t_change) - statistics.fmean(c_change)
    rng = random.Random(seed)
    resampled = sorted(
        _mean(rng.choices(t_change, k=len(t_change)))
        - _mean(rng.choices(c_change, k=len(c_change)))
        for _ in range(samples)
    )
    tail = (1 - confidence) / 2
    return Effect(
        enough_data=True,
        estimate=estimate,
        ci_low=percentile(resampled, tail),
        ci_high=percentile(resampled, 1 - tail),
        trained_before=statistics.fmean(agent.before for agent in t),
        trained_after=statistics.fmean(agent.after for agent in t),
        comparison_before=statistics.fmean(agent.before for agent in c),
        comparison_after=statistics.fmean(agent.after for agent in c),
        **counts,
    )


def _mean(values: Sequence[float]) -> float:
    return math.fsum(values) / len(values)


def percentile(ordered: Sequence[float], fraction: float) -> float:
    """The `fraction` quantile of sorted values, interpolating linearly between the two
    nearest (the common "type 7" definition, as NumPy's default)."""
    if not ordered:
        raise ValueError("No values.")
    position = fraction * (len(ordered) - 1)
    below = math.floor(position)
    above = min(below + 1, len(ordered) - 1)
    return ordered[below] + (ordered[above] - ordered[below]) * (position - below)
