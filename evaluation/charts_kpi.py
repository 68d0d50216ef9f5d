"""Level 4's chart: one KPI month by month, the trained against the comparison group, with
the manuals' target and the training month (see `evaluation.charts`)."""

from __future__ import annotations

import math

from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from evaluation.charts_svg import (
    BAND,
    COHORT_BAND,
    COMPARISON,
    GRID,
    INK,
    MUTED,
    TRAINED,
    nice_ticks,
    svg,
    text,
    text_width,
)
from evaluation.report_trends import KpiTrend


def target_label(trend: KpiTrend) -> str:
    """ "目标 ≤ 60 秒" / "Target ≥ 90 %"."""
    if trend.target is None:
        return ""
    sign = "≥" if trend.higher_is_better else "≤"
    return _("Target %(sign)s %(value)s") % {
        "sign": sign,
        "value": format_value(trend, trend.target),
    }


def format_value(trend: KpiTrend, value: float) -> str:
    if trend.is_rate:
        return f"{value * 100:.1f}".removesuffix(".0") + " %"
    return _("%(value)s s") % {"value": f"{value:.1f}".removesuffix(".0")}


def tick_label(trend: KpiTrend, tick: float, ticks: list[float]) -> str:
    """An axis tick with as many decimals as the step between ticks needs ("4.5 %", "60")."""
    step = ticks[1] - ticks[0] if len(ticks) > 1 else 1.0
    if trend.is_rate:
        tick, step = tick * 100, step * 100
    decimals = max(0, -math.floor(math.log10(step) + 1e-9)) if step < 1 else 0
    if round(step * 10**decimals, 6) % 1:  # 2.5: one more
        decimals += 1
    shown = f"{tick:.{decimals}f}"
    return f"{shown} %" if trend.is_rate else shown


