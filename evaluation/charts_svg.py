"""Drawing the evaluation report's charts as inline SVG: the site's colours, text, the
`<svg role="img">` with its `<title>`, round axis ticks (see `evaluation.charts`).

Only presentation attributes, never `style=` (the site's Content-Security-Policy); every
text goes through `escape`, every other value is a number.
"""

from __future__ import annotations

import math

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from evaluation import report_figures as rf

INK, MUTED, GRID, BAND = "#1b2430", "#4d5b6a", "#d5dde6", "#eef2f6"
TRAINED, COMPARISON, COHORT_BAND = "#0b5cad", "#4d5b6a", "#dbe8f6"
STATUS_FILL = {rf.GOOD: "#176f30", rf.WATCH: "#8a5c00", rf.BAD: "#b42318"}
FONT = "'Noto Sans CJK SC', 'Noto Sans SC', 'PingFang SC', 'Microsoft YaHei', sans-serif"


def text(x, y, content, *, size=11, fill=INK, anchor="middle", weight=None, extra="") -> str:
    bold = f' font-weight="{weight}"' if weight else ""
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" fill="{fill}" '
        f'text-anchor="{anchor}"{bold}{extra}>{escape(content)}</text>'
    )


def text_width(text: str, size: int) -> float:
    """About how wide `text` is drawn at `size` px: a Chinese character is a square, a Latin
    letter a bit more than half of one."""
    return sum(size if ord(c) > 0x2E7F else size * 0.6 for c in text)


def svg(width, height, title, chart_id, body) -> SafeString:
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
