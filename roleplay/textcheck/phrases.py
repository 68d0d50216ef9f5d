"""Whether a reply covers a step's key points or uses its forbidden phrases.

Matching works for Chinese and English alike: text is NFKC-normalised and casefolded, each
CJK character is a token of its own and every other run of letters and digits is a word, so
a Chinese phrase matches anywhere in the reply while an English phrase matches whole words
only. Spaces and punctuation never matter.

A phrase that occurs only negated does not count: "我们不能保证退款" does not use the
forbidden phrase "保证退款", and "I will not apologise" does not cover "apologise". Negated
means an odd number of negation words (不, 没, 无法, 别, 未, not, never, n't, ...) among the
few tokens before the phrase in the same clause; common words that merely contain such a
character (不好意思, 非常, 特别, 无论, ...) are not negations. The check says when it set a
negated phrase aside, so the trainer who reviews the reply can overrule it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

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


def spec_value(spec: Any, name: str, default: Any = None) -> Any:
    """A field of a dict or of an object with that attribute (dataclasses plug in too)."""
    value = spec.get(name, default) if isinstance(spec, dict) else getattr(spec, name, default)
    return default if value is None else value


def phrase_list(value: Any) -> list[str]:
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
        name = str(spec_value(point, "name", ""))
        for synonym in phrase_list(spec_value(point, "synonyms", [])) or [name]:
            if _contains(reply_parsed, synonym, negated):
                hits.append(
                    KeyPointHit(
                        name=name,
                        criterion=str(spec_value(point, "criterion", "")),
                        points=int(spec_value(point, "points", 0)),
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
        phrase = str(spec_value(item, "phrase", ""))
        if _contains(reply_parsed, phrase, negated):
            hits.append(
                ForbiddenHit(
                    phrase=phrase,
                    criterion=str(spec_value(item, "criterion", "")),
                    points=int(spec_value(item, "points", 0)),
                    violation=bool(spec_value(item, "violation", False)),
                )
            )
    return hits
