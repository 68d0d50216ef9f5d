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

from dataclasses import dataclass

from django.utils.safestring import SafeString

from evaluation.charts_kpi import format_value, kpi_trend_chart, target_label
from evaluation.charts_levels import LEVEL_CHARTS, LEVEL_TITLES, level_chart
from evaluation.charts_svg import STATUS_FILL, TRAINED, nice_ticks
from evaluation.report_trends import KpiTrend

__all__ = [
    "STATUS_FILL",
    "TRAINED",
    "Chart",
    "kpi_trend_chart",
    "level_chart",
    "nice_ticks",
    "report_charts",
    "target_label",
]


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
