"""What each question type is: its rules, its snapshot, what the learner sees, how it is graded.

Pure functions over plain data, so the bank's form, the importers and grading share one set
of rules and can be tested without the database.

A *snapshot* is the question frozen at the start of an attempt (answer key included) and never
leaves the server. The learner's browser gets `present()`'s output only: texts and the random
tokens the attempt's layout gives each option, item and choice (answer keys follow the author's
order, so the first key is often the right answer and ordering keys spell the answer out).
`form_response()` turns a posted form back into keys; `to_tokens()` does the reverse.

Responses (as stored and graded), by type:
- single choice, true/false, customer message: one option key ("0", "1", … or "true"/"false");
- multiple choice: a list of keys;
- ordering: {item key: the place the learner gave it, 1 first} (a half-done ordering is kept);
- short answer, numerical, essay: a string;
- matching: {stem key: choice key}.

Grading (fraction of the question's mark, 0–1):
- single choice / customer message / true/false: the chosen option's credit;
- multiple choice (partial credit, Moodle's rule): the sum of the credits of the options
  chosen, kept within 0–1. Right options' credits add up to 1; a wrong option carries a
  negative credit (by default −1 ÷ the number of right options), so ticking everything
  scores 0, and leaving a right one out loses its share;
- short answer: the best credit among the accepted answers the response matches, after
  normalising both (Unicode NFKC: full-width letters, digits and punctuation become
  half-width; case folded; all spaces removed); `*` in an accepted answer matches anything;
- numerical: the best credit among answers whose value ± tolerance contains the number (an
  answer "*" matches any number: it carries the feedback for everything else);
- matching: the share of stems matched to their right answer;
- ordering: the share of neighbouring pairs that are in the right order (so one item
  misplaced costs one or two pairs, not everything), Moodle's "relative to the next item";
- essay: None until a trainer grades it.
"""

from __future__ import annotations

import fnmatch
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


def present(snap: dict, layout: dict) -> dict:
    """What the learner's browser may see of a question: texts and the attempt's random tokens;
    no credits, no feedback, no answer keys (their order is the author's)."""
    qtype = snap["type"]
    by_key = {a["key"]: a for a in snap["answers"]}
    token = layout["tokens"]
    shown: dict[str, Any] = {
        "type": qtype,
        "text": snap["text"],
        "text_format": snap.get("text_format", "plain"),
        "mark": snap["mark"],
    }
    if qtype in {SINGLE, MULTIPLE, CUSTOMER, ORDERING}:
        shown["options"] = [
            {"key": token[key], "text": by_key[key]["text"]} for key in layout.get("options", [])
        ]
    elif qtype == TRUE_FALSE:
        shown["options"] = [
            {"key": token["true"], "text": _("True")},
            {"key": token["false"], "text": _("False")},
        ]
    elif qtype == MATCHING:
        shown["stems"] = [
            {"key": token[key], "text": by_key[key]["text"]} for key in layout["stems"]
        ]
        shown["choices"] = [
            {"key": choice_token, "text": text}
            for choice_token, text in zip(layout["choice_tokens"], layout["choices"], strict=True)
        ]
    elif qtype == ESSAY:
        shown["response_template"] = snap.get("response_template", "")
    if qtype == CUSTOMER:
        shown["customer"] = snap.get("customer", {})
    return shown


class _Marker:
    def __init__(self, name: str):
        self.name = name

    def __repr__(self):
        return self.name


# A question the posted form says nothing about (its answer is left as it is).
ABSENT: Any = _Marker("ABSENT")
# A question the form answers with values this attempt never gave out: the form was drawn
# for another attempt or before an upgrade, so what it says cannot be read.
UNKNOWN: Any = _Marker("UNKNOWN")


def form_response(snap: dict, layout: dict, data, prefix: str) -> Any:
    """The response to one question in a form posted from `present()`'s fields (named
    `prefix`, e.g. "q3"), with the browser's tokens turned back into answer keys; ABSENT when
    the form does not hold the question, UNKNOWN when it uses tokens the attempt never issued."""
    qtype = snap["type"]
    token = layout.get("tokens") or {}
    key_of = {value: key for key, value in token.items()}
    present_marker = f"{prefix}-present" in data
    if qtype in {MATCHING, ORDERING}:
        keys = layout.get("stems" if qtype == MATCHING else "options", [])
        names = {key: f"{prefix}-{token[key]}" for key in keys}
        others = [
            name
            for name in data
            if name.startswith(f"{prefix}-")
            and name != f"{prefix}-present"
            and name not in names.values()
        ]
        if others:
            return UNKNOWN
        if not any(name in data for name in names.values()):
            return ABSENT
        given = {key: data.get(name) for key, name in names.items() if data.get(name)}
        if qtype == ORDERING:
            return given
        choice_of = {value: str(index) for index, value in enumerate(layout["choice_tokens"])}
        if any(value not in choice_of for value in given.values()):
            return UNKNOWN
        return {key: choice_of[value] for key, value in given.items()}
    if qtype in {SINGLE, CUSTOMER, TRUE_FALSE, MULTIPLE}:
        if prefix not in data:
            if not present_marker:
                return ABSENT
            return [] if qtype == MULTIPLE else None
        given = [value for value in data.getlist(prefix) if value]
        if any(value not in key_of for value in given):
            return UNKNOWN
        chosen = [key_of[value] for value in given]
        if qtype == MULTIPLE:
            return chosen
        return chosen[0] if chosen else None
    if prefix in data:
        return data.get(prefix)
    return None if present_marker else ABSENT


