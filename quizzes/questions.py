"""What each question type is: its rules, its snapshot, what the learner sees, how it is graded.

Pure functions over plain data, so the bank's form, the importers and grading share one set
of rules and can be tested without the database.

A *snapshot* is the question frozen at the start of an attempt (answer key included) and never
leaves the server. The learner's browser gets `present()`'s output only: texts and the random
tokens the attempt's layout gives each option, item and choice (answer keys follow the author's
order, so the first key is often the right answer and ordering keys spell the answer out).
`form_response()` turns a posted form back into keys; `to_tokens()` does the reverse.
Those are in `quizzes.responses` (the learner's side); grading is `quizzes.grading`.

Responses (as stored and graded), by type:
- single choice, true/false, customer message: one option key ("0", "1", … or "true"/"false");
- multiple choice: a list of keys;
- ordering: {item key: the place the learner gave it, 1 first} (a half-done ordering is kept);
- short answer, numerical, essay: a string;
- matching: {stem key: choice key}.
"""

from __future__ import annotations

import random
import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _

SINGLE = "single_choice"
MULTIPLE = "multiple_choice"
TRUE_FALSE = "true_false"
SHORT = "short_answer"
MATCHING = "matching"
ORDERING = "ordering"
NUMERICAL = "numerical"
ESSAY = "essay"
CUSTOMER = "customer_message"

CHOICE_TYPES = {SINGLE, MULTIPLE, TRUE_FALSE, CUSTOMER}
SHUFFLED_TYPES = {SINGLE, MULTIPLE, CUSTOMER, MATCHING}


@dataclass
class AnswerData:
    """One answer row of a question, as the bank, the form and the importers hand it over."""

    text: str = ""
    fraction: float = 0.0
    feedback: str = ""
    match_text: str = ""
    tolerance: float | None = None


@dataclass
class QuestionData:
    """A question before it is in the bank (or as read back from it), e.g. from an import file."""

    qtype: str
    text: str
    name: str = ""
    answers: list[AnswerData] = field(default_factory=list)
    general_feedback: str = ""
    text_format: str = "plain"
    default_mark: float = 1.0
    category: list[str] = field(default_factory=list)  # category path, top first
    tags: list[str] = field(default_factory=list)
    line: int = 0  # where it starts in its file, for error messages
    # Other Question fields by name: channel, customer_name, order_number, order_product,
    # order_status, order_date, response_template, grader_info, shuffle_options.
    extra: dict[str, Any] = field(default_factory=dict)


