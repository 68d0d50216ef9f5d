"""Trainers write scenarios in Chinese only: keys are made for them and never change after."""

import copy
import re

import pytest
import yaml
from django.core.exceptions import ValidationError
from django.utils import translation
from wagtail.test.utils.form_data import nested_form_data, streamfield

from roleplay.blocks import CriterionBlock, StepBlock
from roleplay.document import page_apply_document, page_document, page_scenario
from roleplay.files import scenario_import
from roleplay.models import AttemptState
from tests.roleplay.conftest import SCENARIO
from tests.roleplay.test_play import reply, start

KEY = re.compile(r"^[a-z0-9][a-z0-9_-]{0,39}$")

# The conftest's scenario as a trainer writes it: names, no key anywhere, no start.
CHINESE_ONLY = {
    **{k: v for k, v in SCENARIO.items() if k not in ("start", "slug")},
    "rubric": [
        {"name": "共情与礼貌", "weight": 1},
        {"name": "政策准确", "weight": 2, "critical": True},
        {"name": "问题解决", "weight": 1},
    ],
    "steps": [
        {
            "name": "开场",
            "customer": "快递三天没动了！给我退款！",
            "options": [
                {
                    "text": "非常抱歉让您久等了，我马上为您查询物流。",
                    "next": "查物流",
                    "scores": {"共情与礼貌": 2, "政策准确": 1},
                },
                {
                    "text": "已经给您直接退款了。",
                    "next": "流失",
                    "scores": {"问题解决": 1},
                    "violation": "政策准确",
                },
            ],
        },
        {
            "name": "查物流",
            "customer": "那你查到了吗？",
            "free_text": {
                "next": "解决",
                "good": ["查到包裹在转运中心滞留，今天内发出，明天中午前回电。"],
                "key_points": [
                    {
                        "name": "说明物流现状",
                        "criterion": "问题解决",
                        "points": 2,
                        "synonyms": ["转运中心", "滞留"],
                    },
                    {"name": "致歉", "criterion": "共情与礼貌", "points": 1, "synonyms": ["抱歉"]},
                ],
                "forbidden": [{"phrase": "不归我们管", "criterion": "共情与礼貌", "points": -2}],
            },
        },
        # A step without a name still gets a key; nothing leads to it by name here.
        {
            "name": "解决",
            "customer": "好的，等你电话。",
            "end": {"outcome": "resolved", "debrief": "好。"},
        },
        {"customer": "你们太乱了。", "end": {"outcome": "customer_lost", "debrief": "违规退款。"}},
    ],
}


def chinese_only(**changes) -> bytes:
    document = copy.deepcopy(CHINESE_ONLY)
    document.update(changes)
    return yaml.safe_dump(document, allow_unicode=True).encode()


@pytest.mark.django_db
def test_a_scenario_written_only_in_chinese_gets_valid_unique_keys_and_plays(
    course, learner_client
):
    # The last step has no name: point the violation's option at it by position's key later.
    document = copy.deepcopy(CHINESE_ONLY)
    document["steps"][0]["options"][1]["next"] = "step_4"
    page, scenario, _created = scenario_import(
        data=yaml.safe_dump(document, allow_unicode=True).encode(), filename="s.yaml"
    )
    assert page.slug == scenario.slug == "kuai-di-yan-wu-yao-tui-kuan"  # 快递延误要退款
    criteria = [c.key for c in scenario.rubric]
    steps = [s.key for s in scenario.steps]
    assert all(KEY.match(key) for key in criteria + steps), criteria + steps
    assert len(set(criteria)) == 3 and len(set(steps)) == 4
    assert criteria == ["gong_qing_yu_li_mao", "zheng_ce_zhun_que", "wen_ti_jie_jue"]
    assert steps == ["kai_chang", "cha_wu_liu", "jie_jue", "step_4"]
    assert scenario.start == "kai_chang"
    opening = scenario.steps[0]
    assert [o.next for o in opening.options] == ["cha_wu_liu", "step_4"]
    assert opening.options[0].scores == {"gong_qing_yu_li_mao": 2, "zheng_ce_zhun_que": 1}
    assert opening.options[1].violation == "zheng_ce_zhun_que"
    assert [p.criterion for p in scenario.steps[1].free_text.key_points] == [
        "wen_ti_jie_jue",
        "gong_qing_yu_li_mao",
    ]
    # The names stay for people to read.
    assert [s.name for s in scenario.steps] == ["开场", "查物流", "解决", ""]

    page.save_revision().publish()
    attempt = start(learner_client, page, "practice")
    reply(learner_client, attempt, option="0")
    reply(learner_client, attempt, text="非常抱歉，包裹在转运中心滞留，今天内发出。")
    attempt.refresh_from_db()
    assert attempt.state == AttemptState.SCORED and attempt.outcome == "resolved"
    assert attempt.passed is True
    assert {c["key"] for c in attempt.result["criteria"]} == set(criteria)


