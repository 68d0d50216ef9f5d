"""Service taboo phrases (服务禁语): dismissive, blaming or rude wording in a written reply.

The customer's manuals give the rule, not a list:

- training-manual.md §3.1: "无论客户的态度如何，我们都应保持礼貌、尊重，切勿轻视或贬低客户。"
- training-manual.md §3.2.1: "使用规范、礼貌的用语，避免使用口头禅、俚语等不规范表达。"
- social-media-service-plan.md §4.1: "始终保持礼貌用语，尊重客户，避免使用冷漠、刻薄的词汇"
- service-execution-plan.md §一: "语言规范:使用文明用语"

BUILT_IN_TABOO_PHRASES turns that rule into the phrases a Chinese e-commerce QA team marks as
服务禁语: pushing the customer away (管不了, 不归我们管), leaving them to it (自己看), not
knowing (不知道), blaming them (你怎么不早说) and plain rudeness (爱买不买). A reply using one
scores 0 for the whole attempt on the courtesy and standard-wording criteria
(`taboo_criteria`), as service QA marks a 禁语: one rude sentence is what the customer
remembers. Trainers add site-wide phrases in the admin (settings → 服务禁语) and
per-scenario phrases on the page.

Matching (`taboo_used`), deterministic and linear in the reply's length:
- text is NFKC-normalised (full-width Ｆ and half-width F alike) and casefolded; traditional
  characters of the built-in phrases are read as simplified (說 as 说); 您 is read as 你, so
  "您怎么不早说" is "你怎么不早说";
- spaces, punctuation and symbols inside a phrase do not matter ("自 己 看", "自己-看"), but a
  sentence end (。！？; newline) does: a phrase never spans two sentences;
- a taboo phrase counts even when negated ("我不是不知道" is still 不知道); it is about
  wording, not about what is promised;
- a few built-in phrases have harmless uses that are easy to tell (HARMLESS) and do not count:
  "不知道您是否方便…" / "我不知道您等了这么久，真抱歉" (不知道 before 您 in a sentence that
  asks or apologises), "如果您不知道怎么操作…" (the customer's not knowing), "我自己看了一下"
  (the agent looked). "这个我不知道" and "我不知道您的快递在哪" still count.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence

from django.utils.translation import gettext as _

# A phrase is a few words; a list is what a team can keep in mind.
MAX_TABOO_LENGTH = 40
MAX_TABOO_PHRASES = 500

BUILT_IN_TABOO_PHRASES: tuple[str, ...] = (
    "管不了",
    "自己看",
    "不知道",
    "你怎么不早说",
    "爱买不买",
    "不归我们管",
    "不归我管",
    "不关我的事",
    "你问我我问谁",
    "听不懂吗",
    "我已经说过了",
    "爱咋咋地",
    "随便你",
    "有本事你去投诉",
    "烦不烦",
)

# Traditional -> simplified for the characters of the built-in phrases and the words around
# them; not a full converter (a trainer's own phrases are matched as written).
_SIMPLIFIED = str.maketrans(
    {
        "說": "说",
        "麼": "么",
        "買": "买",
        "愛": "爱",
        "這": "这",
        "們": "们",
        "關": "关",
        "問": "问",
        "誰": "谁",
        "聽": "听",
        "經": "经",
        "過": "过",
        "歸": "归",
        "隨": "随",
        "煩": "烦",
        "訴": "诉",
        "沒": "没",
        "個": "个",
        "為": "为",
        "您": "你",
    }
)
# A phrase never spans a sentence end.
_SENTENCE_END = re.compile(r"[。！？!?；;\n]+")

# Harmless uses of a built-in phrase: (phrase, pattern over the flattened sentence that, when
# it matches around an occurrence, makes that occurrence harmless, words the sentence must
# also contain or None).
_ASKS_OR_APOLOGISES = ("是否", "能否", "可否", "方便", "吗", "抱歉", "对不起", "不好意思", "久等")
HARMLESS: tuple[tuple[str, re.Pattern, tuple[str, ...] | None], ...] = (
    ("不知道", re.compile(r"不知道(你|亲)"), _ASKS_OR_APOLOGISES),
    ("不知道", re.compile(r"(如果|要是|若是|万一|假如)(你|亲)?(还)?不知道"), None),
    ("自己看", re.compile(r"我(们)?(刚才|刚刚|已经|亲)?自己看"), None),
)


def flatten(text: str) -> str:
    """NFKC, casefolded, simplified as above, without spaces, punctuation or symbols."""
    text = unicodedata.normalize("NFKC", text or "").casefold().translate(_SIMPLIFIED)
    return "".join(ch for ch in text if unicodedata.category(ch)[0] not in "PZCS")


def _harmless(phrase: str, sentence: str, at: int) -> bool:
    for harmless_phrase, pattern, needs in HARMLESS:
        if harmless_phrase != phrase:
            continue
        for match in pattern.finditer(sentence):
            if match.start() <= at < match.end() and (
                needs is None or any(word in sentence for word in needs)
            ):
                return True
    return False


def _occurs(phrase: str, sentences: Sequence[str]) -> bool:
    for sentence in sentences:
        at = sentence.find(phrase)
        while at >= 0:
            if not _harmless(phrase, sentence, at):
                return True
            at = sentence.find(phrase, at + 1)
    return False


def phrase_list(*lists: Iterable[str] | str | None) -> list[str]:
    """The phrases of several lists (a list, or text one phrase a line), without repeats or
    blanks, in order."""
    phrases: dict[str, None] = {}
    for value in lists:
        items = value.splitlines() if isinstance(value, str) else list(value or [])
        for item in items:
            item = str(item).strip()
            if item and flatten(item):
                phrases.setdefault(item, None)
    return list(phrases)


def taboo_used(reply: str, phrases: Iterable[str]) -> list[str]:
    """The phrases (as given) the reply uses, in list order; a phrase that flattens to the same
    text as one already found is not repeated."""
    sentences = [flatten(part) for part in _SENTENCE_END.split(reply or "")]
    sentences = [sentence for sentence in sentences if sentence]
    found: list[str] = []
    seen: set[str] = set()
    for phrase in phrases:
        flat = flatten(phrase)
        if flat and flat not in seen and _occurs(flat, sentences):
            seen.add(flat)
            found.append(phrase)
    return found


# The criteria a taboo phrase costs. The manual asks for "规范、礼貌的用语" (training-manual.md
# §3.2.1): a taboo phrase fails both halves, so it costs the rubric's courtesy criterion
# (共情与礼貌) and its standard-wording criterion (规范用语), where the rubric has them. Each is
# found by these words in its name, else in its key: the first criterion in rubric order.
COURTESY_WORDS = ("礼貌", "态度", "共情", "文明", "courtesy", "polite", "empathy", "attitude")
WORDING_WORDS = ("用语", "措辞", "话术", "wording", "language")


def criterion_matching(criteria: Iterable, words: tuple[str, ...]) -> str:
    """The key of the first criterion (in rubric order) whose name holds one of the words,
    else whose key does; "" when none does. The checks that cost a kind of criterion (a taboo
    phrase, a late reply) find it this way."""
    for field in ("name", "key"):
        for criterion in criteria:
            value = str(getattr(criterion, field, "") or "").casefold()
            if any(word in value for word in words):
                return criterion.key
    return ""


def taboo_criteria(rubric: Iterable) -> list[str]:
    """Keys of the criteria a taboo phrase costs: the courtesy criterion, then the
    standard-wording one (COURTESY_WORDS, WORDING_WORDS), each when the rubric has it."""
    criteria = list(rubric)
    keys = [
        criterion_matching(criteria, COURTESY_WORDS),
        criterion_matching(criteria, WORDING_WORDS),
    ]
    return list(dict.fromkeys(key for key in keys if key))


def taboo_problems(lines: Sequence[str]) -> list[tuple[int, str]]:
    """(line counted from 1, problem) for a list of phrases a trainer wrote, one a line;
    blank lines are allowed."""
    problems = []
    phrases = [(n, line.strip()) for n, line in enumerate(lines, start=1) if line.strip()]
    for number, phrase in phrases:
        if len(phrase) > MAX_TABOO_LENGTH:
            problems.append(
                (number, _("a phrase has at most %(max)s characters") % {"max": MAX_TABOO_LENGTH})
            )
        elif not flatten(phrase):
            problems.append((number, _("a phrase needs letters or characters, not only marks")))
    if len(phrases) > MAX_TABOO_PHRASES:
        problems.append(
            (
                phrases[MAX_TABOO_PHRASES][0],
                _("give at most %(max)s phrases") % {"max": MAX_TABOO_PHRASES},
            )
        )
    return problems


def phrases_in_force(scenario_phrases: Iterable[str] = ()) -> list[str]:
    """The taboo phrases a scenario's written replies are checked against: built-in, then the
    site-wide ones trainers added (TabooSettings), then the scenario's own."""
    from roleplay.models import TabooSettings

    site_wide = TabooSettings.load().phrases
    return phrase_list(BUILT_IN_TABOO_PHRASES, site_wide, scenario_phrases)
