"""The whole check of one free-text reply: points per criterion, reply time, flags, and the
explanation a trainer reads beside the provisional score (see the package)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from roleplay.scenario import REPLY_STANDARD_SECONDS
from roleplay.textcheck.closeness import CLEAR_LEANING, Closeness, Method, semantic_closeness
from roleplay.textcheck.phrases import (
    ForbiddenHit,
    KeyPointHit,
    forbidden_used,
    key_points_covered,
    phrase_list,
    spec_value,
)


class Flag(StrEnum):
    EMPTY_REPLY = "empty_reply"
    MISSING_KEY_POINT = "missing_key_point"
    FORBIDDEN_PHRASE = "forbidden_phrase"
    CRITICAL_VIOLATION = "critical_violation"
    SLOW_REPLY = "slow_reply"
    LEANS_BAD = "leans_bad"
    CLOSENESS_FALLBACK = "closeness_fallback"
    NEGATED_PHRASE = "negated_phrase"
    COPIED_MODEL_ANSWER = "copied_model_answer"
    TABOO_PHRASE = "taboo_phrase"


@dataclass
class TextCheck:
    earned: dict[str, int]  # criterion key -> points (key points covered + forbidden used)
    available: dict[str, int]  # criterion key -> points of all key points
    covered: list[KeyPointHit]
    missed: list[str]  # names of key points not covered
    forbidden: list[ForbiddenHit]
    violations: list[str]  # criterion keys critically violated
    reply_time_ok: bool
    closeness: Closeness
    flags: list[Flag] = field(default_factory=list)
    explanation: list[str] = field(default_factory=list)
    negated: list[str] = field(default_factory=list)  # phrases found only negated
    copied: Any = None  # a roleplay.copycheck.CopyMatch when the reply copies a model answer
    taboo: list[str] = field(default_factory=list)  # service taboo phrases used (roleplay.taboo)
    zeroed: list[str] = field(default_factory=list)  # criterion keys that score 0 for the attempt


def reply_time_ok(seconds: float | None, standard_seconds: float | None) -> bool:
    """Whether the reply came within the standard; an unknown time or standard counts as on time."""
    if seconds is None or standard_seconds is None:
        return True
    return seconds <= standard_seconds


def standard_reply_seconds(channel: str, override: int | None = None) -> int | None:
    """The step's own reply_seconds when set, else the channel's standard."""
    return override or REPLY_STANDARD_SECONDS.get(channel)


def check_free_text(
    reply: str,
    free_text_spec: Any,
    seconds: float | None,
    standard_seconds: float | None,
    criterion_names: Mapping[str, str] | None = None,
    model_answers: Sequence[str] = (),
    taboo: Sequence[str] = (),
    taboo_criteria: Sequence[str] = (),
    critical: Sequence[str] = (),
) -> TextCheck:
    """Check one free-text reply against its step's spec; a provisional score and its reasons.

    standard_seconds is the channel's standard; the step's own reply_seconds wins when set.
    Earned points per criterion: the points of each key point covered plus the (negative)
    points of each forbidden phrase used. A forbidden phrase marked `violation` adds its
    criterion to `violations`. Reply time and closeness only flag; they earn no points.
    The explanation names criteria by `criterion_names` (key -> name) where given.

    A reply that copies one of `model_answers` (the replies practice shows: see
    roleplay.copycheck) is flagged and its key points earn nothing; forbidden phrases and
    violations still count against it.

    `taboo` are the service taboo phrases in force (built-in, site-wide and the scenario's:
    roleplay.taboo). A reply using one scores 0 for the whole attempt on `taboo_criteria`
    (the rubric's courtesy and standard-wording criteria; `zeroed` names them), and is a
    critical violation of those among them in `critical`. Without such criteria the phrase is
    only flagged.
    """
    from roleplay.copycheck import copied_model_answer
    from roleplay.taboo import taboo_used

    names = criterion_names or {}

    def named(key: str) -> str:
        return names.get(key) or key

    key_points = list(spec_value(free_text_spec, "key_points", []))
    forbidden_items = list(spec_value(free_text_spec, "forbidden", []))
    standard = spec_value(free_text_spec, "reply_seconds") or standard_seconds

    negated: list[str] = []
    covered = key_points_covered(reply, key_points, negated)
    covered_names = {hit.name for hit in covered}
    missed = [
        str(spec_value(point, "name", ""))
        for point in key_points
        if str(spec_value(point, "name", "")) not in covered_names
    ]
    used = forbidden_used(reply, forbidden_items, negated)
    on_time = reply_time_ok(seconds, standard)
    closeness = semantic_closeness(
        reply,
        phrase_list(spec_value(free_text_spec, "good", [])),
        phrase_list(spec_value(free_text_spec, "bad", [])),
    )

    available: dict[str, int] = {}
    for point in key_points:
        criterion = str(spec_value(point, "criterion", ""))
        available[criterion] = available.get(criterion, 0) + int(spec_value(point, "points", 0))
    copied = copied_model_answer(reply, model_answers) if reply else None
    earned: dict[str, int] = {}
    for hit in [*([] if copied else covered), *used]:
        earned[hit.criterion] = earned.get(hit.criterion, 0) + hit.points
    violations = list(dict.fromkeys(hit.criterion for hit in used if hit.violation))
    taboo_found = taboo_used(reply, taboo) if taboo else []
    zeroed = list(taboo_criteria) if taboo_found else []
    for key in zeroed:
        earned[key] = min(0, earned.get(key, 0))
        if key in critical and key not in violations:
            violations.append(key)
    taboo_violations = [key for key in zeroed if key in critical]

    flags: list[Flag] = []
    # The page heads these lines "automatic check", provisional or not as the attempt stands.
    explanation: list[str] = []
    if not (reply or "").strip():
        flags.append(Flag.EMPTY_REPLY)
        explanation.append(_("No reply was given."))
    if copied:
        flags.append(Flag.COPIED_MODEL_ANSWER)
        explanation.append(
            _(
                "Copied from the model answer shown in practice (%(percent)d %% of it): "
                "its key points earn nothing until a trainer decides."
            )
            % {"percent": round(100 * copied.share)}
        )
    for hit in [] if copied else covered:
        explanation.append(
            _("Covered “%(name)s” (found “%(matched)s”): %(points)+d %(criterion)s.")
            % {
                "name": hit.name,
                "matched": hit.matched,
                "points": hit.points,
                "criterion": named(hit.criterion),
            }
        )
    if missed:
        flags.append(Flag.MISSING_KEY_POINT)
    for point in key_points:
        name = str(spec_value(point, "name", ""))
        if name in missed:
            # The separator between quoted examples: "、" in Chinese.
            examples = pgettext("between quoted phrases", "”, “").join(
                phrase_list(spec_value(point, "synonyms", []))[:3]
            )
            if examples:
                explanation.append(
                    _("Missing “%(name)s”: for example “%(examples)s”.")
                    % {"name": name, "examples": examples}
                )
            else:
                explanation.append(_("Missing “%(name)s”.") % {"name": name})
    if used:
        flags.append(Flag.FORBIDDEN_PHRASE)
    for hit in used:
        if hit.violation:
            explanation.append(
                _(
                    "Used “%(phrase)s”: a critical violation of %(criterion)s; "
                    "the attempt cannot pass."
                )
                % {"phrase": hit.phrase, "criterion": named(hit.criterion)}
            )
        else:
            explanation.append(
                _("Used the forbidden phrase “%(phrase)s”: %(points)+d %(criterion)s.")
                % {"phrase": hit.phrase, "points": hit.points, "criterion": named(hit.criterion)}
            )
    if taboo_found:
        flags.append(Flag.TABOO_PHRASE)
    # The separator between criteria named in one sentence: "、" in Chinese.
    listed = pgettext("between criteria", ", ").join(named(key) for key in zeroed)
    for phrase in taboo_found:
        if not zeroed:
            explanation.append(
                _("Used the service taboo phrase “%(phrase)s”.") % {"phrase": phrase}
            )
        elif taboo_violations:
            explanation.append(
                _(
                    "Used the service taboo phrase “%(phrase)s”: a critical violation of "
                    "%(criterion)s; the attempt cannot pass."
                )
                % {
                    "phrase": phrase,
                    "criterion": pgettext("between criteria", ", ").join(
                        named(key) for key in taboo_violations
                    ),
                }
            )
        else:
            explanation.append(
                _("Used the service taboo phrase “%(phrase)s”: %(criteria)s score 0.")
                % {"phrase": phrase, "criteria": listed}
            )
    if violations:
        flags.append(Flag.CRITICAL_VIOLATION)
    if negated:
        flags.append(Flag.NEGATED_PHRASE)
    for phrase in negated:
        explanation.append(
            _("“%(phrase)s” appears only negated, so it was not counted.") % {"phrase": phrase}
        )
    if seconds is not None and standard is not None:
        if on_time:
            explanation.append(
                _("Replied in %(seconds)d s, within the %(standard)d s standard.")
                % {"seconds": round(seconds), "standard": standard}
            )
        else:
            flags.append(Flag.SLOW_REPLY)
            explanation.append(
                _("Replied in %(seconds)d s, over the %(standard)d s standard.")
                % {"seconds": round(seconds), "standard": standard}
            )
    explanation.extend(_closeness_explanation(closeness, flags))
    return TextCheck(
        earned=earned,
        available=available,
        covered=covered,
        missed=missed,
        forbidden=used,
        violations=violations,
        reply_time_ok=on_time,
        closeness=closeness,
        flags=flags,
        explanation=explanation,
        negated=negated,
        copied=copied,
        taboo=taboo_found,
        zeroed=zeroed,
    )


def _closeness_explanation(closeness: Closeness, flags: list[Flag]) -> list[str]:
    if closeness.method == Method.NONE:
        return []
    lines = []
    if closeness.method == Method.NGRAM:
        flags.append(Flag.CLOSENESS_FALLBACK)
        lines.append(
            _(
                "Closeness was estimated from shared characters only, because the "
                "language model is not available (%(reason)s)."
            )
            % {"reason": closeness.note}
        )
    if closeness.leaning >= CLEAR_LEANING:
        lines.append(_("The reply reads more like the good example replies than the poor ones."))
    elif closeness.leaning <= -CLEAR_LEANING:
        flags.append(Flag.LEANS_BAD)
        lines.append(_("The reply reads more like the poor example replies than the good ones."))
    else:
        lines.append(
            _("The reply is about as close to the good example replies as to the poor ones.")
        )
    return lines
