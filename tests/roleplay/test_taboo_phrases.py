"""Service taboo phrases (服务禁语): a written reply that uses one loses courtesy and standard
wording, the feedback names the phrase, and trainers extend the list site-wide and per
scenario."""

from __future__ import annotations

import pytest
import yaml
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import translation

from roleplay.demo import DEMO_SCENARIO_DIR
from roleplay.fileformat import read_scenario_file
from roleplay.files import scenario_export, scenario_import
from roleplay.models import AttemptState, ScenarioPage, TabooSettings
from roleplay.scenario import weighted_points
from roleplay.taboo import BUILT_IN_TABOO_PHRASES, taboo_criteria, taboo_used
from roleplay.textcheck.check import Flag, check_free_text
from tests.factories import make_person
from tests.roleplay.conftest import SCENARIO, scenario_bytes
from tests.roleplay.test_play import reply, start
from training.importers.errors import ImportRejected
from training.roles import Role

# What the issue found: 100 % for courtesy and wording, and a pass at 78 %.
RUDE = "亲，这个我们管不了，你自己看说明书吧。"


def used(reply_text: str, phrases=BUILT_IN_TABOO_PHRASES) -> list[str]:
    return taboo_used(reply_text, phrases)


# Matching -------------------------------------------------------------------------------


def test_the_five_phrases_of_the_issue_are_built_in():
    assert {"管不了", "自己看", "不知道", "你怎么不早说", "爱买不买"} <= set(BUILT_IN_TABOO_PHRASES)
    assert used(RUDE) == ["管不了", "自己看"]


@pytest.mark.parametrize(
    "written",
    [
        "你自 己 看吧",  # spaces inside the phrase
        "你自己-看吧",  # punctuation inside
        "你自己　看吧",  # a full-width space
        "您怎么不早说？",  # 您 for 你
        "你怎麼不早說",  # traditional characters
        "愛買不買！",
    ],
)
def test_a_phrase_is_found_whatever_its_spacing_width_or_script(written):
    assert used(written), written


def test_full_width_and_capital_letters_match_a_trainers_latin_phrase():
    assert used("那就ＮＯ　ＷＡＹ了，亲", ["no way"]) == ["no way"]


@pytest.mark.parametrize(
    "harmless",
    [
        "我不知道您等了这么久，真抱歉！",
        "不知道您是否方便提供一下订单号？",
        "如果您不知道怎么操作，我一步一步教您。",
        "我刚才自己看了一下您的订单，已经发货了。",
        "自己。看",  # a phrase never spans two sentences
    ],
)
def test_an_everyday_sentence_with_the_characters_in_a_harmless_sense_is_fine(harmless):
    assert used(harmless) == []


@pytest.mark.parametrize(
    "rude",
    [
        "这个我不知道。",
        "我也不知道",
        "我不知道您的快递在哪。",
        "您自己看说明书。",
        "我不是不知道，是管不了",  # negation does not excuse the wording
    ],
)
def test_the_same_words_used_dismissively_count(rude):
    assert used(rude)


def test_the_demo_drills_model_answers_use_no_taboo_phrase():
    for path in sorted(DEMO_SCENARIO_DIR.glob("*.yaml")):
        scenario = read_scenario_file(path.read_bytes(), path.name)
        for step in scenario.steps:
            if step.free_text is not None:
                for good in step.free_text.good:
                    assert used(good, [*BUILT_IN_TABOO_PHRASES, *scenario.taboo]) == [], good


# Scoring --------------------------------------------------------------------------------

SPEC = {
    "key_points": [
        {"name": "道歉", "criterion": "empathy", "points": 1, "synonyms": ["抱歉"]},
        {"name": "方案", "criterion": "resolution", "points": 2, "synonyms": ["退款"]},
    ],
}
NAMES = {"empathy": "共情与礼貌", "wording": "规范用语", "resolution": "问题解决"}


def test_a_taboo_phrase_zeroes_courtesy_and_wording_and_the_feedback_names_it():
    with translation.override("zh-hans"):
        check = check_free_text(
            "抱歉，退款我们管不了。",
            SPEC,
            None,
            None,
            criterion_names=NAMES,
            taboo=BUILT_IN_TABOO_PHRASES,
            taboo_criteria=["empathy", "wording"],
        )
    assert check.taboo == ["管不了"] and check.zeroed == ["empathy", "wording"]
    assert check.earned["empathy"] == 0 and check.earned["resolution"] == 2
    assert Flag.TABOO_PHRASE in check.flags and check.violations == []
    assert any("使用了服务禁语“管不了”" in line for line in check.explanation), check.explanation


