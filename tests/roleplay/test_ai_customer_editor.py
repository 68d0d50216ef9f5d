"""Trainers write an AI customer in the page editor: its own panel, a step that hands over to
it, and a broken one refused with each message on the field it is about."""

import copy
import re

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.test.utils.form_data import nested_form_data, streamfield

from courses.services import SENIOR_TRAINER
from roleplay.document import page_apply_document, page_document, page_scenario
from roleplay.models import ScenarioPage
from tests.factories import make_person
from tests.roleplay.test_scenario_keys import _list, _option, _step
from training.roles import Role


@pytest.fixture
def senior(client):
    person = make_person(role=Role.TRAINER, email="senior@example.com")
    person.groups.add(Group.objects.get(name=SENIOR_TRAINER))
    client.force_login(person)
    client.cookies["django_language"] = "en"
    return person


def _form(steps, **ai) -> dict:
    """The add form as the browser posts it: a short rubric, the steps, the AI panel."""
    facts = ai.pop("facts", [])
    endings = ai.pop("endings", ["resolved", "escalated", "gave_up"])
    data = nested_form_data(
        {
            "title": "直播间买的衣服怎么退",
            "slug": "直播间买的衣服怎么退",
            "objective": "耐心讲清七天无理由退货的规则和步骤。",
            "persona_name": "刘阿姨",
            "persona_mood": "confused",
            "channel": "live_chat",
            "persona_description": "68 岁，第一次在直播间买东西",
            "order_number": "",
            "order_product": "",
            "order_status": "",
            "order_dates": "",
            "rubric": streamfield(
                [
                    ("criterion", {"name": "共情与礼貌", "key": "", "weight": "1"}),
                    ("criterion", {"name": "政策准确", "key": "", "weight": "2", "critical": "on"}),
                ]
            ),
            "start_step": "",
            "steps": streamfield(steps),
            "ai_temperament": ai.pop("temperament", "confused"),
            "ai_wants": ai.pop("wants", "想把直播间买的外套退掉，但不知道怎么操作"),
            "ai_writing": ai.pop("writing", "打字慢，常有错别字，不用标点"),
            "ai_facts": streamfield([("fact", fact) for fact in facts]),
            "ai_policy": ai.pop("policy", "签收后 7 天内无理由退货，吊牌须完好"),
            "ai_max_turns": ai.pop("max_turns", "8"),
            "ai_reply_seconds": ai.pop("reply_seconds", ""),
            "pass_score": "0.6",
            "assessment_tries": "3",
            "action-publish": "publish",
        }
    )
    data["ai_endings"] = endings  # checkboxes: one value per ticked box
    return data


def _add(client, course, data):
    module = course.modules().first()
    url = reverse("wagtailadmin_pages:add", args=["roleplay", "scenariopage", module.pk])
    return client.post(url, data)


GREETING = (
    "step",
    _step(
        "问候",
        "在吗",
        "options",
        _list(
            [
                _option("阿姨您好，我是客服小林，您慢慢说。", "AI 接手", {"共情与礼貌": 2}),
                _option("在。", "AI 接手", {"共情与礼貌": -1}),
            ]
        ),
    ),
)
HAND_OVER = ("step", _step("AI 接手", "我想退那个衣服 怎么弄啊", "ai", ""))


@pytest.mark.django_db
def test_a_trainer_saves_a_scenario_whose_ai_customer_takes_over_after_a_greeting(
    client, senior, course
):
    data = _form(
        [GREETING, HAND_OVER],
        facts=[
            {"fact": "11 月 20 日在直播间下单，11 月 23 日签收", "when": "客服问到什么时候买的"},
            {"fact": "吊牌已经剪掉了", "when": ""},
        ],
        endings=["resolved", "gave_up"],
        reply_seconds="90",
    )

    response = _add(client, course, data)

    assert response.status_code == 302, response.context["form"].errors
    page = ScenarioPage.objects.get(title="直播间买的衣服怎么退")
    scenario = page_scenario(page)
    customer = scenario.ai_customer
    assert customer.temperament == "confused"
    assert customer.wants.startswith("想把直播间买的外套退掉")
    assert [(f.fact, f.when) for f in customer.facts] == [
        ("11 月 20 日在直播间下单，11 月 23 日签收", "客服问到什么时候买的"),
        ("吊牌已经剪掉了", ""),
    ]
    assert customer.policy == "签收后 7 天内无理由退货，吊牌须完好"
    assert customer.endings == ("resolved", "gave_up")
    assert customer.max_turns == 8 and customer.reply_seconds == 90
    assert [step.kind for step in scenario.steps] == ["options", "ai"]
    assert scenario.steps[0].options[0].next == scenario.steps[1].key
    assert scenario.uses_ai

    # The editor shows it again: the panel, the ticked endings, and the summary's AI part.
    html = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).content.decode()
    assert "AI customer</span>" in html
    ticked = re.findall(
        r'<input type="checkbox" name="ai_endings" value="(\w+)"[^>]* checked>', html
    )
    assert ticked == ["resolved", "gave_up"]
    summary = html[html.index("data-ai-summary") :]
    assert "From AI 接手 on, the AI customer plays (Confused)." in summary
    assert "They know 2 hidden facts." in summary
    assert "after 8 replies" in summary
    assert "in the scripted steps before the AI customer takes over" in summary


