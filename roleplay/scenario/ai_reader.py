"""Reading a scenario's `ai_customer`: who the language model plays from the AI step on.

docs/ai-customers.md. The vocabulary (temperament, endings) may be written as the English
word or its Chinese word (`TEMPERAMENT_WORDS`, `AI_ENDING_WORDS`); the English word is kept.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.utils.translation import gettext as _

from roleplay.scenario.model import (
    AI_ENDING_WORDS,
    AI_ENDINGS,
    DEFAULT_AI_MAX_TURNS,
    MAX_AI_FACTS,
    MAX_AI_TEXT,
    MAX_AI_TURNS,
    TEMPERAMENT_WORDS,
    TEMPERAMENTS,
    AiCustomer,
    HiddenFact,
)
from roleplay.scenario.reading import At, Reader

KEY = "ai_customer"


def read_ai_customer(reader: Reader, document: dict, root: At) -> AiCustomer | None:
    """The document's AI customer (None when it has none, or one too broken to use: its
    problems are collected either way)."""
    if KEY not in document:
        return None
    at = root.key(KEY)
    data = reader.mapping(
        document[KEY],
        at,
        required=("temperament", "wants"),
        optional=("writing", "facts", "policy", "endings", "max_turns", "reply_seconds"),
    )
    if data is None:
        return None
    temperament = _word(reader, data, "temperament", at, TEMPERAMENTS, TEMPERAMENT_WORDS)
    wants = _text(reader, data, "wants", at, required=True)
    writing = _text(reader, data, "writing", at)
    facts = _facts(reader, data, at)
    policy = _text(reader, data, "policy", at)
    endings = _endings(reader, data, at)
    max_turns = reader.integer(data, "max_turns", at, DEFAULT_AI_MAX_TURNS)
    if not 1 <= max_turns <= MAX_AI_TURNS:
        reader.problem(
            at.key("max_turns"), _("must lie between 1 and %(max)s") % {"max": MAX_AI_TURNS}
        )
        max_turns = DEFAULT_AI_MAX_TURNS
    reply_seconds = None
    if "reply_seconds" in data and data["reply_seconds"] is not None:
        reply_seconds = reader.integer(data, "reply_seconds", at)
        if reply_seconds < 1:
            reader.problem(at.key("reply_seconds"), _("must be 1 or more"))
            reply_seconds = None
    return AiCustomer(
        temperament=temperament,
        wants=wants,
        writing=writing,
        facts=facts,
        policy=policy,
        endings=endings,
        max_turns=max_turns,
        reply_seconds=reply_seconds,
    )


def _text(reader: Reader, data: dict, name: str, at: At, *, required: bool = False) -> str:
    value = reader.text(data, name, at, required=required)
    if len(value) > MAX_AI_TEXT:
        reader.problem(
            at.key(name),
            _("must be at most %(max)s characters (it has %(count)s)")
            % {"max": MAX_AI_TEXT, "count": len(value)},
        )
    return value


def _word(
    reader: Reader, data: dict, name: str, at: At, words: Sequence[str], chinese: dict[str, str]
) -> str:
    """One of `words`, written as the word or its Chinese word; "" (and a problem) otherwise."""
    value = reader.text(data, name, at).strip()
    return _known(reader, value, at.key(name), words, chinese) if value else ""


def _known(reader: Reader, value: Any, at: At, words: Sequence[str], chinese: dict) -> str:
    if not isinstance(value, str):
        reader.problem(at, _("must be text (put it in quotes)"))
        return ""
    value = value.strip()
    if value in words:
        return value
    for word, label in chinese.items():
        if value == label:
            return word
    reader.problem(
        at,
        _('"%(value)s" is not one of %(choices)s')
        % {"value": value, "choices": ", ".join(f"{w} ({chinese[w]})" for w in words)},
    )
    return ""


def _facts(reader: Reader, data: dict, at: At) -> tuple[HiddenFact, ...]:
    values = reader.items(data, "facts", at)
    if len(values) > MAX_AI_FACTS:
        reader.problem(at.key("facts"), _("give at most %(max)s facts") % {"max": MAX_AI_FACTS})
        return ()
    facts = []
    for index, value in enumerate(values):
        fact_at = at.key("facts").item(index)
        fact = reader.mapping(value, fact_at, required=("fact",), optional=("when",))
        if fact is None:
            continue
        text = _text(reader, fact, "fact", fact_at, required=True)
        when = _text(reader, fact, "when", fact_at)
        if text:
            facts.append(HiddenFact(fact=text, when=when))
    return tuple(facts)


def _endings(reader: Reader, data: dict, at: At) -> tuple[str, ...]:
    if "endings" not in data:
        return AI_ENDINGS
    values = reader.items(data, "endings", at)
    if "endings" in data and isinstance(data["endings"], list) and not values:
        reader.problem(
            at.key("endings"),
            _("give at least one way the customer may end the conversation (%(choices)s)")
            % {"choices": ", ".join(AI_ENDINGS)},
        )
    endings: list[str] = []
    for index, value in enumerate(values):
        ending = _known(reader, value, at.key("endings").item(index), AI_ENDINGS, AI_ENDING_WORDS)
        if ending and ending in endings:
            reader.problem(
                at.key("endings").item(index),
                _('"%(value)s" is listed twice') % {"value": ending},
            )
        elif ending:
            endings.append(ending)
    return tuple(endings) or AI_ENDINGS
