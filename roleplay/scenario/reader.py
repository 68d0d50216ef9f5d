"""Reading a scenario document: every problem collected, each naming its step (see the package)."""

from __future__ import annotations

from collections import deque
from collections.abc import Sequence
from typing import Any

from django.utils.translation import gettext as _

from roleplay.scenario.ai_reader import read_ai_customer
from roleplay.scenario.keys import document_with_keys
from roleplay.scenario.model import (
    CHANNELS,
    DEFAULT_ASSESSMENT_TRIES,
    DEFAULT_PASS_SCORE,
    FORMAT,
    MAX_ASSESSMENT_TRIES,
    MAX_CRITERIA,
    MAX_OPTIONS,
    MAX_STEPS,
    MOODS,
    OUTCOMES,
    Criterion,
    End,
    Forbidden,
    FreeText,
    KeyPoint,
    Option,
    Persona,
    Scenario,
    ScenarioInvalid,
    Step,
)
from roleplay.scenario.reading import KEY as _KEY
from roleplay.scenario.reading import SLUG as _SLUG
from roleplay.scenario.reading import At as _At
from roleplay.scenario.reading import Reader as _Reader

# A step's reply: exactly one of these (an "ai" step is written `ai: true`).
_REPLY_KINDS = ("options", "free_text", "end", "ai")


def scenario_from_dict(data: dict) -> Scenario:
    """The scenario a document describes; raises ScenarioInvalid listing every problem."""
    reader = _Reader()
    root = _At()
    # Keys a trainer left out are made, references by name become keys (scenario.keys).
    data = document_with_keys(data)
    document = reader.mapping(
        data,
        root,
        required=("format", "title", "objective", "persona", "rubric", "steps"),
        optional=(
            "slug",
            "course",
            "order",
            "pass_score",
            "assessment_tries",
            "taboo",
            "ai_customer",
            "start",
        ),
    )
    if document is None:
        raise ScenarioInvalid(reader.problems)
    if "format" in document and document["format"] != FORMAT:
        reader.problem(root.key("format"), _('must be "%(format)s"') % {"format": FORMAT})
    # Read in the document's order, so that problems are listed in it.
    title = reader.text(document, "title", root)
    slug = reader.key_text(document, "slug", root, pattern=_SLUG)
    course = reader.text(document, "course", root)
    objective = reader.text(document, "objective", root)
    persona = _persona(reader, document, root.key("persona"))
    order = _order(reader, document, root)
    ai_customer = read_ai_customer(reader, document, root)
    pass_score = reader.number(document, "pass_score", root, DEFAULT_PASS_SCORE)
    if not 0 <= pass_score <= 1:
        reader.problem(root.key("pass_score"), _("must lie between 0 and 1"))
    tries = reader.integer(document, "assessment_tries", root, DEFAULT_ASSESSMENT_TRIES)
    if not 0 <= tries <= MAX_ASSESSMENT_TRIES:
        reader.problem(
            root.key("assessment_tries"),
            _("must lie between 0 (no limit) and %(max)s") % {"max": MAX_ASSESSMENT_TRIES},
        )
        tries = DEFAULT_ASSESSMENT_TRIES
    taboo = _taboo(reader, document, root)
    rubric = _rubric(reader, document, root)
    start = reader.text(document, "start", root)
    step_values = reader.items(document, "steps", root)
    if len(step_values) > MAX_STEPS:
        # Refused before any step is read: each one costs time and every problem a line.
        reader.problem(
            root.key("steps"),
            _("give at most %(max)s steps (the file has %(count)s)")
            % {"max": MAX_STEPS, "count": len(step_values)},
        )
        raise ScenarioInvalid(reader.problems)
    steps = tuple(
        _step(reader, value, root.key("steps").item(index), rubric)
        for index, value in enumerate(step_values)
    )
    if "steps" in document and not steps:
        reader.problem(root.key("steps"), _("give at least one step"))
    scenario = Scenario(
        title=title,
        slug=slug,
        objective=objective,
        persona=persona,
        rubric=tuple(rubric.values()),
        start=start,
        steps=tuple(step for step in steps if step is not None),
        course=course,
        order=order,
        pass_score=float(pass_score),
        assessment_tries=tries,
        taboo=taboo,
        ai_customer=ai_customer,
    )
    _check_graph(reader, scenario, steps)
    _check_ai(reader, document, scenario, steps)
    if reader.problems:
        raise ScenarioInvalid(reader.problems)
    return scenario


