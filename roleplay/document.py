"""A scenario page to and from its document (the structure of a scenario file).

The page's fields and blocks and the file hold the same thing; this module is the one place
that knows how they map, so the admin, the files and the player always agree.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from roleplay.scenario.model import AI_ENDINGS, DEFAULT_AI_MAX_TURNS, DEFAULT_ASSESSMENT_TRIES

FORMAT = "agent-academy/scenario@1"

# The order dates the scenario format names (docs/roleplay-scenarios.md), as people read
# them: the page's field holds the label (下单时间: 2026-11-11), the file the name; a date a
# trainer names otherwise keeps the name written.
ORDER_DATE_LABELS = {
    "ordered": _("Ordered"),
    "shipped": _("Shipped"),
    "promised": _("Promised delivery"),
    "delivered": _("Delivered"),
}


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def _dates_from_text(text: str) -> dict[str, str]:
    dates = {}
    for line in _lines(text):
        name, sep, value = line.partition(":")
        if not sep:
            name, sep, value = line.partition("：")
        if sep and name.strip():
            dates[name.strip()] = value.strip()
    return dates


def _date_key(name: str) -> str:
    """A date's name as the file writes it: a format name or its label in any of the site's
    languages gives the format name; any other name stays as written."""
    wanted = name.casefold()
    for key, label in ORDER_DATE_LABELS.items():
        if wanted == key:
            return key
        for code, _language in settings.LANGUAGES:
            with translation.override(code):
                if wanted == str(label).casefold():
                    return key
    return name


def order_dates_shown(text: str) -> list[tuple[str, str]]:
    """The order's dates as (label, date) in the reader's language."""
    return [
        (str(ORDER_DATE_LABELS.get(_date_key(name), name)), value)
        for name, value in _dates_from_text(text).items()
    ]


def _reply(step) -> tuple[str, Any]:
    reply = list(step["reply"])
    if not reply:
        return "", None
    child = reply[0]
    return child.block_type, child.value


def _option(value) -> dict:
    option: dict[str, Any] = {
        "text": value["text"],
        "next": value["next"],
        "scores": {score["criterion"]: score["points"] for score in value["scores"]},
    }
    for name in ("feedback", "better", "violation"):
        if value.get(name):
            option[name] = value[name]
    return option


def _free_text(value) -> dict:
    spec: dict[str, Any] = {
        "next": value["next"],
        "good": [text for text in value["good"] if text.strip()],
        "bad": [text for text in value["bad"] if text.strip()],
        "key_points": [
            {
                "name": point["name"],
                "criterion": point["criterion"],
                "points": point["points"],
                "synonyms": _lines(point["synonyms"]),
            }
            for point in value["key_points"]
        ],
        "forbidden": [
            {
                "phrase": item["phrase"],
                "criterion": item["criterion"],
                "points": item["points"] or 0,
                **({"violation": True} if item.get("violation") else {}),
            }
            for item in value["forbidden"]
        ],
    }
    if value.get("reply_seconds"):
        spec["reply_seconds"] = value["reply_seconds"]
    return spec


def _ai_customer(page, steps: list[dict]) -> dict:
    """{"ai_customer": …} when the page has one: any of its fields written, or a step that
    hands over to it (then the empty required fields are named as problems); else {}."""
    if not page.has_ai_customer_fields() and not any(step.get("ai") for step in steps):
        return {}
    customer: dict[str, Any] = {"temperament": page.ai_temperament, "wants": page.ai_wants}
    if page.ai_writing:
        customer["writing"] = page.ai_writing
    facts = [
        {
            "fact": block.value["fact"],
            **({"when": block.value["when"]} if block.value["when"] else {}),
        }
        for block in page.ai_facts
    ]
    if facts:
        customer["facts"] = facts
    if page.ai_policy:
        customer["policy"] = page.ai_policy
    customer["endings"] = list(page.ai_endings or [])
    customer["max_turns"] = page.ai_max_turns
    if page.ai_reply_seconds is not None:
        customer["reply_seconds"] = page.ai_reply_seconds
    return {"ai_customer": customer}


def _apply_ai_customer(page, customer: dict | None) -> None:
    """The page's AI customer fields from the document's (cleared when it has none)."""
    customer = customer or {}
    page.ai_temperament = customer.get("temperament", "")
    page.ai_wants = customer.get("wants", "")
    page.ai_writing = customer.get("writing", "")
    page.ai_facts = [
        {"type": "fact", "value": {"fact": fact["fact"], "when": fact.get("when", "")}}
        for fact in customer.get("facts", [])
    ]
    page.ai_policy = customer.get("policy", "")
    page.ai_endings = list(customer.get("endings", AI_ENDINGS))
    page.ai_max_turns = customer.get("max_turns", DEFAULT_AI_MAX_TURNS)
    page.ai_reply_seconds = customer.get("reply_seconds")


def page_document(page) -> dict:
    """The page as a scenario document (see docs/roleplay-scenarios.md)."""
    persona = {"name": page.persona_name, "mood": page.persona_mood, "channel": page.channel}
    if page.persona_description:
        persona["description"] = page.persona_description
    order = {
        key: value
        for key, value in {
            "number": page.order_number,
            "product": page.order_product,
            "status": page.order_status,
        }.items()
        if value
    }
    order.update(
        {_date_key(name): value for name, value in _dates_from_text(page.order_dates).items()}
    )
    steps = []
    for block in page.steps:
        step = block.value
        entry: dict[str, Any] = {"key": step["key"] or ""}
        if step.get("name"):
            entry["name"] = step["name"]
        entry["customer"] = step["customer"]
        if step.get("mood"):
            entry["mood"] = step["mood"]
        kind, value = _reply(step)
        if kind == "options":
            entry["options"] = [_option(option) for option in value]
        elif kind == "free_text":
            entry["free_text"] = _free_text(value)
        elif kind == "end":
            entry["end"] = {"outcome": value["outcome"], "debrief": value["debrief"]}
        elif kind == "ai":
            entry["ai"] = True
        steps.append(entry)
    course = getattr(page, "course", None) if page.pk else None
    taboo = [line.strip() for line in (page.taboo_phrases or "").splitlines() if line.strip()]
    document: dict[str, Any] = {
        "format": FORMAT,
        "title": page.title,
        "slug": page.slug,
        **({"course": course.slug} if course is not None else {}),
        "objective": page.objective,
        "persona": persona,
        **({"order": order} if order else {}),
        **_ai_customer(page, steps),
        "pass_score": float(page.pass_score),
        "assessment_tries": page.assessment_tries,
        **({"taboo": taboo} if taboo else {}),
        "rubric": [
            {
                "key": c.value["key"] or "",
                "name": c.value["name"],
                "weight": c.value["weight"],
                **({"critical": True} if c.value.get("critical") else {}),
                **({"description": c.value["description"]} if c.value.get("description") else {}),
            }
            for c in page.rubric
        ],
        "start": page.start_step,
        "steps": steps,
    }
    return document


def page_scenario(page):
    """The page's scenario (raises `roleplay.scenario.ScenarioInvalid` when it is not sound)."""
    from roleplay.scenario import scenario_from_dict

    return scenario_from_dict(page_document(page))


