"""The evaluation report's charts as inline SVG, drawn on the server: pure functions of a
`CourseReport`'s figures and trends (no database, no JavaScript, nothing downloaded), so the
page and its PDF show the same pictures.

- `kpi_trend_chart`: one KPI's monthly means, trained against the comparison group, with the
  manuals' target as a dashed line ("目标 ≤ 60 秒"), the cohort's training month marked and the
  effect's windows shaded.
- `level_chart`: one level's figures across the waves as grouped bars coloured by status, the
  mark for "good" as a dashed line, "not enough data" written where a bar would be, the n
  under each bar.

Every chart is `<svg role="img">` with a `<title>`; the numbers are also in the page's tables
(the tables are the source of truth). Only presentation attributes are used, never `style=`,
so the site's Content-Security-Policy (no inline styles) holds. Colours are the site's status
colours (static/css/site.css); text is drawn in the site's ink colours on white.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext, pgettext_lazy

from evaluation import report_figures as rf
from evaluation.plans import LONG, MID, SHORT
from evaluation.report_trends import KpiTrend

INK, MUTED, GRID, BAND = "#1b2430", "#4d5b6a", "#d5dde6", "#eef2f6"
TRAINED, COMPARISON, COHORT_BAND = "#0b5cad", "#4d5b6a", "#dbe8f6"
STATUS_FILL = {rf.GOOD: "#176f30", rf.WATCH: "#8a5c00", rf.BAD: "#b42318"}
FONT = "'Noto Sans CJK SC', 'Noto Sans SC', 'PingFang SC', 'Microsoft YaHei', sans-serif"


def _text(x, y, content, *, size=11, fill=INK, anchor="middle", weight=None, extra="") -> str:
    bold = f' font-weight="{weight}"' if weight else ""
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" fill="{fill}" '
        f'text-anchor="{anchor}"{bold}{extra}>{escape(content)}</text>'
    )


def _width(text: str, size: int) -> float:
    """About how wide `text` is drawn at `size` px: a Chinese character is a square, a Latin
    letter a bit more than half of one."""
    return sum(size if ord(c) > 0x2E7F else size * 0.6 for c in text)


def _svg(width, height, title, chart_id, body) -> SafeString:
    # Every text in `body` and `title` went through escape(); the rest are numbers.
    return mark_safe(  # noqa: S308
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart__svg" role="img" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'aria-labelledby="{chart_id}-title" font-family="{FONT}">'
        f'<title id="{chart_id}-title">{escape(title)}</title>'
        f'<rect x="0" y="0" width="{width}" height="{height}" fill="#ffffff"/>'
        + "".join(body)
        + "</svg>"
    )


def nice_ticks(low: float, high: float, count: int = 5) -> list[float]:
    """Round tick values covering [low, high]: steps of 1, 2 or 5 × a power of ten."""
    if high <= low:
        high = low + 1
    raw = (high - low) / max(count - 1, 1)
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    first = math.floor(low / step) * step
    ticks = [round(first, 10)]
    while ticks[-1] < high - 1e-9:
        ticks.append(round(ticks[-1] + step, 10))
    return ticks


# --- level 4: a KPI's months -----------------------------------------------------------------


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
    text = f"{tick:.{decimals}f}"
    return f"{text} %" if trend.is_rate else text


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
            body.append(_text((x0 + x1) / 2, top + 12, name, size=11, fill=MUTED))
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
            _text(
                left - 6,
                y(tick) + 4,
                tick_label(trend, tick, ticks),
                size=11,
                fill=MUTED,
                anchor="end",
            )
        )
    if not trend.is_rate:
        body.append(_text(left - 6, top - 8, _("seconds"), size=11, fill=MUTED, anchor="end"))
    for i, month in enumerate(months):
        if (i - anchor_i) % 3 == 0:
            body.append(
                f'<line x1="{x(i):.1f}" x2="{x(i):.1f}" y1="{bottom}" y2="{bottom + 4}" '
                f'stroke="{MUTED}"/>'
            )
            body.append(_text(x(i), bottom + 16, month.strftime("%Y-%m"), size=11, fill=MUTED))
    body.append(
        f'<line x1="{left}" x2="{width - right}" y1="{bottom}" y2="{bottom}" stroke="{MUTED}"/>'
    )
    # The training month.
    body.append(
        f'<line x1="{x(anchor_i):.1f}" x2="{x(anchor_i):.1f}" y1="{top}" y2="{bottom}" '
        f'stroke="{TRAINED}" stroke-width="1.5" stroke-dasharray="2 3"/>'
    )
    body.append(_text(x(anchor_i), bottom + 30, _("Training"), size=11, fill=TRAINED))
    # The manuals' target.
    if trend.target is not None:
        ty = y(trend.target)
        body.append(
            f'<line x1="{left}" x2="{width - right}" y1="{ty:.1f}" y2="{ty:.1f}" '
            f'stroke="{INK}" stroke-width="1.5" stroke-dasharray="6 4"/>'
        )
        # Labelled in the legend (top right), where no month's mark can hide the label.
        label = target_label(trend)
        body.append(_text(width - right, 18, label, size=12, anchor="end", weight=600))
        sample = width - right - _width(label, 12) - 28
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
        body.append(_text(lx + 24, 18, name, size=12, anchor="start"))
        lx += 24 + _width(name, 12) + 20
    title = _("%(kpi)s: monthly mean of the trained and the comparison group") % {
        "kpi": trend.label
    }
    if trend.target is not None:
        title += " (" + target_label(trend) + ")"
    return _svg(width, height, title, chart_id, body)


# --- levels 1–3: figures across the waves ----------------------------------------------------


@dataclass(frozen=True)
class ChartedFigure:
    """A row of the report drawn in a level's chart: its short name and its mark for good."""

    key: str
    name: str
    threshold: rf.Threshold


