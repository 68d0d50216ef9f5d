"""The agents' KPIs (Kirkpatrick level 4): one vocabulary, in one place.

Every metric a KPI file, the API and the effect report know is declared here once: its
code (the English column and JSON key), its Chinese column header, its unit, which way is
better, and the target the customer's service manuals set, if any. Rates are stored as
fractions 0–1; times in seconds.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _


class Metric(models.TextChoices):
    CSAT = "csat", _("Customer satisfaction")
    FIRST_RESPONSE_S = "first_response_s", _("First response time")
    RESOLUTION_RATE = "resolution_rate", _("Resolution rate")
    COMPLAINT_RATE = "complaint_rate", _("Complaint rate")
    ORDER_ACCURACY = "order_accuracy", _("Order accuracy")


class Unit(models.TextChoices):
    RATE = "rate", _("rate (0–1, shown as %)")
    SECONDS = "seconds", _("seconds")


class Direction(models.TextChoices):
    HIGHER_IS_BETTER = "higher", _("higher is better")
    LOWER_IS_BETTER = "lower", _("lower is better")


@dataclass(frozen=True)
class MetricInfo:
    """What a metric is: its column headers, unit, direction and the manuals' target."""

    metric: Metric
    chinese_header: str  # the column in a KPI file with Chinese headers
    unit: Unit
    direction: Direction
    target: float | None  # the manuals' standard, in the stored unit; None: no number set

    @property
    def code(self) -> str:
        return self.metric.value

    @property
    def label(self) -> str:
        return str(self.metric.label)

    @property
    def is_rate(self) -> bool:
        return self.unit == Unit.RATE

    def format(self, value: float) -> str:
        """A stored value as people read it: "92.5 %", "45 s"."""
        if self.is_rate:
            return f"{value * 100:.1f}".removesuffix(".0") + " %"
        return f"{value:.1f}".removesuffix(".0") + " s"

    @property
    def target_text(self) -> str:
        """The manuals' target as people read it ("≥ 90 %", "≤ 60 s"), or ""."""
        if self.target is None:
            return ""
        sign = "≥" if self.direction == Direction.HIGHER_IS_BETTER else "≤"
        return f"{sign} {self.format(self.target)}"

    def meets_target(self, value: float) -> bool | None:
        """Whether `value` meets the manuals' target (None when the manuals set none)."""
        if self.target is None:
            return None
        if self.direction == Direction.HIGHER_IS_BETTER:
            return value >= self.target
        return value <= self.target

    def is_better(self, change: float) -> bool:
        """Whether a change of `change` (after minus before) is an improvement."""
        return change > 0 if self.direction == Direction.HIGHER_IS_BETTER else change < 0


# The manuals: online first response ≤ 60 s; CSAT ≥ 90 % to pass (≥ 95 % excellent);
# complaint rate ≤ 5 %. Resolution rate and order accuracy are measured without a number.
METRICS: dict[str, MetricInfo] = {
    info.code: info
    for info in (
        MetricInfo(Metric.CSAT, "满意度", Unit.RATE, Direction.HIGHER_IS_BETTER, 0.90),
        MetricInfo(
            Metric.FIRST_RESPONSE_S,
            "首次响应时长(秒)",
            Unit.SECONDS,
            Direction.LOWER_IS_BETTER,
            60.0,
        ),
        MetricInfo(Metric.RESOLUTION_RATE, "解决率", Unit.RATE, Direction.HIGHER_IS_BETTER, None),
        MetricInfo(Metric.COMPLAINT_RATE, "投诉率", Unit.RATE, Direction.LOWER_IS_BETTER, 0.05),
        MetricInfo(
            Metric.ORDER_ACCURACY, "订单准确率", Unit.RATE, Direction.HIGHER_IS_BETTER, None
        ),
    )
}


def metric_info(code: str) -> MetricInfo:
    return METRICS[code]