def _taboo(reader: _Reader, document: dict, root: _At) -> tuple[str, ...]:
    """The scenario's own service taboo phrases (roleplay.taboo): a list of short texts."""
    from roleplay.taboo import MAX_TABOO_LENGTH, MAX_TABOO_PHRASES, flatten

    phrases = reader.texts(document, "taboo", root)
    at = root.key("taboo")
    if len(phrases) > MAX_TABOO_PHRASES:
        reader.problem(at, _("give at most %(max)s phrases") % {"max": MAX_TABOO_PHRASES})
        return ()
    good = []
    for index, phrase in enumerate(document.get("taboo") or []):
        if not isinstance(phrase, str) or not phrase.strip():
            continue  # reported by texts()
        if len(phrase.strip()) > MAX_TABOO_LENGTH:
            reader.problem(
                at.item(index),
                _("a phrase has at most %(max)s characters") % {"max": MAX_TABOO_LENGTH},
            )
        elif not flatten(phrase):
            reader.problem(
                at.item(index), _("a phrase needs letters or characters, not only marks")
            )
        else:
            good.append(phrase.strip())
    return tuple(good)


def _persona(reader: _Reader, document: dict, at: _At) -> Persona:
    if "persona" not in document:
        return Persona("", "", "")
    persona = (
        reader.mapping(document["persona"], at, ("name", "mood", "channel"), ("description",)) or {}
    )
    return Persona(
        name=reader.text(persona, "name", at),
        mood=reader.choice(persona, "mood", at, MOODS),
        channel=reader.choice(persona, "channel", at, CHANNELS),
        description=reader.text(persona, "description", at, required=False),
    )


def _order(reader: _Reader, document: dict, root: _At) -> dict[str, str]:
    if "order" not in document:
        return {}
    at = root.key("order")
    value = document["order"]
    # Any names: the page keeps further dates ("delivered: …") as written.
    order = reader.mapping(value, at, (), optional=tuple(value) if isinstance(value, dict) else ())
    result = {}
    for name in order or {}:
        if not isinstance(name, str) or not name.strip():
            reader.problem(at, _("each entry needs a name"))
            continue
        result[name] = reader.text(order, name, at, required=False)
    return result


def _rubric(reader: _Reader, document: dict, root: _At) -> dict[str, Criterion]:
    rubric: dict[str, Criterion] = {}
    names: set[str] = set()
    values = reader.items(document, "rubric", root)
    if "rubric" in document and not 1 <= len(values) <= MAX_CRITERIA:
        reader.problem(root.key("rubric"), _("give 1 to %(max)s criteria") % {"max": MAX_CRITERIA})
    for index, value in enumerate(values):
        at = root.key("rubric").item(index)
        data = reader.mapping(value, at, ("key", "name", "weight"), ("critical", "description"))
        if data is None:
            continue
        weight = reader.number(data, "weight", at, 1)
        if weight <= 0:
            reader.problem(at.key("weight"), _("must be more than 0"))
        criterion = Criterion(
            key=reader.key_text(data, "key", at),
            name=reader.text(data, "name", at),
            weight=weight,
            critical=reader.flag(data, "critical", at),
            description=reader.text(data, "description", at, required=False),
        )
        if criterion.key in rubric:
            reader.problem(
                at.key("key"),
                _('another criterion already has the key "%(key)s"') % {"key": criterion.key},
            )
        elif criterion.key:
            rubric[criterion.key] = criterion
        if criterion.name.strip() and criterion.name.strip() in names:
            # Steps may name a criterion instead of giving its key: names must tell them apart.
            reader.problem(
                at.key("name"),
                _('another criterion already has the name "%(name)s"') % {"name": criterion.name},
            )
        names.add(criterion.name.strip())
    return rubric


def _criterion_ref(
    reader: _Reader, key: Any, at: _At, rubric: dict[str, Criterion], *, critical: bool = False
) -> None:
    if not isinstance(key, str) or not key:
        return  # already reported as a missing or mistyped value
    if key not in rubric:
        reader.problem(at, _('criterion "%(key)s" is not in the rubric') % {"key": key})
    elif critical and not rubric[key].critical:
        reader.problem(
            at,
            _('criterion "%(key)s" is not critical; only a critical criterion can be violated')
            % {"key": key},
        )


