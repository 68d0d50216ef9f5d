"""The evaluation report's figures and how each is coloured: pure (no database).

Every figure carries the n it was computed from and a status:

- ``good`` / ``watch`` / ``bad`` against the thresholds below (the manuals' KPI targets from
  `evaluation.kpis.METRICS`; for L1–L3 the training team's usual marks, documented in
  docs/evaluation.md);
- ``none`` — *not enough data* — when fewer than `MIN_N` people are behind it (L1–L3) or
  when `evaluation.effect` gives no estimate (L4: fewer than 10 agents in either group).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

MIN_N = 5  # L1–L3: a figure from fewer people is shown as "not enough data"

GOOD, WATCH, BAD, NONE = "good", "watch", "bad", "none"
NOT_DUE = "not_due"  # no figure: the cohort has not reached the wave yet


@dataclass(frozen=True)
class Threshold:
    """`good` at or beyond `good`, `watch` at or beyond `watch`, else `bad`; `higher` says
    which way is better."""

    good: float
    watch: float
    higher: bool = True

    def status(self, value: float) -> str:
        value = round(value, 9)  # 0.72 / 0.9 is 0.7999999999999999: a retention of 80 %
        if self.higher:
            return GOOD if value >= self.good else WATCH if value >= self.watch else BAD
        return GOOD if value <= self.good else WATCH if value <= self.watch else BAD


# L1: mean ratings on the 1–5 scale; the share satisfied (own mean >= 4); NPS (−1..1).
SATISFACTION_MEAN = Threshold(4.0, 3.5)
SATISFIED_SHARE = Threshold(0.8, 0.6)
RECOMMEND = Threshold(0.3, 0.0)
# L2: the end score (0–1) and retention (re-test ÷ end score).
END_SCORE = Threshold(0.8, 0.6)
RETENTION = Threshold(0.9, 0.8)
# L3: transfer (supervisors' observations passed), the self-assessment score, and the
# supervisor − self gap, read by its size (a blind spot either way).
TRANSFER = Threshold(0.8, 0.6)
SELF_SCORE = Threshold(0.8, 0.6)
GAP_SIZE = Threshold(0.1, 0.2, higher=False)
# Response rates and coverage.
RESPONSE = Threshold(0.8, 0.5)
COVERAGE = Threshold(0.9, 0.7)


@dataclass(frozen=True)
class Figure:
    """One cell of the report: the value, as text, its n and its status."""

    value: float | None
    text: str  # the value as people read it ("4.2", "85 %", "+0.04 (95 % CI …)")
    n: int
    status: str  # GOOD, WATCH, BAD or NONE (not enough data)
    n_text: str = ""  # "n = 32 / 41" when the n is not one number
    # The value alone where `text` says more, for tables with many columns: a KPI effect's
    # estimate without its interval ("-13.0 s"). Empty: `text` is short already.
    short: str = ""

    @property
    def enough(self) -> bool:
        return self.status not in (NONE, NOT_DUE)

    @property
    def short_text(self) -> str:
        """The figure in a few characters (`short`, else `text`). Snapshots stored before
        `short` existed read back without it and show `text` until their next refresh."""
        return self.short or self.text

    @property
    def n_label(self) -> str:
        return self.n_text or f"n = {self.n}"


def not_enough(n: int, n_text: str = "") -> Figure:
    return Figure(None, _("Not enough data"), n, NONE, n_text)


def not_due(n_text: str = "") -> Figure:
    """A wave the cohort has not reached yet: nothing was asked, nothing is missing."""
    return Figure(None, _("Not due yet"), 0, NOT_DUE, n_text)


def percent(value: float) -> str:
    return f"{value * 100:.0f} %"


def figure(
    value: float | None, n: int, threshold: Threshold | None, text: str, min_n: int = MIN_N
) -> Figure:
    """A figure from `n` people, or "not enough data" below `min_n` or without a value."""
    if value is None or n < min_n:
        return not_enough(n)
    return Figure(value, text, n, threshold.status(value) if threshold else GOOD)


def mean_figure(value: float | None, n: int, threshold: Threshold) -> Figure:
    return figure(value, n, threshold, f"{value:.2f}" if value is not None else "")


def share_figure(value: float | None, n: int, threshold: Threshold) -> Figure:
    return figure(value, n, threshold, percent(value) if value is not None else "")


def signed(value: float, *, rate: bool) -> str:
    """A change with its sign: "+4.0 pp" (percentage points) for rates kept as fractions,
    "-8.0 s" for seconds."""
    if rate:
        return _("%(value)s pp") % {"value": f"{value * 100:+.1f}"}
    return _("%(value)s s") % {"value": f"{value:+.1f}"}


def gap_figure(value: float | None, n: int) -> Figure:
    if value is None or n < MIN_N:
        return not_enough(n)
    return Figure(value, signed(value, rate=True), n, GAP_SIZE.status(abs(value)))


def effect_figure(effect, info) -> Figure:
    """An `evaluation.effect.Effect` for one KPI (`evaluation.kpis.MetricInfo`): the
    estimate with its 95 % interval (the estimate alone as `short`, for the per-team
    overview) and both groups' n, coloured by the manuals' target and the direction of the
    change:

    - with a target: the trained agents' after-mean meets it → good; it does not, but they
      improved more than the comparison group (the interval above zero in the good
      direction) → watch; otherwise bad;
    - without a target: better → good, no clear change → watch, worse → bad.
    """
    n_text = f"n = {effect.n_trained} / {effect.n_comparison}"
    if not effect.enough_data:
        return not_enough(min(effect.n_trained, effect.n_comparison), n_text)
    rate = info.is_rate
    estimate = signed(effect.estimate, rate=rate)
    text = _("%(estimate)s (95 %% CI %(low)s … %(high)s)") % {
        "estimate": estimate,
        "low": signed(effect.ci_low, rate=rate),
        "high": signed(effect.ci_high, rate=rate),
    }
    verdict = effect.verdict
    meets = info.meets_target(effect.trained_after)
    if meets is None:
        status = {"better": GOOD, "worse": BAD}.get(verdict, WATCH)
    elif meets:
        status = GOOD
    else:
        status = WATCH if verdict == "better" else BAD
    return Figure(effect.estimate, text, effect.n_trained, status, n_text, short=estimate)


@dataclass(frozen=True)
class Row:
    """One row of the overview: a figure per wave (None where the wave does not measure it)."""

    level: int
    key: str
    label: str
    cells: dict[str, Figure | None]
