"""The question table's columns, the words trainers write in them, and a row being read.

`COLUMNS` gives each column its Chinese header in the template and the other headers
accepted; `TYPE_WORDS`, `CHANNEL_WORDS`, `TRUE_WORDS` and `FALSE_WORDS` are the Chinese words
accepted beside the ids and English names. A `QuestionRow` collects its own problems, each
named by the column's header as the file spells it. Shared by the reader
(`quizzes.importers.xlsx`), the answers per type (`xlsx_answers`) and the template
(`xlsx_template`).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from quizzes.models import Channel
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
)
from training.importers.errors import ImportProblem
from training.importers.tabular import Cell, cell_text

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

# The type and channel words the template shows and the problems suggest.
TEMPLATE_TYPE_WORDS = ["单选题", "多选题", "判断题", "填空题", "匹配题", "排序题", "数值题"]
TEMPLATE_TYPE_WORDS += ["问答题", "顾客消息题"]
TEMPLATE_CHANNEL_WORDS = ["在线咨询", "电话", "社交媒体", "邮件"]


def spelling_key(text: str) -> str:
    """How a header or word is compared: NFKC, casefolded, without spaces, "_" or "-"."""
    return re.sub(r"[\s_\-]+", "", unicodedata.normalize("NFKC", text)).casefold()


def option_column(letter: str) -> str:
    return f"option_{letter.lower()}"


def decimal_value(text: str) -> Decimal | None:
    try:
        value = Decimal(unicodedata.normalize("NFKC", text).strip())
    except (InvalidOperation, ValueError):
        return None
    return value if value.is_finite() else None


@dataclass
class QuestionRow:
    line: int
    cells: dict[str, Cell]
    headers: dict[str, str]
    problems: list[ImportProblem] = field(default_factory=list)

    def text(self, column: str) -> str:
        return cell_text(self.cells.get(column))

    def problem(self, column: str, message: str) -> None:
        self.problems.append(ImportProblem(self.line, self.headers.get(column, ""), message))
