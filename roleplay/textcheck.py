"""Automatic checks of a free-text reply: a provisional score a trainer may still adjust.

Pure functions over a step's `free_text` spec (docs/roleplay-scenarios.md), given either as
the document's dict or as an object with the same attribute names. Matching works for
Chinese and English alike: text is NFKC-normalised and casefolded, each CJK character is a
token of its own and every other run of letters and digits is a word, so a Chinese phrase
matches anywhere in the reply while an English phrase matches whole words only. Spaces and
punctuation never matter.

A phrase that occurs only negated does not count: "我们不能保证退款" does not use the
forbidden phrase "保证退款", and "I will not apologise" does not cover "apologise". Negated
means an odd number of negation words (不, 没, 无法, 别, 未, not, never, n't, ...) among the
few tokens before the phrase in the same clause; common words that merely contain such a
character (不好意思, 非常, 特别, 无论, ...) are not negations. The check says when it set a
negated phrase aside, so the trainer who reviews the reply can overrule it.

Closeness to the example replies: docs/roleplay-text-checks.md.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from functools import lru_cache
from typing import Any

import numpy as np
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from roleplay.scenario import REPLY_STANDARD_SECONDS

# A reply leans clearly one way when |leaning| reaches this (see semantic_closeness).
CLEAR_LEANING = 0.1

_CJK = (
    "\u3040-\u30ff"  # hiragana, katakana
    "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"  # CJK ideographs
    "\uac00-\ud7af"  # hangul syllables
    "\U00020000-\U0003134f"  # CJK extensions B-H
)
_TOKEN = re.compile(rf"[{_CJK}]|[^\W_{_CJK}]+")
_CJK_CHAR = re.compile(rf"[{_CJK}]")
# Clause breaks: a negation never reaches across them.
_CLAUSE = re.compile(r"[,.;:!?，。；：！？、…\n]+")

# How many tokens (characters of Chinese, words of English) before a phrase a negation
# may stand: "不会给您退款", "will not be able to refund".
NEGATION_WINDOW = 4
_NEGATING_CHARACTERS = frozenset("不没无未别勿非")
_NEGATING_WORDS = frozenset(
    {"not", "no", "never", "cannot", "t", "nothing", "neither", "nor", "without", "unable"}
)  # "t": what is left of "can't", "don't", "won't" once the apostrophe splits them
# Words that contain a negating character without negating what follows.
_NOT_NEGATIONS = (
    "不好意思",
    "不客气",
    "不过",
    "不仅",
    "不但",
    "不少",
    "不错",
    "不便",
    "不断",
    "不久",
    "没关系",
    "非常",
    "除非",
    "无论",
    "无忧",
    "特别",
    "区别",
    "分别",
    "个别",
    "别的",
    "别人",
    "类别",
    "级别",
    "识别",
    "未来",
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


class Method(StrEnum):
    EMBEDDING = "embedding"
    NGRAM = "ngram"
    NONE = "none"


@dataclass(frozen=True)
class KeyPointHit:
    name: str
    criterion: str
    points: int
    matched: str  # the synonym found in the reply


@dataclass(frozen=True)
class ForbiddenHit:
    phrase: str
    criterion: str
    points: int  # zero or negative
    violation: bool


@dataclass(frozen=True)
class Closeness:
    good: float  # cosine with the nearest good example
    bad: float  # cosine with the nearest bad example
    leaning: float  # -1 (like the bad examples) .. 1 (like the good ones)
    method: Method = Method.NONE
    note: str = ""  # why the fallback was used, when it was


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


def _get(spec: Any, name: str, default: Any = None) -> Any:
    """A field of a dict or of an object with that attribute (dataclasses plug in too)."""
    value = spec.get(name, default) if isinstance(spec, dict) else getattr(spec, name, default)
    return default if value is None else value


def _phrases(value: Any) -> list[str]:
    # Page blocks keep synonyms one a line; documents keep them as a list.
    items = value.splitlines() if isinstance(value, str) else list(value or [])
    return [str(item).strip() for item in items if str(item).strip()]


def normalise(text: str) -> str:
    """NFKC, casefolded, without spaces, punctuation or control characters.

    "Ｈｉ， 您好！" -> "hi您好".
    """
    text = unicodedata.normalize("NFKC", text or "").casefold()
    return "".join(ch for ch in text if unicodedata.category(ch)[0] not in "PZC")


def _tokens(text: str) -> list[str]:
    return _TOKEN.findall(unicodedata.normalize("NFKC", text or "").casefold())


def _negated(before: Sequence[str]) -> bool:
    """Whether the tokens just before a phrase negate it (an odd number of negations)."""
    window = before[-NEGATION_WINDOW:]
    words = [token for token in window if not _CJK_CHAR.fullmatch(token)]
    chinese = "".join(token if _CJK_CHAR.fullmatch(token) else " " for token in window)
    # A word cut by the window's start ("好意思") is no longer the word, and harmless.
    for word in _NOT_NEGATIONS:
        chinese = chinese.replace(word, " ")
    negations = sum(ch in _NEGATING_CHARACTERS for ch in chinese)
    negations += sum(word in _NEGATING_WORDS for word in words)
    return negations % 2 == 1


class _Reply:
    """A reply ready for phrase matching: its tokens, and where each token's clause starts."""

    def __init__(self, text: str) -> None:
        normalised = unicodedata.normalize("NFKC", text or "").casefold()
        self.tokens: list[str] = []
        self.clause_start: list[int] = []
        for part in _CLAUSE.split(normalised):
            start = len(self.tokens)
            for token in _tokens(part):
                self.tokens.append(token)
                self.clause_start.append(start)

    def find(self, phrase: str) -> str | None:
        """ "found" when the phrase occurs un-negated, "negated" when only negated, else None.

        The phrase may span punctuation ("转运，中心" is "转运中心"); a negation is looked for
        only in the clause where the phrase starts."""
        wanted = _tokens(phrase)
        if not wanted:
            return None
        seen = None
        tokens, size = self.tokens, len(wanted)
        for start in range(len(tokens) - size + 1):
            if tokens[start : start + size] != wanted:
                continue
            if not _negated(tokens[self.clause_start[start] : start]):
                return "found"
            seen = "negated"
        return seen


