"""Role-play in a real browser: a learner plays a demo drill to its end (a reload midway
resumes the conversation), a trainer reviews an assessed written reply and the learner sees
the scores, and the Wagtail editor refuses a scenario whose graph is broken, naming the step,
and play-tests the corrected draft."""

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect
from wagtail.models import Revision

from roleplay.document import page_document
from roleplay.models import AttemptMode, AttemptState, ScenarioAttempt, ScenarioPage
from training.models import LearningRecord, RecordKind, User

from .test_smoke_roles import log_in, path_is

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

LEARNER = "newhire@demo.agentacademy.cn"
TRAINER = "trainer@demo.agentacademy.cn"
ATTEMPT_URL = re.compile(r"/roleplay/attempts/[0-9a-f-]+/$")
RESULT_URL = re.compile(r"/roleplay/attempts/[0-9a-f-]+/result/$")


@pytest.fixture
def demo_scenarios(transactional_db):
    call_command("load_demo", verbosity=0)
    call_command("load_demo_courses", verbosity=0)
    # The scenarios only: these journeys count the attempts and the review queue themselves.
    call_command("load_demo_roleplay", without_history=True, verbosity=0)
    return {page.slug: page for page in ScenarioPage.objects.live()}


PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}
# The customer's current message is on screen, top to bottom, and not under the reply panel
# that sticks to the bottom of the screen.
CURRENT_MESSAGE_IN_SIGHT = """() => {
  const current = document.getElementById("current");
  const box = current.getBoundingClientRect();
  const x = box.left + box.width / 2;
  return [box.top + 4, box.bottom - 4].every(
    (y) => y >= 0 && y < innerHeight && current.contains(document.elementFromPoint(x, y))
  );
}"""


def choose(page, reply: str) -> None:
    page.locator("[data-reply-form] .reply-option", has_text=reply).click()


def test_a_learner_plays_a_drill_to_its_end_and_a_reload_resumes(demo_scenarios, visit, artifacts):
    # 微博公开投诉 by choices only: a defensive first reply (and its feedback), a reload on a
    # phone, then two good replies to the crisis ending.
    scenario = demo_scenarios["public-complaint-weibo"]
    learner = User.objects.get(email=LEARNER)

    def journey(page):
        log_in(page, LEARNER)
        page.goto(scenario.url)
        page.locator("[data-start=practice]").click()
        expect(page).to_have_url(ATTEMPT_URL)
        chat = page.locator(".chat__log")
        expect(page.locator("#current")).to_contain_text("给孩子买的保温杯，一打开就一股刺鼻的味道")
        expect(page.locator("[data-timer]")).to_contain_text("服务标准：60 秒内回复")
        # The timer counts the seconds since the message was shown, in Chinese.
        expect(page.locator("[data-timer-value]")).to_have_text(re.compile(r"^[1-9]\d* 秒$"))
        page.screenshot(path=artifacts / "roleplay-play-start.png", full_page=True)

        choose(page, "新杯子有点味道是正常的，请不要造谣")
        # Practice: feedback on that reply and a better one, then the customer's next turn.
        expect(chat.locator(".coach")).to_contain_text("没有核实就下结论，还指责顾客“造谣”")
        expect(chat.locator(".coach")).to_contain_text("更好的回复：")
        expect(page.locator("#current")).to_contain_text("帖子转发过万")
        attempt_url = page.url

        # Midway, on a phone: a reload shows the conversation where it was.
        page.set_viewport_size(PHONE)
        page.reload()
        expect(page).to_have_url(attempt_url)
        expect(page.locator("input[name=step]")).to_have_value("backlash_grows")
        expect(page.locator("#current")).to_contain_text("帖子转发过万")
        expect(chat.locator(".bubble--customer").first).to_contain_text("刺鼻的味道")
        expect(chat.locator(".bubble--agent")).to_have_count(1)
        expect(chat.locator(".bubble--agent")).to_contain_text("请不要造谣")
        expect(chat.locator(".coach")).to_contain_text("没有核实就下结论")
        page.wait_for_function(CURRENT_MESSAGE_IN_SIGHT, timeout=5_000)
        page.screenshot(path=artifacts / "roleplay-play-reloaded-phone.png")

        choose(page, "停止在评论区争辩，立即上报主管启动危机预案")
        expect(page.locator("#current")).to_contain_text("主管发布统一口径")
        page.wait_for_function(CURRENT_MESSAGE_IN_SIGHT, timeout=5_000)
        page.screenshot(path=artifacts / "roleplay-play-next-phone.png")
        page.set_viewport_size(DESKTOP)
        page.screenshot(path=artifacts / "roleplay-play-next.png", full_page=True)
        choose(page, "非常抱歉让孩子受苦了。按公司的处理方案")

        expect(page).to_have_url(RESULT_URL)
        result = page.locator("[data-result]")
        # (危机识别与上报 2 × 100% + 问题解决 2 × 100%) / the rubric's weights, 11 = 36 %;
        # not passed, though the conversation ended where the drill intends.
        expect(result.locator(".outcome")).to_contain_text("已升级处理 · 得分 36%")
        expect(result.locator(".outcome .badge")).to_have_text("未通过")
        for key, name, percent in [
            ("empathy", "共情与礼貌", 0),
            ("policy", "合规与信息保护", 0),
            ("escalation", "危机识别与上报", 100),
            ("resolution", "问题解决", 100),
            ("consistency", "统一口径与规范用语", 0),
            ("timeliness", "响应及时", 0),
        ]:
            expect(result.locator(f"[data-criterion={key}] .criterion__label")).to_have_text(
                f"{name} {percent}%"
            )
        expect(result).to_contain_text("复盘")
        expect(result).to_contain_text("这是正确的结局：事件按危机流程升级")
        # The whole conversation, with the customer's last word.
        expect(page.locator(".chat__log .bubble--agent")).to_have_count(3)
        expect(page.locator(".chat__log .bubble--customer").last).to_contain_text(
            "我等你们的检测结果和专员电话"
        )
        page.screenshot(path=artifacts / "roleplay-play-result.png", full_page=True)
        page.set_viewport_size(PHONE)
        page.screenshot(path=artifacts / "roleplay-play-result-phone.png", full_page=True)

    visit(journey)
    attempt = ScenarioAttempt.objects.get(scenario=scenario, user=learner)
    assert attempt.mode == AttemptMode.PRACTICE and attempt.state == AttemptState.SCORED
    assert attempt.finished_at is not None and attempt.outcome == "escalated"
    assert len(attempt.transcript) == 3
    assert [(turn["step"], turn["option"]) for turn in attempt.transcript] == [
        ("opening", 1),
        ("backlash_grows", 0),
        ("statement", 2),
    ]
    assert attempt.score == pytest.approx(4 / 11) and attempt.passed is False
    # Practice writes no learning record.
    assert not LearningRecord.objects.filter(user=learner, kind=RecordKind.ROLEPLAY).exists()


