"""Grading a response against its question's snapshot, and the response in words.

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
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

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
    normalise,
    parse_number,
)


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
