"""An AI customer in a real browser, against the fake model server: a learner practises, sees
the customer's reply stream in behind the typing indicator, reloads while the customer is
still typing and carries on, the customer ends the conversation, and the result is shown."""

import re

import pytest
from playwright.sync_api import expect

from roleplay.files import scenario_import
from roleplay.models import AttemptState, ScenarioAttempt
from tests.courses.conftest import catalog, course, publish_child  # noqa: F401
from tests.factories import PASSWORD, make_person
from tests.roleplay.ai_scenarios import ai_scenario
from tests.roleplay.conftest import scenario_bytes

from .test_roleplay import CURRENT_MESSAGE_IN_SIGHT

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

ATTEMPT_URL = re.compile(r"/roleplay/attempts/[0-9a-f-]+/$")
RESULT_URL = re.compile(r"/roleplay/attempts/[0-9a-f-]+/result/$")
# Every text the customer's current bubble shows, in order (the typing indicator, the pieces).
WATCH_CURRENT = """() => {
  window.seen = [];
  const log = document.querySelector(".chat__log");
  new MutationObserver(() => {
    const current = document.querySelector("[data-ai-current] [data-ai-text]");
    const text = current ? current.textContent : "";
    if (window.seen[window.seen.length - 1] !== text) window.seen.push(text);
  }).observe(log, { childList: true, subtree: true, characterData: true });
}"""


def judge_and_coach(body) -> dict:
    """The fake model's judge and coach: the coach is asked about the reply marked 待点评."""
    asked = body["messages"][-1]["content"]
    if "待点评" in asked:
        return {
            "criteria": [{"key": "courtesy", "points": 4, "reason": "先致歉，语气诚恳。"}],
            "tip": "可以这样说：您好，非常抱歉，我马上为您查询。",
        }
    return {
        "criteria": [
            {
                "key": "courtesy",
                "points": 5,
                "reason": "一开始就致歉并安抚顾客。",
                "quote": "非常抱歉让您久等了",
            },
            {
                "key": "policy",
                "points": 4,
                "reason": "补发前先核实了物流。",
                "quote": "包裹在杭州转运中心",
            },
            {"key": "timely", "points": 5, "reason": "每次都及时回复。"},
        ],
        "violations": [],
        "summary": "整体处理得当。",
    }


