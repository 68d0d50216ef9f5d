"""The question spreadsheet: the downloadable template imports as it is, English headers
work too, and every bad row is named by its row number and column."""

import datetime
import io

import openpyxl
import pytest
from django.utils import translation

from quizzes.importers import questions_import
from quizzes.importers.xlsx_columns import COLUMNS
from quizzes.importers.xlsx_template import xlsx_template
from quizzes.models import Question
from training.importers.errors import ImportRejected

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def workbook_bytes(header, rows) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_template_has_a_chinese_header_and_one_example_per_type():
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx_template())).worksheets[0]
    header = [cell.value for cell in sheet[1]]

    assert header[:6] == ["分类", "题型", "名称", "题干", "选项A", "选项B"]
    assert header == [chinese for chinese, _others in COLUMNS.values()]
    assert [row[1] for row in sheet.iter_rows(min_row=2, values_only=True)] == [
        "单选题",
        "多选题",
        "判断题",
        "填空题",
        "匹配题",
        "排序题",
        "数值题",
        "问答题",
        "顾客消息题",
    ]


def test_the_template_imports_as_it_is():
    created = questions_import(data=xlsx_template(), filename="题目模板.xlsx")

    by_type = {q.qtype: q for q in created}
    assert sorted(by_type) == sorted(
        [
            "single_choice",
            "multiple_choice",
            "true_false",
            "short_answer",
            "matching",
            "ordering",
            "numerical",
            "essay",
            "customer_message",
        ]
    )
    single = by_type["single_choice"]
    assert str(single.category) == "服务标准 / 响应时效"
    assert [(a.text, float(a.fraction)) for a in single.answers.all()] == [
        ("60 秒以内", 1.0),
        ("5 分钟以内", 0.0),
        ("30 分钟以内", 0.0),
    ]
    assert single.answers.all()[1].feedback == "太慢了，标准是 60 秒以内。"
    assert sorted(t.name for t in single.tags.all()) == ["响应时效", "服务标准"]

    multiple = by_type["multiple_choice"]
    fractions = [round(float(a.fraction), 5) for a in multiple.answers.all()]
    assert fractions == [0.33333, 0.33333, 0.33334, -0.33333]
    assert float(multiple.default_mark) == 2

    true_false = by_type["true_false"]
    assert [(a.text, float(a.fraction), a.feedback) for a in true_false.answers.all()] == [
        ("true", 1.0, ""),
        ("false", 0.0, "请再看一下退货规定：从签收次日起算。"),
    ]
    matching = [(a.text, a.match_text) for a in by_type["matching"].answers.all()]
    assert matching[-1] == ("", "一周内回复")
    ordering = [a.text for a in by_type["ordering"].answers.all()]
    assert ordering == ["保持冷静", "确认问题", "道歉", "解决", "改进"]
    number = by_type["numerical"].answers.get()
    assert (number.text, float(number.tolerance)) == ("7", 0.0)

    customer = by_type["customer_message"]
    assert (customer.channel, customer.customer_name, customer.order_number) == (
        "live_chat",
        "王女士",
        "2024031500123",
    )
    assert (customer.order_product, customer.order_status) == ("蓝牙耳机", "已签收")
    assert customer.order_date == datetime.date(2024, 3, 15)


def test_english_headers_and_type_names_work_in_any_order():
    data = workbook_bytes(
        ["Question", "Type", "Option A", "Option B", "Correct", "Category", "Mark"],
        [["首次响应时限？", "Single choice", "60 秒", "5 分钟", "a", "服务标准", 2]],
    )

    (question,) = questions_import(data=data, filename="questions.xlsx")

    assert question.qtype == "single_choice"
    assert [float(a.fraction) for a in question.answers.all()] == [1.0, 0.0]
    assert str(question.category) == "服务标准"
    assert float(question.default_mark) == 2


def test_every_bad_row_is_named_by_row_and_column_and_nothing_is_created():
    header = ["题型", "题干", "选项A", "选项B", "正确答案", "渠道", "下单日期", "分值"]
    data = workbook_bytes(
        header,
        [
            ["单选题", "首次响应时限？", "60 秒", "5 分钟", "A", "", "", ""],  # row 2: good
            ["填图题", "？", "", "", "", "", "", ""],  # row 3: unknown type
            ["单选题", "首次响应时限？", "60 秒", "", "B", "", "", ""],  # row 4: B is empty
            ["顾客消息题", "我要退货！", "好的", "不行", "A", "飞鸽", "昨天", ""],  # row 5
            ["判断题", "七天从签收次日起算。", "", "", "也许", "", "", "很多"],  # row 6
            ["多选题", "", "订单号", "签收日期", "A,B", "", "", ""],  # row 7: no text
        ],
    )

    with pytest.raises(ImportRejected) as rejected:
        questions_import(data=data, filename="questions.xlsx")

    named = [(p.line, p.field) for p in rejected.value.problems]
    assert named == [
        (3, "题型"),
        (4, "正确答案"),
        (5, "渠道"),
        (5, "下单日期"),
        (6, "分值"),
        (6, "正确答案"),
        (7, "题干"),
    ]
    assert "“填图题” is not a question type" in rejected.value.problems[0].message
    assert Question.objects.count() == 0


def test_type_rules_are_checked_too():
    data = workbook_bytes(
        ["题型", "题干", "选项A", "正确答案"],
        [["单选题", "只有一个选项的题？", "唯一选项", "A"]],
    )

    with pytest.raises(ImportRejected) as rejected:
        questions_import(data=data, filename="questions.xlsx")

    messages = [(p.line, p.message) for p in rejected.value.problems]
    assert (2, "Give at least two options.") in messages


def test_a_missing_required_column_is_named():
    data = workbook_bytes(["分类", "题干"], [["服务标准", "首次响应时限？"]])

    with pytest.raises(ImportRejected) as rejected:
        questions_import(data=data, filename="questions.xlsx")

    assert [(p.line, p.field, p.message) for p in rejected.value.problems] == [
        (1, "题型", "The column is missing.")
    ]