def normalise(text: str) -> str:
    """Text as short answers compare it: NFKC (full-width → half-width), case-folded, no spaces."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text or "")).casefold()


def parse_number(text: str) -> float | None:
    """A number typed by a learner, full-width digits and a comma as decimal mark allowed."""
    cleaned = unicodedata.normalize("NFKC", str(text or "")).strip().replace(" ", "")
    if cleaned.count(",") == 1 and "." not in cleaned:
        cleaned = cleaned.replace(",", ".")
    try:
        value = Decimal(cleaned)
    except (InvalidOperation, ValueError):
        return None
    return float(value) if value.is_finite() else None


def question_problems(question: QuestionData) -> list[str]:
    """Everything wrong with a question, in words for its author; empty when it can be used."""
    problems: list[str] = []
    answers = question.answers
    if not question.text.strip():
        problems.append(_("The question has no text."))
    for answer in answers:
        if not -1 <= answer.fraction <= 1:
            problems.append(_("A credit must lie between -100% and 100%."))
            break
    qtype = question.qtype
    if qtype in {SINGLE, CUSTOMER}:
        options = [a for a in answers if a.text.strip()]
        if len(options) < 2:
            problems.append(_("Give at least two options."))
        if not any(a.fraction >= 0.999 for a in options):
            problems.append(_("One option must be fully right (100%)."))
    elif qtype == MULTIPLE:
        options = [a for a in answers if a.text.strip()]
        if len(options) < 2:
            problems.append(_("Give at least two options."))
        positive = sum(a.fraction for a in options if a.fraction > 0)
        if abs(positive - 1) > 0.01:
            problems.append(
                _("The credits of the right options must add up to 100%% (they add up to %s%%).")
                % round(positive * 100, 2)
            )
    elif qtype == TRUE_FALSE:
        keys = sorted(a.text for a in answers)
        if keys != ["false", "true"] or sum(1 for a in answers if a.fraction >= 0.999) != 1:
            problems.append(_("A true/false question has a true and a false answer; one is right."))
    elif qtype == SHORT:
        if not any(a.text.strip() and a.fraction >= 0.999 for a in answers):
            problems.append(_("Give at least one fully right accepted answer."))
    elif qtype == NUMERICAL:
        for answer in answers:
            if answer.text.strip() != "*" and parse_number(answer.text) is None:
                problems.append(_("“%s” is not a number.") % answer.text)
        if not any(a.fraction >= 0.999 for a in answers):
            problems.append(_("Give at least one fully right number."))
    elif qtype == MATCHING:
        pairs = [a for a in answers if a.text.strip()]
        if len(pairs) < 2:
            problems.append(_("Give at least two pairs to match."))
        if any(not a.match_text.strip() for a in answers):
            problems.append(_("Every pair needs its matching answer."))
    elif qtype == ORDERING:
        if len([a for a in answers if a.text.strip()]) < 2:
            problems.append(_("Give at least two items to put in order."))
    elif qtype == ESSAY:
        pass
    else:
        problems.append(_("Unknown question type “%s”.") % qtype)
    return problems


def snapshot(question: QuestionData, *, mark: float, extra: dict | None = None) -> dict:
    """The question frozen for an attempt: texts, answer key and feedback (server side only)."""
    return {
        "type": question.qtype,
        "name": question.name,
        "text": question.text,
        "general_feedback": question.general_feedback,
        "text_format": question.text_format,
        "mark": float(mark),
        "answers": [
            {
                "key": answer.text if question.qtype == TRUE_FALSE else str(index),
                "text": answer.text,
                "fraction": float(answer.fraction),
                "feedback": answer.feedback,
                "match": answer.match_text,
                "tolerance": None if answer.tolerance is None else float(answer.tolerance),
            }
            for index, answer in enumerate(question.answers)
        ],
        **(extra or {}),
    }


def make_layout(snap: dict, *, shuffle: bool, rng: random.Random) -> dict:
    """The order things are shown in for one attempt (options, items, matching choices), and
    the random token each goes by in the learner's browser (see `with_tokens`)."""
    qtype = snap["type"]
    keys = [a["key"] for a in snap["answers"]]
    layout: dict[str, Any] = {}
    if qtype in {SINGLE, MULTIPLE, CUSTOMER}:
        if shuffle:
            rng.shuffle(keys)
        layout = {"options": keys}
    elif qtype == TRUE_FALSE:
        layout = {"options": ["true", "false"]}
    elif qtype == ORDERING:
        # Always shuffled, and never shown already in the right order.
        shown = keys[:]
        while len(keys) > 1 and shown == keys:
            rng.shuffle(shown)
        layout = {"options": shown}
    elif qtype == MATCHING:
        stems = [a["key"] for a in snap["answers"] if a["text"].strip()]
        choices = sorted({a["match"] for a in snap["answers"]})
        if shuffle:
            rng.shuffle(stems)
        rng.shuffle(choices)
        layout = {"stems": stems, "choices": choices}
    return with_tokens(snap, layout, rng)


def with_tokens(snap: dict, layout: dict, rng: random.Random) -> dict:
    """`layout` with a random token for every answer key and matching choice (existing tokens
    kept): what the learner's browser gets instead of keys, which follow the author's order."""
    tokens = dict(layout.get("tokens") or {})
    used = set(tokens.values()) | set(layout.get("choice_tokens", []))

    def fresh() -> str:
        while True:
            token = f"{rng.getrandbits(48):012x}"
            if token not in used:
                used.add(token)
                return token

    for answer in snap["answers"]:
        if answer["key"] not in tokens:
            tokens[answer["key"]] = fresh()
    filled = {**layout, "tokens": tokens}
    choices = layout.get("choices", [])
    if snap["type"] == MATCHING and len(layout.get("choice_tokens", [])) != len(choices):
        filled["choice_tokens"] = [fresh() for _choice in choices]
    return filled
