"""A question on the learner's page and the response that comes back from it.

`present()` is all the learner's browser gets of a question (texts and the attempt's random
tokens, see `quizzes.questions`); `form_response()` reads a posted form back into answer
keys and `to_tokens()` does the reverse; `with_response()` and `form_values()` put a saved
response back into the form; `clean_response()` keeps of a response only what the question
can hold. The shapes of a response, by type, are in `quizzes.questions`.
"""

from __future__ import annotations

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
)


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