def to_tokens(snap: dict, layout: dict, response: Any) -> Any:
    """A stored response in the browser's vocabulary (the attempt's tokens), for the form."""
    if response in (None, "", [], {}):
        return response
    qtype = snap["type"]
    token = layout.get("tokens") or {}
    if qtype in {SINGLE, CUSTOMER, TRUE_FALSE}:
        return token.get(response)
    if qtype == MULTIPLE:
        return [token[key] for key in response if key in token]
    if qtype == ORDERING:
        return {token[key]: rank for key, rank in response.items() if key in token}
    if qtype == MATCHING:
        choice_tokens = layout.get("choice_tokens", [])
        return {
            token[stem]: choice_tokens[int(choice)]
            for stem, choice in response.items()
            if stem in token and int(choice) < len(choice_tokens)
        }
    return response


def form_values(snap: dict, layout: dict, response: Any, prefix: str) -> list[list[str]]:
    """The [name, value] pairs the attempt form holds for a stored response: what a page
    puts back in its inputs when the attempt was changed in another tab or on another device."""
    filled = with_response(present(snap, layout), to_tokens(snap, layout, response))
    qtype = snap["type"]
    if qtype == MATCHING:
        return [[f"{prefix}-{stem['key']}", stem["selected"] or ""] for stem in filled["stems"]]
    if qtype == ORDERING:
        return [
            [f"{prefix}-{option['key']}", str(option["rank"] or "")] for option in filled["options"]
        ]
    if "options" in filled:
        return [[prefix, option["key"]] for option in filled["options"] if option["checked"]]
    if qtype == ESSAY and not filled["value"]:
        return [[prefix, filled.get("response_template", "")]]
    return [[prefix, filled.get("value", "")]]


def clean_response(snap: dict, layout: dict, raw: Any) -> Any:
    """A response from the browser reduced to what the question can hold (unknown keys dropped)."""
    qtype = snap["type"]
    keys = {a["key"] for a in snap["answers"]}
    if raw in (None, "", [], {}):
        return None
    if qtype in {SINGLE, CUSTOMER, TRUE_FALSE}:
        value = raw[0] if isinstance(raw, list) and raw else raw
        return value if isinstance(value, str) and value in keys else None
    if qtype == MULTIPLE:
        values = raw if isinstance(raw, list) else [raw]
        chosen = [v for v in values if isinstance(v, str) and v in keys]
        return sorted(set(chosen), key=chosen.index) or None
    if qtype == ORDERING:
        if not isinstance(raw, dict):
            return None
        ranks = {}
        for key, rank in raw.items():
            text = str(rank).strip()
            if key in keys and text.isdigit() and 1 <= int(text) <= len(keys):
                ranks[key] = int(text)
        return ranks or None
    if qtype == MATCHING:
        if not isinstance(raw, dict):
            return None
        choice_count = len(layout.get("choices", []))
        return {
            stem: choice
            for stem, choice in raw.items()
            if stem in keys
            and isinstance(choice, str)
            and choice.isdigit()
            and int(choice) < choice_count
        } or None
    text = raw if isinstance(raw, str) else str(raw)
    return text[:20000]


@dataclass
class Grade:
    fraction: float | None  # None: a trainer has to grade it
    right_answer: str
    feedback: list[str]


def _choice_grade(snap: dict, chosen: list[str]) -> float:
    by_key = {a["key"]: a for a in snap["answers"]}
    total = sum(by_key[key]["fraction"] for key in chosen if key in by_key)
    return max(0.0, min(1.0, total))