# A trainer's scores for the late-parcel drill: (criterion key, name, percent, comment).
TRAINER_SCORES = [
    ("empathy", "共情与礼貌", 80, "道歉及时，可以再提一句生日。"),
    ("policy", "政策准确", 100, ""),
    ("resolution", "问题解决", 60, "没有说明拦截失败时怎么办。"),
    ("wording", "规范用语", 90, ""),
    ("timeliness", "响应及时", 70, "“今天 18 点前”可以更早。"),
]


def test_a_trainer_reviews_an_assessed_written_reply_and_the_learner_sees_the_scores(
    demo_scenarios, visit, artifacts
):
    scenario = demo_scenarios["late-parcel-refund"]
    learner = User.objects.get(email=LEARNER)
    written = (
        "王女士，非常抱歉让您久等了。包裹停在杭州转运中心，"
        "我已经联系快递加急处理，今天 18 点前给您答复。"
    )

    def assessment(page):
        log_in(page, LEARNER)
        page.goto(scenario.url)
        page.locator("[data-start=assessment]").click()
        expect(page).to_have_url(ATTEMPT_URL)
        choose(page, "王女士您好，非常抱歉让您着急了")
        expect(page.locator("#current")).to_contain_text("查到了没有？包裹到底在哪？")
        expect(page.locator(".coach")).to_have_count(0)  # assessed: no feedback on the way
        page.locator("#reply-text").fill(written)
        page.screenshot(path=artifacts / "roleplay-assessment-written.png", full_page=True)
        page.locator("[data-reply-form] button[type=submit]").click()
        expect(page.locator(".chat__log .bubble--agent").last).to_contain_text(written)
        choose(page, "理解您，生日礼物最要紧")
        choose(page, "补发走顺丰次日达")
        expect(page).to_have_url(RESULT_URL)
        expect(page.locator("[data-result]")).to_contain_text("暂定成绩：培训师将评审您的书面回复")
        page.screenshot(path=artifacts / "roleplay-assessment-provisional.png", full_page=True)

    visit(assessment)
    attempt = ScenarioAttempt.objects.get(scenario=scenario, user=learner)
    assert attempt.mode == AttemptMode.ASSESSMENT
    assert attempt.state == AttemptState.AWAITING_REVIEW and attempt.passed is None
    assert [turn["kind"] for turn in attempt.transcript] == [
        "option",
        "free_text",
        "option",
        "option",
    ]
    assert attempt.transcript[1]["reply"] == written
    record = LearningRecord.objects.get(user=learner, kind=RecordKind.ROLEPLAY)
    assert record.details["provisional"] is True and record.passed is None

    def review(page):
        log_in(page, TRAINER)
        page.goto("/roleplay/reviews/")
        row = page.locator("main table tbody tr", has_text=scenario.title)
        expect(row).to_have_count(1)
        expect(row).to_contain_text(learner.name)
        page.screenshot(path=artifacts / "roleplay-review-queue.png", full_page=True)
        row.get_by_role("link").click()  # 复查 ("Review" is translated by another app first)
        expect(page).to_have_url(path_is(f"/roleplay/reviews/{attempt.uuid}/"))
        expect(page.locator(".chat__log")).to_contain_text(written)
        for key, _name, percent, comment in TRAINER_SCORES:
            page.locator(f"#id_score_{key}").fill(str(percent))
            page.locator(f"#id_comment_{key}").fill(comment)
        page.locator("#id_summary").fill("态度很好，方案要想到拦截失败的情况。")
        page.screenshot(path=artifacts / "roleplay-review-form.png", full_page=True)
        page.get_by_role("button", name="保存评审").click()
        expect(page).to_have_url(path_is("/roleplay/reviews/"))
        expect(page.locator("main")).to_contain_text("没有待评审的角色扮演。")

    visit(review)

    def see_the_review(page):
        log_in(page, LEARNER)
        page.goto(scenario.url)
        page.locator("#my-plays").locator("..").get_by_role("link", name="结果").click()
        expect(page).to_have_url(RESULT_URL)
        result = page.locator("[data-result]")
        # Weighted by the rubric: (2×80 + 3×100 + 3×60 + 1×90 + 1×70) / 10 = 80 %.
        expect(result.locator(".outcome")).to_contain_text("已解决 · 得分 80%")
        expect(result.locator(".outcome .badge")).to_have_text("通过")  # no longer provisional
        for key, name, percent, comment in TRAINER_SCORES:
            criterion = result.locator(f"[data-criterion={key}]")
            expect(criterion.locator(".criterion__label")).to_have_text(f"{name} {percent}%")
            if comment:
                expect(criterion).to_contain_text(f"培训师： {comment}")
        expect(result).to_contain_text("培训师评语： 态度很好，方案要想到拦截失败的情况。")
        page.screenshot(path=artifacts / "roleplay-review-seen.png", full_page=True)

    visit(see_the_review)
    record.refresh_from_db()
    assert record.details["provisional"] is False and record.details["reviewed"] is True
    assert record.details["criteria"] == {
        key: pytest.approx(percent / 100) for key, _name, percent, _comment in TRAINER_SCORES
    }
    assert record.score == pytest.approx(0.8) and record.passed is True


