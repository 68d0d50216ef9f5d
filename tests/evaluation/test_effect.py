"""The training effect on a KPI: difference-in-differences recovers an effect planted in
synthetic data — beside a trend that touches everybody and month-to-month noise — within
its bootstrap interval, and refuses to give a number when there are too few agents."""

import datetime
import random

import pytest

from evaluation.effect import (
    BEFORE,
    HIGHER_IS_BETTER,
    LONG_TERM,
    LOWER_IS_BETTER,
    MID_TERM,
    AgentWindows,
    add_months,
    agent_windows,
    cohort_anchor,
    did_effect,
    percentile,
)
from evaluation.kpis import METRICS, Direction


def cohort(n, *, level, spread, trend, effect, noise, seed):
    """n agents' (before, after) means: each agent's own level, the trend everybody shares,
    the training's effect, and noise in each window."""
    rng = random.Random(seed)
    agents = []
    for _ in range(n):
        own = rng.gauss(level, spread)
        before = own + rng.gauss(0, noise)
        after = own + trend + effect + rng.gauss(0, noise)
        agents.append(AgentWindows(before=before, after=after))
    return agents


def test_a_known_csat_effect_is_recovered_within_its_interval():
    # Everybody's CSAT rises 2 points over the months (a season); training adds 5 more.
    trained = cohort(60, level=0.85, spread=0.03, trend=0.02, effect=0.05, noise=0.02, seed=1)
    others = cohort(80, level=0.86, spread=0.03, trend=0.02, effect=0, noise=0.02, seed=2)

    effect = did_effect(trained=trained, comparison=others, direction=HIGHER_IS_BETTER)

    assert effect.enough_data
    assert effect.ci_low <= effect.estimate <= effect.ci_high
    assert effect.ci_low <= 0.05 <= effect.ci_high
    assert effect.estimate == pytest.approx(0.05, abs=0.015)
    # A plain before/after of the trained would have credited the season to the training.
    assert effect.trained_after - effect.trained_before == pytest.approx(0.07, abs=0.015)
    assert (effect.n_trained, effect.n_comparison) == (60, 80)
    assert effect.verdict == "better"


def test_a_faster_first_response_is_recovered_and_reads_as_better():
    # First response −8 s from training, while a new tool makes everybody 3 s slower.
    trained = cohort(40, level=52, spread=8, trend=3, effect=-8, noise=4, seed=3)
    others = cohort(40, level=50, spread=8, trend=3, effect=0, noise=4, seed=4)

    effect = did_effect(trained=trained, comparison=others, direction=LOWER_IS_BETTER)

    assert effect.ci_low <= -8 <= effect.ci_high
    assert effect.ci_high < 0
    assert effect.verdict == "better"


def test_a_worse_complaint_rate_reads_as_worse():
    trained = cohort(30, level=0.04, spread=0.01, trend=0, effect=0.02, noise=0.005, seed=5)
    others = cohort(30, level=0.04, spread=0.01, trend=0, effect=0, noise=0.005, seed=6)

    effect = did_effect(trained=trained, comparison=others, direction=LOWER_IS_BETTER)

    assert effect.verdict == "worse"


def test_no_effect_gives_an_interval_around_zero():
    trained = cohort(50, level=0.85, spread=0.03, trend=0.03, effect=0, noise=0.02, seed=7)
    others = cohort(50, level=0.85, spread=0.03, trend=0.03, effect=0, noise=0.02, seed=8)

    effect = did_effect(trained=trained, comparison=others)

    assert effect.ci_low <= 0 <= effect.ci_high
    assert effect.verdict == "no clear change"


def test_the_interval_covers_the_true_effect_in_about_95_of_100_studies():
    covered = 0
    for study in range(100):
        trained = cohort(
            25, level=0.85, spread=0.03, trend=0.02, effect=0.05, noise=0.03, seed=1000 + study
        )
        others = cohort(
            25, level=0.85, spread=0.03, trend=0.02, effect=0, noise=0.03, seed=5000 + study
        )
        effect = did_effect(trained=trained, comparison=others, samples=400, seed=study)
        covered += effect.ci_low <= 0.05 <= effect.ci_high
    # A percentile bootstrap with 25 agents a group runs a little short of 95 %.
    assert 85 <= covered <= 100


def test_the_same_data_gives_the_same_interval_every_time():
    trained = cohort(20, level=0.85, spread=0.03, trend=0, effect=0.05, noise=0.02, seed=9)
    others = cohort(20, level=0.85, spread=0.03, trend=0, effect=0, noise=0.02, seed=10)

    first = did_effect(trained=trained, comparison=others)
    again = did_effect(trained=trained, comparison=others)

    assert (first.ci_low, first.ci_high) == (again.ci_low, again.ci_high)


def test_below_the_minimum_n_there_is_no_number_but_the_n():
    trained = cohort(9, level=0.85, spread=0.03, trend=0, effect=0.05, noise=0.02, seed=11)
    others = cohort(50, level=0.85, spread=0.03, trend=0, effect=0, noise=0.02, seed=12)

    effect = did_effect(trained=trained, comparison=others)

    assert not effect.enough_data
    assert effect.estimate is None and effect.ci_low is None and effect.ci_high is None
    assert (effect.n_trained, effect.n_comparison, effect.min_n) == (9, 50, 10)
    assert effect.verdict is None


