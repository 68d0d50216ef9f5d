"""Bank questions written as GIFT, for Moodle or for importing here again.

Each category starts with `$CATEGORY: $course$/top/<path>` (Moodle's own form, which our
reader strips again); tags go into a `// [tag:…]` comment line. Special characters
(`~ = # { } :` and `\\`) are escaped and line breaks written as `\\n`, so a question stays
one block whatever its text.

What survives a round trip (export, then `parse_gift`): type, name, text and its format,
general feedback, answers (text, credit, feedback, matching answer, tolerance), category and
tags — for single and multiple choice, true/false, short answer, numerical, matching,
ordering and essay. Not in GIFT, so lost: the mark, "shuffle options", the lessons tested,
the review flag, an essay's response template and grader information, feedback on matching
pairs and ordering items.

Types GIFT cannot express:
- customer message: written as a single-choice question whose text starts with the customer
  context (channel, customer, order, product, status, date); it comes back as single choice.
- ordering: written in the syntax of Moodle's ordering question type
  (`{>N ALL VERTICAL RELATIVE_NEXT_EXCLUDE_LAST` then one item per line, in the right order),
  which Moodle 4.3+ imports and our reader reads back as ordering.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.html import escape
from django.utils.translation import gettext

from quizzes.bank import question_data
from quizzes.importers.gift import FORMAT_MARKERS, number_text
from quizzes.models import Channel, Question
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

_ESCAPES = str.maketrans(
    {
        "\\": "\\\\",
        "~": "\\~",
        "=": "\\=",
        "#": "\\#",
        "{": "\\{",
        "}": "\\}",
        ":": "\\:",
        "\n": "\\n",
        "\r": "",
    }
)


def export_gift(questions: Iterable[Question]) -> str:
    """The questions as one GIFT file, grouped under `$CATEGORY:` lines in the given order."""
    blocks = []
    current_category = None
    for question in questions:
        data = question_data(question)
        if data.category != current_category:
            current_category = data.category
            path = "/".join(_escape(name).replace("/", "//") for name in data.category)
            blocks.append(f"$CATEGORY: $course$/top/{path}")
        blocks.append(_question_block(question, data))
    return "\n\n".join(blocks) + "\n" if blocks else ""


def _escape(text: str) -> str:
    return (text or "").strip().translate(_ESCAPES)


def _guarded(text: str) -> str:
    """Escaped text that cannot be mistaken for a format marker or a weight."""
    escaped = _escape(text)
    if escaped.startswith("[") and escaped[1:].split("]", 1)[0] in FORMAT_MARKERS:
        escaped = "[plain]" + escaped
    return escaped


def _percent(fraction: float) -> str:
    return number_text(round(fraction * 100, 5))


def _question_block(question: Question, data: QuestionData) -> str:
    lines = [f"// question: {question.pk}  name: {' '.join(data.name.split())}"]
    if data.tags:
        tags = [tag.replace("]", "\\]") for tag in data.tags]
        lines.append("// " + " ".join(f"[tag:{tag}]" for tag in tags))
    text = data.text
    if data.qtype == CUSTOMER:
        text = _with_customer_context(question, data)
    marker = f"[{data.text_format}]" if data.text_format != "plain" else ""
    head = f"::{_escape(data.name)}::{marker}{_guarded(text) if not marker else _escape(text)}"
    general = f"####{_guarded(data.general_feedback)}" if data.general_feedback.strip() else ""
    qtype = data.qtype
    if qtype == ESSAY:
        lines.append(head + "{" + general + "}")
    elif qtype == TRUE_FALSE:
        lines.append(head + "{" + _true_false(data.answers) + general + "}")
    else:
        body = {
            SINGLE: _choices,
            CUSTOMER: _choices,
            MULTIPLE: _choices,
            SHORT: _short_answers,
            NUMERICAL: _numbers,
            MATCHING: _pairs,
            ORDERING: _items,
        }[qtype](data.answers, single=qtype != MULTIPLE)
        if general:
            body.append(general)
        opening = "{#" if qtype == NUMERICAL else "{"
        if qtype == ORDERING:
            opening = f"{{>{len(data.answers)} ALL VERTICAL RELATIVE_NEXT_EXCLUDE_LAST"
        lines.append(head + opening)
        lines.extend(("\t" if qtype != ORDERING else "") + line for line in body)
        lines.append("}")
    return "\n".join(lines)


def _feedback(answer: AnswerData) -> str:
    return f"#{_guarded(answer.feedback)}" if answer.feedback.strip() else ""


def _choices(answers: list[AnswerData], *, single: bool) -> list[str]:
    lines = []
    for answer in answers:
        # A text starting with "%" gets an explicit weight, so it is not read as one.
        explicit = answer.text.startswith("%")
        if single and answer.fraction >= 0.999:
            prefix = "=%100%" if explicit else "="
        elif answer.fraction == 0 and not explicit:
            prefix = "~"
        else:
            prefix = f"~%{_percent(answer.fraction)}%"
        lines.append(f"{prefix}{_guarded(answer.text)}{_feedback(answer)}")
    return lines


def _short_answers(answers: list[AnswerData], **_options) -> list[str]:
    return [f"=%{_percent(a.fraction)}%{_guarded(a.text)}{_feedback(a)}" for a in answers if a.text]


def _numbers(answers: list[AnswerData], **_options) -> list[str]:
    lines = []
    for answer in answers:
        value = _escape(answer.text)
        if answer.tolerance is not None:
            value += f":{number_text(answer.tolerance)}"
        lines.append(f"=%{_percent(answer.fraction)}%{value}{_feedback(answer)}")
    return lines


def _pairs(answers: list[AnswerData], **_options) -> list[str]:
    return [f"={_guarded(a.text)} -> {_escape(a.match_text)}" for a in answers]


def _items(answers: list[AnswerData], **_options) -> list[str]:
    return [_guarded(a.text) for a in answers if a.text.strip()]


def _true_false(answers: list[AnswerData]) -> str:
    by_key = {a.text: a for a in answers}
    true, false = by_key.get("true", AnswerData("true")), by_key.get("false", AnswerData("false"))
    right, wrong = (true, false) if true.fraction >= 0.999 else (false, true)
    text = "TRUE" if right is true else "FALSE"
    if wrong.feedback.strip():
        text += f"#{_guarded(wrong.feedback)}"
    elif right.feedback.strip():
        text += "#"
    if right.feedback.strip():
        text += f"#{_guarded(right.feedback)}"
    return text


def _with_customer_context(question: Question, data: QuestionData) -> str:
    """A customer message's text, after the context GIFT has no place for."""
    facts = [
        (gettext("Channel"), Channel(question.channel).label if question.channel else ""),
        (gettext("Customer"), question.customer_name),
        (gettext("Order number"), question.order_number),
        (gettext("Product"), question.order_product),
        (gettext("Order status"), question.order_status),
        (gettext("Order date"), question.order_date.isoformat() if question.order_date else ""),
    ]
    facts = [(label, str(value)) for label, value in facts if value]
    if not facts:
        return data.text
    if data.text_format == "html":
        context = "<br>".join(f"{escape(label)}: {escape(value)}" for label, value in facts)
        return f"<p>{context}</p>\n{data.text}"
    return "\n".join(f"{label}: {value}" for label, value in facts) + "\n\n" + data.text
