"""An AI customer in the scenario document: read and written back unchanged, every mistake
named with its place, and a scripted opening before the AI step scored as before."""

import copy

import pytest
from django.utils import translation

from roleplay.scenario import (
    AI_ENDINGS,
    ChoiceVisit,
    HiddenFact,
    ScenarioInvalid,
    best_path,
    reply_standard_seconds,
    scenario_from_dict,
    scenario_to_dict,
    score_path,
)


@pytest.fixture(autouse=True)
def _english():
    # Messages are asserted in English; the product's default language is Chinese.
    with translation.override("en"):
        yield


AI_CUSTOMER = {
    "temperament": "impatient",
    "wants": "三天内找到包裹，否则全额退款，再给点补偿",
    "writing": "打字快，错别字多，一句话拆成好几条发，爱用“！！”",
    "facts": [
        {
            "fact": "物流最后一条记录是 11 月 13 日“到达杭州转运中心”，之后没有更新",
            "when": "客服问到物流信息时",
        },
        {"fact": "隔壁邻居前天说帮忙收过一个快递"},
    ],
    "policy": "包裹丢失经物流核实后可全额退款或补发；补偿最多 10 元无门槛券；不得承诺未核实的赔偿",
    "endings": ["resolved", "escalated", "gave_up"],
    "max_turns": 12,
}

# A scripted opening (one choice) that leads to the AI step, or to an end.
DOCUMENT = {
    "format": "agent-academy/scenario@1",
    "title": "双11 包裹丢了",
    "slug": "lost-parcel-ai",
    "objective": "安抚情绪，核实物流，按政策给出方案",
    "persona": {"name": "陈先生", "mood": "angry", "channel": "live_chat"},
    "order": {"number": "TB20261111-0420", "product": "羽绒服"},
    "ai_customer": AI_CUSTOMER,
    "pass_score": 0.6,
    "assessment_tries": 3,
    "rubric": [
        {"key": "empathy", "name": "共情与礼貌", "weight": 2},
        {"key": "policy", "name": "政策准确", "weight": 3, "critical": True},
    ],
    "start": "opening",
    "steps": [
        {
            "key": "opening",
            "customer": "在吗？？？",
            "options": [
                {
                    "text": "您好，我是客服小林，请问有什么可以帮您？",
                    "next": "ai_talk",
                    "scores": {"empathy": 2},
                },
                {
                    "text": "在。",
                    "next": "lost",
                    "scores": {"empathy": -1},
                },
                {
                    "text": "您的包裹丢了，马上给您赔 200 元。",
                    "next": "ai_talk",
                    "scores": {"empathy": 1},
                    "violation": "policy",
                },
            ],
        },
        {
            "key": "ai_talk",
            "name": "AI 顾客",
            "customer": "你们怎么回事！！双11买的东西到现在都没到！！",
            "mood": "furious",
            "ai": True,
        },
        {
            "key": "lost",
            "customer": "算了，差评。",
            "end": {"outcome": "customer_lost", "debrief": "冷淡的回应让顾客失望。"},
        },
    ],
}

# "Instead of scripted steps": one AI step, nothing else.
PURE = {
    **{key: value for key, value in DOCUMENT.items() if key not in ("steps", "start")},
    "start": "opening",
    "steps": [{"key": "opening", "customer": "我的快递丢了！！", "ai": True}],
}


def document(**changes) -> dict:
    fresh = copy.deepcopy(DOCUMENT)
    fresh.update(copy.deepcopy(changes))
    return fresh


def ai(**changes) -> dict:
    """The document with its AI customer changed (a value None removes the key)."""
    fresh = document()
    for key, value in changes.items():
        if value is None:
            fresh["ai_customer"].pop(key, None)
        else:
            fresh["ai_customer"][key] = value
    return fresh


def problems(data: dict) -> list[str]:
    with pytest.raises(ScenarioInvalid) as invalid:
        scenario_from_dict(data)
    return [str(problem) for problem in invalid.value.problems]