SHARE, RATING = "share", "rating"
LEVEL_WIDTH = 400

LEVEL_CHARTS = {
    1: (
        RATING,
        (
            ChartedFigure(
                "dimension_content",
                pgettext_lazy("survey dimension", "Content"),
                rf.SATISFACTION_MEAN,
            ),
            ChartedFigure(
                "dimension_format",
                pgettext_lazy("survey dimension", "Format"),
                rf.SATISFACTION_MEAN,
            ),
            ChartedFigure(
                "dimension_trainer",
                pgettext_lazy("survey dimension", "Trainer"),
                rf.SATISFACTION_MEAN,
            ),
            ChartedFigure("dimension_usefulness", gettext_lazy("Usefulness"), rf.SATISFACTION_MEAN),
        ),
    ),
    2: (
        SHARE,
        (
            ChartedFigure("end_score", gettext_lazy("End score"), rf.END_SCORE),
            ChartedFigure("retest", gettext_lazy("Re-test"), rf.END_SCORE),
            ChartedFigure("retention", gettext_lazy("Retention"), rf.RETENTION),
        ),
    ),
    3: (
        SHARE,
        (
            ChartedFigure("transfer", gettext_lazy("Transfer"), rf.TRANSFER),
            ChartedFigure("self_score", gettext_lazy("Self-assessment"), rf.SELF_SCORE),
        ),
    ),
}

LEVEL_TITLES = {
    1: gettext_lazy("L1 reaction: mean rating (1–5) per wave"),
    2: gettext_lazy("L2 learning: scores and retention per wave"),
    3: gettext_lazy("L3 behaviour: transfer and self-assessment per wave"),
}


def wave_short(wave: str) -> str:
    return {
        SHORT: pgettext("wave, short", "Short"),
        MID: pgettext("wave, short", "Mid"),
        LONG: pgettext("wave, short", "Long"),
    }[wave]


def _mark(scale: str, value: float) -> str:
    return f"{value * 100:.0f} %" if scale == SHARE else f"{value:.1f}"


