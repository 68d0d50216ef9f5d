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

import datetime
import io
import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.utils import translation
from django.utils.translation import gettext

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
from training.importers.roster import parse_date
from training.importers.tabular import Cell, Row, cell_text, read_table

OPTION_LETTERS = "ABCDEFGH"

# Column → (Chinese header of the template, other accepted headers). Matching ignores case,
# spaces, "_" and "-", and full-width letters.
COLUMNS: dict[str, tuple[str, tuple[str, ...]]] = {
    "category": ("分类", ("category", "题库分类", "类别")),
    "type": ("题型", ("type", "question type", "题目类型")),
    "name": ("名称", ("name", "题目名称", "question name", "标题")),
    "question": ("题干", ("question", "question text", "text", "题目")),
    **{
        f"option_{letter.lower()}": (f"选项{letter}", (f"option {letter}", letter))
        for letter in OPTION_LETTERS
    },
    "correct": ("正确答案", ("correct", "correct answer", "answer", "答案")),
    "tolerance": ("误差", ("tolerance", "允许误差")),
    "feedback": ("反馈", ("feedback", "选项反馈")),
    "general_feedback": ("总体反馈", ("general feedback", "解析", "答案解析")),
    "mark": ("分值", ("mark", "default mark", "分数")),
    "tags": ("标签", ("tags", "tag")),
    "channel": ("渠道", ("channel",)),
    "customer_name": ("顾客姓名", ("customer", "customer name", "顾客", "客户姓名")),
    "order_number": ("订单号", ("order number", "order no", "订单编号")),
    "order_product": ("商品", ("product", "order product")),
    "order_status": ("订单状态", ("order status",)),
    "order_date": ("下单日期", ("order date", "订单日期")),
}
REQUIRED = ("type", "question")
OPTION_COLUMNS = [f"option_{letter.lower()}" for letter in OPTION_LETTERS]
CUSTOMER_LIMITS = {
    "customer_name": 100,
    "order_number": 64,
    "order_product": 200,
    "order_status": 100,
}

# Chinese words trainers write, beside the type ids and the English names.
TYPE_WORDS = {
    "单选题": SINGLE,
    "单选": SINGLE,
    "多选题": MULTIPLE,
    "多选": MULTIPLE,
    "判断题": TRUE_FALSE,
    "判断": TRUE_FALSE,
    "是非题": TRUE_FALSE,
    "填空题": SHORT,
    "填空": SHORT,
    "匹配题": MATCHING,
    "连线题": MATCHING,
    "配对题": MATCHING,
    "排序题": ORDERING,
    "排序": ORDERING,
    "数值题": NUMERICAL,
    "计算题": NUMERICAL,
    "问答题": ESSAY,
    "简答题": ESSAY,
    "论述题": ESSAY,
    "顾客消息题": CUSTOMER,
    "客户消息题": CUSTOMER,
    "顾客消息": CUSTOMER,
}
CHANNEL_WORDS = {
    "在线咨询": Channel.LIVE_CHAT,
    "在线客服": Channel.LIVE_CHAT,
    "在线聊天": Channel.LIVE_CHAT,
    "电话": Channel.PHONE,
    "社交媒体": Channel.SOCIAL,
    "社交媒体评论": Channel.SOCIAL,
    "微博": Channel.SOCIAL,
    "邮件": Channel.EMAIL,
    "电子邮件": Channel.EMAIL,
}
TRUE_WORDS = {"对", "正确", "是", "√", "✓", "t", "true", "y", "yes"}
FALSE_WORDS = {"错", "错误", "否", "×", "✗", "f", "false", "n", "no"}

_ARROW = re.compile(r"\s*(?:->|→|=>)\s*")
_LETTER_SEPARATORS = re.compile(r"[\s,，、;；/]+")
_TAG_SEPARATORS = re.compile(r"[,，、;；\n]+")
_OPTION_LABEL = re.compile(r"^\s*([A-Ha-h])\s*[:：.、)）]\s*(.*)$")
_TRUE_FALSE_LABEL = re.compile(r"^\s*(对|错|正确|错误|true|false|t|f)\s*[:：]\s*(.*)$", re.I)


