"""The demo role-play scenarios are sound drills: each scripted file reads, branches, can be
failed on a critical criterion, and its best path is a pass that ends the way the drill
intends; each AI-customer drill gives the model and the judge what they need (a persona with
hidden facts, the policy, a rubric saying what good looks like)."""

from __future__ import annotations

import re
import unicodedata

import pytest

from courses.demo import DEMO_COURSES
from roleplay.demo import DEMO_SCENARIO_DIR, demo_scenario_files
from roleplay.fileformat import read_scenario_file
from roleplay.scenario import (
    ChoiceVisit,
    FreeTextVisit,
    best_option,
    best_path,
    score_path,
    weighted_points,
)

EXPECTED = {
    "late-parcel-refund": "resolved",
    "return-outside-window": "resolved",
    "public-complaint-weibo": "escalated",
    "presale-product-question": "resolved",
    "double-11-surge": "resolved",
    "address-request-privacy": "escalated",
}
# The AI-customer drills, by slug: the temperament, and whether a scripted opening comes first.
AI_EXPECTED = {
    "lost-double-11-parcel-ai": ("impatient", True),
    "livestream-return-elderly-ai": ("confused", False),
}
ALL_FILES = demo_scenario_files()
FILES = [path for path in ALL_FILES if path.stem not in AI_EXPECTED]  # the scripted drills
AI_FILES = [path for path in ALL_FILES if path.stem in AI_EXPECTED]


def _read(path):
    return read_scenario_file(path.read_bytes(), path.name)


def _scenario(slug):
    return _read(DEMO_SCENARIO_DIR / f"{slug}.yaml")


def _flat(text: str) -> str:
    # Spaces and punctuation never matter when a phrase is looked for in a reply.
    text = unicodedata.normalize("NFKC", text).casefold()
    return re.sub(r"[\W_]+", "", text)


def _has(reply: str, phrase: str) -> bool:
    return _flat(phrase) in _flat(reply)


def test_the_demo_scenarios_are_there_sorted():
    assert [path.stem for path in ALL_FILES] == sorted([*EXPECTED, *AI_EXPECTED])
    assert all(path.parent == DEMO_SCENARIO_DIR for path in ALL_FILES)
    assert not any(_read(path).uses_ai for path in FILES)


@pytest.mark.parametrize("path", FILES, ids=lambda path: path.stem)
def test_each_file_reads_and_is_a_full_drill(path):
    scenario = _read(path)
    assert scenario.slug == path.stem
    assert scenario.course in {course["slug"] for course in DEMO_COURSES}
    assert 6 <= len(scenario.steps) <= 12
    outcomes = {step.end.outcome for step in scenario.steps if step.end is not None}
    assert len(outcomes) >= 2
    assert any(criterion.critical for criterion in scenario.rubric)
    assert any(step.free_text is not None for step in scenario.steps)
    violations = [o for step in scenario.steps for o in step.options if o.violation]
    assert violations, "a drill can be failed by a critical violation"


@pytest.mark.parametrize("path", FILES, ids=lambda path: path.stem)
def test_each_option_explains_itself(path):
    scenario = _read(path)
    for step in scenario.steps:
        if not step.options:
            continue
        assert len(step.options) >= 2, step.key
        best = best_option(scenario, step)
        assert not step.options[best].violation, step.key
        for index, option in enumerate(step.options):
            assert option.feedback, (step.key, option.text)
            if index != best:  # every weaker reply shows a better one
                assert option.better, (step.key, option.text)


@pytest.mark.parametrize("path", FILES, ids=lambda path: path.stem)
def test_free_text_examples_agree_with_the_key_points(path):
    scenario = _read(path)
    for step in scenario.steps:
        spec = step.free_text
        if spec is None:
            continue
        assert spec.good and spec.bad and spec.key_points and spec.forbidden, step.key
        for point in spec.key_points:
            assert len(point.synonyms) >= 3, (step.key, point.name)
        for reply in spec.good:
            for point in spec.key_points:
                assert any(_has(reply, s) for s in point.synonyms), (step.key, point.name, reply)
            for item in spec.forbidden:
                assert not _has(reply, item.phrase), (step.key, item.phrase, reply)
        for reply in spec.bad:
            assert any(_has(reply, item.phrase) for item in spec.forbidden), (step.key, reply)


