"""A learner takes a timed quiz in a real browser: answers are saved as they go and survive a
reload, the result follows the review policy, and the clock submits the attempt when the time
is up — in the page, and on the server when the learner has gone away."""

import datetime
import re

import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from courses.models import CoursePage
from quizzes.bank import questions_save
from quizzes.models import AttemptState, QuizAttempt, QuizPage, QuizRule
from quizzes.tasks import submit_overdue_attempts
from tests.quizzes.conftest import bank_questions
from training.models import LearningRecord, RecordKind, User

from .test_smoke_roles import log_in, path_is

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def timed_quiz(transactional_db):
    call_command("load_demo", verbosity=0)
    call_command("load_demo_courses", verbosity=0)
    questions = bank_questions()
    for question in questions:
        question.category = ["服务标准"]
    saved = questions_save(questions=questions)
    course = CoursePage.objects.live().order_by("path").first()
    module = course.modules().first()
    quiz = QuizPage(
        title="服务标准限时测验",
        slug="timed-quiz",
        time_limit_minutes=15,
        review_policy="after_submit",
        shuffle_options=False,
    )
    quiz.rules = [QuizRule(question=q) for q in saved]
    module.add_child(instance=quiz)
    quiz.save_revision().publish()
    learner = User.objects.get(email="newhire@demo.agentacademy.cn")
    return QuizPage.objects.get(pk=quiz.pk), learner


def test_answers_survive_a_reload_and_the_result_shows_per_the_review_policy(
    timed_quiz, visit, artifacts
):
    quiz, learner = timed_quiz

    def journey(page):
        log_in(page, learner.email)
        page.goto(quiz.url)
        page.locator("[data-start-quiz]").click()
        expect(page).to_have_url(re.compile(r"/quizzes/attempts/[0-9a-f-]+/$"))
        expect(page.locator("[data-timer]")).to_have_text(re.compile(r"^1[45]:\d\d$"))
        # Half the questions: the single choice, the multiple choice, the short answer.
        page.locator("#question-1").get_by_label("60 秒以内").check()
        page.locator("#question-2").get_by_label("订单号").check()
        page.locator("#question-2").get_by_label("收货地址是否一致").check()
        page.locator("#question-4 input[type=text]").fill("４小时")
        expect(page.locator("[data-save-status]")).to_have_attribute("data-state", "saved")
        page.screenshot(path=artifacts / "quiz-attempt-saved.png", full_page=True)

        page.reload()
        expect(page.locator("#question-1").get_by_label("60 秒以内")).to_be_checked()
        expect(page.locator("#question-2").get_by_label("订单号")).to_be_checked()
        expect(page.locator("#question-4 input[type=text]")).to_have_value("４小时")

        # The rest, then submit.
        page.locator("#question-3").get_by_label("True").or_(
            page.locator("#question-3").get_by_label("正确")
        ).check()
        for rank, step in enumerate(["保持冷静", "确认问题", "道歉", "解决", "改进"], start=1):
            item = page.locator("#question-5 .ordering__item", has_text=step)
            item.locator("select").select_option(str(rank))
        page.locator("[data-submit]").click()
        expect(page).to_have_url(re.compile(r"/result/$"))
        expect(page.locator("[data-result]")).to_contain_text("100")
        # Answers after submit: the right answers and general feedback are shown now.
        expect(page.locator("main")).to_contain_text("优秀团队做到 30 秒。")
        page.screenshot(path=artifacts / "quiz-attempt-result.png", full_page=True)

    visit(journey)
    attempt = QuizAttempt.objects.get(quiz=quiz, user=learner)
    assert attempt.state == AttemptState.GRADED and attempt.score == 1.0
    assert not attempt.auto_submitted
    assert LearningRecord.objects.filter(user=learner, kind=RecordKind.QUIZ).count() == 1


def test_submitting_with_questions_unanswered_asks_first(timed_quiz, visit, artifacts):
    quiz, learner = timed_quiz

    def journey(page):
        log_in(page, learner.email)
        page.goto(quiz.url)
        page.locator("[data-start-quiz]").click()
        page.locator("#question-1").get_by_label("60 秒以内").check()
        page.locator("#question-4 input[type=text]").fill("４小时")
        expect(page.locator("[data-save-status]")).to_have_attribute("data-state", "saved")
        dialog = page.locator("dialog[data-confirm-submit]")

        page.locator("[data-submit]").click()
        expect(dialog).to_be_visible()
        expect(dialog.locator("[data-confirm-count]")).to_contain_text("3")
        expect(dialog.locator("[data-confirm-list] a")).to_have_count(3)
        page.screenshot(path=artifacts / "quiz-attempt-confirm-unanswered.png", full_page=True)
        dialog.locator("[data-confirm-cancel]").click()
        expect(dialog).to_be_hidden()
        expect(page).to_have_url(re.compile(r"/quizzes/attempts/[0-9a-f-]+/$"))

        page.locator("[data-submit]").click()
        dialog.locator("[data-confirm-ok]").click()
        expect(page).to_have_url(re.compile(r"/result/$"))

    visit(journey)
    attempt = QuizAttempt.objects.get(quiz=quiz, user=learner)
    assert attempt.state == AttemptState.GRADED and not attempt.auto_submitted


