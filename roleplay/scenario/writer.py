"""Writing a scenario back as a document: the inverse of the reader, defaults filled in."""

from __future__ import annotations

from typing import Any

from roleplay.scenario.model import (
    FORMAT,
    AiCustomer,
    Criterion,
    FreeText,
    Option,
    Scenario,
    Step,
)

# Writing a document --------------------------------------------------------------------


def scenario_to_dict(scenario: Scenario) -> dict:
    """The scenario as a document, keys in the documented order, defaults written out where
    they matter to a reader (pass_score, assessment_tries, points) and left out where they
    are empty."""
    persona: dict[str, Any] = {
        "name": scenario.persona.name,
        "mood": scenario.persona.mood,
        "channel": scenario.persona.channel,
    }
    if scenario.persona.description:
        persona["description"] = scenario.persona.description
    document: dict[str, Any] = {"format": FORMAT, "title": scenario.title, "slug": scenario.slug}
    if scenario.course:
        document["course"] = scenario.course
    document["objective"] = scenario.objective
    document["persona"] = persona
    if scenario.order:
        document["order"] = dict(scenario.order)
    if scenario.ai_customer is not None:
        document["ai_customer"] = _ai_customer_dict(scenario.ai_customer)
    document["pass_score"] = scenario.pass_score
    document["assessment_tries"] = scenario.assessment_tries
    if scenario.taboo:
        document["taboo"] = list(scenario.taboo)
    document["rubric"] = [_criterion_dict(criterion) for criterion in scenario.rubric]
    document["start"] = scenario.start
    document["steps"] = [_step_dict(step) for step in scenario.steps]
    return document


def _criterion_dict(criterion: Criterion) -> dict:
    data: dict[str, Any] = {"key": criterion.key, "name": criterion.name}
    data["weight"] = criterion.weight
    if criterion.critical:
        data["critical"] = True
    if criterion.description:
        data["description"] = criterion.description
    return data


def _step_dict(step: Step) -> dict:
    data: dict[str, Any] = {"key": step.key}
    if step.name:
        data["name"] = step.name
    data["customer"] = step.customer
    if step.mood:
        data["mood"] = step.mood
    if step.end is not None:
        data["end"] = {"outcome": step.end.outcome, "debrief": step.end.debrief}
    elif step.ai:
        data["ai"] = True
    elif step.free_text is not None:
        data["free_text"] = _free_text_dict(step.free_text)
    else:
        data["options"] = [_option_dict(option) for option in step.options]
    return data


def _ai_customer_dict(customer: AiCustomer) -> dict:
    """The AI customer with its English words; endings and turns always written out."""
    data: dict[str, Any] = {"temperament": customer.temperament, "wants": customer.wants}
    if customer.writing:
        data["writing"] = customer.writing
    if customer.facts:
        data["facts"] = [
            {"fact": fact.fact, **({"when": fact.when} if fact.when else {})}
            for fact in customer.facts
        ]
    if customer.policy:
        data["policy"] = customer.policy
    data["endings"] = list(customer.endings)
    data["max_turns"] = customer.max_turns
    if customer.reply_seconds is not None:
        data["reply_seconds"] = customer.reply_seconds
    return data


def _option_dict(option: Option) -> dict:
    data: dict[str, Any] = {"text": option.text, "next": option.next, "scores": dict(option.scores)}
    for name in ("feedback", "better", "violation"):
        if getattr(option, name):
            data[name] = getattr(option, name)
    return data


def _free_text_dict(free_text: FreeText) -> dict:
    data: dict[str, Any] = {"next": free_text.next, "good": list(free_text.good)}
    if free_text.bad:
        data["bad"] = list(free_text.bad)
    if free_text.key_points:
        data["key_points"] = [
            {
                "name": point.name,
                "criterion": point.criterion,
                "points": point.points,
                "synonyms": list(point.synonyms),
            }
            for point in free_text.key_points
        ]
    if free_text.forbidden:
        data["forbidden"] = [
            {
                "phrase": item.phrase,
                "criterion": item.criterion,
                "points": item.points,
                **({"violation": True} if item.violation else {}),
            }
            for item in free_text.forbidden
        ]
    if free_text.reply_seconds is not None:
        data["reply_seconds"] = free_text.reply_seconds
    return data