def test_a_learner_practises_with_an_ai_customer(
    course,  # noqa: F811
    fake_llm,
    monkeypatch,
    visit,
    artifacts,
):
    page, _scenario, _created = scenario_import(data=scenario_bytes(), filename="s.yaml")
    document = ai_scenario()
    monkeypatch.setattr("roleplay.services.revision_scenario", lambda revision_id: document)
    learner = make_person(name="李小红")
    # The customer's answers, in the order they are asked for: the first types in slowly;
    # the second is still "typing" when the learner reloads (the page asks again, and the
    # same answer comes); the third ends the conversation.
    for _ in range(3):  # the model is down for the first reply: the first try and 2 retries
        fake_llm.error(503)
    fake_llm.stream(["请问订单号", "是 TB-0087 吗？", "你们快点查！！"], delay=1.0, pause=0.7)
    fake_llm.stream(["我等着呢"], delay=4.0)
    fake_llm.stream(["我等着呢"], delay=0.5)
    fake_llm.stream(["那行，", "谢谢。\n【结束：", "问题解决】"], pause=0.3)
    fake_llm.answer_json(judge_and_coach)

    def journey(browser_page):
        browser_page.goto("/accounts/login/")
        browser_page.locator("#id_login").fill(learner.email)
        browser_page.locator("#id_password").fill(PASSWORD)
        browser_page.locator("main form button[type=submit]").click()
        browser_page.goto(page.url)
        browser_page.locator("[data-start=practice]").click()
        expect(browser_page).to_have_url(ATTEMPT_URL)
        current = browser_page.locator("#current")
        expect(current).to_contain_text("双11买的东西到现在都没到")
        expect(browser_page.locator("[data-timer]")).to_contain_text("服务标准：60 秒内回复")

        reply = browser_page.locator("#reply-text")
        reply.fill("非常抱歉让您久等了，我马上帮您查物流。")
        browser_page.locator("[data-ai-send]").click()
        # The reply shows at once; the model is down: the learner is told, the reply stays.
        expect(browser_page.locator(".bubble--agent").last).to_contain_text("我马上帮您查物流")
        expect(browser_page.locator("[data-ai-error]")).to_contain_text("AI 顾客暂时无法连接")
        expect(reply).to_be_disabled()
        browser_page.evaluate(WATCH_CURRENT)
        # Asking again: the customer "types", then the answer arrives piece by piece.
        browser_page.locator("[data-ai-retry] button").click()
        expect(browser_page.locator("[data-ai-error]")).to_be_hidden()
        expect(current).to_contain_text("请问订单号是 TB-0087 吗？你们快点查！！")
        seen = browser_page.evaluate("window.seen")
        assert "对方正在输入…" in seen
        assert "请问订单号" in seen and "请问订单号是 TB-0087 吗？" in seen
        expect(reply).to_be_enabled()
        # Practice: the reply is coached under it.
        expect(browser_page.locator(".chat__log .coach")).to_have_count(1)
        expect(browser_page.locator(".chat__log .coach")).to_contain_text("可以这样说：您好")
        browser_page.screenshot(path=artifacts / "ai-customer-chat.png", full_page=True)

        reply.fill("订单号对的，您稍等，我查一下物流。")
        browser_page.locator("[data-ai-send]").click()
        expect(current).to_contain_text("对方正在输入…")
        browser_page.wait_for_function(CURRENT_MESSAGE_IN_SIGHT, timeout=5_000)
        browser_page.screenshot(path=artifacts / "ai-customer-typing.png")
        attempt_url = browser_page.url
        browser_page.reload()  # midway: the customer has not answered yet
        expect(browser_page).to_have_url(attempt_url)
        expect(browser_page.locator(".bubble--agent")).to_have_count(2)
        expect(browser_page.locator(".bubble--agent").last).to_contain_text("我查一下物流")
        expect(browser_page.locator("#current")).to_contain_text("我等着呢", timeout=10_000)
        expect(browser_page.locator("#reply-text")).to_be_enabled()

        browser_page.locator("#reply-text").fill("查到了，包裹在杭州转运中心，今天给您补发。")
        browser_page.locator("[data-ai-send]").click()
        expect(browser_page).to_have_url(RESULT_URL, timeout=10_000)
        result = browser_page.locator("main")
        expect(result).not_to_contain_text("正在评分…", timeout=10_000)
        expect(browser_page.locator("[data-result]")).to_be_visible()
        expect(browser_page.locator(".chat__log .bubble--agent")).to_have_count(3)
        expect(browser_page.locator(".chat__log .bubble--customer").last).to_have_text(
            re.compile(r"那行，谢谢。$")
        )
        expect(result).not_to_contain_text("结束：")
        # The judge's scores on the rubric, each with its reason and the learner's words.
        courtesy = browser_page.locator('[data-criterion="courtesy"]')
        expect(courtesy).to_contain_text("100%")
        expect(courtesy).to_contain_text("一开始就致歉并安抚顾客。")
        expect(courtesy).to_contain_text("非常抱歉让您久等了")
        expect(browser_page.locator('[data-criterion="policy"]')).to_contain_text("80%")
        browser_page.screenshot(path=artifacts / "ai-customer-result.png", full_page=True)

    visit(journey)
    attempt = ScenarioAttempt.objects.get(user=learner)
    assert attempt.state == AttemptState.SCORED and attempt.ai_ended_by == "resolved"
    assert attempt.result["judge"]["source"] == "model"
    assert [turn["reply"] for turn in attempt.transcript] == [
        "非常抱歉让您久等了，我马上帮您查物流。",
        "订单号对的，您稍等，我查一下物流。",
        "查到了，包裹在杭州转运中心，今天给您补发。",
    ]
