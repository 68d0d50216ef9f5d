"""Each question type's rules and grading, without the database."""

import random

import pytest
from django.utils import translation

from quizzes.grading import grade
from quizzes.questions import AnswerData, QuestionData, make_layout, question_problems, snapshot
from quizzes.responses import clean_response, present, to_tokens, with_response


@pytest.fixture(autouse=True)
def _english():
    # The assertions read the English wording; the site's default is Chinese.
    with translation.override("en"):
        yield


def frozen(qtype, answers, **kwargs):
    snap = snapshot(QuestionData(qtype=qtype, text="题目", answers=answers, **kwargs), mark=2)
    return snap, make_layout(snap, shuffle=True, rng=random.Random(7))


def fraction(snap, layout, raw):
    return grade(snap, layout, clean_response(snap, layout, raw)).fraction


def test_short_answers_ignore_case_spaces_and_full_width_characters():
    snap, layout = frozen(
        "short_answer",
        [AnswerData("4小时", 1), AnswerData("SLA 4h", 1), AnswerData("半天*", 0.5, "差不多")],
    )
    assert fraction(snap, layout, "４ 小时") == 1
    assert fraction(snap, layout, "ｓｌａ４Ｈ") == 1
    assert fraction(snap, layout, "半天以内") == 0.5
    assert grade(snap, layout, "半天吧").feedback == ["差不多"]
    assert fraction(snap, layout, "5小时") == 0
    assert fraction(snap, layout, "") == 0


def test_multiple_choice_partial_credit_never_goes_below_zero():
    snap, layout = frozen(
        "multiple_choice",
        [AnswerData("订单号", 0.5), AnswerData("地址", 0.5), AnswerData("身份证", -1)],
    )
    assert fraction(snap, layout, ["0", "1"]) == 1
    assert fraction(snap, layout, ["0"]) == 0.5
    assert fraction(snap, layout, ["0", "2"]) == 0
    assert fraction(snap, layout, ["0", "1", "2"]) == 0  # ticking everything earns nothing
    assert fraction(snap, layout, ["9"]) == 0  # an unknown key is dropped


def test_numerical_answers_take_a_tolerance_and_full_width_digits():
    snap, layout = frozen("numerical", [AnswerData("60", 1, tolerance=5), AnswerData("90", 0.5)])
    assert fraction(snap, layout, "６２") == 1
    assert fraction(snap, layout, "54.9") == 0
    assert fraction(snap, layout, "90") == 0.5
    assert fraction(snap, layout, "六十") == 0
    assert grade(snap, layout, None).right_answer == "60 ± 5"


def test_matching_scores_the_share_of_right_pairs_and_shows_distractors():
    snap, layout = frozen(
        "matching",
        [
            AnswerData("在线咨询", match_text="≤ 60 秒"),
            AnswerData("邮件", match_text="≤ 4 小时"),
            AnswerData("", match_text="≤ 24 小时"),
        ],
    )
    shown = present(snap, layout)
    assert [s["text"] for s in shown["stems"]] != [] and len(shown["choices"]) == 3
    # Responses are kept by choice index in the layout (the page shows tokens instead).
    index = {text: str(i) for i, text in enumerate(layout["choices"])}
    assert fraction(snap, layout, {"0": index["≤ 60 秒"], "1": index["≤ 4 小时"]}) == 1
    assert fraction(snap, layout, {"0": index["≤ 60 秒"], "1": index["≤ 24 小时"]}) == 0.5


def test_ordering_counts_neighbouring_pairs_and_keeps_a_half_done_order():
    steps = ["保持冷静", "确认问题", "道歉", "解决", "改进"]
    snap, layout = frozen("ordering", [AnswerData(s) for s in steps])
    assert layout["options"] != ["0", "1", "2", "3", "4"]  # never shown already in order
    assert fraction(snap, layout, {str(i): i + 1 for i in range(5)}) == 1
    assert fraction(snap, layout, {"0": 1, "1": 2, "2": 3, "3": 5, "4": 4}) == 0.5
    half = clean_response(snap, layout, {"0": "1", "1": "2"})
    assert half == {"0": 1, "1": 2}
    filled = with_response(present(snap, layout), to_tokens(snap, layout, half))
    assert {o["text"]: o["rank"] for o in filled["options"]}["确认问题"] == 2


def test_presenting_a_question_gives_no_credit_feedback_or_key():
    snap, layout = frozen(
        "single_choice",
        [AnswerData("60 秒", 1, "对"), AnswerData("5 分钟", 0, "太慢")],
        general_feedback="优秀团队 30 秒",
    )
    shown = present(snap, layout)
    assert "对" not in str(shown) and "太慢" not in str(shown) and "优秀团队" not in str(shown)
    assert "fraction" not in str(shown)


def test_essays_wait_for_a_trainer():
    snap, layout = frozen("essay", [])
    assert grade(snap, layout, "我的回答").fraction is None


@pytest.mark.parametrize(
    ("question", "problem"),
    [
        (QuestionData("single_choice", "题", answers=[AnswerData("甲", 1)]), "at least two"),
        (
            QuestionData("single_choice", "题", answers=[AnswerData("甲"), AnswerData("乙")]),
            "fully right",
        ),
        (
            QuestionData(
                "multiple_choice", "题", answers=[AnswerData("甲", 0.5), AnswerData("乙", 0.3)]
            ),
            "add up to 100%",
        ),
        (QuestionData("numerical", "题", answers=[AnswerData("六十", 1)]), "not a number"),
        (QuestionData("matching", "题", answers=[AnswerData("甲", match_text="A")]), "two pairs"),
        (QuestionData("short_answer", "", answers=[AnswerData("甲", 1)]), "no text"),
    ],
)
def test_broken_questions_are_named_by_what_is_wrong(question, problem):
    assert any(problem in p for p in question_problems(question))


def test_a_sound_question_has_no_problems():
    question = QuestionData(
        "customer_message",
        "快递三天没动了！",
        answers=[AnswerData("马上为您查询", 1), AnswerData("请联系快递", 0)],
    )
    assert question_problems(question) == []
