"""Levels 1–3's charts: one level's figures across the waves as grouped bars coloured by
status, with the mark for good (see `evaluation.charts`)."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext, pgettext_lazy

from evaluation import report_figures as rf
from evaluation.charts_svg import GRID, INK, MUTED, STATUS_FILL, nice_ticks, svg, text
from evaluation.plans import LONG, MID, SHORT


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
            text(left - 6, y(tick) + 4, _mark(scale, tick), size=11, fill=MUTED, anchor="end")
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
                    body.append(text(cx, by + 14, figure.text, size=11, fill="#ffffff"))
                else:
                    body.append(text(cx, by - 4, figure.text, size=11))
            else:
                words = _("Not due yet") if figure.status == rf.NOT_DUE else _("Not enough data")
                lines = _wrap(words, 10)
                for k, line in enumerate(lines):
                    body.append(
                        text(cx, bottom - 8 - 12 * (len(lines) - 1 - k), line, size=10, fill=MUTED)
                    )
            body.append(text(cx, bottom + 15, wave_short(wave), size=11))
            body.append(text(cx, bottom + 29, figure.n_label, size=10, fill=MUTED))
        # The mark for "good" across the group.
        mark = item.threshold.good
        body.append(
            f'<line x1="{gx + 4}" x2="{gx + group_width - 4}" y1="{y(mark):.1f}" '
            f'y2="{y(mark):.1f}" stroke="{INK}" stroke-width="1.5" stroke-dasharray="6 4"/>'
        )
        body.append(text(gx + group_width / 2, bottom + 47, str(item.name), size=12, weight=600))
        body.append(
            text(gx + group_width / 2, bottom + 62, f"≥ {_mark(scale, mark)}", size=11, fill=MUTED)
        )
        gx += group_width + gap
    body.append(
        f'<line x1="{left}" x2="{left + 22}" y1="14" y2="14" stroke="{INK}" stroke-width="1.5" '
        f'stroke-dasharray="6 4"/>'
    )
    body.append(text(left + 28, 18, _("Mark for good"), size=12, anchor="start"))
    return svg(width, height, str(LEVEL_TITLES[level]), chart_id, body)


def _wrap(words: str, limit: int) -> list[str]:
    """Words onto lines of about `limit` characters (Chinese text, with no spaces, stays one
    line: it is short)."""
    lines: list[str] = []
    for word in words.split():
        if lines and len(lines[-1]) + 1 + len(word) <= limit:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines or [words]