def _best_visits(scenario, keys):
    """The visits that walk the best path with the best reply at each step."""
    visits = []
    for key, following in zip(keys, keys[1:], strict=False):
        step = scenario.step(key)
        if step.free_text is not None:
            points: dict[str, int] = {}
            for point in step.free_text.key_points:
                points[point.criterion] = points.get(point.criterion, 0) + point.points
            visits.append(FreeTextVisit(step=key, points=points))
            continue
        candidates = [
            index
            for index, option in enumerate(step.options)
            if option.next == following and not option.violation
        ]
        index = max(candidates, key=lambda i: weighted_points(scenario, step.options[i].scores))
        visits.append(ChoiceVisit(step=key, option=index))
    return visits


@pytest.mark.parametrize("slug", sorted(EXPECTED))
def test_the_best_path_passes_with_the_intended_outcome(slug):
    scenario = _scenario(slug)
    points, keys = best_path(scenario)
    assert points > 0
    assert scenario.step(keys[-1]).end.outcome == EXPECTED[slug]
    result = score_path(scenario, _best_visits(scenario, keys))
    assert result.passed and not result.violations
    assert result.total == pytest.approx(1.0)


def test_disclosing_the_address_is_a_critical_violation():
    scenario = _scenario("address-request-privacy")
    critical = {criterion.key for criterion in scenario.rubric if criterion.critical}
    assert critical == {"privacy"}
    disclosing = [
        option
        for step in scenario.steps
        for option in step.options
        if "幸福路" in option.text  # the customer's street
    ]
    assert disclosing and all(option.violation == "privacy" for option in disclosing)
    # Even part of the address (the street only) fails the attempt.
    assert any("门牌号不能说" in option.text for option in disclosing)
    forbidden = scenario.step("pressure").free_text.forbidden
    assert any(item.phrase == "幸福路" and item.violation for item in forbidden)
    # Refusing, with a lawful alternative, is the best reply at the first step.
    opening = scenario.step("opening")
    best = max(opening.options, key=lambda option: weighted_points(scenario, option.scores))
    assert not best.violation and "不能告诉您" in best.text


def test_promising_a_refund_outside_the_window_is_a_critical_violation():
    scenario = _scenario("return-outside-window")
    assert scenario.criterion("policy").critical
    promises = {
        step.key: [option for option in step.options if option.violation == "policy"]
        for step in scenario.steps
    }
    assert any("无理由退货" in option.text for option in promises["opening"])
    assert any("保证给您退全款" in option.text for option in promises["wants_refund"])
    forbidden = scenario.step("diagnose").free_text.forbidden
    assert {item.phrase for item in forbidden if item.violation} >= {"可以无理由退", "保证给您退款"}
    # The legitimate alternatives are not violations: quality route, coupon, escalation.
    wants_refund = scenario.step("wants_refund")
    lawful = [option for option in wants_refund.options if not option.violation]
    assert any("质量" in option.text and "20 元" in option.text for option in lawful)
    assert any(option.next == "escalated_end" for option in lawful)


def test_the_public_complaint_can_end_in_public_backlash():
    scenario = _scenario("public-complaint-weibo")
    assert scenario.persona.channel == "social"
    outcomes = {step.end.outcome for step in scenario.steps if step.end is not None}
    assert {"escalated", "public_backlash"} <= outcomes
    # Naming the order or the customer's neighbourhood in public fails the attempt.
    leaking = [o for o in scenario.step("opening").options if "TB20260509-2231" in o.text]
    assert leaking and all(option.violation == "policy" for option in leaking)


def _all_paths(scenario):
    """Every way through the scenario, each free-text step answered in full."""
    paths = []
    stack = [(scenario.start, [])]
    while stack:
        key, visits = stack.pop()
        step = scenario.step(key)
        if step.end is not None:
            paths.append((step.end.outcome, visits))
        elif step.free_text is not None:
            points: dict[str, int] = {}
            for point in step.free_text.key_points:
                points[point.criterion] = points.get(point.criterion, 0) + point.points
            stack.append((step.free_text.next, [*visits, FreeTextVisit(step=key, points=points)]))
        else:
            for index, option in enumerate(step.options):
                stack.append((option.next, [*visits, ChoiceVisit(step=key, option=index)]))
    return paths


@pytest.mark.parametrize("path", FILES, ids=lambda path: path.stem)
def test_losing_the_customer_or_the_public_never_passes(path):
    scenario = _read(path)
    paths = _all_paths(scenario)
    assert any(score_path(scenario, visits).passed for _, visits in paths)
    for outcome, visits in paths:
        if outcome in {"customer_lost", "public_backlash"}:
            assert not score_path(scenario, visits).passed, [v.step for v in visits]


