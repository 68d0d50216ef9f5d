"""Question files into the bank: GIFT and Aiken (Moodle's text formats) and a spreadsheet.

`questions_import` reads a whole file, checks every question against its type's rules
(`quizzes.questions.question_problems`, the rules the bank's form uses) and writes all of
them in one transaction, or none: an `ImportRejected` lists every problem with its line.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Callable
from pathlib import PurePath

from django.utils.html import strip_tags
from django.utils.translation import gettext

from quizzes.bank import questions_save
from quizzes.importers.aiken import aiken_question_count, read_aiken
from quizzes.importers.gift import gift_question_count, read_gift
from quizzes.importers.xlsx import read_question_table
from quizzes.models import Question
from quizzes.questions import MATCHING, QuestionData, question_problems
from training.importers.errors import ImportProblem, ImportRejected
from training.importers.tabular import MAX_DATA_ROWS
from training.importers.upload import MB, refuse_if_too_large

MAX_FILE_BYTES = 5 * MB
# A bank import is a chapter's or a course's questions, not a whole bank's history; a
# spreadsheet holds one question a row, so the limits agree.
MAX_QUESTIONS = MAX_DATA_ROWS
# Options, accepted answers or pairs of one question; and answer rows a file may write.
MAX_ANSWERS = 50
MAX_FILE_ANSWERS = 100_000
FORMATS = ("gift", "aiken", "xlsx")
EXTENSIONS = {".gift": "gift", ".aiken": "aiken", ".xlsx": "xlsx", ".csv": "xlsx"}
MAX_NAME_LENGTH = 80  # a name made from the question text, as Moodle makes it

_ANSWER_LINE = re.compile(r"^\s*(?:ANSWER|答案)\s*[:：]", re.MULTILINE)
_GIFT_MARKS = re.compile(r"\{\s*[=~#>}]|\{\s*(?:T|F|TRUE|FALSE)\s*[#}]|^\s*::", re.MULTILINE)


def questions_import(
    *,
    data: bytes,
    filename: str = "",
    format: str | None = None,
    category: str | None = None,
    user=None,
    progress: Callable[[int, int], None] | None = None,
) -> list[Question]:
    """Add every question of a GIFT, Aiken or XLSX file to the bank, or none of them.

    `format` ("gift", "aiken", "xlsx") wins over the file's extension; a .txt file is Aiken
    when it has ANSWER: lines and no GIFT answers, else GIFT. Questions whose file names no
    category go to `category` ("服务标准/响应时效"), or else to one called "Imported".
    Raises ImportRejected listing every problem, each with its line, when anything is wrong.
    """
    questions = questions_read(data=data, filename=filename, format=format, category=category)
    # One transaction: all or nothing.
    return questions_save(questions=questions, user=user, progress=progress)


def questions_read(
    *, data: bytes, filename: str = "", format: str | None = None, category: str | None = None
) -> list[QuestionData]:
    """Every question of the file, checked and ready to save; nothing is written.

    Raises ImportRejected listing every problem, each with its line, when anything is wrong.
    """
    refuse_if_too_large(len(data), limit=MAX_FILE_BYTES)
    kind = _format(format, filename)
    if kind == "xlsx":
        questions, problems = read_question_table(data, _table_name(filename))
    else:
        text = _decode(data)
        if kind is None:
            kind = "aiken" if _looks_like_aiken(text) else "gift"
        count = aiken_question_count(text) if kind == "aiken" else gift_question_count(text)
        if count > MAX_QUESTIONS:
            # Refused before the questions are read and checked: that is what takes the time.
            raise _too_many_questions(count)
        questions, problems = read_aiken(text) if kind == "aiken" else read_gift(text)
    if not questions and not problems:
        problems.append(ImportProblem(None, "", gettext("The file has no questions.")))
    answers = sum(len(question.answers) for question in questions)
    if answers > MAX_FILE_ANSWERS:
        raise ImportRejected.single(
            gettext(
                "The file holds %(count)s answers in all; an import takes at most %(limit)s. "
                "Split it into several files."
            )
            % {"count": answers, "limit": MAX_FILE_ANSWERS}
        )
    for question in questions:
        for message in [*question_problems(question), *_bank_problems(question)]:
            problems.append(ImportProblem(question.line, "", message))
    if problems:
        raise ImportRejected(problems)

    fallback = [name.strip() for name in (category or "").split("/") if name.strip()]
    fallback = fallback or [gettext("Imported")]
    for question in questions:
        question.category = question.category or fallback
        question.name = question.name or _default_name(question.text)
    return questions


def _too_many_questions(count: int) -> ImportRejected:
    return ImportRejected.single(
        gettext(
            "The file holds %(count)s questions; an import takes at most %(limit)s. Split it "
            "into several files."
        )
        % {"count": count, "limit": MAX_QUESTIONS}
    )


def _format(format: str | None, filename: str) -> str | None:
    """The format asked for or named by the extension; None: look at the text."""
    if format:
        kind = format.strip().lower()
        if kind not in FORMATS:
            raise ImportRejected.single(
                gettext("“%(format)s” is not a question format; use gift, aiken or xlsx.")
                % {"format": format}
            )
        return kind
    extension = PurePath(filename or "").suffix.lower()
    if extension in EXTENSIONS:
        return EXTENSIONS[extension]
    if extension in ("", ".txt", ".text"):
        return None
    if extension == ".xls":
        message = gettext("Old Excel files (.xls) are not supported. Save the file as .xlsx.")
    else:
        message = gettext(
            "“%(name)s” is not a question file: use .gift, .aiken, .txt (GIFT or Aiken) or .xlsx."
        ) % {"name": PurePath(filename).name}
    raise ImportRejected.single(message)


def _table_name(filename: str) -> str:
    return filename if PurePath(filename or "").suffix.lower() == ".csv" else "questions.xlsx"


def _decode(data: bytes) -> str:
    """UTF-8 text, with or without a byte-order mark."""
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise ImportRejected.single(
            gettext(
                "The file is not UTF-8 text. Save it as UTF-8 (in Notepad: Save as → "
                "Encoding: UTF-8) and import it again."
            ),
            line=line,
        ) from None


def _looks_like_aiken(text: str) -> bool:
    return bool(_ANSWER_LINE.search(text)) and not _GIFT_MARKS.search(text)


def _bank_problems(question: QuestionData) -> list[str]:
    """What the bank's columns cannot hold (the type rules do not cover lengths)."""
    problems = []
    if len(question.answers) > MAX_ANSWERS:
        problems.append(
            gettext("A question has at most %(limit)s answers; this one has %(count)s.")
            % {"limit": MAX_ANSWERS, "count": len(question.answers)}
        )
    if any(len(name) > 200 for name in question.category):
        problems.append(gettext("A category name has at most 200 characters."))
    if question.qtype == MATCHING and any(len(a.match_text) > 255 for a in question.answers):
        problems.append(gettext("A matching answer has at most 255 characters."))
    if any(a.tolerance is not None and a.tolerance >= 10**8 for a in question.answers):
        problems.append(gettext("A margin of error must be below 100,000,000."))
    return problems


def _default_name(text: str) -> str:
    """A bank name from the question's first line, without HTML, as Moodle makes one."""
    lines = [line for line in strip_tags(text).splitlines() if line.strip()]
    first = " ".join(lines[0].split()) if lines else ""
    if len(first) > MAX_NAME_LENGTH:
        first = first[: MAX_NAME_LENGTH - 1].rstrip() + "…"
    return first or gettext("Question")
