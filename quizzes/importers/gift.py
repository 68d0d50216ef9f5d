"""GIFT, Moodle's text format for questions, read into `QuestionData` the way Moodle reads it.

Read against Moodle's parser (question/format/gift/format.php) and checked with Moodle's own
test files. A file is a list of blocks separated by blank lines; a block is a `$CATEGORY:` line
or one question::

    // Comment lines start with //; a [tag:…] in them tags the question that follows.
    $CATEGORY: $course$/top/服务标准/响应时效

    ::首次响应::[html]在线咨询的首次响应时间标准是？{
        =60 秒以内 # 对：≤ 60 秒。
        ~5 分钟以内 # 太慢了。
        ####优秀团队做到 30 秒。
    }

What the answer block `{…}` makes of a question (Moodle's order of tests):

- `{}` essay; `{T}` `{TRUE}` `{F}` `{FALSE}` true/false, where `{T#a#b}` gives feedback
  `a` to the wrong answer (here "false") and `b` to the right one, as Moodle does;
- `{#…}` numerical: `=3:2` (3 ± 2), `=1..5` (a range), `=%50%3:4#feedback`;
- a `~` anywhere: choices; one or more `=` make it single choice, none multiple choice
  (`~%50%…` weights, negative ones allowed);
- `=stem -> answer` pairs: matching (`= -> extra` adds a wrong answer to choose from);
- otherwise `=` answers: short answer (`=%50%…` partial credit; `*` matches anything);
- `{>N ALL VERTICAL …` then one item per line: ordering, in Moodle's ordering-question syntax
  (the items in the right order; N and the keywords are read and ignored: every item is shown
  and graded relative to the next item).

`####` starts the general feedback, `#` an answer's feedback. `[html]`, `[markdown]`,
`[plain]` and `[moodle]` (read as plain) before the question text set its format; before an
answer or feedback they are dropped (the bank has one format per question). `\\~ \\= \\# \\{ \\}
\\:` stay literal, `\\n` is a line break and `\\\\` a backslash. `$CATEGORY:` paths drop
Moodle's context (`$course$`, `$system$`…) and its `top` category; `//` stands for a `/`
inside a name.

Decisions where we differ from, or narrow, Moodle:

- Text after the closing brace is read as Moodle reads it: the question becomes a
  "missing word" question whose text keeps that text, with `_____` where the braces were.
  Moodle's test file ends two questions in `}";` — they import with texts ending in `_____";`,
  so a trainer moving from Moodle gets the 9 questions Moodle gets.
- A numerical question's "anything else" answer (`~#feedback`, or `=*`) is left out: the bank
  only holds numbers as numerical answers, so that feedback is not imported.
- `{t}`, `{true}` … are true/false whatever their case (Moodle takes only capitals and would
  read `{true}` as a short answer "true").
- Refused, naming the question's first line (Moodle would guess or import a "description"):
  a block without `{…}`, an unclosed `{` or `::name`, a second answer block, text before the
  first `=`/`~` of choices, matching or short answers (`{对}` is not a true/false question),
  a weight that is not `%number%`, an empty option, a matching pair without `->`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext

from quizzes.questions import (
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
from training.importers.errors import ImportProblem, ImportRejected

BLANK = "_____"  # Moodle's blank for a missing-word question
FORMAT_MARKERS = {"html": "html", "plain": "plain", "markdown": "markdown", "moodle": "plain"}

# Escaped characters become private-use characters while the structure is read, and go back
# to themselves in the texts (Moodle does the same with "&&058;"-style placeholders).
_ESCAPABLE = ":#={}~n"
_PLACEHOLDER = {char: chr(0xF0000 + index) for index, char in enumerate(_ESCAPABLE)}
_RESTORE = {ord(mark): ("\n" if char == "n" else char) for char, mark in _PLACEHOLDER.items()}

_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_MARKER = re.compile(r"^\[(html|plain|markdown|moodle)\]")
_WEIGHT = re.compile(r"^%(-?\d+(?:\.\d+)?)%")
_TAG = re.compile(r"\[tag:((?:\\\]|[^\]])+)\]")
_CONTEXT = re.compile(r"^\$[a-z]+\$$")
_TRUE_FALSE = {"T": True, "TRUE": True, "F": False, "FALSE": False}
_ORDERING_HEADER = re.compile(
    r"^\s*(?P<count>\d+)?\s*"
    r"(?:\b(?:ALL|EXACT|RANDOM|REL|CONTIGUOUS|CONTIG)\b\s*)?"
    r"(?:\b(?:HORIZONTAL|HORI|H|VERTICAL|VERT|V|1|0)\b\s*)?"
    r"(?:\b(?:ALL_OR_NOTHING|ABSOLUTE_POSITION|ABSOLUTE|ABS|RELATIVE_NEXT_EXCLUDE_LAST"
    r"|RELATIVE_NEXT_INCLUDE_LAST|RELATIVE_ONE_PREVIOUS_AND_NEXT|RELATIVE_ALL_PREVIOUS_AND_NEXT"
    r"|RELATIVE_TO_CORRECT|RELATIVE|REL|LONGEST_ORDERED_SUBSET|LONGEST_CONTIGUOUS_SUBSET)\b\s*)?"
    r"(?:\b(?:SHOW|TRUE|YES|HIDE|FALSE|NO|1|0)\b\s*)?",
    re.IGNORECASE,
)


class _Malformed(Exception):
    """One reason a question cannot be read; the question is skipped and named."""


@dataclass
class _Block:
    line: int  # the first line that is not a comment
    lines: list[str] = field(default_factory=list)
    comments: list[str] = field(default_factory=list)


def parse_gift(text: str) -> list[QuestionData]:
    """The questions of a GIFT file, in file order, each with the line it starts on.

    Raises ImportRejected naming every question that cannot be read. Whether each question
    keeps its type's rules (`quizzes.questions.question_problems`) is the importer's check.
    """
    questions, problems = read_gift(text)
    if problems:
        raise ImportRejected(problems)
    return questions


def read_gift(text: str) -> tuple[list[QuestionData], list[ImportProblem]]:
    """The questions that could be read, and a problem for each one that could not."""
    questions: list[QuestionData] = []
    problems: list[ImportProblem] = []
    category: list[str] = []
    for block in _blocks(text):
        body = _protect("\n".join(block.lines)).strip()
        line = block.line
        if body.startswith("$CATEGORY:"):
            first, _newline, rest = body.partition("\n")
            category = _category_path(first[len("$CATEGORY:") :])
            if not rest.strip():
                continue
            # A question written straight under the $CATEGORY line (Moodle would swallow it).
            body, line = rest.strip(), line + 1
        try:
            question = _question(body)
        except _Malformed as problem:
            problems.append(ImportProblem(line, "", str(problem)))
            continue
        question.line = line
        question.category = list(category)
        question.tags = _tags(block.comments)
        questions.append(question)
    return questions, problems


def gift_question_count(text: str) -> int:
    """How many questions the file holds, without reading them (to refuse a huge file)."""
    return sum(
        1
        for block in _blocks(text)
        if not block.lines[0].startswith("$CATEGORY:") or len(block.lines) > 1
    )


def _blocks(text: str) -> list[_Block]:
    """Lines grouped between blank lines, trimmed, comment lines set aside."""
    blocks: list[_Block] = []
    current: _Block | None = None
    for number, raw in enumerate(_LINE_BREAK.split(text), start=1):
        line = raw.strip()
        if not line:
            if current is not None and current.lines:
                blocks.append(current)
            current = None
            continue
        if current is None:
            current = _Block(line=number)
        if line.startswith("//"):
            current.comments.append(line)
            continue
        if not current.lines:
            current.line = number
        current.lines.append(line)
    if current is not None and current.lines:
        blocks.append(current)
    return blocks


def _protect(text: str) -> str:
    """Escaped characters replaced by placeholders; `\\\\` becomes one backslash."""
    out: list[str] = []
    index = 0
    while index < len(text):
        char = text[index]
        following = text[index + 1] if index + 1 < len(text) else ""
        if char == "\\" and following == "\\":
            out.append("\\")
            index += 2
        elif char == "\\" and following and following in _PLACEHOLDER:
            out.append(_PLACEHOLDER[following])
            index += 2
        else:
            out.append(char)
            index += 1
    return "".join(out)


def _restore(text: str) -> str:
    return text.translate(_RESTORE)


def _with_format(text: str) -> tuple[str, str | None]:
    """A text without its leading format marker, and the format the marker names."""
    text = text.strip()
    match = _MARKER.match(text)
    if not match:
        return _restore(text).strip(), None
    return _restore(text[match.end() :]).strip(), FORMAT_MARKERS[match.group(1)]


def _plain(text: str) -> str:
    return _with_format(text)[0]


def _category_path(path: str) -> list[str]:
    """Category names, top first, without Moodle's context and "top" category."""
    names = [name.replace("//", "/").strip() for name in re.split(r"(?<!/)/(?!/)", path)]
    names = [_restore(name).strip() for name in names if name]
    if names and _CONTEXT.match(names[0]):
        names = names[1:]
    if names and names[0] == "top":
        names = names[1:]
    return names