def grade(snap: dict, layout: dict, response: Any) -> Grade:
    """Grade one response against its snapshot."""
    qtype = snap["type"]
    answers = snap["answers"]
    by_key = {a["key"]: a for a in answers}
    feedback: list[str] = []
    if qtype in {SINGLE, CUSTOMER, TRUE_FALSE}:
        fraction = _choice_grade(snap, [response] if response else [])
        if response in by_key and by_key[response]["feedback"]:
            feedback.append(by_key[response]["feedback"])
        right = [a for a in answers if a["fraction"] >= 0.999]
        label = (
            {"true": _("True"), "false": _("False")}
            if qtype == TRUE_FALSE
            else {a["key"]: a["text"] for a in answers}
        )
        return Grade(fraction, "; ".join(label[a["key"]] for a in right), feedback)
    if qtype == MULTIPLE:
        chosen = response or []
        feedback = [by_key[k]["feedback"] for k in chosen if k in by_key and by_key[k]["feedback"]]
        right = "; ".join(a["text"] for a in answers if a["fraction"] > 0)
        return Grade(_choice_grade(snap, chosen), right, feedback)
    if qtype == SHORT:
        given = normalise(response or "")
        best, best_answer = 0.0, None
        for answer in answers:
            pattern = normalise(answer["text"])
            if not given or not pattern:
                continue
            matched = (
                fnmatch.fnmatchcase(given, pattern.replace("[", "[[]"))
                if "*" in pattern
                else given == pattern
            )
            if matched and (best_answer is None or answer["fraction"] > best):
                best, best_answer = answer["fraction"], answer
        if best_answer is not None and best_answer["feedback"]:
            feedback.append(best_answer["feedback"])
        right = next((a["text"] for a in answers if a["fraction"] >= 0.999), "")
        return Grade(max(0.0, best), right, feedback)
    if qtype == NUMERICAL:
        value = parse_number(response or "")
        best, best_answer = 0.0, None
        if value is not None:
            for answer in answers:
                target = parse_number(answer["text"])
                tolerance = answer["tolerance"] or 0.0
                # "*" stands for any other number (Moodle's catch-all answer).
                inside = answer["text"].strip() == "*" or (
                    target is not None and abs(value - target) <= tolerance + 1e-9
                )
                if inside and (best_answer is None or answer["fraction"] > best):
                    best, best_answer = answer["fraction"], answer
        if best_answer is not None and best_answer["feedback"]:
            feedback.append(best_answer["feedback"])
        right = next(
            (
                f"{a['text']} ± {a['tolerance']:g}" if a["tolerance"] else a["text"]
                for a in answers
                if a["fraction"] >= 0.999
            ),
            "",
        )
        return Grade(max(0.0, best), right, feedback)
    if qtype == MATCHING:
        stems = [a for a in answers if a["text"].strip()]
        choices = layout.get("choices", [])
        given = response or {}
        right_count = 0
        for stem in stems:
            index = given.get(stem["key"])
            if (
                index is not None
                and int(index) < len(choices)
                and choices[int(index)] == stem["match"]
            ):
                right_count += 1
        right = "; ".join(f"{s['text']} → {s['match']}" for s in stems)
        return Grade(right_count / len(stems) if stems else 0.0, right, feedback)
    if qtype == ORDERING:
        keys = [a["key"] for a in answers]
        rank = response if isinstance(response, dict) else {}
        # A neighbouring pair counts when the second item got the place right after the first.
        pairs = sum(
            1
            for a, b in zip(keys, keys[1:], strict=False)
            if a in rank and b in rank and rank[b] == rank[a] + 1
        )
        fraction = pairs / (len(keys) - 1) if len(keys) > 1 else 0.0
        return Grade(fraction, " → ".join(a["text"] for a in answers), feedback)
    if qtype == ESSAY:
        return Grade(None, "", feedback)
    raise ValueError(f"Unknown question type {qtype!r}")


def response_summary(snap: dict, layout: dict, response: Any) -> str:
    """The learner's response in words, for reviews and the trainer's grading screen."""
    if response in (None, "", [], {}):
        return ""
    qtype = snap["type"]
    by_key = {a["key"]: a for a in snap["answers"]}
    if qtype == TRUE_FALSE:
        return _("True") if response == "true" else _("False")
    if qtype in {SINGLE, CUSTOMER}:
        return by_key.get(response, {}).get("text", "")
    if qtype == MULTIPLE:
        return "; ".join(by_key[k]["text"] for k in response if k in by_key)
    if qtype == ORDERING:
        ranked = sorted((rank, key) for key, rank in response.items() if key in by_key)
        return " → ".join(f"{rank}. {by_key[key]['text']}" for rank, key in ranked)
    if qtype == MATCHING:
        choices = layout.get("choices", [])
        return "; ".join(
            f"{by_key[s]['text']} → {choices[int(c)]}"
            for s, c in response.items()
            if s in by_key and int(c) < len(choices)
        )
    return str(response)


def with_response(shown: dict, response: Any) -> dict:
    """`present()`'s output marked with a saved response, ready for the form to show it:
    options get `checked`, matching stems `selected`, ordering items `rank`, texts `value`."""
    filled = {**shown}
    qtype = shown["type"]
    if qtype == ORDERING:
        ranks = response if isinstance(response, dict) else {}
        filled["options"] = [
            {**option, "rank": ranks.get(option["key"])} for option in shown["options"]
        ]
        filled["ranks"] = list(range(1, len(shown["options"]) + 1))
    elif "options" in shown:
        chosen = response if isinstance(response, list) else [response]
        filled["options"] = [
            {**option, "checked": option["key"] in chosen} for option in shown["options"]
        ]
    if qtype == MATCHING:
        given = response if isinstance(response, dict) else {}
        filled["stems"] = [{**stem, "selected": given.get(stem["key"])} for stem in shown["stems"]]
    if qtype in {SHORT, NUMERICAL, ESSAY}:
        filled["value"] = response if isinstance(response, str) else ""
    return filled
