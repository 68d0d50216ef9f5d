"""The scenario document: a sound scenario is read and written back unchanged; a broken one
is refused with every problem named by its step key."""

import copy
import json
from pathlib import Path

import pytest
from django.utils import translation

from roleplay.scenario import (
    ScenarioInvalid,
    reply_standard_seconds,
    scenario_from_dict,
    scenario_to_dict,
)

FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(autouse=True)
def _english():
    # Messages are asserted in English; the product's default language is Chinese.
    with translation.override("en"):
        yield


def late_parcel() -> dict:
    """The worked example as a document (a fresh copy each time, to be broken by a test)."""
    return json.loads((FIXTURES / "late_parcel.json").read_text(encoding="utf-8"))


def step(document: dict, key: str) -> dict:
    return next(s for s in document["steps"] if s["key"] == key)


def problems(document: dict) -> list[str]:
    with pytest.raises(ScenarioInvalid) as invalid:
        scenario_from_dict(document)
    return [str(problem) for problem in invalid.value.problems]


# A sound scenario ----------------------------------------------------------------------


def test_a_sound_scenario_is_read_with_its_steps_rubric_and_persona():
    scenario = scenario_from_dict(late_parcel())

    assert scenario.title == "包裹迟迟不到的愤怒顾客"
    assert scenario.start == "opening"
    assert [s.key for s in scenario.steps] == [
        "opening",
        "escalating",
        "checked",
        "closing",
        "refunded_without_check",
        "lost",
    ]
    assert [s.kind for s in scenario.steps[:4]] == ["options", "options", "free_text", "end"]
    assert scenario.persona.channel == "live_chat"
    assert scenario.criterion("policy").critical
    assert scenario.shares() == pytest.approx(
        {"empathy": 0.2, "policy": 0.3, "resolution": 0.3, "wording": 0.1, "timeliness": 0.1}
    )
    opening = scenario.step("opening")
    assert opening.options[2].violation == "policy"
    assert opening.next_keys == ["checked", "escalating", "refunded_without_check"]
    assert scenario.mood_at(opening) == "angry"
    assert scenario.mood_at(scenario.step("escalating")) == "furious"
    checked = scenario.step("checked").free_text
    assert checked.key_points[0].synonyms == ("转运中心", "滞留", "物流显示", "包裹在")
    assert checked.forbidden[1].violation
    assert scenario.order["promised"] == "2026-11-14"


def test_the_document_round_trips_exactly():
    document = late_parcel()

    assert scenario_to_dict(scenario_from_dict(document)) == document


def test_defaults_are_filled_in_and_the_scenario_round_trips():
    document = late_parcel()
    del document["pass_score"], document["order"], document["course"]
    del document["assessment_tries"]
    del step(document, "opening")["options"][1]["better"]

    scenario = scenario_from_dict(document)
    written = scenario_to_dict(scenario)

    assert scenario.pass_score == 0.6
    assert written["pass_score"] == 0.6
    assert scenario.assessment_tries == 3 and written["assessment_tries"] == 3
    assert "order" not in written and "course" not in written
    assert scenario_from_dict(written) == scenario


def test_the_assessment_tries_are_read_and_a_wrong_number_is_refused():
    document = late_parcel()
    document["assessment_tries"] = 0  # no limit
    assert scenario_from_dict(document).assessment_tries == 0
    document["assessment_tries"] = -1
    assert problems(document) == ["assessment_tries: must lie between 0 (no limit) and 100"]
    document["assessment_tries"] = "three"
    assert problems(document) == ["assessment_tries: must be a whole number"]


def test_reply_standards_follow_the_channel_unless_the_step_sets_its_own():
    document = late_parcel()
    scenario = scenario_from_dict(document)
    assert reply_standard_seconds(scenario, "opening") == 60
    assert reply_standard_seconds(scenario, scenario.step("checked")) == 90

    for channel, seconds in [("phone", 30), ("social", 60), ("email", 14400)]:
        document["persona"]["channel"] = channel
        assert reply_standard_seconds(scenario_from_dict(document), "opening") == seconds


# A broken graph, named by its step key ---------------------------------------------------


def test_a_reference_to_a_missing_step_is_refused():
    document = late_parcel()
    step(document, "checked")["free_text"]["next"] = "clsoing"
    step(document, "opening")["options"][0]["next"] = "chekced"

    found = problems(document)

    assert 'step "opening", options[1].next: next step "chekced" does not exist' in found
    assert 'step "checked", free_text.next: next step "clsoing" does not exist' in found


def test_a_missing_start_step_is_refused():
    document = late_parcel()
    document["start"] = "greeting"

    assert problems(document) == ['start: start step "greeting" does not exist']


def test_an_unreachable_step_is_refused():
    document = late_parcel()
    document["steps"].append(
        {"key": "orphan", "customer": "还有人吗？", "end": {"outcome": "resolved", "debrief": "…"}}
    )

    assert problems(document) == ['step "orphan": cannot be reached from the start step "opening"']


