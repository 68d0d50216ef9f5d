"""Item analysis read from graded attempts matches a small example computed by hand."""

import math

import pytest
from django.utils import translation

from courses.models import CoursePage, ModulePage
from courses.services import catalog_ensure
from quizzes.analysis import counted_attempts, question_figures, quiz_statistics
from quizzes.bank import category_for_path, question_snapshot, questions_save
from quizzes.models import AttemptQuestion, AttemptState, QuizAttempt, QuizPage
from quizzes.questions import AnswerData, QuestionData
from tests.factories import make_person

pytestmark = pytest.mark.django_db


@pytest.fixture
def quiz():
    catalog = catalog_ensure(title="课程中心")
    course = CoursePage(title="售后", slug="after-sales", kind="onboarding", summary="售后")
    catalog.add_child(instance=course)
    module = ModulePage(title="退款", slug="refunds")
    course.add_child(instance=module)
    quiz = QuizPage(title="退款测验", slug="refund-quiz", pass_mark=50)
    module.add_child(instance=quiz)
    return quiz


@pytest.fixture
def questions():
    single = QuestionData(
        qtype="single_choice",
        name="退款时效",
        text="退款多久到账？",
        answers=[AnswerData("1–3 个工作日", 1.0), AnswerData("当天", 0.0)],
    )
    multiple = QuestionData(
        qtype="multiple_choice",
        name="安抚顾客",
        text="哪些做法正确？",
        answers=[AnswerData("道歉", 0.5), AnswerData("确认问题", 0.5), AnswerData("争辩", -1.0)],
    )
    short = QuestionData(
        qtype="short_answer",
        name="退款英文",
        text="“退款”的英文？",
        default_mark=2,
        answers=[AnswerData("refund", 1.0)],
    )
    return questions_save(questions=[single, multiple, short], category=category_for_path(["售后"]))


def make_attempt(quiz, user, number, marks, responses, questions, state=AttemptState.GRADED):
    attempt = QuizAttempt.objects.create(
        quiz=quiz,
        user=user,
        number=number,
        state=state,
        marks=sum(marks),
        max_marks=sum(float(q.default_mark) for q in questions),
    )
    for position, (question, mark, response) in enumerate(
        zip(questions, marks, responses, strict=True), start=1
    ):
        snap = question_snapshot(question)
        AttemptQuestion.objects.create(
            attempt=attempt,
            position=position,
            slot=position,
            question=question,
            snapshot=snap,
            layout={"options": [a["key"] for a in snap["answers"]]},
            response=response,
            mark=mark,
            max_mark=float(question.default_mark),
        )
    return attempt


# The matrix of tests/quizzes/test_item_analysis.py: four learners, questions worth 1, 1, 2.
MARKS = [[1, 1, 2], [1, 0, 1], [0, 1, 1], [0, 0, 0]]
RESPONSES = [
    ["0", ["0", "1"], "Refund "],
    ["0", ["2"], "refund"],
    ["1", ["0", "1"], "退款"],
    [None, None, None],
]


@pytest.fixture
def attempts(quiz, questions):
    learners = [make_person() for _ in MARKS]
    for learner, marks, responses in zip(learners, MARKS, RESPONSES, strict=True):
        make_attempt(quiz, learner, 1, marks, responses, questions)
    # Not counted: a second attempt (the learner has seen the feedback) and an open one.
    make_attempt(quiz, learners[3], 2, [1, 1, 2], RESPONSES[0], questions)
    make_attempt(
        quiz, make_person(), 1, [1, 1, 2], RESPONSES[0], questions, AttemptState.IN_PROGRESS
    )
    return learners


def test_only_each_learners_first_graded_attempt_counts(quiz, attempts):
    counted = counted_attempts(quiz)
    assert counted.count() == 4
    assert set(counted.values_list("number", flat=True)) == {1}