def level_chart(rows, level: int, *, waves, chart_id: str) -> SafeString | None:
    """Level `level`'s charted figures (`LEVEL_CHARTS`) from the report's `rows`, each a group
    of bars, one per wave that measures it; None when the level measures none of them."""
    scale, charted = LEVEL_CHARTS[level]
    by_key = {row.key: row for row in rows}
    groups = []
    for item in charted:
        row = by_key.get(item.key)
        if row is None:
            continue
        bars = [(wave, row.cells.get(wave)) for wave in waves if row.cells.get(wave) is not None]
        if bars:
            groups.append((item, bars))
    if not groups:
        return None
    # One width for every level's chart (so they print at one scale), wider only when more
    # than about a dozen bars need room for their n.
    gap, left, right, top, bottom = 22, 44, 12, 34, 170
    bars_count = sum(len(bars) for _item, bars in groups)
    room = LEVEL_WIDTH - left - right - gap * (len(groups) - 1)
    slot = min(80.0, max(52.0, room / bars_count))
    used = bars_count * slot + gap * (len(groups) - 1)
    width = round(max(LEVEL_WIDTH, left + right + used))
    height = 236
    values = [f.value for _item, bars in groups for _w, f in bars if f.value is not None]
    if scale == SHARE:
        low, high = 0.0, max([1.0, *values])
    else:
        low, high = 1.0, max([5.0, *values])
    ticks = nice_ticks(low, high, 5)
    high = max(high, ticks[-1])

    def y(v: float) -> float:
        return bottom - (min(max(v, low), high) - low) / (high - low) * (bottom - top)

    body = []
    for tick in ticks:
        body.append(
            f'<line x1="{left}" x2="{width - right}" y1="{y(tick):.1f}" y2="{y(tick):.1f}" '
            f'stroke="{GRID}" stroke-width="1"/>'
        )
        body.append(
            _text(left - 6, y(tick) + 4, _mark(scale, tick), size=11, fill=MUTED, anchor="end")
        )
    body.append(
        f'<line x1="{left}" x2="{width - right}" y1="{bottom}" y2="{bottom}" stroke="{MUTED}"/>'
    )
    gx = left + (width - left - right - used) / 2  # centred
    for item, bars in groups:
        group_width = len(bars) * slot
        for j, (wave, figure) in enumerate(bars):
            cx = gx + j * slot + slot / 2
            if figure.enough and figure.value is not None:
                by = y(figure.value)
                body.append(
                    f'<rect x="{cx - 15:.1f}" y="{by:.1f}" width="30" '
                    f'height="{max(bottom - by, 1):.1f}" fill="{STATUS_FILL[figure.status]}">'
                    f"<title>{escape(wave_short(wave))}: {escape(figure.text)}, "
                    f"{escape(figure.n_label)}</title></rect>"
                )
                if bottom - by >= 20:  # inside the bar, white on the status colour (AA)
                    body.append(_text(cx, by + 14, figure.text, size=11, fill="#ffffff"))
                else:
                    body.append(_text(cx, by - 4, figure.text, size=11))
            else:
                words = _("Not enough data")
                lines = _wrap(words, 10)
                for k, line in enumerate(lines):
                    body.append(
                        _text(cx, bottom - 8 - 12 * (len(lines) - 1 - k), line, size=10, fill=MUTED)
                    )
            body.append(_text(cx, bottom + 15, wave_short(wave), size=11))
            body.append(_text(cx, bottom + 29, figure.n_label, size=10, fill=MUTED))
        # The mark for "good" across the group.
        mark = item.threshold.good
        body.append(
            f'<line x1="{gx + 4}" x2="{gx + group_width - 4}" y1="{y(mark):.1f}" '
            f'y2="{y(mark):.1f}" stroke="{INK}" stroke-width="1.5" stroke-dasharray="6 4"/>'
        )
        body.append(_text(gx + group_width / 2, bottom + 47, str(item.name), size=12, weight=600))
        body.append(
            _text(gx + group_width / 2, bottom + 62, f"≥ {_mark(scale, mark)}", size=11, fill=MUTED)
        )
        gx += group_width + gap
    body.append(
        f'<line x1="{left}" x2="{left + 22}" y1="14" y2="14" stroke="{INK}" stroke-width="1.5" '
        f'stroke-dasharray="6 4"/>'
    )
    body.append(_text(left + 28, 18, _("Mark for good"), size=12, anchor="start"))
    return _svg(width, height, str(LEVEL_TITLES[level]), chart_id, body)


def _wrap(text: str, limit: int) -> list[str]:
    """Words onto lines of about `limit` characters (Chinese text, with no spaces, stays one
    line: it is short)."""
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= limit:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines or [text]


@dataclass(frozen=True)
class Chart:
    """A chart for a template: its heading and its SVG."""

    key: str
    heading: str
    svg: SafeString
    trend: KpiTrend | None = None  # level 4: the months, for the table under the chart

    @property
    def target(self) -> str:
        """Level 4: the manuals' target as the chart labels it ("目标 ≤ 60 秒"), or ""."""
        return target_label(self.trend) if self.trend is not None else ""

    @property
    def month_rows(self) -> list[tuple[str, str, int, str, int]]:
        """Level 4: (month, trained mean, n, comparison mean, n) per month, "—" for none."""
        if self.trend is None:
            return []
        t = self.trend

        def text(value):
            return "—" if value is None else format_value(t, value)

        return [
            (month.strftime("%Y-%m"), text(a), an, text(b), bn)
            for month, a, an, b, bn in zip(
                t.months, t.trained, t.trained_n, t.comparison, t.comparison_n, strict=True
            )
        ]


def report_charts(report) -> tuple[list[Chart], list[Chart]]:
    """The charts of a `CourseReport`: (levels 1–3, level 4's KPIs with data)."""
    levels = []
    for level in LEVEL_CHARTS:
        svg = level_chart(report.rows, level, waves=report.waves, chart_id=f"chart-l{level}")
        if svg is not None:
            levels.append(Chart(f"l{level}", str(LEVEL_TITLES[level]), svg))
    kpis = [
        Chart(
            f"kpi-{trend.code}",
            trend.label,
            kpi_trend_chart(trend, chart_id=f"chart-kpi-{trend.code}"),
            trend,
        )
        for trend in getattr(report, "trends", [])
        if trend.has_data
    ]
    return levels, kpis