def _step(reader: _Reader, value: Any, at: _At, rubric: dict[str, Criterion]) -> Step | None:
    """One step, or None when it has no usable key (its other problems are still reported)."""
    key = ""
    if isinstance(value, dict) and isinstance(value.get("key"), str):
        key = value["key"] if _KEY.match(value["key"]) else ""
    # Problems inside a named step are placed relative to it; without a key, by position.
    at = _At(key, "", at.path) if key else at
    data = reader.mapping(value, at, ("key", "customer"), ("name", "mood", *_REPLY_KINDS))
    if data is None:
        return None
    reader.key_text(data, "key", at)
    name = reader.text(data, "name", at, required=False).strip()
    customer = reader.text(data, "customer", at)
    mood = reader.choice(data, "mood", at, MOODS) if "mood" in data else ""
    ai = reader.flag(data, "ai", at)
    # `ai: false` is no reply at all: the step still needs options, free text or an end.
    kinds = [kind for kind in _REPLY_KINDS if kind in data and (kind != "ai" or ai)]
    if len(kinds) != 1:
        reader.problem(
            at,
            _("a step has exactly one of options, free_text, end or ai; this one has %(kinds)s")
            % {"kinds": ", ".join(kinds) if kinds else _("none")},
        )
    options: list[Option] = []
    if "options" in data:
        values = reader.items(data, "options", at)
        if not 1 <= len(values) <= MAX_OPTIONS:
            reader.problem(at.key("options"), _("give 1 to %(max)s options") % {"max": MAX_OPTIONS})
        for index, option in enumerate(values):
            options.append(_option(reader, option, at.key("options").item(index), rubric))
    free_text = _free_text(reader, data["free_text"], at, rubric) if "free_text" in data else None
    end = None
    if "end" in data:
        end_at = at.key("end")
        end_data = reader.mapping(data["end"], end_at, ("outcome", "debrief")) or {}
        end = End(
            outcome=reader.choice(end_data, "outcome", end_at, OUTCOMES),
            debrief=reader.text(end_data, "debrief", end_at),
        )
    if not key:
        return None
    return Step(key, customer, mood, tuple(options), free_text, end, name=name, ai=ai)


def _option(reader: _Reader, value: Any, at: _At, rubric: dict[str, Criterion]) -> Option:
    data = reader.mapping(
        value, at, ("text", "next"), ("scores", "feedback", "better", "violation")
    )
    if data is None:
        return Option("", "")
    scores: dict[str, int] = {}
    raw_scores = data.get("scores", {})
    if not isinstance(raw_scores, dict):
        reader.problem(at.key("scores"), _("must be a mapping of criterion keys to points"))
        raw_scores = {}
    for criterion, points in raw_scores.items():
        score_at = at.key("scores").key(str(criterion))
        _criterion_ref(reader, str(criterion), score_at, rubric)
        if isinstance(points, bool) or not isinstance(points, int):
            reader.problem(score_at, _("must be a whole number"))
        else:
            scores[str(criterion)] = points
    violation = reader.text(data, "violation", at, required=False)
    _criterion_ref(reader, violation, at.key("violation"), rubric, critical=True)
    return Option(
        text=reader.text(data, "text", at),
        next=reader.text(data, "next", at),
        scores=scores,
        feedback=reader.text(data, "feedback", at, required=False),
        better=reader.text(data, "better", at, required=False),
        violation=violation,
    )


def _free_text(reader: _Reader, value: Any, step_at: _At, rubric: dict) -> FreeText | None:
    at = step_at.key("free_text")
    data = reader.mapping(
        value, at, ("next", "good"), ("bad", "key_points", "forbidden", "reply_seconds")
    )
    if data is None:
        return None
    key_points = []
    for index, item in enumerate(reader.items(data, "key_points", at)):
        point_at = at.key("key_points").item(index)
        point = reader.mapping(item, point_at, ("name", "criterion", "synonyms"), ("points",))
        if point is None:
            continue
        points = reader.integer(point, "points", point_at, default=1)
        if points < 1:
            reader.problem(point_at.key("points"), _("must be 1 or more"))
        criterion = reader.text(point, "criterion", point_at)
        _criterion_ref(reader, criterion, point_at.key("criterion"), rubric)
        key_points.append(
            KeyPoint(
                name=reader.text(point, "name", point_at),
                criterion=criterion,
                points=points,
                synonyms=reader.texts(point, "synonyms", point_at, at_least=1),
            )
        )
    forbidden = []
    for index, item in enumerate(reader.items(data, "forbidden", at)):
        item_at = at.key("forbidden").item(index)
        phrase = reader.mapping(item, item_at, ("phrase", "criterion"), ("points", "violation"))
        if phrase is None:
            continue
        points = reader.integer(phrase, "points", item_at, default=0)
        if points > 0:
            reader.problem(item_at.key("points"), _("must be 0 or less"))
        violation = reader.flag(phrase, "violation", item_at)
        criterion = reader.text(phrase, "criterion", item_at)
        _criterion_ref(reader, criterion, item_at.key("criterion"), rubric, critical=violation)
        forbidden.append(
            Forbidden(reader.text(phrase, "phrase", item_at), criterion, points, violation)
        )
    reply_seconds = None
    if "reply_seconds" in data:
        reply_seconds = reader.integer(data, "reply_seconds", at)
        if reply_seconds < 1:
            reader.problem(at.key("reply_seconds"), _("must be 1 or more"))
    return FreeText(
        next=reader.text(data, "next", at),
        good=reader.texts(data, "good", at, at_least=1),
        bad=reader.texts(data, "bad", at),
        key_points=tuple(key_points),
        forbidden=tuple(forbidden),
        reply_seconds=reply_seconds,
    )