def test_the_wagtail_editor_refuses_a_broken_graph_naming_the_step(
    demo_scenarios, visit, artifacts
):
    scenario = demo_scenarios["late-parcel-refund"]
    published = scenario.get_latest_revision()
    # The first step's first reply ("您好，请稍等。"). StreamField inputs are named by position:
    # steps-<step>-value-reply-0-value-<option>-value-<field>.
    next_step = "#steps-0-value-reply-0-value-0-value-next"
    feedback = "#steps-0-value-reply-0-value-0-value-feedback"

    def break_the_graph(page):
        log_in(page, TRAINER)
        page.goto(f"/cms/pages/{scenario.pk}/edit/")
        expect(page.locator(next_step)).to_have_value("check_logistics")
        page.locator(next_step).fill("check_logistcs")  # a typo: no step has that key
        page.get_by_role("button", name="保存草稿").click()

        problem = page.locator("#steps-root > .help-critical")
        # The editor's whole form comes back from the server: give it the time of a page load.
        expect(problem).to_have_text(
            "步骤“opening”, options[1].next: 下一步骤“check_logistcs”不存在", timeout=15_000
        )
        expect(page.locator(next_step)).to_have_value("check_logistcs")  # kept, to correct
        problem.scroll_into_view_if_needed()
        page.screenshot(path=artifacts / "roleplay-admin-graph-refused.png")

    visit(break_the_graph)
    # Neither the save nor the editor's autosave wrote a revision.
    assert list(Revision.objects.for_instance(scenario)) == [published]

    def correct_it(page):
        log_in(page, TRAINER)
        page.goto(f"/cms/pages/{scenario.pk}/edit/")
        page.locator(feedback).fill("回复够快，但没有道歉。")
        page.get_by_role("button", name="保存草稿").click()
        expect(page.locator(".messages .success")).to_have_count(1, timeout=15_000)
        expect(page.locator("#steps-root > .help-critical")).to_have_count(0)
        page.screenshot(path=artifacts / "roleplay-admin-graph-saved.png")

    visit(correct_it)
    # A sound edit is saved as a draft from the same form; the live scenario is unchanged.
    draft = ScenarioPage.objects.get(pk=scenario.pk).get_latest_revision()
    assert draft != published
    option = page_document(draft.as_object())["steps"][0]["options"][0]
    assert option["next"] == "check_logistics" and option["feedback"] == "回复够快，但没有道歉。"
    assert ScenarioPage.objects.get(pk=scenario.pk).live_revision == published

    def play_test(page):
        # The header's Play-test posts a form (a link would let a prefetch start one).
        log_in(page, TRAINER)
        page.goto(f"/cms/pages/{scenario.pk}/edit/")
        page.locator("#w-slim-header-buttons [data-w-dropdown-target=toggle]").click()
        page.get_by_role("button", name="试演练").click()
        expect(page).to_have_url(ATTEMPT_URL)
        choose(page, "您好，请稍等。")
        expect(page.locator(".coach")).to_contain_text("回复够快，但没有道歉。")  # the draft

    visit(play_test)
    attempt = ScenarioAttempt.objects.get(scenario=scenario, user__email=TRAINER)
    assert attempt.playtest and attempt.revision == draft