@pytest.mark.parametrize("path", FILES, ids=lambda path: path.stem)
def test_the_best_option_is_not_simply_the_longest(path):
    """A learner must read the replies: a drill whose best option is (one of) the longest at
    most of its choice steps teaches "pick the longest". Length counts characters, without
    spaces and punctuation."""
    scenario = _read(path)
    choices = [step for step in scenario.steps if len(step.options) >= 2]
    longest_is_best = []
    for step in choices:
        lengths = [len(_flat(option.text)) for option in step.options]
        if lengths[best_option(scenario, step)] == max(lengths):
            longest_is_best.append(step.key)
    assert len(longest_is_best) * 2 <= len(choices), longest_is_best


# The AI-customer drills -------------------------------------------------------------------

# The demo drills' rubric: what the judge scores an AI conversation on.
RUBRIC = {"共情与礼貌", "规范用语", "政策准确", "问题解决", "响应及时"}


@pytest.mark.parametrize("path", AI_FILES, ids=lambda path: path.stem)
def test_each_ai_drill_gives_the_model_and_the_judge_what_they_need(path):
    scenario = _read(path)
    temperament, scripted_opening = AI_EXPECTED[path.stem]
    assert scenario.slug == path.stem and scenario.uses_ai
    assert scenario.course in {course["slug"] for course in DEMO_COURSES}
    customer = scenario.ai_customer
    assert customer.temperament == temperament
    assert customer.wants and customer.writing and customer.policy
    assert len(customer.facts) >= 3 and all(fact.when for fact in customer.facts)
    assert customer.endings == ("resolved", "escalated", "gave_up")
    assert 10 <= customer.max_turns <= 20
    assert scenario.persona.description and scenario.order
    # The judge reads what good looks like for every criterion; policy is critical.
    assert {criterion.name for criterion in scenario.rubric} == RUBRIC
    assert all(len(criterion.description) >= 30 for criterion in scenario.rubric)
    assert [c.name for c in scenario.rubric if c.critical] == ["政策准确"]
    start = scenario.step(scenario.start)
    assert (start.kind == "options") is scripted_opening
    assert start.ai is not scripted_opening


@pytest.mark.parametrize("path", AI_FILES, ids=lambda path: path.stem)
def test_an_ai_drills_scripted_opening_passes_at_best_and_leads_to_the_ai_customer(path):
    scenario = _read(path)
    points, keys = best_path(scenario)
    assert scenario.step(keys[-1]).ai
    result = score_path(scenario, _best_visits(scenario, keys))
    assert result.ai_step == keys[-1] and not result.violations
    if len(keys) == 1:  # the AI customer from the first message: nothing scripted to score
        assert points == 0
        return
    assert result.passed and result.total == pytest.approx(1.0)
    for step in scenario.steps:
        if not step.options:
            continue
        best = best_option(scenario, step)
        assert not step.options[best].violation, step.key
        assert any(option.violation for option in step.options), step.key
        for index, option in enumerate(step.options):
            assert option.feedback, (step.key, option.text)
            if index != best:
                assert option.better, (step.key, option.text)


def test_the_lost_parcel_drill_hides_the_tracking_and_the_neighbour_and_caps_compensation():
    customer = _scenario_ai("lost-double-11-parcel-ai").ai_customer
    facts = " ".join(fact.fact for fact in customer.facts)
    assert "快递" in facts and "邻居" in facts and "出差" in facts
    assert "20 元" in customer.policy and "好评" in customer.policy
    assert "补发" in customer.policy and "全额退款" in customer.policy


def test_the_elderly_return_drill_hides_the_dates_and_the_cut_tags_and_states_the_exceptions():
    scenario = _scenario_ai("livestream-return-elderly-ai")
    facts = " ".join(fact.fact for fact in scenario.ai_customer.facts)
    assert "11 月 23 日" in facts and "吊牌" in facts
    # The agent must ask: the order the agent sees gives no dates.
    assert not {"ordered", "delivered"} & set(scenario.order)
    policy = scenario.ai_customer.policy
    assert "7 天内无理由退货" in policy and "内衣" in policy and "洗涤" in policy
    assert "验证码" in policy


def _scenario_ai(slug):
    return _read(DEMO_SCENARIO_DIR / f"{slug}.yaml")


@pytest.mark.django_db
def test_the_demo_loads_the_ai_drills_into_their_courses():
    import io

    from django.core.management import call_command

    from roleplay.document import page_scenario
    from roleplay.models import ScenarioPage

    call_command("load_demo_courses", verbosity=0)
    output = io.StringIO()
    call_command("load_demo_roleplay", "--without-history", stdout=output)
    assert "skipped" not in output.getvalue(), output.getvalue()

    for slug in AI_EXPECTED:
        page = ScenarioPage.objects.get(slug=slug)
        assert page.live and page.course.slug == _scenario_ai(slug).course
        assert page_scenario(page) == _scenario_ai(slug)
