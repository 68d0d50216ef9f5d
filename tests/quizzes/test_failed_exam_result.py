"""A failed exam tells the learner what to do next: attempts left, the score per topic, the
lessons to read again, when they may try again; and it says when answers are published the
same way the quiz's introduction does."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from courses.models import LessonPage, ModulePage
from quizzes.bank import questions_save
from quizzes.models import QuizRule
from quizzes.questions import AnswerData, QuestionData
from quizzes.services import attempt_start, attempt_submit

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


def choice(name, category):
    return QuestionData(
        qtype="single_choice",
        name=name,
        text=f"{name}？",
        category=[category],
        answers=[AnswerData("对", 1), AnswerData("错", 0)],
    )


@pytest.fixture
def exam(make_quiz, course):
    questions = questions_save(
        questions=[
            choice("七天无理由", "退换货政策"),
            choice("退款时效", "退换货政策"),
            choice("首次响应", "服务标准"),
        ]
    )
    refund_lesson = LessonPage.objects.get(slug="refund")
    lifecycle = LessonPage.objects.get(slug="lifecycle")
    questions[0].lessons.set([refund_lesson])
    questions[1].lessons.set([refund_lesson, lifecycle])
    questions[2].lessons.set([LessonPage.objects.get(slug="exceptions")])
    for question in questions:
        question.save()  # a cluster's relations are written when the question is saved
    return make_quiz(
        slug="exam",
        max_attempts=3,
        review_policy="after_close",
        rules=[QuizRule(question=q) for q in questions],
    )


def answer(attempt, right: set[str]) -> dict:
    """Right answers to the questions named in `right`, wrong ones to the rest."""
    responses = {}
    for slot in attempt.questions.all():
        wanted = 1 if slot.snapshot["name"] in right else 0
        responses[slot.position] = next(
            a["key"] for a in slot.snapshot["answers"] if a["fraction"] == wanted
        )
    return responses


def failed(exam, learner, right=frozenset({"七天无理由", "首次响应"})):
    attempt = attempt_start(quiz=exam, user=learner)
    return attempt_submit(attempt=attempt, responses=answer(attempt, set(right)))


def result_html(client, attempt) -> str:
    return client.get(reverse("quiz_attempt_result", args=[attempt.uuid])).content.decode()


def test_a_failed_exam_shows_attempts_left_scores_by_topic_and_lessons_to_read(
    learner_client, learner, exam
):
    attempt = failed(exam, learner)
    assert attempt.passed is False
    html = result_html(learner_client, attempt)

    assert "2 attempts left" in html
    assert "You may try again now." in html
    topics = html[html.index("data-topics") : html.index("data-next-try")]
    assert "退换货政策" in topics and "<strong>1/2</strong>" in topics
    assert "服务标准" in topics and "<strong>1/1</strong>" in topics
    # The lessons the missed question tests, linked; not those of questions answered right.
    refund = LessonPage.objects.get(slug="refund")
    lifecycle = LessonPage.objects.get(slug="lifecycle")
    assert f'<a href="{refund.url}">退款申请</a>' in topics
    assert f'<a href="{lifecycle.url}">下单到签收</a>' in topics
    assert "物流异常" not in topics


def test_a_lesson_learners_cannot_open_is_not_offered(learner_client, learner, exam):
    # 下单到签收 is live, but its module is not: learners would get "not found".
    ModulePage.objects.get(slug="orders").unpublish()
    html = result_html(learner_client, failed(exam, learner))
    assert "退款申请" in html and "下单到签收" not in html


def test_with_every_attempt_used_the_learner_is_told_to_ask_their_trainer(
    learner_client, learner, exam
):
    for _ in range(3):
        attempt = failed(exam, learner)
    html = result_html(learner_client, attempt)
    assert "0 attempts left" in html
    assert "No attempts left: you have used all 3. Ask your trainer" in html
    assert "Start a new attempt" not in html


def test_a_closing_quiz_says_until_when_a_new_attempt_may_start(
    learner_client, learner, make_quiz, exam
):
    closes = timezone.now() + datetime.timedelta(days=2)
    exam.closes_at = closes
    exam.save_revision().publish()
    html = result_html(learner_client, failed(exam, learner))
    local = timezone.localtime(closes).strftime("%Y-%m-%d %H:%M")
    assert f"You may try again now, until {local}." in html


def test_the_introduction_and_the_result_say_the_same_about_publishing_answers(
    learner_client, learner, exam
):
    promise = (
        "Right answers are not shown for this quiz, so that those who take it later cannot "
        "learn them."
    )
    intro = learner_client.get(exam.url).content.decode()
    assert promise in intro
    assert promise in result_html(learner_client, failed(exam, learner))

    closes = timezone.now() + datetime.timedelta(days=2)
    exam.closes_at = closes
    exam.save_revision().publish()
    local = timezone.localtime(closes).strftime("%Y-%m-%d %H:%M")
    promise = f"Right answers and feedback are shown once the quiz closes, on {local}."
    assert promise in learner_client.get(exam.url).content.decode()
    assert promise in result_html(learner_client, failed(exam, learner))


def test_a_failed_attempt_passed_later_says_so_instead_of_offering_a_retake(
    learner_client, learner, exam
):
    first = failed(exam, learner)
    failed(exam, learner, right={"七天无理由", "退款时效", "首次响应"})
    html = result_html(learner_client, first)
    assert "You passed this quiz on attempt 2." in html
    assert "Start a new attempt" not in html


def test_a_subcategory_is_named_with_its_parent(learner_client, learner, make_quiz):
    essay = questions_save(
        questions=[
            QuestionData(
                qtype="essay",
                name="投诉复盘",
                text="写一段道歉回复。",
                category=["投诉处理", "案例论述"],
            )
        ]
    )[0]
    quiz = make_quiz(slug="essay-only", rules=[QuizRule(question=essay)])
    attempt = attempt_start(quiz=quiz, user=learner)
    attempt = attempt_submit(attempt=attempt, responses={1: "非常抱歉……"})
    html = result_html(learner_client, attempt)
    assert "投诉处理 / 案例论述" in html
    assert "(1 answer awaiting grading)" in html


def test_partial_credits_that_make_the_whole_mark_count_as_all_right(
    learner_client, learner, make_quiz
):
    # Three right options worth 33.333 % each: all three chosen earn 0.99999 of the mark.
    (question,) = questions_save(
        questions=[
            QuestionData(
                qtype="multiple_choice",
                name="退货条件",
                text="哪些商品可以七天无理由退货？",
                category=["退换货政策"],
                answers=[
                    AnswerData("服装", 0.33333),
                    AnswerData("图书", 0.33333),
                    AnswerData("家电", 0.33333),
                    AnswerData("定制商品", -1),
                ],
            )
        ]
    )
    question.lessons.set([LessonPage.objects.get(slug="refund")])
    question.save()
    quiz = make_quiz(
        slug="conditions", review_policy="after_submit", rules=[QuizRule(question=question)]
    )
    attempt = attempt_start(quiz=quiz, user=learner)
    slot = attempt.questions.get()
    right = [a["key"] for a in slot.snapshot["answers"] if a["fraction"] > 0]
    attempt = attempt_submit(attempt=attempt, responses={slot.position: right})

    html = result_html(learner_client, attempt)
    topics = html[html.index("data-topics") : html.index("review-heading")]
    assert "All right" in topics
    assert "退款申请" not in topics  # no lesson to read again
    assert "review-item is-right" in html and "is-partly" not in html