@pytest.mark.django_db
def test_two_criteria_with_the_same_name_are_refused_as_ambiguous(
    course,
):
    document = copy.deepcopy(CHINESE_ONLY)
    document["rubric"][2]["name"] = "共情与礼貌"
    from roleplay.scenario import ScenarioInvalid, scenario_from_dict

    with translation.override("en"), pytest.raises(ScenarioInvalid) as refused:
        scenario_from_dict(document)
    assert any('already has the name "共情与礼貌"' in str(p) for p in refused.value.problems)


@pytest.mark.django_db
def test_keys_given_in_a_file_are_kept(scenario):
    assert [c.key for c in page_scenario(scenario).rubric] == ["empathy", "policy", "resolution"]
    assert page_scenario(scenario).start == "opening"


@pytest.mark.django_db
def test_the_editor_makes_keys_for_new_items_and_keeps_existing_ones(scenario):
    page = scenario.get_latest_revision_as_object()
    document = page_document(page)
    # The trainer renames a criterion and a step and adds a criterion and a step, keys empty;
    # the new step is reached by name.
    document["rubric"][0]["name"] = "共情"
    document["rubric"].append({"key": "", "name": "规范用语", "weight": 1})
    document["steps"][1]["name"] = "解释"
    document["steps"][0]["options"][1]["next"] = "追问"
    document["steps"][0]["options"][1]["scores"] = {"规范用语": -1}
    document["steps"].append(
        {
            "key": "",
            "name": "追问",
            "customer": "什么？退了？",
            "options": [
                {"text": "抱歉，是我操作有误。", "next": "lost", "scores": {"规范用语": 1}}
            ],
        }
    )
    page_apply_document(page, document)
    page.full_clean()  # what the admin's page form runs on save
    page.save_revision().publish()

    saved = page_scenario(
        type(scenario).objects.get(pk=scenario.pk).get_latest_revision_as_object()
    )
    assert [c.key for c in saved.rubric] == ["empathy", "policy", "resolution", "gui_fan_yong_yu"]
    assert [s.key for s in saved.steps] == ["opening", "explain", "resolved", "lost", "zhui_wen"]
    assert saved.steps[4].options[0].next == "lost"
    assert saved.steps[0].options[1].next == "zhui_wen"
    assert saved.steps[0].options[1].scores == {"gui_fan_yong_yu": -1}

    # Saving again (keys now stored) changes none of them, even after another rename.
    again = page_document(
        type(scenario).objects.get(pk=scenario.pk).get_latest_revision_as_object()
    )
    again["steps"][4]["name"] = "顾客追问"
    again["steps"][0]["options"][1]["next"] = "zhui_wen"
    page_apply_document(page, again)
    page.full_clean()
    assert [s.key for s in page_scenario(page).steps][-1] == "zhui_wen"


@pytest.mark.django_db
def test_a_reference_to_a_name_that_does_not_exist_is_refused_naming_it(scenario):
    page = scenario.get_latest_revision_as_object()
    document = page_document(page)
    document["steps"][0]["options"][0]["next"] = "查无此步"
    page_apply_document(page, document)
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        page.full_clean()
    conversation = refused.value.error_dict["steps"][0]
    messages = " ".join(str(e.message) for e in conversation.non_block_errors.as_data())
    assert 'next step "查无此步" does not exist' in messages


