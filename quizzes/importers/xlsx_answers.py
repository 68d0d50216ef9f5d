"""The answers of one question row, per question-type family, and their feedback.

Choices (单选/多选/顾客消息) from the option columns and the right letters, true/false from
对/错, numbers with their margin, matching pairs "question -> answer"; the 反馈 cell onto
the answers; a customer-message question's channel and order details. Each reports its
problems on the row, by column.
"""

from __future__ import annotations

import re
import unicodedata

from django.utils.translation import gettext

from quizzes.importers.xlsx_columns import (
    CUSTOMER_LIMITS,
    FALSE_WORDS,
    OPTION_LETTERS,
    TEMPLATE_CHANNEL_WORDS,
    TRUE_WORDS,
    QuestionRow,
    decimal_value,
    option_column,
    spelling_key,
)
from quizzes.questions import CUSTOMER, MULTIPLE, SINGLE, AnswerData
from training.importers.roster import parse_date

_ARROW = re.compile(r"\s*(?:->|→|=>)\s*")
_LETTER_SEPARATORS = re.compile(r"[\s,，、;；/]+")
_OPTION_LABEL = re.compile(r"^\s*([A-Ha-h])\s*[:：.、)）]\s*(.*)$")
_TRUE_FALSE_LABEL = re.compile(r"^\s*(对|错|正确|错误|true|false|t|f)\s*[:：]\s*(.*)$", re.I)


def _letters(row: QuestionRow, options: dict[str, str]) -> list[str]:
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


def choice_answers(row: QuestionRow, qtype: str, options: dict[str, str]) -> list[AnswerData]:
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
    apply_feedback(row, answers, options, wrong_only=True)
    return answers


def true_false_answers(row: QuestionRow, options: dict[str, str]) -> list[AnswerData]:
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
            option_column(next(iter(options))),
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


def numerical_answers(row: QuestionRow, options: dict[str, str]) -> list[AnswerData]:
    number = unicodedata.normalize("NFKC", row.text("correct")).strip()
    tolerance_text = unicodedata.normalize("NFKC", row.text("tolerance")).strip()
    if options:
        row.problem(
            option_column(next(iter(options))),
            gettext("Write the number in the answer column, not as an option."),
        )
    if not number or decimal_value(number) is None:
        row.problem("correct", gettext("Give the right number, e.g. 7."))
    tolerance = None
    if tolerance_text:
        value = decimal_value(tolerance_text)
        if value is None or not 0 <= value < 10**8:
            row.problem("tolerance", gettext("The margin must be a number of 0 or more."))
        else:
            tolerance = float(value)
    answers = [AnswerData(text=number, fraction=1.0, tolerance=tolerance)]
    apply_feedback(row, answers, {"A": number}, wrong_only=False)
    return answers


def matching_answers(row: QuestionRow, options: dict[str, str]) -> list[AnswerData]:
    answers = []
    for letter, text in options.items():
        parts = _ARROW.split(text, maxsplit=1)
        if len(parts) != 2 or not parts[1].strip():
            row.problem(
                option_column(letter),
                gettext("Write a pair as “question -> answer” (“-> answer” for an extra answer)."),
            )
            continue
        answers.append(AnswerData(text=parts[0].strip(), match_text=parts[1].strip()))
    return answers


def apply_feedback(
    row: QuestionRow, answers: list[AnswerData], options: dict[str, str], *, wrong_only: bool
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


def customer_details(row: QuestionRow, channels: dict[str, str]) -> dict:
    extra: dict = {}
    channel = row.text("channel")
    if channel:
        code = channels.get(spelling_key(channel))
        if code is None:
            row.problem(
                "channel",
                gettext("“%(value)s” is not a channel. Use one of: %(accepted)s")
                % {"value": channel, "accepted": "、".join(TEMPLATE_CHANNEL_WORDS)},
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