def test_quiz_statistics_match_the_hand_computed_example(quiz, attempts):
    report = quiz_statistics(quiz)
    stats = report.statistics

    assert (stats.attempts, report.graded_attempts, stats.total_max) == (4, 5, 4)
    assert stats.mean == pytest.approx(2) and stats.median == pytest.approx(2)
    assert stats.sd == pytest.approx(math.sqrt(8 / 3))
    assert stats.cic == pytest.approx(75)
    assert stats.pass_rate == pytest.approx(0.75)  # pass mark 50 % of 4 marks
    assert stats.histogram == [1, 0, 0, 0, 0, 2, 0, 0, 0, 1]
    first = report.positions[0]
    assert first.names == ["退款时效"]
    assert first.statistics.facility == pytest.approx(0.5)
    assert first.statistics.discrimination_index == pytest.approx(100 / math.sqrt(5))
    assert first.statistics.discriminative_efficiency == pytest.approx(50)


@pytest.fixture
def english():
    # The assertions read the English wording; the site's default is Chinese.
    with translation.override("en"):
        yield


def test_option_frequencies_count_ticks_and_normalised_answers(quiz, attempts, english):
    single, multiple, short = (p.options for p in quiz_statistics(quiz).positions)

    assert [(o.text, o.count, o.right) for o in single] == [
        ("1–3 个工作日", 2, True),
        ("当天", 1, False),
        ("No answer", 1, None),
    ]
    assert [(o.text, o.count) for o in multiple] == [
        ("道歉", 2),
        ("确认问题", 2),
        ("争辩", 1),
        ("No answer", 1),
    ]
    assert [(o.text, o.count) for o in short] == [("refund", 2), ("退款", 1), ("No answer", 1)]
    assert single[0].share == pytest.approx(0.5)


def test_question_figures_pool_quizzes_in_one_query(
    quiz, questions, attempts, django_assert_num_queries
):
    with django_assert_num_queries(1):
        figures = question_figures(questions)

    first = figures[questions[0].pk]
    assert first.attempts == 4
    assert first.facility == pytest.approx(0.5)
    assert first.sd == pytest.approx(math.sqrt(1 / 3))
    # Shares instead of marks change no figure within one quiz: same as Moodle's by hand.
    assert first.discrimination_index == pytest.approx(100 / math.sqrt(5))
    assert first.discriminative_efficiency == pytest.approx(50)
    assert figures[questions[2].pk].facility == pytest.approx(0.5)


def test_flags_for_too_easy_and_negative_discrimination(quiz, questions):
    # Everyone gets question 1 right; question 2 is right only for the weakest learners.
    rows = [[1, 0, 2], [1, 0, 2], [1, 1, 0], [1, 1, 0], [1, 0, 1]]
    for marks in rows:
        make_attempt(quiz, make_person(), 1, marks, [None] * 3, questions)

    figures = question_figures(questions)

    assert figures[questions[0].pk].facility == pytest.approx(1)
    assert "too_easy" in figures[questions[0].pk].flags
    assert figures[questions[1].pk].discrimination_index < 0
    assert "negative_discrimination" in figures[questions[1].pk].flags


def test_a_question_never_answered_has_no_figures(questions):
    assert question_figures(questions) == {}


def test_shuffled_questions_are_compared_slot_by_slot(learner, make_quiz):
    """With the questions shuffled, each attempt shows them in another order; the analysis
    still lines up the same question of the quiz across attempts."""
    import random

    from quizzes.services import attempt_start, attempt_submit

    quiz = make_quiz(shuffle_questions=True)
    for index in range(4):
        person = learner if index == 0 else make_person(email=f"p{index}@example.com")
        attempt = attempt_start(quiz=quiz, user=person, rng=random.Random(index))
        single = next(s for s in attempt.questions.all() if s.snapshot["type"] == "single_choice")
        right = next(a["key"] for a in single.snapshot["answers"] if a["fraction"] == 1)
        # Everyone gets the single-choice question right and nothing else.
        attempt_submit(attempt=attempt, responses={single.position: right})
    orders = {
        tuple(s.snapshot["name"] for s in a.questions.order_by("position"))
        for a in quiz.attempts.all()
    }
    assert len(orders) > 1  # the learners really saw different orders
    report = quiz_statistics(quiz)
    facilities = {p.position: p.statistics.facility for p in report.positions}
    assert facilities[1] == 1.0  # slot 1 is the single-choice question in every attempt
    assert all(facilities[slot] == 0.0 for slot in range(2, 6))