def kpi_trend_chart(trend: KpiTrend, *, chart_id: str) -> SafeString:
    """The KPI's monthly mean for the trained and the comparison group (see the module)."""
    width, height = 440, 250
    left, right, top, bottom = 50, 24, 44, 196
    months = trend.months
    values = [v for v in trend.trained + trend.comparison if v is not None]
    if trend.target is not None:
        values.append(trend.target)
    low, high = (min(values), max(values)) if values else (0.0, 1.0)
    pad = (high - low) * 0.15 or abs(high) * 0.1 or 1.0
    low, high = low - pad, high + pad
    if trend.is_rate:
        low, high = max(low, 0.0), min(high, 1.0)
    else:
        low = max(low, 0.0)
    ticks = nice_ticks(low, high)
    low, high = min(ticks[0], low), max(ticks[-1], high)
    step = (width - left - right) / max(len(months) - 1, 1)

    def x(i: float) -> float:
        return left + i * step

    def y(v: float) -> float:
        return bottom - (v - low) / (high - low) * (bottom - top)

    index = {m: i for i, m in enumerate(months)}
    body = []
    # The effect's windows (before, mid-term, long-term), counted from the anchor month.
    windows = ((-3, -1, _("Before")), (3, 6, _("Mid-term")), (12, 15, _("Long-term")))
    anchor_i = index.get(trend.anchor, 3)
    for first, last, name in windows:
        a, b = anchor_i + first, anchor_i + last
        if 0 <= a < len(months):
            x0, x1 = x(a) - step / 2, x(min(b, len(months) - 1)) + step / 2
            x0, x1 = max(x0, left), min(x1, width - right)
            body.append(
                f'<rect x="{x0:.1f}" y="{top}" width="{x1 - x0:.1f}" height="{bottom - top}" '
                f'fill="{BAND}"/>'
            )
            body.append(text((x0 + x1) / 2, top + 12, name, size=11, fill=MUTED))
    # The months the cohort completed in.
    c0 = index.get(trend.first_completion, anchor_i)
    c1 = index.get(trend.last_completion, anchor_i)
    if c1 > c0:
        body.append(
            f'<rect x="{x(c0):.1f}" y="{top}" width="{x(c1) - x(c0):.1f}" '
            f'height="{bottom - top}" fill="{COHORT_BAND}"/>'
        )
    # Axes and grid.
    for tick in ticks:
        if not low <= tick <= high:
            continue
        body.append(
            f'<line x1="{left}" x2="{width - right}" y1="{y(tick):.1f}" y2="{y(tick):.1f}" '
            f'stroke="{GRID}" stroke-width="1"/>'
        )
        body.append(
            text(
                left - 6,
                y(tick) + 4,
                tick_label(trend, tick, ticks),
                size=11,
                fill=MUTED,
                anchor="end",
            )
        )
    if not trend.is_rate:
        body.append(text(left - 6, top - 8, _("seconds"), size=11, fill=MUTED, anchor="end"))
    for i, month in enumerate(months):
        if (i - anchor_i) % 3 == 0:
            body.append(
                f'<line x1="{x(i):.1f}" x2="{x(i):.1f}" y1="{bottom}" y2="{bottom + 4}" '
                f'stroke="{MUTED}"/>'
            )
            body.append(text(x(i), bottom + 16, month.strftime("%Y-%m"), size=11, fill=MUTED))
    body.append(
        f'<line x1="{left}" x2="{width - right}" y1="{bottom}" y2="{bottom}" stroke="{MUTED}"/>'
    )
    # The training month.
    body.append(
        f'<line x1="{x(anchor_i):.1f}" x2="{x(anchor_i):.1f}" y1="{top}" y2="{bottom}" '
        f'stroke="{TRAINED}" stroke-width="1.5" stroke-dasharray="2 3"/>'
    )
    body.append(text(x(anchor_i), bottom + 30, _("Training"), size=11, fill=TRAINED))
    # The manuals' target.
    if trend.target is not None:
        ty = y(trend.target)
        body.append(
            f'<line x1="{left}" x2="{width - right}" y1="{ty:.1f}" y2="{ty:.1f}" '
            f'stroke="{INK}" stroke-width="1.5" stroke-dasharray="6 4"/>'
        )
        # Labelled in the legend (top right), where no month's mark can hide the label.
        label = target_label(trend)
        body.append(text(width - right, 18, label, size=12, anchor="end", weight=600))
        sample = width - right - text_width(label, 12) - 28
        body.append(
            f'<line x1="{sample:.1f}" x2="{sample + 22:.1f}" y1="14" y2="14" stroke="{INK}" '
            f'stroke-width="1.5" stroke-dasharray="6 4"/>'
        )
    # The two series: a line through consecutive months with a value, a mark on each.
    for series, colour, hollow in (
        (trend.comparison, COMPARISON, True),
        (trend.trained, TRAINED, False),
    ):
        run: list[str] = []
        runs = [run]
        for i, value in enumerate(series):
            if value is None:
                run = []
                runs.append(run)
                continue
            run.append(f"{x(i):.1f},{y(value):.1f}")
        for points in runs:
            if len(points) > 1:
                body.append(
                    f'<polyline points="{" ".join(points)}" fill="none" stroke="{colour}" '
                    f'stroke-width="2"/>'
                )
        for i, value in enumerate(series):
            if value is not None:
                fill = "#ffffff" if hollow else colour
                body.append(
                    f'<circle cx="{x(i):.1f}" cy="{y(value):.1f}" r="3" fill="{fill}" '
                    f'stroke="{colour}" stroke-width="1.5"/>'
                )
    # Legend.
    lx = 8
    for name, colour, hollow in (
        (_("Trained"), TRAINED, False),
        (_("Comparison group"), COMPARISON, True),
    ):
        body.append(
            f'<line x1="{lx}" x2="{lx + 18}" y1="14" y2="14" stroke="{colour}" stroke-width="2"/>'
            f'<circle cx="{lx + 9}" cy="14" r="3" fill="{"#ffffff" if hollow else colour}" '
            f'stroke="{colour}" stroke-width="1.5"/>'
        )
        body.append(text(lx + 24, 18, name, size=12, anchor="start"))
        lx += 24 + text_width(name, 12) + 20
    title = _("%(kpi)s: monthly mean of the trained and the comparison group") % {
        "kpi": trend.label
    }
    if trend.target is not None:
        title += " (" + target_label(trend) + ")"
    return svg(width, height, title, chart_id, body)