def page_problems(page) -> list:
    """Everything wrong with the page's scenario, each naming its step; empty when sound."""
    from roleplay.scenario import ScenarioInvalid

    try:
        page_scenario(page)
    except ScenarioInvalid as invalid:
        return list(invalid.problems)
    return []


def _listed(values: list) -> list:
    # ListBlock takes plain lists too; it gives the items their ids when the page is saved.
    return list(values)


def _step_value(step: dict) -> dict:
    if "options" in step:
        reply = {
            "type": "options",
            "value": _listed(
                [
                    {
                        "text": option["text"],
                        "next": option["next"],
                        "scores": _listed(
                            [
                                {"criterion": criterion, "points": points}
                                for criterion, points in (option.get("scores") or {}).items()
                            ]
                        ),
                        "feedback": option.get("feedback", ""),
                        "better": option.get("better", ""),
                        "violation": option.get("violation", ""),
                    }
                    for option in step["options"]
                ]
            ),
        }
    elif "free_text" in step:
        spec = step["free_text"]
        reply = {
            "type": "free_text",
            "value": {
                "next": spec["next"],
                "good": _listed(spec.get("good", [])),
                "bad": _listed(spec.get("bad", [])),
                "key_points": _listed(
                    [
                        {
                            "name": point["name"],
                            "criterion": point["criterion"],
                            "points": point.get("points", 1),
                            "synonyms": "\n".join(point.get("synonyms", [])),
                        }
                        for point in spec.get("key_points", [])
                    ]
                ),
                "forbidden": _listed(
                    [
                        {
                            "phrase": item["phrase"],
                            "criterion": item["criterion"],
                            "points": item.get("points", 0),
                            "violation": bool(item.get("violation")),
                        }
                        for item in spec.get("forbidden", [])
                    ]
                ),
                "reply_seconds": spec.get("reply_seconds"),
            },
        }
    elif step.get("ai"):
        reply = {"type": "ai", "value": None}
    else:
        reply = {"type": "end", "value": dict(step["end"])}
    return {
        "key": step["key"],
        "name": step.get("name", ""),
        "customer": step["customer"],
        "mood": step.get("mood", ""),
        "reply": [reply],
    }


def page_apply_document(page, document: dict) -> None:
    """Set the page's fields and blocks from a (validated) scenario document."""
    persona = document["persona"]
    order = dict(document.get("order") or {})
    page.title = document["title"]
    page.slug = document["slug"]
    page.objective = document["objective"]
    page.persona_name = persona["name"]
    page.persona_mood = persona["mood"]
    page.channel = persona["channel"]
    page.persona_description = persona.get("description", "")
    page.order_number = order.pop("number", "")
    page.order_product = order.pop("product", "")
    page.order_status = order.pop("status", "")
    with translation.override(settings.LANGUAGE_CODE):  # the editor's field, in words
        page.order_dates = "\n".join(
            f"{ORDER_DATE_LABELS.get(name, name)}: {value}" for name, value in order.items()
        )
    page.pass_score = Decimal(str(round(float(document.get("pass_score", 0.6)), 2)))
    page.assessment_tries = document.get("assessment_tries", DEFAULT_ASSESSMENT_TRIES)
    page.taboo_phrases = "\n".join(document.get("taboo") or [])
    _apply_ai_customer(page, document.get("ai_customer"))
    page.rubric = [
        {
            "type": "criterion",
            "value": {
                "key": c["key"],
                "name": c["name"],
                "weight": c.get("weight", 1),
                "critical": bool(c.get("critical")),
                "description": c.get("description", ""),
            },
        }
        for c in document["rubric"]
    ]
    page.start_step = document["start"]
    page.steps = [{"type": "step", "value": _step_value(step)} for step in document["steps"]]


def page_assign_keys(page) -> None:
    """Give each criterion and step of the page that has no key one made from its name (see
    `roleplay.scenario.keys`); keys already there are never changed."""
    from roleplay.scenario.keys import new_keys

    for stream, fallback in ((page.rubric, "criterion"), (page.steps, "step")):
        items = [
            {"key": child.value.get("key"), "name": child.value.get("name")} for child in stream
        ]
        for position, key in new_keys(items, fallback=fallback).items():
            stream[position].value["key"] = key
