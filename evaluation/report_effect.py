"""Level 4 of the evaluation report: per KPI, the training's effect on the cohort in the
mid-term and long-term windows (`evaluation.effect`: difference-in-differences with a
bootstrap interval), and the monthly series its charts draw (`evaluation.report_trends`).

The comparison group: the agents in scope (`profiles`) in the cohort's positions, not in the
cohort, who had not completed the course by the end of the window (counted from the cohort's
median completion month). Their KPIs and the cohort's are read in one query through
`evaluation.selectors.kpis_of_people`: `profiles` are the report's scope, so a manager
compares only within their own teams.
"""

from __future__ import annotations

from collections import defaultdict

from django.utils.translation import gettext as _

from evaluation import effect as did
from evaluation import report_figures as rf
from evaluation.kpis import METRICS
from evaluation.plans import LONG, MID, SHORT
from evaluation.report_figures import Row
from evaluation.report_trends import KpiTrend, kpi_trends
from evaluation.selectors import kpis_of_people

EFFECT_WINDOWS = {MID: did.MID_TERM, LONG: did.LONG_TERM}


def level4(*, cohort, completions, profiles) -> tuple[list[Row], list[KpiTrend]]:
    """One row per KPI (the effect in the mid-term and long-term windows, see the module)
    and each KPI's monthly series for the charts (`evaluation.report_trends`), from one read
    of the KPIs."""

    if cohort:
        anchor = did.cohort_anchor(cohort.values())
        positions = {profiles[pk].position for pk in cohort if pk in profiles}
        comparison_pool = [
            pk for pk, p in profiles.items() if p.position in positions and pk not in cohort
        ]
        firsts = [did.add_months(d, did.BEFORE.first) for d in cohort.values()]
        lasts = [did.add_months(d, did.LONG_TERM.last) for d in cohort.values()]
        first_month = min(firsts + [did.add_months(anchor, did.BEFORE.first)])
        last_month = max(lasts + [did.add_months(anchor, did.LONG_TERM.last)])
        values = list(
            kpis_of_people(
                people=list(cohort) + comparison_pool,
                months=(first_month, last_month),
            ).values_list("person_id", "month", "metric", "value")
        )
    else:
        anchor, comparison_pool, values = None, [], []
    by_metric: dict[str, list] = defaultdict(list)
    for person_id, month, metric, value in values:
        by_metric[metric].append((person_id, month, value))
    rows = []
    for code, info in METRICS.items():
        cells: dict[str, rf.Figure | None] = {SHORT: None}
        for wave, window in EFFECT_WINDOWS.items():
            # Not yet trained by the end of the window (the last month's last day).
            window_end = did.add_months(anchor, window.last + 1) if anchor else None
            comparison = [
                pk
                for pk in comparison_pool
                if pk not in completions or completions[pk] >= window_end
            ]
            trained = did.agent_windows(values=by_metric[code], anchors=cohort, after=window)
            others = did.agent_windows(
                values=by_metric[code], anchors={pk: anchor for pk in comparison}, after=window
            )
            effect = did.did_effect(
                trained=trained.values(), comparison=others.values(), direction=info.direction
            )
            cells[wave] = rf.effect_figure(effect, info)
        label = info.label
        if info.target_text:
            label = _("%(metric)s (target %(target)s)") % {
                "metric": label,
                "target": info.target_text,
            }
        rows.append(Row(4, f"kpi_{code}", label, cells))
    trends = kpi_trends(
        values=values, cohort=cohort, completions=completions, comparison_pool=comparison_pool
    )
    return rows, trends