def test_an_answer_given_before_the_page_script_has_loaded_is_saved(timed_quiz, visit):
    """On a slow connection the questions are on screen before the page's script: an answer
    given then is saved when the script arrives, not lost when the tab is closed."""
    quiz, learner = timed_quiz
    held = []

    def journey(page):
        log_in(page, learner.email)
        page.goto(quiz.url)
        page.route("**/js/quiz_attempt*.js", lambda route: held.append(route), times=1)
        page.locator("[data-start-quiz]").click()
        page.locator("#question-1").get_by_label("60 秒以内").check()
        expect(page.locator("[data-save-status]")).to_have_attribute("data-state", "idle")
        assert len(held) == 1, "the attempt page asks for its script"
        held[0].continue_()
        expect(page.locator("[data-save-status]")).to_contain_text(
            re.compile(r"(所有答案已保存|All answers saved) \d\d:\d\d:\d\d")
        )

    visit(journey)
    attempt = QuizAttempt.objects.get(quiz=quiz, user=learner)
    assert attempt.state == AttemptState.IN_PROGRESS
    assert attempt.questions.get(position=1).response not in (None, "")


def test_the_page_submits_when_time_runs_out(timed_quiz, visit, artifacts):
    quiz, learner = timed_quiz

    def start(page):
        log_in(page, learner.email)
        page.goto(quiz.url)
        page.locator("[data-start-quiz]").click()
        page.locator("#question-1").get_by_label("60 秒以内").check()
        expect(page.locator("[data-save-status]")).to_have_attribute("data-state", "saved")

    visit(start)
    # Only a few seconds are left when the learner comes back to the page.
    QuizAttempt.objects.filter(quiz=quiz, user=learner).update(
        deadline=timezone.now() + datetime.timedelta(seconds=4)
    )

    def wait_for_the_clock(page):
        log_in(page, learner.email)
        page.goto(quiz.url)
        page.locator("[data-start-quiz]").click()
        expect(page).to_have_url(re.compile(r"/result/$"), timeout=15_000)
        expect(page.locator("[data-result]")).to_contain_text(
            re.compile("时间到|time ran out", re.IGNORECASE)
        )
        page.screenshot(path=artifacts / "quiz-attempt-time-up.png", full_page=True)

    visit(wait_for_the_clock)
    attempt = QuizAttempt.objects.get(quiz=quiz, user=learner)
    assert attempt.state == AttemptState.GRADED and attempt.auto_submitted
    assert attempt.questions.get(position=1).mark == 1.0


def test_an_attempt_left_alone_is_submitted_by_the_server(timed_quiz, visit):
    quiz, learner = timed_quiz

    def start_and_leave(page):
        log_in(page, learner.email)
        page.goto(quiz.url)
        page.locator("[data-start-quiz]").click()
        page.locator("#question-1").get_by_label("60 秒以内").check()
        expect(page.locator("[data-save-status]")).to_have_attribute("data-state", "saved")
        # The tab is closed here.

    visit(start_and_leave)
    attempt = QuizAttempt.objects.get(quiz=quiz, user=learner)
    assert attempt.state == AttemptState.IN_PROGRESS
    QuizAttempt.objects.filter(pk=attempt.pk).update(
        deadline=timezone.now() - datetime.timedelta(minutes=5)
    )
    assert submit_overdue_attempts.delay().get() == 1
    attempt.refresh_from_db()
    assert attempt.state == AttemptState.GRADED and attempt.auto_submitted
    assert attempt.questions.get(position=1).mark == 1.0

    def come_back(page):
        log_in(page, learner.email)
        page.goto(quiz.url)
        expect(page.locator("main table")).to_contain_text(
            re.compile("时间到|time ran out", re.IGNORECASE)
        )
        expect(page).to_have_url(path_is(quiz.url))

    visit(come_back)


def test_a_second_tab_is_shown_what_the_first_saved_before_its_own_save_is_kept(
    timed_quiz, visit, artifacts
):
    quiz, learner = timed_quiz

    def two_tabs(first):
        log_in(first, learner.email)
        first.goto(quiz.url)
        first.locator("[data-start-quiz]").click()
        expect(first).to_have_url(re.compile(r"/quizzes/attempts/[0-9a-f-]+/$"))
        second = first.context.new_page()
        second.goto(first.url)

        first.locator("#question-1").get_by_label("60 秒以内").check()
        expect(first.locator("[data-save-status]")).to_have_attribute("data-state", "saved")

        # The second tab had not seen that answer: its save is refused, and it says so.
        second.locator("#question-1").get_by_label("5 分钟以内").check()
        expect(second.locator("[data-save-status]")).to_have_attribute("data-state", "conflict")
        expect(second.locator("[data-conflict]")).to_be_visible()
        expect(second.locator("[data-conflict]")).to_contain_text("另一个标签页")
        expect(second.locator("#question-1").get_by_label("60 秒以内")).to_be_checked()
        second.screenshot(path=artifacts / "quiz-attempt-changed-elsewhere.png", full_page=True)

        # Having seen it, the learner changes it again there: now it is kept.
        second.locator("#question-1").get_by_label("5 分钟以内").check()
        expect(second.locator("[data-save-status]")).to_have_attribute("data-state", "saved")
        expect(second.locator("[data-conflict]")).to_be_hidden()

        # The first tab is now the stale one; its next save shows the second tab's answer.
        first.locator("#question-4 input[type=text]").fill("4小时")
        expect(first.locator("[data-save-status]")).to_have_attribute("data-state", "conflict")
        expect(first.locator("#question-1").get_by_label("5 分钟以内")).to_be_checked()
        expect(first.locator("#question-4 input[type=text]")).to_have_value("")

    visit(two_tabs)
    attempt = QuizAttempt.objects.get(quiz=quiz, user=learner)
    single = attempt.questions.get(position=1)
    chosen = next(a for a in single.snapshot["answers"] if a["key"] == single.response)
    assert chosen["text"] == "5 分钟以内"
    assert attempt.questions.get(position=4).response is None