def test_a_loop_with_no_way_out_is_refused():
    document = late_parcel()
    step(document, "escalating")["options"][1]["next"] = "loop_a"
    for key, other in [("loop_a", "loop_b"), ("loop_b", "loop_a")]:
        document["steps"].append(
            {
                "key": key,
                "customer": "你们到底管不管？",
                "options": [{"text": "请您稍等。", "next": other, "scores": {}}],
            }
        )
    no_end = "no end can be reached from this step (a loop or a path with no end)"

    found = problems(document)

    # "lost" is now unreachable too; the steps leading into the loop still have a way out.
    assert f'step "loop_a": {no_end}' in found
    assert f'step "loop_b": {no_end}' in found
    assert 'step "lost": cannot be reached from the start step "opening"' in found
    assert len(found) == 3


def test_a_loop_with_a_way_out_is_fine():
    document = late_parcel()
    step(document, "escalating")["options"][1]["next"] = "opening"
    document["steps"] = [s for s in document["steps"] if s["key"] != "lost"]

    assert scenario_from_dict(document).step("escalating").next_keys == ["checked", "opening"]


def test_duplicate_step_keys_are_refused():
    document = late_parcel()
    document["steps"].append(copy.deepcopy(step(document, "lost")))

    assert problems(document) == ['step "lost", key: another step already has the key "lost"']


def test_criteria_that_do_not_exist_are_refused():
    document = late_parcel()
    step(document, "opening")["options"][0]["scores"]["empathyy"] = 1
    step(document, "checked")["free_text"]["key_points"][1]["criterion"] = "speed"
    step(document, "checked")["free_text"]["forbidden"][0]["criterion"] = "tone"

    assert problems(document) == [
        'step "opening", options[1].scores.empathyy: criterion "empathyy" is not in the rubric',
        'step "checked", free_text.key_points[2].criterion: criterion "speed" is not in the rubric',
        'step "checked", free_text.forbidden[1].criterion: criterion "tone" is not in the rubric',
    ]


def test_a_violation_of_a_criterion_that_is_not_critical_is_refused():
    document = late_parcel()
    step(document, "opening")["options"][2]["violation"] = "resolution"
    step(document, "checked")["free_text"]["forbidden"][0]["violation"] = True

    assert problems(document) == [
        'step "opening", options[3].violation: criterion "resolution" is not critical; '
        "only a critical criterion can be violated",
        'step "checked", free_text.forbidden[1].criterion: criterion "wording" is not critical; '
        "only a critical criterion can be violated",
    ]


def test_a_step_with_two_kinds_of_reply_or_none_is_refused():
    document = late_parcel()
    step(document, "closing")["options"] = [{"text": "再见", "next": "lost"}]
    del step(document, "lost")["end"]

    found = problems(document)

    assert (
        'step "closing": a step has exactly one of options, free_text, end or ai; '
        "this one has options, end" in found
    )
    assert (
        'step "lost": a step has exactly one of options, free_text, end or ai; this one has none'
        in found
    )


# Wrong keys, types and values -------------------------------------------------------------


def test_every_problem_is_collected_at_once():
    document = late_parcel()
    document["format"] = "scenario@2"
    document["persona"]["mood"] = "grumpy"
    del document["persona"]["channel"]
    document["rubric"][0]["weight"] = 0
    document["rubric"][3]["critical"] = "yes"
    document["colour"] = "red"
    opening = step(document, "opening")
    opening["options"][0]["scores"]["empathy"] = "2"
    opening["options"][1]["text"] = 3
    opening["tone"] = "warm"
    step(document, "checked")["free_text"]["key_points"][0]["points"] = 0
    step(document, "checked")["free_text"]["forbidden"][0]["points"] = 2
    step(document, "closing")["end"]["outcome"] = "happy"
    document["steps"].append({"customer": "喂？", "end": {"outcome": "resolved", "debrief": "…"}})

    assert problems(document) == [
        'colour: unknown key "colour"',
        'format: must be "agent-academy/scenario@1"',
        "persona.channel: this key is required",
        'persona.mood: "grumpy" is not one of calm, anxious, confused, annoyed, angry, '
        "furious, happy",
        "rubric[1].weight: must be more than 0",
        "rubric[4].critical: must be true or false",
        'step "opening", tone: unknown key "tone"',
        'step "opening", options[1].scores.empathy: must be a whole number',
        'step "opening", options[2].text: must be text (put it in quotes)',
        'step "checked", free_text.key_points[1].points: must be 1 or more',
        'step "checked", free_text.forbidden[1].points: must be 0 or less',
        'step "closing", end.outcome: "happy" is not one of resolved, escalated, '
        "customer_lost, public_backlash",
        # A step without a key gets one (roleplay.scenario.keys); nothing leads to it.
        'step "step_7": cannot be reached from the start step "opening"',
    ]


def test_problems_keep_their_step_field_and_path_apart():
    document = late_parcel()
    step(document, "escalating")["options"][0]["next"] = "chekced"

    with pytest.raises(ScenarioInvalid) as invalid:
        scenario_from_dict(document)
    (problem,) = invalid.value.problems

    assert (problem.step, problem.field) == ("escalating", "options[1].next")
    assert problem.path == "steps[2].options[1].next"
    assert problem.message == 'next step "chekced" does not exist'


def test_a_document_that_is_not_a_mapping_is_refused():
    assert problems([]) == ["must be a mapping of keys to values"]