def _contains(reply: _Reply, phrase: str, negated: list[str] | None = None) -> bool:
    found = reply.find(phrase)
    if found == "negated" and negated is not None and phrase not in negated:
        negated.append(phrase)
    return found == "found"


def key_points_covered(
    reply: str, key_points: Iterable[Any], negated: list[str] | None = None
) -> list[KeyPointHit]:
    """The key points the reply covers, in spec order; any one synonym is enough.

    A key point without synonyms is matched by its name. A synonym found only negated
    does not cover its point; it is appended to `negated` when that list is given.
    """
    reply_parsed = _Reply(reply)
    hits = []
    for point in key_points or []:
        name = str(_get(point, "name", ""))
        for synonym in _phrases(_get(point, "synonyms", [])) or [name]:
            if _contains(reply_parsed, synonym, negated):
                hits.append(
                    KeyPointHit(
                        name=name,
                        criterion=str(_get(point, "criterion", "")),
                        points=int(_get(point, "points", 0)),
                        matched=synonym,
                    )
                )
                break
    return hits


def forbidden_used(
    reply: str, forbidden: Iterable[Any], negated: list[str] | None = None
) -> list[ForbiddenHit]:
    """The forbidden phrases that occur un-negated in the reply, in spec order.

    ("不能保证退款" does not use "保证退款"; the phrase goes to `negated` when given.)"""
    reply_parsed = _Reply(reply)
    hits = []
    for item in forbidden or []:
        phrase = str(_get(item, "phrase", ""))
        if _contains(reply_parsed, phrase, negated):
            hits.append(
                ForbiddenHit(
                    phrase=phrase,
                    criterion=str(_get(item, "criterion", "")),
                    points=int(_get(item, "points", 0)),
                    violation=bool(_get(item, "violation", False)),
                )
            )
    return hits


def reply_time_ok(seconds: float | None, standard_seconds: float | None) -> bool:
    """Whether the reply came within the standard; an unknown time or standard counts as on time."""
    if seconds is None or standard_seconds is None:
        return True
    return seconds <= standard_seconds


def standard_reply_seconds(channel: str, override: int | None = None) -> int | None:
    """The step's own reply_seconds when set, else the channel's standard."""
    return override or REPLY_STANDARD_SECONDS.get(channel)


# --- closeness ---------------------------------------------------------------------------


def _ngrams(text: str) -> dict[str, int]:
    counts: dict[str, int] = {}
    # Runs between spaces and punctuation, so n-grams never span a sentence break.
    for run in re.split(r"[\W_]+", unicodedata.normalize("NFKC", text).casefold()):
        for n in (1, 2, 3):
            for start in range(len(run) - n + 1):
                gram = run[start : start + n]
                counts[gram] = counts.get(gram, 0) + 1
    return counts


