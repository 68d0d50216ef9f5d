"""The evaluation report's charts, drawn from figures and monthly series alone (no database):
the manuals' target as a labelled dashed line, the training month marked, gaps where a month
has no figure, bars coloured by status with the mark for good, "not enough data" instead of a
bar, the n under each bar; accessible (role, title) and without inline styles (the CSP)."""

import datetime
import re
import xml.etree.ElementTree as ET
from pathlib import Path

from django.utils import translation

from evaluation import charts
from evaluation import report_figures as rf
from evaluation.report_trends import KpiTrend, trend_months

SVG = "{http://www.w3.org/2000/svg}"
SITE_CSS = Path(__file__).resolve().parents[2] / "static" / "css" / "site.css"
ANCHOR = datetime.date(2025, 6, 1)


def parse(svg) -> ET.Element:
    return ET.fromstring(str(svg))  # noqa: S314 -- our own drawing, not untrusted input


def texts(root) -> list[str]:
    return ["".join(t.itertext()) for t in root.iter(f"{SVG}text")]


def first_response(**changes) -> KpiTrend:
    months = trend_months(ANCHOR)  # 2025-03 … 2026-09
    trained = [50.0, 52.0, 51.0, 48.0, None, None, 40.0] + [38.0] * 12
    values = {
        "code": "first_response_s",
        "label": "First response time",
        "is_rate": False,
        "higher_is_better": False,
        "target": 60.0,
        "target_text": "≤ 60 s",
        "anchor": ANCHOR,
        "first_completion": ANCHOR,
        "last_completion": datetime.date(2025, 7, 1),
        "months": months,
        "trained": tuple(trained),
        "trained_n": tuple(0 if v is None else 10 for v in trained),
        "comparison": tuple([55.0] * len(months)),
        "comparison_n": tuple([12] * len(months)),
    }
    return KpiTrend(**{**values, **changes})


def test_a_kpi_chart_is_an_image_with_a_title_and_no_inline_style():
    svg = charts.kpi_trend_chart(first_response(), chart_id="c1")
    root = parse(svg)
    assert root.get("role") == "img"
    title = root.find(f"{SVG}title")
    assert "First response time" in title.text and "Target ≤ 60 s" in title.text
    assert root.get("aria-labelledby") == title.get("id") == "c1-title"
    assert "style=" not in str(svg) and "<script" not in str(svg)


def test_the_target_is_a_dashed_labelled_line_at_its_value():
    root = parse(charts.kpi_trend_chart(first_response(), chart_id="c1"))
    assert "Target ≤ 60 s" in texts(root)  # in the legend, beside a sample of the line
    dashed = [
        line
        for line in root.iter(f"{SVG}line")
        if line.get("stroke-dasharray") == "6 4" and line.get("y1") == line.get("y2")
    ]
    assert [line.get("y1") for line in dashed].count("14") == 1  # the legend's sample
    dashed = [line for line in dashed if line.get("y1") != "14"]
    assert len(dashed) == 1
    # The comparison group sits at 55 s, just below the target's 60 s line (smaller y is higher).
    marks = [c for c in root.iter(f"{SVG}circle") if c.get("fill") == "#ffffff"]
    assert float(dashed[0].get("y1")) < float(marks[5].get("cy"))


def test_without_a_target_there_is_no_reference_line():
    trend = first_response(target=None, target_text="")
    root = parse(charts.kpi_trend_chart(trend, chart_id="c2"))
    assert not [line for line in root.iter(f"{SVG}line") if line.get("stroke-dasharray") == "6 4"]
    assert not any(t.startswith("Target") for t in texts(root))


def test_the_training_month_is_marked_and_months_are_on_the_x_axis():
    root = parse(charts.kpi_trend_chart(first_response(), chart_id="c1"))
    labels = texts(root)
    assert "Training" in labels
    assert {"2025-03", "2025-06", "2025-09", "2026-06", "2026-09"} <= set(labels)
    training = [line for line in root.iter(f"{SVG}line") if line.get("stroke-dasharray") == "2 3"]
    assert len(training) == 1
    # June is the fourth of the months (March, April, May, June).
    ticks = {"".join(t.itertext()): float(t.get("x")) for t in root.iter(f"{SVG}text")}
    assert float(training[0].get("x1")) == ticks["2025-06"]


def test_a_month_without_figures_breaks_the_line_and_has_no_mark():
    trend = first_response()
    root = parse(charts.kpi_trend_chart(trend, chart_id="c1"))
    trained = [p for p in root.iter(f"{SVG}polyline") if p.get("stroke") == charts.TRAINED]
    assert len(trained) == 2  # March–June, then September on (July and August have none)
    filled = [c for c in root.iter(f"{SVG}circle") if c.get("fill") == charts.TRAINED]
    assert len(filled) == 1 + sum(v is not None for v in trend.trained)  # + the legend's