def test_the_editor_does_not_ask_for_keys():
    step = StepBlock().to_python(
        {"name": "开场", "key": "", "customer": "你好", "mood": "", "reply": []}
    )
    criterion = CriterionBlock().to_python({"name": "共情", "key": "", "weight": 1})
    # Neither block refuses an empty key (a required key would stop the form).
    StepBlock().child_blocks["key"].clean("")
    CriterionBlock().child_blocks["key"].clean("")
    assert step["name"] == "开场" and criterion["name"] == "共情"


def _list(items: list) -> dict:
    """A ListBlock's form data (the admin posts it as count, then value/deleted/order per item)."""
    data = {
        str(index): {"value": value, "deleted": "", "order": str(index), "id": ""}
        for index, value in enumerate(items)
    }
    return {"count": str(len(items)), **data}


def _option(text, next_step, scores, **fields):
    return {
        "text": text,
        "next": next_step,
        "scores": _list([{"criterion": c, "points": str(p)} for c, p in scores.items()]),
        "feedback": fields.get("feedback", ""),
        "better": "",
        "violation": fields.get("violation", ""),
    }


def _step(name, customer, reply_type, reply_value):
    return {
        "name": name,
        "key": "",
        "customer": customer,
        "mood": "",
        "reply": streamfield([(reply_type, reply_value)]),
    }


@pytest.mark.django_db
def test_a_trainer_writes_a_scenario_in_chinese_only_in_the_editor(client, course):
    from django.contrib.auth.models import Group
    from django.urls import reverse

    from courses.services import SENIOR_TRAINER
    from roleplay.models import ScenarioPage
    from tests.factories import make_person
    from training.roles import Role

    person = make_person(role=Role.TRAINER, email="senior@example.com")
    person.groups.add(Group.objects.get(name=SENIOR_TRAINER))
    client.force_login(person)
    end = {"outcome": "resolved", "debrief": "顾客满意。"}
    lost = {"outcome": "customer_lost", "debrief": "顾客流失。"}
    data = nested_form_data(
        {
            "title": "催发货",
            "slug": "催发货",
            "objective": "安抚顾客并给出发货时间。",
            "persona_name": "李先生",
            "persona_mood": "annoyed",
            "channel": "live_chat",
            "persona_description": "",
            "order_number": "",
            "order_product": "",
            "order_status": "",
            "order_dates": "",
            "rubric": streamfield(
                [
                    ("criterion", {"name": "共情", "key": "", "weight": "1", "description": ""}),
                    ("criterion", {"name": "时效", "key": "", "weight": "1", "description": ""}),
                ]
            ),
            "start_step": "",
            "steps": streamfield(
                [
                    (
                        "step",
                        _step(
                            "开场",
                            "怎么还不发货？",
                            "options",
                            _list(
                                [
                                    _option(
                                        "抱歉久等，今天下午发出。", "结束", {"共情": 1, "时效": 1}
                                    ),
                                    _option("等着吧。", "流失", {"共情": -1}),
                                ]
                            ),
                        ),
                    ),
                    ("step", _step("结束", "好的。", "end", end)),
                    ("step", _step("流失", "再也不买了。", "end", lost)),
                ]
            ),
            "pass_score": "0.6",
            "assessment_tries": "3",
            # The AI customer's panel as the browser posts it, untouched.
            "ai_facts": streamfield([]),
            "ai_max_turns": "12",
            "action-publish": "publish",
        }
    )
    module = course.modules().first()
    url = reverse("wagtailadmin_pages:add", args=["roleplay", "scenariopage", module.pk])
    response = client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    page = ScenarioPage.objects.get(title="催发货")
    assert page.slug == "cui-fa-huo"
    scenario = page_scenario(page)
    assert [c.key for c in scenario.rubric] == ["gong_qing", "shi_xiao"]
    assert [s.key for s in scenario.steps] == ["kai_chang", "jie_shu", "liu_shi"]
    assert scenario.start == "kai_chang"
    assert scenario.steps[0].options[0].scores == {"gong_qing": 1, "shi_xiao": 1}
    # The keys are stored with the page, so they stay when the names change later.
    assert [child.value["key"] for child in page.steps] == ["kai_chang", "jie_shu", "liu_shi"]
