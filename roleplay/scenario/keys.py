"""Keys a trainer does not have to write: generated where missing, names accepted as references.

Criteria and steps have stable keys (attempts and learning records refer to them), but
trainers write Chinese: a criterion has a name (共情与礼貌), a step may have one (查物流).
`document_with_keys` gives a scenario without a slug the pinyin of its title, and every
criterion and step without a key one made from its name
(pinyin, `gong_qing_yu_li_mao`) or, failing that, from its place (`step_3`), unique within
the scenario, and never touches a key already given. A reference to a criterion (scores,
key points, forbidden phrases, violations) or to a step (`next`, `start`) may be the name;
it is replaced by the key. An empty `start` is the first step. Whatever is not a well-formed
document is left as it is for the reader to report.
"""

from __future__ import annotations

import copy
from typing import Any

from roleplay.scenario.model import MAX_KEY_LENGTH
from training.slugs import pinyin_slug, unique_slug

# Generated keys leave room for a "_2" suffix within the page's 40 characters.
_BASE_LENGTH = MAX_KEY_LENGTH - 4


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def _new_key(name: str, fallback: str, taken: set[str]) -> str:
    base = pinyin_slug(name, max_length=_BASE_LENGTH, separator="_") or fallback
    if base[0] in "_-":
        base = fallback
    key = unique_slug(base, taken, max_length=MAX_KEY_LENGTH).replace("-", "_")
    while key in taken:  # "_" for "-" may meet a key written by hand
        key = unique_slug(f"{key}_x", taken, max_length=MAX_KEY_LENGTH)
    taken.add(key)
    return key


def new_keys(items: list, *, fallback: str) -> dict[int, str]:
    """Keys for the items (dicts with "key" and "name") that have none: position -> key.
    Keys already given are kept and never reused."""
    dicts = [item if isinstance(item, dict) else {} for item in items]
    taken = {_text(item.get("key")) for item in dicts} - {""}
    made = {}
    for position, item in enumerate(dicts):
        if isinstance(items[position], dict) and not _text(item.get("key")):
            made[position] = _new_key(_text(item.get("name")), f"{fallback}_{position + 1}", taken)
    return made


def _lookup(items: list) -> dict[str, str]:
    """Reference -> key: each key to itself, each name used by exactly one item to its key."""
    keys, names = {}, {}
    for item in items:
        if not isinstance(item, dict) or not _text(item.get("key")):
            continue
        key = _text(item["key"])
        keys[key] = key
        name = _text(item.get("name"))
        if name:
            names.setdefault(name, []).append(key)
    unique_names = {name: found[0] for name, found in names.items() if len(found) == 1}
    return {**unique_names, **keys}


def _resolve(value: Any, lookup: dict[str, str]) -> Any:
    if isinstance(value, str) and value.strip() in lookup:
        return lookup[value.strip()]
    return value


def document_with_keys(document: Any) -> Any:
    """A copy of the scenario document with every key it lacks and every reference by name
    turned into a key (see the module). The document itself is not changed."""
    if not isinstance(document, dict):
        return document
    document = copy.deepcopy(document)
    if not _text(document.get("slug")) and _text(document.get("title")):
        # The scenario's own address: the pinyin of its title, as for every new page.
        document["slug"] = pinyin_slug(document["title"], max_length=MAX_KEY_LENGTH)
    rubric = document.get("rubric")
    steps = document.get("steps")
    rubric = rubric if isinstance(rubric, list) else []
    steps = steps if isinstance(steps, list) else []
    for items, fallback in ((rubric, "criterion"), (steps, "step")):
        for position, key in new_keys(items, fallback=fallback).items():
            items[position]["key"] = key
    criteria, step_keys = _lookup(rubric), _lookup(steps)

    start = document.get("start")
    if not _text(start) and start in (None, "") and steps and isinstance(steps[0], dict):
        document["start"] = steps[0]["key"]
    elif "start" in document:
        document["start"] = _resolve(start, step_keys)
    for step in steps:
        if not isinstance(step, dict):
            continue
        options = step.get("options")
        for option in options if isinstance(options, list) else []:
            if not isinstance(option, dict):
                continue
            if "next" in option:
                option["next"] = _resolve(option["next"], step_keys)
            if option.get("violation"):
                option["violation"] = _resolve(option["violation"], criteria)
            if isinstance(option.get("scores"), dict):
                option["scores"] = {
                    _resolve(str(name), criteria): points
                    for name, points in option["scores"].items()
                }
        free_text = step.get("free_text")
        if isinstance(free_text, dict):
            if "next" in free_text:
                free_text["next"] = _resolve(free_text["next"], step_keys)
            for field in ("key_points", "forbidden"):
                entries = free_text.get(field)
                for entry in entries if isinstance(entries, list) else []:
                    if isinstance(entry, dict) and "criterion" in entry:
                        entry["criterion"] = _resolve(entry["criterion"], criteria)
    return document
