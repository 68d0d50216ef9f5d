"""Scoring a role-play: the best path of a scenario, and a path actually taken normalised
against the best achievable on it, worked out by hand.

The worked example's rubric: empathy 2, policy 3 (critical), resolution 3, wording 1,
timeliness 1, so the shares are 0.2, 0.3, 0.3, 0.1 and 0.1.
"""

import json
from pathlib import Path

import pytest

from roleplay.scenario import (
    ChoiceVisit,
    FreeTextVisit,
    Violation,
    available_points,
    best_option,
    best_path,
    scenario_from_dict,
    score_path,
)

FIXTURES = Path(__file__).resolve().parent / "fixtures"


def late_parcel(change=None):
    document = json.loads((FIXTURES / "late_parcel.json").read_text(encoding="utf-8"))
    if change:
        change(document)
    return scenario_from_dict(document)


def scores(result) -> dict:
    return {c.key: (c.earned, c.available, c.score) for c in result.criteria}


# The best path ----------------------------------------------------------------------------


def test_the_best_path_of_the_worked_example():
    # opening, first option: 2×0.2 + 1×0.1 + 1×0.1 = 0.6; checked, every key point:
    # 2×0.3 + 1×0.1 = 0.7. Through "escalating" it is −0.7 + 0.3 + 0.7 = 0.3.
    assert best_path(late_parcel()) == (pytest.approx(1.3), ["opening", "checked", "closing"])


def test_the_best_path_avoids_a_critical_violation_however_many_points_it_carries():
    def generous_refund(document):
        document["steps"][0]["options"][2]["scores"] = {"resolution": 10}  # 3.0 weighted

    scenario = late_parcel(generous_refund)

    assert best_path(scenario) == (pytest.approx(1.3), ["opening", "checked", "closing"])
    assert best_option(scenario, scenario.step("opening")) == 0


def test_the_best_simple_path_through_a_graph_with_loops():
    # Shares: a 0.25, b 0.75. Paths to the end that visit no step twice:
    #   start → middle → done:           4×0.25 + 2×0.25          = 1.5
    #   start → detour → middle → done:  1×0.75 + 2×0.75 + 2×0.25 = 2.75
    # middle → detour (4×0.75 = 3) only leads back to steps already visited.
    def options(*choices):
        return [{"text": "…", "next": nxt, "scores": pts} for nxt, pts in choices]

    scenario = scenario_from_dict(
        {
            "format": "agent-academy/scenario@1",
            "title": "绕圈",
            "slug": "loops",
            "objective": "走出循环",
            "persona": {"name": "李先生", "mood": "confused", "channel": "phone"},
            "rubric": [
                {"key": "a", "name": "A", "weight": 1},
                {"key": "b", "name": "B", "weight": 3},
            ],
            "start": "start",
            "steps": [
                {
                    "key": "start",
                    "customer": "？",
                    "options": options(("middle", {"a": 4}), ("detour", {"b": 1})),
                },
                {
                    "key": "detour",
                    "customer": "？",
                    "options": options(("middle", {"b": 2}), ("start", {"a": 1})),
                },
                {
                    "key": "middle",
                    "customer": "？",
                    "options": options(("done", {"a": 2}), ("detour", {"b": 4})),
                },
                {"key": "done", "customer": "好。", "end": {"outcome": "resolved", "debrief": "…"}},
            ],
        }
    )

    assert best_path(scenario) == (pytest.approx(2.75), ["start", "detour", "middle", "done"])


# The path actually taken -------------------------------------------------------------------


def test_what_each_step_makes_available():
    scenario = late_parcel()

    assert available_points(scenario, scenario.step("opening")) == {
        "empathy": 2,
        "wording": 1,
        "timeliness": 1,
    }
    assert available_points(scenario, scenario.step("escalating")) == {"empathy": 1, "wording": 1}
    assert available_points(scenario, scenario.step("checked")) == {
        "resolution": 2,
        "timeliness": 1,
    }