# A sound AI scenario ----------------------------------------------------------------------


def test_an_ai_customer_is_read_with_its_facts_endings_and_turns():
    scenario = scenario_from_dict(document())

    customer = scenario.ai_customer
    assert customer.temperament == "impatient"
    assert customer.wants.startswith("三天内找到包裹")
    assert customer.facts[0] == HiddenFact(
        "物流最后一条记录是 11 月 13 日“到达杭州转运中心”，之后没有更新", "客服问到物流信息时"
    )
    assert customer.facts[1].when == ""
    assert customer.endings == ("resolved", "escalated", "gave_up")
    assert customer.max_turns == 12
    step = scenario.step("ai_talk")
    assert step.ai and step.kind == "ai" and step.next_keys == []
    assert scenario.uses_ai


@pytest.mark.parametrize("data", [DOCUMENT, PURE], ids=["after a scripted opening", "pure AI"])
def test_an_ai_scenario_round_trips_exactly(data):
    assert scenario_to_dict(scenario_from_dict(copy.deepcopy(data))) == data


def test_defaults_are_written_out_and_chinese_words_become_english():
    data = ai(temperament="急躁", endings=["转交专人", "顾客放弃"], max_turns=None, facts=None)

    written = scenario_to_dict(scenario_from_dict(data))["ai_customer"]

    assert written["temperament"] == "impatient"
    assert written["endings"] == ["escalated", "gave_up"]
    assert written["max_turns"] == 12
    assert "facts" not in written
    without_endings = ai(endings=None)
    assert scenario_from_dict(without_endings).ai_customer.endings == AI_ENDINGS


def test_an_ai_step_reply_time_is_the_ai_customers_or_the_channels():
    assert reply_standard_seconds(scenario_from_dict(document()), "ai_talk") == 60
    assert reply_standard_seconds(scenario_from_dict(ai(reply_seconds=90)), "ai_talk") == 90


# Mistakes, each with its place ----------------------------------------------------------


def test_every_mistake_in_the_ai_customer_is_named_with_its_field():
    data = ai(
        temperament="grumpy",
        wants="",
        colour="red",
        facts=[{"fact": ""}, {"when": "问起时"}, "邻居拿了"],
        endings=["resolved", "happy", "resolved"],
        max_turns=41,
        reply_seconds=0,
        policy="条" * 2001,
    )

    found = problems(data)

    assert 'ai_customer.colour: unknown key "colour"' in found
    assert any(
        p.startswith('ai_customer.temperament: "grumpy" is not one of reasonable (通情达理), ')
        and "impatient (急躁)" in p
        for p in found
    )
    assert "ai_customer.wants: must not be empty" in found
    assert "ai_customer.facts[1].fact: must not be empty" in found
    assert "ai_customer.facts[2].fact: this key is required" in found
    assert "ai_customer.facts[3]: must be a mapping of keys to values" in found
    assert any(p.startswith('ai_customer.endings[2]: "happy" is not one of') for p in found)
    assert 'ai_customer.endings[3]: "resolved" is listed twice' in found
    assert "ai_customer.max_turns: must lie between 1 and 40" in found
    assert "ai_customer.reply_seconds: must be 1 or more" in found
    assert "ai_customer.policy: must be at most 2000 characters (it has 2001)" in found


def test_wants_is_required_and_endings_must_not_be_empty():
    found = problems(ai(wants=None, endings=[]))

    assert "ai_customer.wants: this key is required" in found
    assert any(p.startswith("ai_customer.endings: give at least one way") for p in found)


def test_at_most_twenty_facts():
    found = problems(ai(facts=[{"fact": f"事实 {n}"} for n in range(21)]))

    assert found == ["ai_customer.facts: give at most 20 facts"]


def test_the_turn_limit_must_be_a_whole_number():
    assert "ai_customer.max_turns: must be a whole number" in problems(ai(max_turns="十二"))
    assert "ai_customer.max_turns: must lie between 1 and 40" in problems(ai(max_turns=0))
    assert scenario_from_dict(ai(max_turns=40)).ai_customer.max_turns == 40