def _tags(comments: list[str]) -> list[str]:
    tags = []
    for comment in comments:
        for raw in _TAG.findall(comment):
            tag = raw.replace("\\]", "]").strip()
            if tag and tag not in tags:
                tags.append(tag)
    return tags


def _question(text: str) -> QuestionData:
    """One question block (escapes protected) as QuestionData; _Malformed says why not."""
    name = ""
    if text.startswith("::"):
        end = text.find("::", 2)
        if end < 0:
            raise _Malformed(gettext("The question name after “::” is not closed with “::”."))
        name = _restore(text[2:end]).strip()
        text = text[end + 2 :].strip()

    start, finish = text.find("{"), text.find("}")
    if start < 0 and finish < 0:
        raise _Malformed(
            gettext(
                "There are no answers: write them in braces after the question, e.g. "
                "{=right ~wrong}, or {} for an essay."
            )
        )
    if finish < 0:
        raise _Malformed(gettext("The answers opened with “{” are not closed with “}”."))
    if start < 0 or finish < start:
        raise _Malformed(gettext("A “}” comes before any “{”. Write \\} for a literal brace."))
    if "{" in text[finish + 1 :] or "}" in text[finish + 1 :] or "{" in text[start + 1 : finish]:
        raise _Malformed(
            gettext(
                "A question has one answer block {…}. Write \\{ and \\} for braces in the text."
            )
        )
    answers = text[start + 1 : finish].strip()
    if finish == len(text) - 1:
        question_text = text[:start]
    else:
        # Text after the answers: Moodle's "missing word" question, with a blank for the answer.
        question_text = text[:start] + BLANK + text[finish + 1 :]

    general_feedback = ""
    separator = answers.rfind("####")
    if separator >= 0:
        general_feedback = _plain(answers[separator + 4 :])
        answers = answers[:separator].strip()

    question_text, text_format = _with_format(question_text)
    question = QuestionData(
        qtype=ESSAY,
        text=question_text,
        name=name,
        general_feedback=general_feedback,
        text_format=text_format or "plain",
    )
    if not answers:
        return question
    if answers.startswith(">"):
        question.qtype, question.answers = ORDERING, _ordering(answers[1:])
    elif answers.startswith("#"):
        question.qtype, question.answers = NUMERICAL, _numerical(answers[1:])
    elif "~" in answers:
        question.qtype = SINGLE if "=" in answers else MULTIPLE
        question.answers = _choices(answers)
    elif "=" in answers and "->" in answers:
        question.qtype, question.answers = MATCHING, _matching(answers)
    else:
        hash_at = answers.find("#")
        key = answers[:hash_at].strip() if hash_at > 0 else answers
        if key.upper() in _TRUE_FALSE:
            question.qtype = TRUE_FALSE
            question.answers = _true_false(_TRUE_FALSE[key.upper()], answers)
        else:
            question.qtype, question.answers = SHORT, _short_answers(answers)
    return question