def ngram_vectors(texts: Sequence[str]) -> np.ndarray:
    """Character 1-3-gram TF-IDF vectors (L2-normalised), fitted on these texts alone."""
    grams = [_ngrams(text) for text in texts]
    vocabulary = {gram: i for i, gram in enumerate(sorted(set().union(*grams)))}
    matrix = np.zeros((len(texts), max(1, len(vocabulary))))
    document_frequency = np.zeros(max(1, len(vocabulary)))
    for counts in grams:
        for gram in counts:
            document_frequency[vocabulary[gram]] += 1
    idf = np.log((1 + len(texts)) / (1 + document_frequency)) + 1
    for row, counts in enumerate(grams):
        for gram, count in counts.items():
            column = vocabulary[gram]
            matrix[row, column] = (1 + math.log(count)) * idf[column]
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return matrix / norms


@lru_cache(maxsize=512)
def _example_vectors(texts: tuple[str, ...]) -> np.ndarray:
    # A step's example replies never change while it is played: encode them once.
    from roleplay import embeddings

    vectors = embeddings.encode(texts)
    vectors.setflags(write=False)
    return vectors


def _embedding_vectors(reply: str, good: list[str], bad: list[str]):
    from roleplay import embeddings

    examples = _example_vectors(tuple(good + bad))
    return embeddings.encode([reply])[0], examples[: len(good)], examples[len(good) :]


def _ngram_split(reply: str, good: list[str], bad: list[str]):
    vectors = ngram_vectors([reply, *good, *bad])
    return vectors[0], vectors[1 : 1 + len(good)], vectors[1 + len(good) :]


def semantic_closeness(reply: str, good: Sequence[str], bad: Sequence[str]) -> Closeness:
    """How much closer the reply is to the good example replies than to the bad ones.

    good/bad: cosine with the nearest example of each kind. leaning: (good - bad) scaled by
    how far apart the two kinds of example are from each other (1 - their mean cosine), so a
    reply equal to a good example leans about 1 and one equal to a bad example about -1,
    whatever the model's range of cosines; clamped to -1..1. Uses the packaged embedding
    model, or character n-grams when it cannot load (method and note say so). With no
    example of one kind there is nothing to lean towards and leaning is 0.
    """
    good = [text for text in good or [] if text and text.strip()]
    bad = [text for text in bad or [] if text and text.strip()]
    if not (reply or "").strip() or not (good or bad):
        return Closeness(good=0.0, bad=0.0, leaning=0.0, method=Method.NONE)

    from roleplay.embeddings import EmbeddingModelUnavailable

    method, note = Method.EMBEDDING, ""
    try:
        vector, good_vectors, bad_vectors = _embedding_vectors(reply, good, bad)
    except EmbeddingModelUnavailable as exc:
        method, note = Method.NGRAM, str(exc)
        vector, good_vectors, bad_vectors = _ngram_split(reply, good, bad)

    good_score = float((good_vectors @ vector).max()) if good else 0.0
    bad_score = float((bad_vectors @ vector).max()) if bad else 0.0
    leaning = 0.0
    if good and bad:
        between = float((good_vectors @ bad_vectors.T).mean())
        leaning = (good_score - bad_score) / max(1e-6, 1.0 - between)
        leaning = max(-1.0, min(1.0, leaning))
    return Closeness(
        good=round(good_score, 4),
        bad=round(bad_score, 4),
        leaning=round(leaning, 4),
        method=method,
        note=note,
    )


# --- the whole check ---------------------------------------------------------------------


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

    key_points = list(_get(free_text_spec, "key_points", []))
    forbidden_items = list(_get(free_text_spec, "forbidden", []))
    standard = _get(free_text_spec, "reply_seconds") or standard_seconds

    negated: list[str] = []
    covered = key_points_covered(reply, key_points, negated)
    covered_names = {hit.name for hit in covered}
    missed = [
        str(_get(point, "name", ""))
        for point in key_points
        if str(_get(point, "name", "")) not in covered_names
    ]
    used = forbidden_used(reply, forbidden_items, negated)
    on_time = reply_time_ok(seconds, standard)
    closeness = semantic_closeness(
        reply, _phrases(_get(free_text_spec, "good", [])), _phrases(_get(free_text_spec, "bad", []))
    )

    available: dict[str, int] = {}
    for point in key_points:
        criterion = str(_get(point, "criterion", ""))
        available[criterion] = available.get(criterion, 0) + int(_get(point, "points", 0))
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
        name = str(_get(point, "name", ""))
        if name in missed:
            # The separator between quoted examples: "、" in Chinese.
            examples = pgettext("between quoted phrases", "”, “").join(
                _phrases(_get(point, "synonyms", []))[:3]
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