def _check_graph(reader: _Reader, scenario: Scenario, steps: Sequence[Step | None]) -> None:
    """Duplicate keys, references to missing steps, unreachable steps, steps with no way out."""
    keys: dict[str, int] = {}
    names: set[str] = set()
    for index, step in enumerate(steps):
        if step is None:
            continue
        if step.key in keys:
            reader.problem(
                _At(step.key, "key", f"steps[{index + 1}].key"),
                _('another step already has the key "%(key)s"') % {"key": step.key},
            )
        else:
            keys[step.key] = index
        if step.name and step.name in names:
            # Other steps may lead here by the name: it must be the only one.
            reader.problem(
                _At(step.key, "name", f"steps[{index + 1}].name"),
                _('another step already has the name "%(name)s"') % {"name": step.name},
            )
        names.add(step.name)
    by_key = {step.key: step for step in scenario.steps}
    if scenario.start and scenario.start not in by_key:
        reader.problem(
            _At("", "start", "start"),
            _('start step "%(key)s" does not exist') % {"key": scenario.start},
        )
    for key, index in keys.items():
        step = steps[index]
        at = _At(key, "", f"steps[{index + 1}]")
        references = (
            [(at.key("free_text").key("next"), step.free_text.next)]
            if step.free_text is not None
            else [
                (at.key("options").item(i).key("next"), o.next) for i, o in enumerate(step.options)
            ]
        )
        for ref_at, target in references:
            if target and target not in by_key:
                reader.problem(ref_at, _('next step "%(key)s" does not exist') % {"key": target})
    if scenario.start not in by_key:
        return
    reachable = _reachable(by_key, scenario.start)
    ending = _can_end(by_key)
    for key, index in keys.items():
        at = _At(key, "", f"steps[{index + 1}]")
        if key not in reachable:
            reader.problem(
                at,
                _('cannot be reached from the start step "%(start)s"') % {"start": scenario.start},
            )
        elif key not in ending:
            reader.problem(
                at, _("no end can be reached from this step (a loop or a path with no end)")
            )


def _check_ai(
    reader: _Reader, document: dict, scenario: Scenario, steps: Sequence[Step | None]
) -> None:
    """An AI step needs the AI customer who plays from it, and an AI customer needs a step."""
    ai_steps = [(index, step) for index, step in enumerate(steps) if step is not None and step.ai]
    if "ai_customer" not in document:
        for index, step in ai_steps:
            reader.problem(
                _At(step.key, "ai", f"steps[{index + 1}].ai"),
                _(
                    "an AI step needs the scenario's ai_customer (how the AI customer "
                    "behaves, what they want)"
                ),
            )
    elif not ai_steps and not any(
        isinstance(value, dict) and value.get("ai") for value in document.get("steps") or []
    ):
        reader.problem(
            _At("", "ai_customer", "ai_customer"),
            _(
                "no step is an AI step (ai: true), so this AI customer would never play; "
                "make the step it takes over at an AI step, or remove the AI customer"
            ),
        )


def _reachable(by_key: dict[str, Step], start: str) -> set[str]:
    seen = {start}
    queue = deque([start])
    while queue:
        for target in by_key[queue.popleft()].next_keys:
            if target in by_key and target not in seen:
                seen.add(target)
                queue.append(target)
    return seen


def _can_end(by_key: dict[str, Step]) -> set[str]:
    """Steps from which some end (or an AI step) can be reached. A missing step counts as a
    way out: it is reported once where it is named, not again at every step before it."""
    leads_here: dict[str, list[str]] = {}
    ending = set()
    for key, step in by_key.items():
        # An AI step ends the scripted part: from there the AI customer's rules end it.
        terminal = step.end is not None or step.ai
        if terminal or any(target not in by_key for target in step.next_keys):
            ending.add(key)
        for target in step.next_keys:
            leads_here.setdefault(target, []).append(key)
    queue = deque(ending)
    while queue:
        for before in leads_here.get(queue.popleft(), []):
            if before not in ending:
                ending.add(before)
                queue.append(before)
    return ending