def _split_leading(answers: str, marker: str) -> list[str]:
    """The answers after each `marker`; text before the first one is refused."""
    leading, *parts = answers.split(marker)
    if leading.strip():
        raise _Malformed(
            gettext(
                "“%(text)s” does not start with = or ~. Write =answer for a right answer and "
                "~answer for a wrong one; {T} or {F} for true/false."
            )
            % {"text": _restore(leading.strip())}
        )
    return [part.strip() for part in parts]


def _weight(part: str, default: float) -> tuple[float, str]:
    """The `%50%` weight at the start of an answer as a fraction, and the rest of the answer."""
    if not part.startswith("%"):
        return default, part
    match = _WEIGHT.match(part)
    if not match:
        raise _Malformed(
            gettext("“%(text)s” has no valid weight; write it like %%50%% or %%-100%%.")
            % {"text": _restore(part)}
        )
    fraction = float(Decimal(match.group(1)) / 100)
    return fraction, part[match.end() :].strip()


def _feedback_split(part: str) -> tuple[str, str]:
    text, _hash, feedback = part.partition("#")
    return _plain(text), _plain(feedback)


def _choices(answers: str) -> list[AnswerData]:
    rows = []
    for part in _split_leading(answers.replace("=", "~="), "~"):
        if part.startswith("="):
            fraction, part = _weight(part[1:].strip(), 1.0)
        else:
            fraction, part = _weight(part, 0.0)
        text, feedback = _feedback_split(part)
        if not text:
            raise _Malformed(gettext("An option has no text."))
        rows.append(AnswerData(text=text, fraction=fraction, feedback=feedback))
    return rows


