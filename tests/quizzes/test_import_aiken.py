"""Aiken import: Moodle's test files, our own, and the errors Moodle reports, by line."""

from pathlib import Path

import pytest
from django.utils import translation

from quizzes.importers import questions_import
from quizzes.importers.aiken import parse_aiken
from quizzes.models import Question
from training.importers.errors import ImportRejected

MOODLE = Path(__file__).resolve().parents[3] / "shared/conformance/moodle"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def right_answers(questions):
    return [next(a.text for a in q.answers if a.fraction == 1.0) for q in questions]


def test_moodle_file_gives_two_single_choice_questions_with_answers_b_and_a():
    questions = parse_aiken((MOODLE / "questions.aiken.txt").read_text(encoding="utf-8"))

    assert [q.qtype for q in questions] == ["single_choice", "single_choice"]
    assert right_answers(questions) == ["Martin Dougiamas", "True"]
    assert [len(q.answers) for q in questions] == [4, 2]


def test_html_in_a_question_is_kept_as_plain_text():
    questions = parse_aiken((MOODLE / "questions.aiken.txt").read_text(encoding="utf-8"))

    assert questions[1].text == (
        "Moodle's abilities include handling user input that includes "
        '<html class="cool"> & images:'
    )
    assert questions[1].text_format == "plain"


def test_moodle_error_file_is_refused_naming_the_lines_moodle_names():
    with pytest.raises(ImportRejected) as rejected:
        parse_aiken((MOODLE / "aiken_errors.txt").read_text(encoding="utf-8"))

    problems = rejected.value.problems
    assert [p.line for p in problems] == [3, 5, 7, 18]
    assert "at least 2 options" in problems[0].message  # Moodle: at least 2 answers
    assert "before any question" in problems[1].message  # Moodle: question not started
    assert "before any question" in problems[2].message
    # Moodle: question not completed before next question start.
    assert "new question starts here" in problems[3].message
    assert "line 14" in problems[3].message


@pytest.mark.django_db
def test_importing_the_error_file_creates_nothing_not_even_the_good_questions():
    data = (MOODLE / "aiken_errors.txt").read_bytes()

    with pytest.raises(ImportRejected):
        questions_import(data=data, filename="aiken_errors.txt")

    assert Question.objects.count() == 0


def test_options_without_a_space_are_options():
    (question,) = parse_aiken("顾客要退货，第一步？\nA)核对订单\nB)直接退款\nANSWER: A\n")

    assert [a.text for a in question.answers] == ["核对订单", "直接退款"]


@pytest.mark.django_db
def test_chinese_aiken_file_is_recognised_from_its_answer_lines_and_imported():
    data = (FIXTURES / "refunds.aiken.txt").read_bytes()

    created = questions_import(data=data, filename="refunds.aiken.txt", category="售后/退货退款")

    assert [q.qtype for q in created] == ["single_choice", "single_choice"]
    assert [q.name for q in created] == [
        "顾客签收后第 5 天申请无理由退货，应该怎么处理？",
        "顾客在电话里要求你报出他账户绑定的手机号，正确的做法是？",
    ]
    right = [[a.text for a in q.answers.all() if a.fraction == 1] for q in created]
    assert right == [["受理，仍在七天无理由期限内"], ["请顾客说出手机号，由你核对"]]
    assert {str(q.category) for q in created} == {"售后 / 退货退款"}


def test_an_answer_letter_that_names_no_option_is_refused():
    with pytest.raises(ImportRejected) as rejected:
        parse_aiken("首次响应时限？\nA) 60 秒\nB) 5 分钟\nANSWER: D\n")

    (problem,) = rejected.value.problems
    assert problem.line == 4
    assert "“D” is not one of the options A, B" in problem.message


def test_a_question_left_without_its_answer_line_at_the_end_is_named():
    with pytest.raises(ImportRejected) as rejected:
        parse_aiken("首次响应时限？\nA) 60 秒\nB) 5 分钟\n\n退货期限？\nA) 7 天\nB) 3 天\n")

    first, second = rejected.value.problems
    assert (first.line, second.line) == (5, 5)
    assert "the question on line 1 has no ANSWER line" in first.message
    assert "file ends before this question" in second.message
