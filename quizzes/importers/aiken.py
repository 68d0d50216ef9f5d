"""Aiken, the simplest question format: single-choice questions, one line per option.

    在线咨询的首次响应时间标准是？
    A) 60 秒以内
    B. 5 分钟以内
    C)30 分钟以内
    ANSWER: A

Read as Moodle reads it (question/format/aiken/format.php): a line that is neither an option
(`A)` or `A.`, with or without a space) nor an `ANSWER:` line starts a question; the
question is complete at its `ANSWER:` line. Texts are plain: HTML in them is kept as text.
Beyond Moodle: a question's text may run over several lines before its first option,
`ANSWER：` (full-width colon) and `答案：` are accepted, and the answer letter must name one of
the question's options.

Moodle's errors, which we report for the whole file (by line) and refuse it:
a question with fewer than 2 options ("Question must have at least 2 answers", on its
ANSWER line); an option or ANSWER line before any question ("Question not started");
a new question before the last one had its ANSWER line ("Question not completed before next
question start", on the new question's line).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.utils.translation import gettext

from quizzes.questions import SINGLE, AnswerData, QuestionData
from training.importers.errors import ImportProblem, ImportRejected

_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_OPTION = re.compile(r"^([A-Z])[).]\s*(.*)$")
_ANSWER = re.compile(r"^(?:ANSWER|答案)\s*[:：]\s*(.*)$")


@dataclass
class _Open:
    """A question read so far."""

    line: int
    text: list[str]
    options: list[tuple[str, str]] = field(default_factory=list)  # (letter, text)


def parse_aiken(text: str) -> list[QuestionData]:
    """The single-choice questions of an Aiken file; ImportRejected names every broken one."""
    questions, problems = read_aiken(text)
    if problems:
        raise ImportRejected(problems)
    return questions


def aiken_question_count(text: str) -> int:
    """How many questions the file holds (its ANSWER lines), without reading them."""
    return sum(1 for raw in _LINE_BREAK.split(text) if _ANSWER.match(raw.strip()))


def read_aiken(text: str) -> tuple[list[QuestionData], list[ImportProblem]]:
    """The questions that could be read, and a problem for each line that broke one."""
    questions: list[QuestionData] = []
    problems: list[ImportProblem] = []
    current: _Open | None = None

    def problem(line: int, message: str) -> None:
        problems.append(ImportProblem(line, "", message))

    for number, raw in enumerate(_LINE_BREAK.split(text), start=1):
        line = raw.strip()
        if not line:
            continue
        option = _OPTION.match(line)
        answer = _ANSWER.match(line)
        if option:
            if current is None:
                problem(number, gettext("This option comes before any question text."))
                continue
            if not option.group(2).strip():
                problem(number, gettext("This option has no text."))
            current.options.append((option.group(1), option.group(2).strip()))
        elif answer:
            if current is None:
                problem(number, gettext("This ANSWER line comes before any question text."))
                continue
            question = _complete(current, answer.group(1).strip(), number, problem)
            if question is not None:
                questions.append(question)
            current = None
        elif current is not None and not current.options:
            current.text.append(line)
        else:
            if current is not None:
                problem(
                    number,
                    gettext(
                        "A new question starts here, but the question on line %(line)s has no "
                        "ANSWER line yet."
                    )
                    % {"line": current.line},
                )
            current = _Open(line=number, text=[line])
    if current is not None:
        problem(
            current.line,
            gettext("The file ends before this question has its ANSWER line."),
        )
    return questions, problems


def _complete(current: _Open, letter: str, line: int, problem) -> QuestionData | None:
    if len(current.options) < 2:
        problem(line, gettext("The question needs at least 2 options before its ANSWER line."))
        return None
    letters = [option_letter for option_letter, _text in current.options]
    if len(set(letters)) < len(letters):
        problem(line, gettext("Two options of this question have the same letter."))
        return None
    right = letter[:1].upper()
    if right not in letters:
        problem(
            line,
            gettext("The answer “%(answer)s” is not one of the options %(letters)s.")
            % {"answer": letter, "letters": ", ".join(letters)},
        )
        return None
    return QuestionData(
        qtype=SINGLE,
        text="\n".join(current.text),
        answers=[
            AnswerData(text=text, fraction=1.0 if option_letter == right else 0.0)
            for option_letter, text in current.options
        ],
        line=current.line,
    )
