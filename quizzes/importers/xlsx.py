"""Questions from a spreadsheet (XLSX, or CSV with the same columns): one row per question.

The columns, by their Chinese header in the downloadable template (`xlsx_template`); English
headers and the other spellings in `COLUMNS` work too, in any order. Only 题型 and 题干 are
required; unknown columns are ignored.

- 分类 category path, "服务标准/响应时效" (empty: the category chosen at import);
- 题型 type: 单选题 多选题 判断题 填空题 匹配题 排序题 数值题 问答题 顾客消息题, or the type
  ids (single_choice, …) or their English names;
- 名称 name for the bank listing (empty: the question's first line); 题干 the question;
- 选项A … 选项H, what each type makes of them:
  choices (单选/多选/顾客消息) the options; 填空题 the accepted answers (all fully right);
  匹配题 pairs "question -> answer" (or →; "-> answer" alone adds a wrong answer to choose
  from); 排序题 the items in the right order; 判断题, 数值题 and 问答题 use none;
- 正确答案 the right option letters, "B" or "A,C" (多选: right options share the mark
  equally, each wrong one takes away as much as a right one is worth); 判断题 对 or 错;
  数值题 the number, with its ± margin in 误差;
- 反馈 feedback per option, one line each: "B：太慢了。" (判断题 "错：…"); text without
  letters goes to every wrong option (判断题: the wrong answer; 填空题/数值题: the right ones);
- 总体反馈 general feedback; 分值 mark (default 1); 标签 tags, separated by commas or 、;
- 顾客消息题 only: 渠道 (在线咨询 电话 社交媒体 邮件), 顾客姓名, 订单号, 商品, 订单状态,
  下单日期.

Every problem is reported by row (the spreadsheet's row number) and column header.
"""

from __future__ import annotations

import re

from django.utils import translation
from django.utils.translation import gettext

from quizzes.importers.xlsx_answers import (
    apply_feedback,
    choice_answers,
    customer_details,
    matching_answers,
    numerical_answers,
    true_false_answers,
)
from quizzes.importers.xlsx_columns import (
    CHANNEL_WORDS,
    COLUMNS,
    OPTION_COLUMNS,
    OPTION_LETTERS,
    REQUIRED,
    TEMPLATE_TYPE_WORDS,
    TYPE_WORDS,
    QuestionRow,
    decimal_value,
    option_column,
    spelling_key,
)
from quizzes.models import Channel, QuestionType
from quizzes.questions import (
    CUSTOMER,
    ESSAY,
    MATCHING,
    MULTIPLE,
    NUMERICAL,
    ORDERING,
    SHORT,
    SINGLE,
    TRUE_FALSE,
    AnswerData,
    QuestionData,
)
from training.importers.errors import ImportProblem
from training.importers.tabular import Cell, Row, cell_text, read_table

_TAG_SEPARATORS = re.compile(r"[,，、;；\n]+")


def _header_vocabulary() -> dict[str, str]:
    vocabulary = {}
    for column, (chinese, others) in COLUMNS.items():
        for spelling in (column, chinese, *others):
            vocabulary[spelling_key(spelling)] = column
    return vocabulary


def _choice_vocabulary(choices, words: dict[str, str]) -> dict[str, str]:
    """Every accepted spelling → code: the code, its English and Chinese labels, our words."""
    vocabulary = {spelling_key(code): code for code in choices.values}
    for language in ("en", "zh-hans"):
        with translation.override(language):
            vocabulary.update({spelling_key(str(label)): code for code, label in choices.choices})
    vocabulary.update({spelling_key(word): code for word, code in words.items()})
    return vocabulary