def test_an_ai_step_without_an_ai_customer_is_refused():
    data = document()
    del data["ai_customer"]

    found = problems(data)

    assert found == [
        'step "ai_talk", ai: an AI step needs the scenario\'s ai_customer (how the AI customer '
        "behaves, what they want)"
    ]


def test_an_ai_customer_without_an_ai_step_is_refused():
    data = document()
    data["steps"][1] = {
        "key": "ai_talk",
        "customer": "你们怎么回事！！",
        "end": {"outcome": "resolved", "debrief": "好。"},
    }

    found = problems(data)

    assert len(found) == 1 and found[0].startswith(
        "ai_customer: no step is an AI step (ai: true), so this AI customer would never play"
    )


def test_an_ai_step_with_another_reply_is_refused():
    data = document()
    data["steps"][1]["options"] = [{"text": "好的", "next": "lost"}]
    data["steps"][2]["ai"] = True

    found = problems(data)

    assert (
        'step "ai_talk": a step has exactly one of options, free_text, end or ai; '
        "this one has options, ai" in found
    )
    assert (
        'step "lost": a step has exactly one of options, free_text, end or ai; '
        "this one has end, ai" in found
    )


def test_ai_must_be_true_or_false_and_false_is_no_reply():
    data = document()
    data["steps"][1]["ai"] = "yes"
    assert 'step "ai_talk", ai: must be true or false' in problems(data)

    data["steps"][1]["ai"] = False
    assert (
        'step "ai_talk": a step has exactly one of options, free_text, end or ai; '
        "this one has none" in problems(data)
    )


# The graph and scoring --------------------------------------------------------------------


def test_a_path_that_reaches_the_ai_step_needs_no_end_after_it():
    # Every path must reach an end or an AI step; a loop without either is still refused.
    assert scenario_from_dict(document()).start == "opening"
    data = document()
    data["steps"][0]["options"][1]["next"] = "opening"
    del data["steps"][2]

    scenario = scenario_from_dict(data)  # the loop has a way out: the AI step

    assert scenario.step("opening").next_keys == ["ai_talk", "opening"]
    looping = document()
    looping["steps"].append(
        {"key": "loop", "customer": "嗯？", "options": [{"text": "稍等", "next": "loop"}]}
    )
    looping["steps"][0]["options"][1]["next"] = "loop"
    assert 'step "loop": no end can be reached from this step (a loop or a path with no end)' in (
        problems(looping)
    )


def test_the_best_path_ends_at_the_ai_step_and_the_scripted_part_is_scored():
    scenario = scenario_from_dict(document())

    points, keys = best_path(scenario)

    # Shares: empathy 0.4, policy 0.6; the greeting is worth 2 × 0.4, and the 200-yuan
    # promise is a critical violation, so the best path avoids it.
    assert keys == ["opening", "ai_talk"]
    assert points == pytest.approx(0.8)
    greeting = score_path(scenario, [ChoiceVisit("opening", 0)])
    assert greeting.ai_step == "ai_talk" and greeting.end == ""
    assert greeting.total == pytest.approx(1.0) and greeting.passed
    promise = score_path(scenario, [ChoiceVisit("opening", 2)])
    assert promise.ai_step == "ai_talk" and not promise.passed
    assert [v.criterion for v in promise.violations] == ["policy"]
    cold = score_path(scenario, [ChoiceVisit("opening", 1)])
    assert cold.end == "lost" and cold.ai_step == ""


def test_a_pure_ai_scenario_has_a_best_path_of_its_one_step():
    scenario = scenario_from_dict(copy.deepcopy(PURE))

    assert best_path(scenario) == (0.0, ["opening"])
    assert score_path(scenario, []).ai_step == "opening"
    with pytest.raises(ValueError):
        score_path(scenario, [ChoiceVisit("opening", 0)])