def test_a_taboo_phrase_is_a_critical_violation_when_courtesy_is_critical():
    check = check_free_text(
        "这个我不知道。",
        SPEC,
        None,
        None,
        taboo=BUILT_IN_TABOO_PHRASES,
        taboo_criteria=["empathy"],
        critical=["empathy"],
    )
    assert check.violations == ["empathy"] and Flag.CRITICAL_VIOLATION in check.flags


def test_the_courtesy_and_wording_criteria_are_found_by_their_names():
    scenario = read_scenario_file(
        (DEMO_SCENARIO_DIR / "presale-product-question.yaml").read_bytes(), "p.yaml"
    )
    assert taboo_criteria(scenario.rubric) == ["empathy", "wording"]
    assert taboo_criteria([]) == []


# The demo drill the issue tried ---------------------------------------------------------


@pytest.fixture
def presale(course):
    document = yaml.safe_load((DEMO_SCENARIO_DIR / "presale-product-question.yaml").read_text())
    document["course"] = "platform"
    data = yaml.safe_dump(document, allow_unicode=True).encode()
    page, scenario, _created = scenario_import(data=data, filename="presale.yaml")
    return page, scenario


def _play_best_path_writing(client, page, scenario, mode, text):
    """Take the best option at each choice step and write `text` at the written-reply step."""
    from roleplay.scenario import best_path

    _points, keys = best_path(scenario)
    attempt = start(client, page, mode)
    for key, following in zip(keys, keys[1:], strict=False):
        step = scenario.step(key)
        if step.free_text is not None:
            reply(client, attempt, text=text)
            continue
        best = max(
            (i for i, o in enumerate(step.options) if o.next == following and not o.violation),
            key=lambda i: weighted_points(scenario, step.options[i].scores),
        )
        reply(client, attempt, option=str(best))
    attempt.refresh_from_db()
    return attempt


@pytest.mark.django_db
def test_the_rude_reply_of_the_issue_no_longer_passes_the_presale_drill(learner_client, presale):
    page, scenario = presale
    attempt = _play_best_path_writing(learner_client, page, scenario, "practice", RUDE)
    assert attempt.state == AttemptState.SCORED
    assert attempt.passed is False
    scores = {c["key"]: c["score"] for c in attempt.result["criteria"]}
    assert scores["empathy"] == 0 and scores["wording"] == 0
    # Practice shows the learner which phrase, after the reply and on the result.
    written = next(turn for turn in attempt.transcript if turn["kind"] == "free_text")
    assert written["taboo"] == ["管不了", "自己看"]
    page_text = learner_client.get(reverse("scenario_result", args=[attempt.uuid])).content.decode()
    assert "使用了服务禁语“管不了”" in page_text and "使用了服务禁语“自己看”" in page_text


@pytest.mark.django_db
def test_an_assessment_with_the_rude_reply_shows_the_phrase_in_its_result(learner_client, presale):
    page, scenario = presale
    attempt = _play_best_path_writing(learner_client, page, scenario, "assessment", RUDE)
    assert attempt.state == AttemptState.AWAITING_REVIEW
    assert attempt.result["total"] < scenario.pass_score
    page_text = learner_client.get(reverse("scenario_result", args=[attempt.uuid])).content.decode()
    assert "使用了服务禁语“管不了”" in page_text
    # The trainer who reviews it sees the phrase too.
    trainer = Client()
    trainer.force_login(make_person(role=Role.TRAINER, email="t@example.com"))
    review = trainer.get(reverse("scenario_review", args=[attempt.uuid])).content.decode()
    assert "使用了服务禁语“管不了”" in review


@pytest.mark.django_db
def test_a_polite_reply_still_passes_the_presale_drill(learner_client, presale):
    page, scenario = presale
    good = scenario.step(
        next(step.key for step in scenario.steps if step.free_text is not None)
    ).free_text.good[0]
    attempt = _play_best_path_writing(learner_client, page, scenario, "practice", good)
    assert attempt.passed is True


# Trainers extend the list ---------------------------------------------------------------