def read_question_table(
    data: bytes, filename: str = "questions.xlsx"
) -> tuple[list[QuestionData], list[ImportProblem]]:
    """The rows that could be read as questions, and every problem found in the others.

    Raises ImportRejected when the file is not a readable spreadsheet at all.
    """
    header, *body = read_table(name=filename or "questions.xlsx", data=data)
    vocabulary = _header_vocabulary()
    positions: dict[str, int] = {}
    headers: dict[str, str] = {}
    problems: list[ImportProblem] = []
    for index, cell in enumerate(header.cells):
        text = cell_text(cell)
        column = vocabulary.get(spelling_key(text)) if text else None
        if column is None:
            continue
        if column in positions:
            problems.append(ImportProblem(header.line, text, gettext("This column appears twice.")))
            continue
        positions[column] = index
        headers[column] = text
    for column in REQUIRED:
        if column not in positions:
            problems.append(
                ImportProblem(header.line, COLUMNS[column][0], gettext("The column is missing."))
            )
    if problems:
        return [], problems
    if not body:
        return [], [ImportProblem(None, "", gettext("The file has no questions below its header."))]
    types = _choice_vocabulary(QuestionType, TYPE_WORDS)
    channels = _choice_vocabulary(Channel, CHANNEL_WORDS)
    questions = []
    for row in body:
        parsed = QuestionRow(line=row.line, cells=_cells(row, positions), headers=headers)
        question = _question(parsed, types, channels)
        problems.extend(parsed.problems)
        if question is not None and not parsed.problems:
            questions.append(question)
    return questions, problems


def _cells(row: Row, positions: dict[str, int]) -> dict[str, Cell]:
    return {
        column: row.cells[index] if index < len(row.cells) else None
        for column, index in positions.items()
    }


def _question(
    row: QuestionRow, types: dict[str, str], channels: dict[str, str]
) -> QuestionData | None:
    type_text = row.text("type")
    if not type_text:
        row.problem("type", gettext("A value is required."))
        return None
    qtype = types.get(spelling_key(type_text))
    if qtype is None:
        row.problem(
            "type",
            gettext("“%(value)s” is not a question type. Use one of: %(accepted)s")
            % {"value": type_text, "accepted": "、".join(TEMPLATE_TYPE_WORDS)},
        )
        return None
    question = QuestionData(
        qtype=qtype,
        text=row.text("question"),
        name=row.text("name"),
        general_feedback=row.text("general_feedback"),
        category=[name.strip() for name in row.text("category").split("/") if name.strip()],
        tags=[tag.strip() for tag in _TAG_SEPARATORS.split(row.text("tags")) if tag.strip()],
        line=row.line,
    )
    if not question.text:
        row.problem("question", gettext("A value is required."))
    mark = row.text("mark")
    if mark:
        value = decimal_value(mark)
        if value is None or not 0 <= value <= 1000:
            row.problem("mark", gettext("The mark must be a number from 0 to 1000."))
        else:
            question.default_mark = float(value)
    options = {
        letter: row.text(column)
        for letter, column in zip(OPTION_LETTERS, OPTION_COLUMNS, strict=True)
        if row.text(column)
    }
    if qtype in {SINGLE, MULTIPLE, CUSTOMER}:
        question.answers = choice_answers(row, qtype, options)
    elif qtype == TRUE_FALSE:
        question.answers = true_false_answers(row, options)
    elif qtype == SHORT:
        question.answers = [AnswerData(text=text, fraction=1.0) for text in options.values()]
        apply_feedback(row, question.answers, options, wrong_only=False)
    elif qtype == NUMERICAL:
        question.answers = numerical_answers(row, options)
    elif qtype == MATCHING:
        question.answers = matching_answers(row, options)
    elif qtype == ORDERING:
        question.answers = [AnswerData(text=text) for text in options.values()]
    if qtype in {MATCHING, ORDERING, ESSAY} and row.text("feedback"):
        row.problem(
            "feedback",
            gettext("This type has no feedback per answer; use the general feedback column."),
        )
    if qtype == ESSAY and options:
        row.problem(
            option_column(next(iter(options))), gettext("An essay question has no options.")
        )
    if qtype == CUSTOMER:
        question.extra = customer_details(row, channels)
    return question