def _key(text: str) -> str:
    return re.sub(r"[\s_\-]+", "", unicodedata.normalize("NFKC", text)).casefold()


def _header_vocabulary() -> dict[str, str]:
    vocabulary = {}
    for column, (chinese, others) in COLUMNS.items():
        for spelling in (column, chinese, *others):
            vocabulary[_key(spelling)] = column
    return vocabulary


def _choice_vocabulary(choices, words: dict[str, str]) -> dict[str, str]:
    """Every accepted spelling → code: the code, its English and Chinese labels, our words."""
    vocabulary = {_key(code): code for code in choices.values}
    for language in ("en", "zh-hans"):
        with translation.override(language):
            vocabulary.update({_key(str(label)): code for code, label in choices.choices})
    vocabulary.update({_key(word): code for word, code in words.items()})
    return vocabulary


@dataclass
class _Row:
    line: int
    cells: dict[str, Cell]
    headers: dict[str, str]
    problems: list[ImportProblem] = field(default_factory=list)

    def text(self, column: str) -> str:
        return cell_text(self.cells.get(column))

    def problem(self, column: str, message: str) -> None:
        self.problems.append(ImportProblem(self.line, self.headers.get(column, ""), message))


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
        column = vocabulary.get(_key(text)) if text else None
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
        parsed = _Row(line=row.line, cells=_cells(row, positions), headers=headers)
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