def test_the_best_path_played_scores_full_marks_and_passes():
    result = score_path(
        late_parcel(),
        [ChoiceVisit("opening", 0), FreeTextVisit("checked", {"resolution": 2, "timeliness": 1})],
    )

    assert result.total == 1.0
    assert result.passed
    assert result.end == "closing"
    assert result.earned_points == result.available_points == pytest.approx(1.3)


def test_a_detour_is_normalised_against_the_best_achievable_on_that_detour():
    # opening, option 2 (empathy −2, resolution −1); available: the best option's
    #   empathy 2, wording 1, timeliness 1.
    # escalating, option 1 (empathy 1, wording 1); available: the same.
    # checked, only the parcel's whereabouts covered (resolution 2);
    #   available: resolution 2, timeliness 1.
    # empathy −1/3 → 0; resolution 1/2; wording 1/2; timeliness 0/2; policy: nothing
    # available, left out. Total = (0.3×0.5 + 0.1×0.5) / (0.2 + 0.3 + 0.1 + 0.1) = 0.2 / 0.7.
    result = score_path(
        late_parcel(),
        [
            ChoiceVisit("opening", 1),
            ChoiceVisit("escalating", 0),
            FreeTextVisit("checked", {"resolution": 2}),
        ],
    )

    assert scores(result) == {
        "empathy": (-1, 3, 0.0),
        "policy": (0, 0, None),
        "resolution": (1, 2, 0.5),
        "wording": (1, 2, 0.5),
        "timeliness": (0, 2, 0.0),
    }
    assert result.total == pytest.approx(0.2 / 0.7)
    assert not result.passed
    assert result.violations == ()
    assert result.end == "closing"


def test_a_critical_violation_fails_a_high_total():
    result = score_path(
        late_parcel(),
        [
            ChoiceVisit("opening", 0),
            FreeTextVisit("checked", {"resolution": 2, "timeliness": 1}, violations=("policy",)),
        ],
    )

    assert result.total == 1.0
    assert result.violations == (Violation("policy", "checked"),)
    assert not result.passed


def test_choosing_a_violating_option_is_a_critical_violation_at_that_step():
    # Earned resolution 1 where the path made none available: left out of the total.
    result = score_path(late_parcel(), [ChoiceVisit("opening", 2)])

    assert result.violations == (Violation("policy", "opening"),)
    assert scores(result)["resolution"] == (1, 0, None)
    assert result.total == 0.0
    assert result.end == "refunded_without_check"
    assert not result.passed


def test_a_total_exactly_at_the_pass_score_passes():
    # Weights empathy 1, policy 3, resolution 3, wording 1, timeliness 1; pass score 0.5.
    # Empathy, wording and timeliness full, resolution 0/2, policy left out:
    # total = (1 + 1 + 1 + 0) / (1 + 1 + 1 + 3) = 0.5, which floats make 0.49999999999999994.
    def reweigh(document):
        for criterion, weight in zip(document["rubric"], [1, 3, 3, 1, 1], strict=True):
            criterion["weight"] = weight
        document["pass_score"] = 0.5

    result = score_path(
        late_parcel(reweigh),
        [ChoiceVisit("opening", 0), FreeTextVisit("checked", {"timeliness": 1})],
    )

    assert result.total == 0.5
    assert result.passed


def test_an_unfinished_path_is_scored_as_far_as_it_goes():
    result = score_path(late_parcel(), [ChoiceVisit("opening", 0)])

    assert result.end == ""
    assert result.total == 1.0


@pytest.mark.parametrize(
    "visits",
    [
        [ChoiceVisit("checked", 0)],  # not the start
        [ChoiceVisit("opening", 0), ChoiceVisit("escalating", 0)],  # does not follow
        [ChoiceVisit("opening", 3)],  # no such option
        [FreeTextVisit("opening", {})],  # a choice step
        [ChoiceVisit("opening", 0), FreeTextVisit("checked", {"speed": 1})],
        [ChoiceVisit("opening", 0), FreeTextVisit("checked", {}, violations=("wording",))],
    ],
)
def test_a_path_the_scenario_does_not_allow_is_refused(visits):
    with pytest.raises(ValueError):
        score_path(late_parcel(), visits)