@pytest.mark.django_db
def test_a_site_wide_phrase_trainers_add_counts_in_every_scenario(learner_client, scenario):
    settings = TabooSettings.load()
    settings.phrases = "你等着吧\n"
    settings.save()
    attempt = start(learner_client, scenario, "practice")
    reply(learner_client, attempt, option="0")
    reply(learner_client, attempt, text="抱歉，包裹在转运中心滞留，你等着吧。")
    attempt.refresh_from_db()
    written = attempt.transcript[-1]
    assert written["taboo"] == ["你等着吧"] and written["zeroed"] == ["empathy"]
    scores = {c["key"]: c["score"] for c in attempt.result["criteria"]}
    assert scores["empathy"] == 0


@pytest.mark.django_db
def test_trainers_keep_the_site_wide_list_in_the_admin_and_bad_lines_are_refused(client):
    client.force_login(make_person(role=Role.TRAINER, email="t@example.com"))
    admin_client = client
    url = reverse(
        "wagtailsettings:edit", args=["roleplay", "taboosettings", TabooSettings.load().pk]
    )
    form = admin_client.get(url).content.decode()
    assert "服务禁语" in form
    response = admin_client.post(url, {"phrases": "你等着吧\n！！！"})
    assert response.status_code == 200  # the form again, with the error
    assert "第 2 行：每条须包含文字，不能只有标点或符号" in response.content.decode()
    assert TabooSettings.load().phrases == ""
    admin_client.post(url, {"phrases": "你等着吧\n随你便"})
    assert TabooSettings.load().phrases.splitlines() == ["你等着吧", "随你便"]


@pytest.mark.django_db
def test_a_scenarios_own_phrases_round_trip_through_export_and_import(course):
    page, scenario, _created = scenario_import(
        data=scenario_bytes(taboo=["查不到", "你等着吧"]), filename="s.yaml"
    )
    assert scenario.taboo == ("查不到", "你等着吧")
    page = ScenarioPage.objects.get(pk=page.pk)
    assert page.taboo_phrases.splitlines() == ["查不到", "你等着吧"]
    exported = yaml.safe_load(scenario_export(page))
    assert exported["taboo"] == ["查不到", "你等着吧"]
    assert read_scenario_file(scenario_export(page).encode(), "s.yaml").taboo == scenario.taboo


@pytest.mark.django_db
def test_a_scenarios_own_phrase_counts_in_its_replies(learner_client, course):
    page, _scenario, _created = scenario_import(
        data=scenario_bytes(taboo=["查不到"]), filename="s.yaml"
    )
    attempt = start(learner_client, page, "practice")
    reply(learner_client, attempt, option="0")
    reply(learner_client, attempt, text="抱歉，查不到，包裹在转运中心滞留。")
    attempt.refresh_from_db()
    assert attempt.transcript[-1]["taboo"] == ["查不到"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("taboo", "message"),
    [
        ("查不到", "must be a list of texts"),
        (["查不到", ""], "must be a non-empty text"),
        (["。。。"], "a phrase needs letters or characters, not only marks"),
        (["太" * 41], "a phrase has at most 40 characters"),
    ],
)
def test_bad_phrases_in_the_file_are_refused_on_their_line_and_change_nothing(
    course, taboo, message
):
    text = yaml.safe_dump({**SCENARIO, "taboo": taboo}, allow_unicode=True, sort_keys=False)
    with translation.override("en"), pytest.raises(ImportRejected) as refused:
        scenario_import(data=text.encode(), filename="s.yaml")
    (problem,) = refused.value.problems
    assert message in problem.message and problem.field.startswith("taboo")
    lines = text.splitlines()
    assert problem.line is not None and "taboo" in "\n".join(
        lines[max(0, problem.line - 3) : problem.line]
    )
    assert not ScenarioPage.objects.exists()


@pytest.mark.django_db
def test_the_page_editor_has_the_scenarios_phrases_and_refuses_a_bad_line(admin_client, scenario):
    html = admin_client.get(reverse("wagtailadmin_pages:edit", args=[scenario.pk])).content
    assert 'name="taboo_phrases"' in html.decode()
    page = scenario.get_latest_revision_as_object()
    page.taboo_phrases = "你等着吧\n\n" + "太" * 41
    with translation.override("zh-hans"), pytest.raises(ValidationError) as refused:
        page.full_clean()
    assert refused.value.message_dict["taboo_phrases"] == ["第 3 行：每条最多 40 个字符"]
    page.taboo_phrases = "你等着吧\n随你便"
    page.full_clean()
    page.save_revision().publish()
    assert ScenarioPage.objects.get(pk=scenario.pk).taboo_phrases == "你等着吧\n随你便"