def _question(row: _Row, types: dict[str, str], channels: dict[str, str]) -> QuestionData | None:
    type_text = row.text("type")
    if not type_text:
        row.problem("type", gettext("A value is required."))
        return None
    qtype = types.get(_key(type_text))
    if qtype is None:
        row.problem(
            "type",
            gettext("“%(value)s” is not a question type. Use one of: %(accepted)s")
            % {"value": type_text, "accepted": "、".join(_TEMPLATE_TYPE_WORDS)},
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
        value = _decimal(mark)
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
        question.answers = _choice_answers(row, qtype, options)
    elif qtype == TRUE_FALSE:
        question.answers = _true_false_answers(row, options)
    elif qtype == SHORT:
        question.answers = [AnswerData(text=text, fraction=1.0) for text in options.values()]
        _apply_feedback(row, question.answers, options, wrong_only=False)
    elif qtype == NUMERICAL:
        question.answers = _numerical_answers(row, options)
    elif qtype == MATCHING:
        question.answers = _matching_answers(row, options)
    elif qtype == ORDERING:
        question.answers = [AnswerData(text=text) for text in options.values()]
    if qtype in {MATCHING, ORDERING, ESSAY} and row.text("feedback"):
        row.problem(
            "feedback",
            gettext("This type has no feedback per answer; use the general feedback column."),
        )
    if qtype == ESSAY and options:
        row.problem(
            _option_column(next(iter(options))), gettext("An essay question has no options.")
        )
    if qtype == CUSTOMER:
        question.extra = _customer(row, channels)
    return question


def _option_column(letter: str) -> str:
    return f"option_{letter.lower()}"


def _letters(row: _Row, options: dict[str, str]) -> list[str]:
    """The option letters of the 正确答案 cell, each naming a filled-in option."""
    raw = unicodedata.normalize("NFKC", row.text("correct")).upper()
    if not raw:
        row.problem("correct", gettext("Give the letter of the right option, e.g. B."))
        return []
    parts = [part for part in _LETTER_SEPARATORS.split(raw) if part]
    if len(parts) == 1 and len(parts[0]) > 1 and parts[0].isalpha():
        parts = list(parts[0])  # "AC"
    letters = []
    for part in parts:
        if len(part) != 1 or part not in OPTION_LETTERS:
            row.problem(
                "correct",
                gettext("“%(value)s” is not an option letter from A to H.") % {"value": part},
            )
        elif part not in options:
            row.problem(
                "correct",
                gettext("Option %(letter)s is empty, so it cannot be the right answer.")
                % {"letter": part},
            )
        elif part not in letters:
            letters.append(part)
    return letters


def _choice_answers(row: _Row, qtype: str, options: dict[str, str]) -> list[AnswerData]:
    letters = _letters(row, options)
    if qtype in {SINGLE, CUSTOMER} and len(letters) > 1:
        row.problem(
            "correct",
            gettext("A single-choice question has one right option; use 多选题 for more."),
        )
    answers = []
    right_count = len(letters) or 1
    share = round(1 / right_count, 5)
    for letter, text in options.items():
        if letter in letters:
            fraction = 1.0 if qtype != MULTIPLE else share
        else:
            fraction = 0.0 if qtype != MULTIPLE else -share
        answers.append(AnswerData(text=text, fraction=fraction))
    if qtype == MULTIPLE and letters:
        # The shares add up to exactly 100 %: the last right option takes the rounding.
        last = max(i for i, letter in enumerate(options) if letter in letters)
        answers[last].fraction = round(1 - share * (right_count - 1), 5)
    _apply_feedback(row, answers, options, wrong_only=True)
    return answers


def _true_false_answers(row: _Row, options: dict[str, str]) -> list[AnswerData]:
    value = unicodedata.normalize("NFKC", row.text("correct")).strip().casefold()
    if value in TRUE_WORDS:
        right = True
    elif value in FALSE_WORDS:
        right = False
    else:
        row.problem("correct", gettext("Write 对 or 错 (true or false)."))
        right = True
    if options:
        row.problem(
            _option_column(next(iter(options))),
            gettext("A true/false question has no options; write 对 or 错 in the answer column."),
        )
    answers = [
        AnswerData("true", 1.0 if right else 0.0),
        AnswerData("false", 0.0 if right else 1.0),
    ]
    feedback = row.text("feedback")
    if feedback:
        labelled = [_TRUE_FALSE_LABEL.match(line) for line in feedback.splitlines() if line.strip()]
        if labelled and all(labelled):
            for match in labelled:
                is_true = match.group(1).casefold() in {"对", "正确", "true", "t"}
                answers[0 if is_true else 1].feedback = match.group(2).strip()
        else:
            answers[1 if right else 0].feedback = feedback
    return answers


def _numerical_answers(row: _Row, options: dict[str, str]) -> list[AnswerData]:
    number = unicodedata.normalize("NFKC", row.text("correct")).strip()
    tolerance_text = unicodedata.normalize("NFKC", row.text("tolerance")).strip()
    if options:
        row.problem(
            _option_column(next(iter(options))),
            gettext("Write the number in the answer column, not as an option."),
        )
    if not number or _decimal(number) is None:
        row.problem("correct", gettext("Give the right number, e.g. 7."))
    tolerance = None
    if tolerance_text:
        value = _decimal(tolerance_text)
        if value is None or not 0 <= value < 10**8:
            row.problem("tolerance", gettext("The margin must be a number of 0 or more."))
        else:
            tolerance = float(value)
    answers = [AnswerData(text=number, fraction=1.0, tolerance=tolerance)]
    _apply_feedback(row, answers, {"A": number}, wrong_only=False)
    return answers


def _matching_answers(row: _Row, options: dict[str, str]) -> list[AnswerData]:
    answers = []
    for letter, text in options.items():
        parts = _ARROW.split(text, maxsplit=1)
        if len(parts) != 2 or not parts[1].strip():
            row.problem(
                _option_column(letter),
                gettext("Write a pair as “question -> answer” (“-> answer” for an extra answer)."),
            )
            continue
        answers.append(AnswerData(text=parts[0].strip(), match_text=parts[1].strip()))
    return answers


def _apply_feedback(
    row: _Row, answers: list[AnswerData], options: dict[str, str], *, wrong_only: bool
) -> None:
    """The 反馈 cell onto the answers: per letter ("B：…"), or one text for many answers."""
    feedback = row.text("feedback")
    if not feedback:
        return
    lines = [line for line in feedback.splitlines() if line.strip()]
    index_of = {letter: index for index, letter in enumerate(options)}
    if _OPTION_LABEL.match(lines[0]):
        current = None
        for line in lines:
            match = _OPTION_LABEL.match(line)
            if match:
                letter = match.group(1).upper()
                current = index_of.get(letter)
                if current is None:
                    row.problem(
                        "feedback",
                        gettext("Option %(letter)s is empty, so it cannot have feedback.")
                        % {"letter": letter},
                    )
                    continue
                answers[current].feedback = match.group(2).strip()
            elif current is not None:
                answers[current].feedback += "\n" + line.strip()
        return
    for answer in answers:
        if not wrong_only or answer.fraction < 0.999:
            answer.feedback = feedback


def _customer(row: _Row, channels: dict[str, str]) -> dict:
    extra: dict = {}
    channel = row.text("channel")
    if channel:
        code = channels.get(_key(channel))
        if code is None:
            row.problem(
                "channel",
                gettext("“%(value)s” is not a channel. Use one of: %(accepted)s")
                % {"value": channel, "accepted": "、".join(_TEMPLATE_CHANNEL_WORDS)},
            )
        extra["channel"] = code or ""
    for column, limit in CUSTOMER_LIMITS.items():
        value = row.text(column)
        if len(value) > limit:
            row.problem(column, gettext("At most %(n)s characters.") % {"n": limit})
        if value:
            extra[column] = value
    if row.text("order_date"):
        try:
            extra["order_date"] = parse_date(row.cells.get("order_date"))
        except ValueError:
            row.problem(
                "order_date",
                gettext("“%(value)s” is not a date; write it as 2024-03-01.")
                % {"value": row.text("order_date")},
            )
    return extra


def _decimal(text: str) -> Decimal | None:
    try:
        value = Decimal(unicodedata.normalize("NFKC", text).strip())
    except (InvalidOperation, ValueError):
        return None
    return value if value.is_finite() else None


# The template: one example row per type, about our own customer service.
_TEMPLATE_TYPE_WORDS = ["单选题", "多选题", "判断题", "填空题", "匹配题", "排序题", "数值题"]
_TEMPLATE_TYPE_WORDS += ["问答题", "顾客消息题"]
_TEMPLATE_CHANNEL_WORDS = ["在线咨询", "电话", "社交媒体", "邮件"]

_EXAMPLES: list[dict[str, Cell]] = [
    {
        "category": "服务标准/响应时效",
        "type": "单选题",
        "name": "首次响应时限",
        "question": "在线咨询的首次响应时间标准是？",
        "option_a": "60 秒以内",
        "option_b": "5 分钟以内",
        "option_c": "30 分钟以内",
        "correct": "A",
        "feedback": "B：太慢了，标准是 60 秒以内。\nC：太慢了，标准是 60 秒以内。",
        "general_feedback": "优秀团队能做到 30 秒以内。",
        "mark": 1,
        "tags": "响应时效、服务标准",
    },
    {
        "category": "售后/退货退款",
        "type": "多选题",
        "name": "七天无理由退货核对项",
        "question": "办理七天无理由退货时，需要核对哪些信息？",
        "option_a": "订单号",
        "option_b": "签收日期是否在 7 天内",
        "option_c": "商品是否影响二次销售",
        "option_d": "顾客的身份证照片",
        "correct": "A,B,C",
        "feedback": "D：不需要，索要身份证照片属于过度收集个人信息。",
        "mark": 2,
        "tags": "退货",
    },
    {
        "category": "售后/退货退款",
        "type": "判断题",
        "name": "七天起算日",
        "question": "七天无理由退货从顾客签收的次日开始计算。",
        "correct": "对",
        "feedback": "错：请再看一下退货规定：从签收次日起算。",
    },
    {
        "category": "投诉处理",
        "type": "填空题",
        "name": "投诉第一步",
        "question": "处理顾客投诉的第一步是什么？（四个字）",
        "option_a": "保持冷静",
        "feedback": "对，先稳住自己的情绪，再确认问题。",
    },
    {
        "category": "服务标准/响应时效",
        "type": "匹配题",
        "name": "渠道与时限",
        "question": "把服务渠道和它的回复时限配对。",
        "option_a": "在线咨询 -> 60 秒内首次响应",
        "option_b": "电子邮件 -> 4 小时内回复",
        "option_c": "投诉 -> 24 小时内给出方案",
        "option_d": "-> 一周内回复",
    },
    {
        "category": "投诉处理",
        "type": "排序题",
        "name": "投诉处理步骤",
        "question": "把投诉处理的五个步骤排好顺序。",
        "option_a": "保持冷静",
        "option_b": "确认问题",
        "option_c": "道歉",
        "option_d": "解决",
        "option_e": "改进",
        "general_feedback": "保持冷静 → 确认问题 → 道歉 → 解决 → 改进。",
    },
    {
        "category": "售后/退货退款",
        "type": "数值题",
        "name": "无理由退货天数",
        "question": "无理由退货的期限是几天？",
        "correct": 7,
        "tolerance": 0,
    },
    {
        "category": "信息保护",
        "type": "问答题",
        "name": "核实身份",
        "question": "顾客在电话里要求你报出他账户绑定的手机号。你怎么回复？请写出你的话术。",
        "general_feedback": "不报出完整信息；请顾客提供信息由你核对，"
        "并说明这是为了保护他的账户安全。",
        "mark": 5,
    },
    {
        "category": "投诉处理",
        "type": "顾客消息题",
        "name": "耳机单边无声",
        "question": "耳机左边没声音，才用了三天！我要退货！",
        "option_a": "非常抱歉给您添麻烦了。耳机是 3 月 15 日签收的，在七天无理由期限内，"
        "我现在就为您办理退货。",
        "option_b": "您先自己检查一下是不是没充电。",
        "option_c": "这个问题请联系厂家售后。",
        "correct": "A",
        "feedback": "B：先道歉、先解决，不要把问题推回给顾客。\nC：不要推给第三方。",
        "channel": "在线咨询",
        "customer_name": "王女士",
        "order_number": "2024031500123",
        "order_product": "蓝牙耳机",
        "order_status": "已签收",
        "order_date": datetime.date(2024, 3, 15),
    },
]

_INSTRUCTIONS = [
    ("分类", "题库分类，用 / 分层，如：服务标准/响应时效。留空：导入时选择的分类。"),
    ("题型", "、".join(_TEMPLATE_TYPE_WORDS)),
    ("名称", "题库列表里显示的名称；留空则用题干第一行。"),
    ("题干", "题目内容（必填）。顾客消息题：顾客发来的消息。"),
    (
        "选项A–选项H",
        "单选/多选/顾客消息题：选项；填空题：可接受的答案；匹配题：“问题 -> 答案”，"
        "只写“-> 答案”为干扰项；排序题：按正确顺序填写。",
    ),
    ("正确答案", "选项字母，如 B 或 A,C；判断题填 对 或 错；数值题填数字。"),
    ("误差", "数值题允许的误差（±）。"),
    ("反馈", "每行一个选项：“B：……”；判断题：“错：……”。"),
    ("总体反馈", "作答后总会显示的说明。"),
    ("分值", "默认 1。"),
    ("标签", "用逗号或顿号分隔。"),
    (
        "渠道 … 下单日期",
        "仅顾客消息题：渠道（" + "、".join(_TEMPLATE_CHANNEL_WORDS) + "）和订单信息。",
    ),
]


def xlsx_template() -> bytes:
    """A workbook to fill in: the header row, one example row per question type, and a
    second sheet explaining the columns."""
    import openpyxl
    from openpyxl.styles import Alignment, Font

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "题目"
    sheet.append([chinese for chinese, _others in COLUMNS.values()])
    for example in _EXAMPLES:
        sheet.append([example.get(column) for column in COLUMNS])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            if isinstance(cell.value, datetime.date):
                cell.number_format = "yyyy-mm-dd"
    widths = {"question": 40, "feedback": 30, "general_feedback": 30, "category": 18}
    for index, column in enumerate(COLUMNS, start=1):
        letter = openpyxl.utils.get_column_letter(index)
        sheet.column_dimensions[letter].width = widths.get(column, 14)
    sheet.freeze_panes = "A2"

    help_sheet = workbook.create_sheet("填写说明")
    help_sheet.append(["列", "填写方法"])
    for row in _INSTRUCTIONS:
        help_sheet.append(list(row))
    help_sheet.column_dimensions["A"].width = 16
    help_sheet.column_dimensions["B"].width = 90
    for cell in help_sheet[1]:
        cell.font = Font(bold=True)

    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