@pytest.mark.django_db
def test_a_pure_ai_scenario_is_one_step(client, senior, course):
    only = ("step", _step("", "我想退那个衣服 怎么弄啊", "ai", ""))

    response = _add(client, course, _form([only]))

    assert response.status_code == 302, response.context["form"].errors
    scenario = page_scenario(ScenarioPage.objects.get(title="直播间买的衣服怎么退"))
    assert [step.kind for step in scenario.steps] == ["ai"]
    assert scenario.ai_customer.endings == ("resolved", "escalated", "gave_up")


@pytest.mark.django_db
def test_a_broken_ai_customer_is_refused_with_each_message_on_its_field(client, senior, course):
    data = _form([GREETING, HAND_OVER], temperament="", wants="", endings=[])

    response = _add(client, course, data)

    assert response.status_code == 200
    assert not ScenarioPage.objects.filter(title="直播间买的衣服怎么退").exists()
    errors = response.context["form"].errors
    assert errors["ai_temperament"] == ["must not be empty"]
    assert errors["ai_wants"] == ["must not be empty"]
    assert errors["ai_endings"][0].startswith("give at least one way the customer may end")
    assert "steps" not in errors


@pytest.mark.django_db
def test_an_ai_customer_no_step_hands_over_to_is_refused_on_the_conversation(
    client, senior, course
):
    end = ("step", _step("AI 接手", "好的", "end", {"outcome": "resolved", "debrief": "好。"}))

    response = _add(client, course, _form([GREETING, end]))

    assert response.status_code == 200
    errors = response.context["form"].errors.as_data()
    assert set(errors) == {"steps"}
    conversation = errors["steps"][0].non_block_errors.as_data()
    assert any("no step is an AI step" in str(error.message) for error in conversation)


@pytest.mark.django_db
def test_a_page_and_its_document_map_the_ai_customer_both_ways(scenario):
    page = scenario.get_latest_revision_as_object()
    document = page_document(page)
    scripted = copy.deepcopy(document)
    assert "ai_customer" not in document  # a scripted scenario has none
    document["steps"][1] = {
        "key": "explain",
        "customer": "那你查到了吗？",
        "ai": True,
    }
    document["ai_customer"] = {
        "temperament": "sceptical",
        "wants": "要一个确切的到货时间",
        "facts": [{"fact": "快递员昨天打过电话，没接到", "when": "客服问起有没有人联系过"}],
        "endings": ["resolved", "escalated"],
        "max_turns": 6,
        "reply_seconds": 45,
    }
    del document["steps"][2]  # the scripted end after the written reply goes
    document["steps"][0]["options"][1]["next"] = "lost"

    page_apply_document(page, document)

    assert page.ai_temperament == "sceptical" and page.ai_max_turns == 6
    assert page_document(page)["ai_customer"] == document["ai_customer"]
    assert page_document(page)["steps"][1] == document["steps"][1]
    page.full_clean()
    page.save_revision()
    saved = page_scenario(ScenarioPage.objects.get(pk=scenario.pk).get_latest_revision_as_object())
    assert saved.ai_customer.facts[0].when == "客服问起有没有人联系过"
    # And back to a scripted scenario: the AI fields are cleared.
    page_apply_document(page, scripted)
    assert page.ai_temperament == "" and list(page.ai_facts) == []
    assert page_document(page) == scripted


@pytest.mark.django_db
def test_a_new_scenario_offers_the_ai_panel_with_every_ending_ticked(client, senior, course):
    module = course.modules().first()
    url = reverse("wagtailadmin_pages:add", args=["roleplay", "scenariopage", module.pk])
    client.cookies["django_language"] = "zh-hans"

    html = client.get(url).content.decode()

    assert "AI 顾客</span>" in html
    ticked = re.findall(
        r'<input type="checkbox" name="ai_endings" value="(\w+)"[^>]* checked>', html
    )
    assert ticked == ["resolved", "escalated", "gave_up"]
    assert "转交专人" in html and "客服最多回复次数" in html
    # The temperament is chosen from the list, by its Chinese label.
    assert '<option value="impatient">急躁</option>' in html