def _matching(answers: str) -> list[AnswerData]:
    rows = []
    for part in _split_leading(answers, "="):
        if "->" not in part:
            raise _Malformed(
                gettext("“%(text)s” is not a matching pair; write =question -> answer.")
                % {"text": _restore(part)}
            )
        stem, _arrow, match = part.partition("->")
        rows.append(AnswerData(text=_plain(stem), match_text=_restore(match).strip()))
    return rows


def _true_false(right: bool, answers: str) -> list[AnswerData]:
    bits = answers.split("#", 2)
    wrong_feedback = _plain(bits[1]) if len(bits) > 1 else ""
    right_feedback = _plain(bits[2]) if len(bits) > 2 else ""
    return [
        AnswerData("true", 1.0 if right else 0.0, right_feedback if right else wrong_feedback),
        AnswerData("false", 0.0 if right else 1.0, wrong_feedback if right else right_feedback),
    ]


def _short_answers(answers: str) -> list[AnswerData]:
    rows = []
    for part in _split_leading(answers, "="):
        fraction, part = _weight(part, 1.0)
        text, feedback = _feedback_split(part)
        if not text:
            raise _Malformed(gettext("An accepted answer is empty."))
        rows.append(AnswerData(text=text, fraction=fraction, feedback=feedback))
    return rows


def _decimal(text: str) -> Decimal | None:
    try:
        value = Decimal(text.strip())
    except (InvalidOperation, ValueError):
        return None
    return value if value.is_finite() else None


def number_text(value: Decimal | float) -> str:
    """A number as plain text, without exponent or trailing zeros ("3", "0.5", "-12.25")."""
    text = format(Decimal(str(value)).normalize(), "f")
    return "0" if text in ("-0", "") else text


def _numerical(answers: str) -> list[AnswerData]:
    tilde = answers.find("~")
    others = []
    if tilde >= 0:
        # "~#feedback": any other number, no credit (Moodle stores it as the answer "*").
        for part in answers[tilde + 1 :].split("~"):
            _value, feedback = _feedback_split(part)
            others.append(AnswerData(text="*", fraction=0.0, feedback=feedback))
        answers = answers[:tilde]
    leading, *parts = answers.split("=")
    parts = ([leading] if leading.strip() else []) + parts
    rows = []
    for part in parts:
        fraction, part = _weight(part.strip(), 1.0)
        value, feedback = _feedback_split(part)
        if value == "*":
            rows.append(AnswerData(text="*", fraction=fraction, feedback=feedback))
            continue
        tolerance = None
        if value.find("..") > 0:
            low, _dots, high = value.partition("..")
            low_number, high_number = _decimal(low), _decimal(high)
            if low_number is None or high_number is None:
                raise _Malformed(
                    gettext("“%(text)s” is not a range of numbers such as 1..5.") % {"text": value}
                )
            middle = (low_number + high_number) / 2
            value, tolerance = number_text(middle), float(abs(high_number - middle))
        elif value.find(":") > 0:
            value, _colon, margin = value.partition(":")
            margin_number = _decimal(margin)
            if margin_number is None or margin_number < 0:
                raise _Malformed(
                    gettext("“%(text)s” is not a margin of error; write it as 3:2 (3 ± 2).")
                    % {"text": margin.strip()}
                )
            value, tolerance = value.strip(), float(margin_number)
        rows.append(
            AnswerData(text=value, fraction=fraction, feedback=feedback, tolerance=tolerance)
        )
    if not any(row.text != "*" for row in rows):
        raise _Malformed(gettext("A numerical question needs a number, e.g. {#3:2}."))
    return rows + others


def _ordering(answers: str) -> list[AnswerData]:
    first, _newline, rest = answers.partition("\n")
    header = _ORDERING_HEADER.match(first)
    items = [first[header.end() :], *rest.split("\n")]
    return [AnswerData(text=_plain(item)) for item in items if _plain(item)]