def test_agents_missing_a_window_are_left_out_and_n_says_so():
    trained = cohort(12, level=0.85, spread=0.03, trend=0, effect=0.05, noise=0.02, seed=13)
    # Far-off values that would pull the means if they were counted.
    gaps = [AgentWindows(before=None, after=0.1), AgentWindows(before=0.1, after=None)]
    others = cohort(12, level=0.85, spread=0.03, trend=0, effect=0, noise=0.02, seed=14)

    with_gaps = did_effect(trained=trained + gaps, comparison=others + gaps[:1])
    without = did_effect(trained=trained, comparison=others)

    assert (with_gaps.n_trained, with_gaps.left_out_trained) == (12, 2)
    assert (with_gaps.n_comparison, with_gaps.left_out_comparison) == (12, 1)
    assert with_gaps.estimate == without.estimate
    assert with_gaps.trained_before == without.trained_before

    short = did_effect(trained=trained[:9] + gaps, comparison=others)
    assert not short.enough_data and short.n_trained == 9 and short.left_out_trained == 2


def test_the_directions_are_the_kpi_vocabulary_s():
    assert {Direction.HIGHER_IS_BETTER.value, Direction.LOWER_IS_BETTER.value} == {
        HIGHER_IS_BETTER,
        LOWER_IS_BETTER,
    }
    assert METRICS["first_response_s"].direction == LOWER_IS_BETTER


def test_percentiles_interpolate_between_the_nearest_values():
    assert percentile([1, 2, 3, 4, 5], 0.5) == 3
    assert percentile([0, 10], 0.25) == 2.5
    assert percentile([0, 10, 20], 0.975) == pytest.approx(19.5)


# --- the windows ---------------------------------------------------------------------------

JAN = datetime.date(2026, 1, 1)


def month(n: int) -> datetime.date:
    return add_months(JAN, n)


def test_the_windows_are_three_months_before_months_3_to_6_and_12_to_15_after():
    completed = datetime.date(2026, 1, 20)

    assert BEFORE.months(completed) == (datetime.date(2025, 10, 1), datetime.date(2025, 12, 1))
    assert MID_TERM.months(completed) == (datetime.date(2026, 4, 1), datetime.date(2026, 7, 1))
    assert LONG_TERM.months(completed) == (datetime.date(2027, 1, 1), datetime.date(2027, 4, 1))


def test_each_agent_s_windows_average_their_months_and_ignore_the_rest():
    anchors = {"a": datetime.date(2026, 1, 15), "b": datetime.date(2026, 3, 2), "c": JAN}
    rows = [
        ("a", month(-3), 0.80),
        ("a", month(-1), 0.90),
        ("a", month(-4), 0.10),  # before the before-window
        ("a", month(0), 0.10),  # the training month itself
        ("a", month(2), 0.10),  # between the windows
        ("a", month(3), 0.92),
        ("a", month(6), 0.96),
        ("a", month(7), 0.10),  # after the mid-term window
        ("b", month(1), 0.70),  # b's before-window: Dec–Feb
        ("b", month(8), 0.75),  # b's month 6
        ("z", month(-1), 0.5),  # nobody asked about z
    ]

    windows = agent_windows(values=rows, anchors=anchors, after=MID_TERM)

    assert windows["a"] == AgentWindows(before=pytest.approx(0.85), after=pytest.approx(0.94))
    assert windows["b"] == AgentWindows(before=0.70, after=0.75)
    assert windows["c"] == AgentWindows(before=None, after=None)
    assert not windows["c"].complete
    assert "z" not in windows


def test_the_long_term_window_reads_a_year_on():
    rows = [("a", month(-2), 40.0), ("a", month(12), 30.0), ("a", month(15), 34.0)]

    windows = agent_windows(values=rows, anchors={"a": JAN}, after=LONG_TERM)

    assert windows["a"] == AgentWindows(before=40.0, after=32.0)


def test_the_comparison_group_counts_from_the_cohort_s_median_month():
    completions = [datetime.date(2026, 1, 28), datetime.date(2026, 3, 3), JAN.replace(day=9)]

    assert cohort_anchor(completions) == JAN
    assert cohort_anchor(completions + [datetime.date(2026, 4, 1)]) == JAN
    assert cohort_anchor([datetime.date(2026, 2, 14)]) == datetime.date(2026, 2, 1)


def test_synthetic_monthly_kpis_go_through_the_windows_to_the_known_effect():
    # End to end on monthly rows: 30 agents trained in different months, 30 not.
    rng = random.Random(42)
    rows, trained_anchors, others_anchors = [], {}, {}
    for agent in range(60):
        is_trained = agent < 30
        anchor = month(rng.randrange(0, 3)) if is_trained else month(1)
        (trained_anchors if is_trained else others_anchors)[agent] = anchor
        own = rng.gauss(50, 6)  # first response, seconds
        for offset in range(-4, 8):
            when = add_months(anchor, offset)
            trend = -0.5 * (when.year * 12 + when.month)  # everybody a little faster
            trained_effect = -8 if is_trained and offset >= 3 else 0
            rows.append((agent, when, own + trend + trained_effect + rng.gauss(0, 3)))

    trained = agent_windows(values=rows, anchors=trained_anchors, after=MID_TERM)
    others = agent_windows(values=rows, anchors=others_anchors, after=MID_TERM)
    effect = did_effect(
        trained=trained.values(), comparison=others.values(), direction=LOWER_IS_BETTER
    )

    assert effect.ci_low <= -8 <= effect.ci_high
    assert effect.verdict == "better"