def test_the_target_speaks_chinese():
    with translation.override("zh-hans"):
        root = parse(charts.kpi_trend_chart(first_response(), chart_id="c1"))
        assert "目标 ≤ 60 秒" in texts(root)
        csat = first_response(
            code="csat", is_rate=True, higher_is_better=True, target=0.9, target_text="≥ 90 %"
        )
        csat = KpiTrend(**{**csat.__dict__, "trained": (0.85,) * 19, "comparison": (0.8,) * 19})
        assert "目标 ≥ 90 %" in texts(parse(charts.kpi_trend_chart(csat, chart_id="c3")))


def levels(**cells):
    return [
        rf.Row(2, "end_score", "End-of-course score", cells.get("end", {})),
        rf.Row(2, "retention", "Retention", cells.get("retention", {})),
        rf.Row(3, "transfer", "Transfer", cells.get("transfer", {})),
    ]


WAVES = ("short_term", "mid_term", "long_term")


def test_bars_take_their_status_colour_and_show_their_n():
    rows = levels(
        end={"short_term": rf.share_figure(0.9, 12, rf.END_SCORE), "mid_term": None},
        retention={
            "mid_term": rf.share_figure(0.85, 9, rf.RETENTION),
            "long_term": rf.share_figure(0.5, 7, rf.RETENTION),
        },
    )
    root = parse(charts.level_chart(rows, 2, waves=WAVES, chart_id="l2"))
    assert root.get("role") == "img" and root.find(f"{SVG}title").text
    bars = [r for r in root.iter(f"{SVG}rect") if r.find(f"{SVG}title") is not None]
    # The site's status colours (static/css/site.css): good, watch, needs action.
    site = SITE_CSS.read_text()
    colours = [re.search(rf"--{name}: (#[0-9a-f]{{6}})", site)[1] for name in ("ok", "warn", "bad")]
    assert [b.get("fill") for b in bars] == colours
    labels = texts(root)
    assert {"90 %", "85 %", "50 %", "n = 12", "n = 9", "n = 7"} <= set(labels)
    assert labels.count("Short") == 1  # the end score is not measured at mid-term: no slot


def test_a_bar_is_as_high_as_its_value_and_the_mark_for_good_is_drawn():
    rows = levels(end={"short_term": rf.share_figure(0.8, 12, rf.END_SCORE)})
    root = parse(charts.level_chart(rows, 2, waves=WAVES, chart_id="l2"))
    bar = next(r for r in root.iter(f"{SVG}rect") if r.find(f"{SVG}title") is not None)
    mark = next(
        line
        for line in root.iter(f"{SVG}line")
        if line.get("stroke-dasharray") == "6 4"
        and line.get("x1") != "44"  # not the legend's sample
    )
    # An end score of 80 % reaches exactly the mark for good (80 %).
    assert float(bar.get("y")) == float(mark.get("y1"))
    assert "≥ 80 %" in texts(root)


def test_not_enough_data_is_written_instead_of_a_bar():
    rows = levels(transfer={"mid_term": rf.share_figure(0.9, 3, rf.TRANSFER)})
    root = parse(charts.level_chart(rows, 3, waves=WAVES, chart_id="l3"))
    assert not [r for r in root.iter(f"{SVG}rect") if r.find(f"{SVG}title") is not None]
    labels = texts(root)
    assert "Not enough" in labels and "data" in labels and "n = 3" in labels
    with translation.override("zh-hans"):
        root = parse(charts.level_chart(rows, 3, waves=WAVES, chart_id="l3"))
        assert "数据不足" in texts(root) and "中期" in texts(root)


def test_a_level_that_measures_nothing_has_no_chart():
    assert charts.level_chart(levels(), 2, waves=WAVES, chart_id="l2") is None
    assert charts.level_chart(levels(), 1, waves=WAVES, chart_id="l1") is None


def test_ticks_are_round_numbers():
    assert charts.nice_ticks(0, 1) == [0, 0.25, 0.5, 0.75, 1.0]
    assert charts.nice_ticks(1, 5) == [1, 2, 3, 4, 5]
    ticks = charts.nice_ticks(33.2, 61.7)
    assert ticks[0] <= 33.2 and ticks[-1] >= 61.7
    assert all(re.fullmatch(r"\d+(\.0)?", f"{t}") for t in ticks)
