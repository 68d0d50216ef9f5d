"""A question file holds at most MAX_QUESTIONS questions: a bigger GIFT, Aiken or XLSX file is
refused in seconds, naming the limit and what it found, and the bank is unchanged."""

import pytest
from django.utils import translation

from quizzes.importers import MAX_ANSWERS, MAX_FILE_ANSWERS, MAX_QUESTIONS, questions_import
from quizzes.models import Question
from tests.hostile_files import measured, xlsx_declaring
from training.importers.errors import ImportRejected

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def refused(data: bytes, filename: str) -> str:
    with measured() as cost, pytest.raises(ImportRejected) as rejected:
        questions_import(data=data, filename=filename)
    assert cost.seconds < 5
    assert Question.objects.count() == 0
    (problem,) = rejected.value.problems
    return problem.message


def test_a_gift_file_of_20_001_questions_is_refused_naming_the_count():
    text = "$CATEGORY: 售后/退款\n\n" + "".join(
        f"::Q{n}:: 退款一般多久到账？{{=1–3 个工作日 ~当天}}\n\n" for n in range(MAX_QUESTIONS + 1)
    )

    message = refused(text.encode(), "bank.gift")

    assert message == (
        "The file holds 20001 questions; an import takes at most 20000. Split it into "
        "several files."
    )


def test_an_aiken_file_of_20_001_questions_is_refused():
    text = "".join(
        f"第 {n} 题：退款多久到账？\nA. 当天\nB. 1–3 个工作日\nANSWER: B\n\n"
        for n in range(MAX_QUESTIONS + 1)
    )

    assert refused(text.encode(), "bank.aiken").startswith("The file holds 20001 questions")


def test_a_question_of_more_options_than_allowed_is_refused_on_its_line():
    options = " ".join(f"~错{n}" for n in range(MAX_ANSWERS))
    text = f"::好题:: 1+1?{{=2 ~3}}\n\n::选项太多:: 退款多久到账？{{=1–3 个工作日 {options}}}\n"

    with pytest.raises(ImportRejected) as rejected:
        questions_import(data=text.encode(), filename="bank.gift")

    assert [(p.line, p.message) for p in rejected.value.problems] == [
        (3, f"A question has at most {MAX_ANSWERS} answers; this one has {MAX_ANSWERS + 1}.")
    ]
    assert Question.objects.count() == 0


def test_a_file_of_more_answers_in_all_than_allowed_is_refused_before_it_is_written():
    options = " ".join(f"~错{n}" for n in range(MAX_ANSWERS - 1))
    count = MAX_FILE_ANSWERS // MAX_ANSWERS + 1
    text = "".join(f"::Q{n}:: 退款多久到账？{{=1–3 个工作日 {options}}}\n\n" for n in range(count))

    message = refused(text.encode(), "bank.gift")

    assert message == (
        f"The file holds {count * MAX_ANSWERS} answers in all; an import takes at most "
        f"{MAX_FILE_ANSWERS}. Split it into several files."
    )


def test_a_question_sheet_that_runs_to_its_last_row_is_refused():
    header = ["题型", "题干", "选项A", "选项B", "答案"]
    data = xlsx_declaring({1: header, 2: ["单选", "题", "A", "B", "A"], 1_048_576: ["单选"]})

    assert refused(data, "bank.xlsx").startswith("The sheet goes on past row 21001")
