"""GIFT export: bank questions written so that our reader (and Moodle) gets them back."""

import datetime

import pytest
from django.utils import translation

from quizzes.bank import question_data, questions_save
from quizzes.importers import questions_import
from quizzes.importers.gift import parse_gift
from quizzes.importers.gift_export import export_gift
from quizzes.models import Question
from quizzes.questions import AnswerData, QuestionData

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def round_trip_bank() -> list[QuestionData]:
    """One question of every type GIFT can hold, with the characters GIFT gives meaning to."""
    return [
        QuestionData(
            qtype="single_choice",
            name="首次响应：标准",
            text="在线咨询的首次响应时间标准是？顾客说：“在吗？”你要在多久内回复！",
            answers=[
                AnswerData("≤ 60 秒", 1, "对：{响应} = 60 秒。"),
                AnswerData("5 分钟 ~ 10 分钟", 0, "太慢了 #1 问题。"),
                AnswerData("%20% 的顾客会等 1 天", 0),
            ],
            general_feedback="优秀团队做到 30 秒。\n第二行说明：见《服务标准》。",
            category=["服务标准", "响应时效"],
            tags=["响应时效", "新人必考"],
        ),
        QuestionData(
            qtype="multiple_choice",
            name="退货核对",
            text="办理七天无理由退货，需要核对哪些信息？（多选）",
            answers=[
                AnswerData("订单号", 0.33333, "需要。"),
                AnswerData("签收日期", 0.33333),
                AnswerData("商品是否影响二次销售", 0.33334),
                AnswerData("顾客的身份证照片", -1, "不需要，属于过度收集。"),
            ],
            category=["售后", "退货/退款"],
        ),
        QuestionData(
            qtype="true_false",
            name="七天起算",
            text="七天无理由退货从签收次日起算。",
            answers=[AnswerData("true", 0, "再看一下规定。"), AnswerData("false", 1, "对！")],
            general_feedback="从签收次日起算。",
            category=["售后", "退货/退款"],
        ),
        QuestionData(
            qtype="short_answer",
            name="邮件时限",
            text="邮件回复时限是几小时？",
            answers=[AnswerData("4小时", 1, "对。"), AnswerData("四*", 0.5), AnswerData("*", 0)],
            category=["服务标准"],
        ),
        QuestionData(
            qtype="numerical",
            name="退货天数",
            text="无理由退货的期限是几天？",
            answers=[
                AnswerData("7", 1, "对。", tolerance=None),
                AnswerData("7.5", 0.5, tolerance=0.5),
            ],
            category=["售后", "退货/退款"],
        ),
        QuestionData(
            qtype="matching",
            name="渠道时限",
            text="把服务渠道和回复时限配对。",
            answers=[
                AnswerData("在线咨询", match_text="60 秒内"),
                AnswerData("电子邮件", match_text="4 小时内"),
                AnswerData("", match_text="一周内"),
            ],
            category=["服务标准"],
        ),
        QuestionData(
            qtype="ordering",
            name="投诉步骤",
            text="把投诉处理步骤排好顺序。",
            answers=[AnswerData(t) for t in ["保持冷静", "确认问题", "道歉", "解决", "改进"]],
            category=["投诉处理"],
        ),
        QuestionData(
            qtype="essay",
            name="公开回复",
            text="<p>顾客在微博上<b>公开投诉</b>物流太慢。</p>\n<p>写出你的公开回复。</p>",
            text_format="html",
            general_feedback="先道歉，再私信收集订单号。",
            category=["投诉处理"],
        ),
        QuestionData(
            qtype="single_choice",
            name="Markdown 题",
            text="[html] 不是格式标记，**这**才是 Markdown：C:\\new",
            text_format="markdown",
            answers=[AnswerData("[plain] 对", 1), AnswerData("错", 0)],
            category=["信息保护"],
        ),
    ]


def comparable(question: QuestionData) -> tuple:
    return (
        question.qtype,
        question.name,
        question.text,
        question.text_format,
        question.general_feedback,
        question.category,
        sorted(question.tags),
        [(a.text, a.fraction, a.feedback, a.match_text, a.tolerance) for a in question.answers],
    )


def test_export_then_import_gives_the_same_questions():
    questions_save(questions=round_trip_bank())
    bank = Question.objects.order_by("pk")

    parsed = parse_gift(export_gift(bank))

    assert [comparable(q) for q in parsed] == [comparable(question_data(q)) for q in bank]


def test_export_groups_questions_under_moodle_category_lines_and_escapes_specials():
    questions_save(questions=round_trip_bank()[:2])

    text = export_gift(Question.objects.order_by("pk"))

    assert "$CATEGORY: $course$/top/服务标准/响应时效\n" in text
    assert "$CATEGORY: $course$/top/售后/退货//退款\n" in text  # "/" in a name is doubled
    assert "::首次响应\\：标准::" not in text  # full-width punctuation needs no escape
    assert "::首次响应：标准::" in text
    assert "=≤ 60 秒#对：\\{响应\\} \\= 60 秒。" in text
    assert "####优秀团队做到 30 秒。\\n第二行说明：见《服务标准》。" in text
    assert "// [tag:响应时效] [tag:新人必考]" in text


def test_ordering_is_written_in_moodles_ordering_syntax():
    questions_save(questions=[q for q in round_trip_bank() if q.qtype == "ordering"])

    text = export_gift(Question.objects.all())

    assert (
        "{>5 ALL VERTICAL RELATIVE_NEXT_EXCLUDE_LAST\n保持冷静\n确认问题\n道歉\n解决\n改进\n}"
        in text
    )


def test_customer_message_is_exported_as_single_choice_with_its_context_in_the_text():
    questions_save(
        questions=[
            QuestionData(
                qtype="customer_message",
                name="耳机单边无声",
                text="耳机左边没声音，我要退货！",
                answers=[AnswerData("非常抱歉，马上为您办理。", 1), AnswerData("请联系厂家。", 0)],
                category=["投诉处理"],
                extra={
                    "channel": "live_chat",
                    "customer_name": "王女士",
                    "order_number": "2024031500123",
                    "order_product": "蓝牙耳机",
                    "order_status": "已签收",
                    "order_date": datetime.date(2024, 3, 15),
                },
            )
        ]
    )

    (parsed,) = parse_gift(export_gift(Question.objects.all()))

    assert parsed.qtype == "single_choice"
    assert parsed.text == (
        "Channel: Live chat\nCustomer: 王女士\nOrder number: 2024031500123\n"
        "Product: 蓝牙耳机\nOrder status: 已签收\nOrder date: 2024-03-15\n\n"
        "耳机左边没声音，我要退货！"
    )
    assert [(a.text, a.fraction) for a in parsed.answers] == [
        ("非常抱歉，马上为您办理。", 1.0),
        ("请联系厂家。", 0.0),
    ]


def test_moodles_file_survives_import_export_and_import_again():
    from pathlib import Path

    moodle = Path(__file__).resolve().parents[3] / "shared/conformance/moodle"
    first = questions_import(
        data=(moodle / "questions.gift.txt").read_bytes(), filename="questions.gift.txt"
    )

    again = parse_gift(export_gift(first))

    assert [comparable(q) for q in again] == [comparable(question_data(q)) for q in first]
