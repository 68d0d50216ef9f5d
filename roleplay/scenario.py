"""A role-play scenario as a document: its rules, its conversation graph and how it is scored.

Pure functions over frozen dataclasses (no database), so the scenario page, the files, the
player and the trainer's review share one set of rules. The document format is described in
docs/roleplay-scenarios.md; `scenario_from_dict` reads it (collecting every problem, each
naming its step) and `scenario_to_dict` writes it back, so that
`scenario_to_dict(scenario_from_dict(d))` is `d` with its defaults filled in.

Scoring. Weights are normalised by their sum: share(c) = weight(c) / Σ weight.
- An option's weighted points = Σ_c share(c) × points(c).
- The best option of a choice step is the one with the highest weighted points among the
  options that are no critical violation (among all of them if every one is); its positive
  points per criterion are what that step makes available. A free-text step makes available,
  per criterion, the sum of its key points' points.
- On the path actually taken, per criterion: earned(c) = Σ points earned (options chosen,
  key points covered, forbidden phrases used); available(c) = Σ points made available by the
  steps visited; score(c) = clamp(earned(c) / available(c), 0, 1), and a criterion with
  nothing available on the path is left out.
- total = Σ share(c) × score(c) / Σ share(c) over the criteria present (0 when none is).
- passed = total ≥ pass_score and no critical violation on the path. Totals and weighted
  points are rounded to 9 places, so 0.6 reached is 0.6, not 0.5999999999999999.
- The best path of the scenario is the simple path from the start to an end step with the
  most weighted points (choice steps: the option taken; free-text steps: every key point
  covered), avoiding critical violations when an end can be reached without one.
"""

from __future__ import annotations

import dataclasses
import math
import re
from collections import deque
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

FORMAT = "agent-academy/scenario@1"
MOODS = ("calm", "anxious", "confused", "annoyed", "angry", "furious", "happy")
CHANNELS = ("live_chat", "phone", "social", "email")
OUTCOMES = ("resolved", "escalated", "customer_lost", "public_backlash")
# Service standards for one reply, in seconds, when a step does not set its own.
REPLY_STANDARD_SECONDS = {"live_chat": 60, "phone": 30, "social": 60, "email": 14400}
DEFAULT_PASS_SCORE = 0.6
MAX_CRITERIA = 10
MAX_OPTIONS = 6
MAX_KEY_LENGTH = 40  # the page stores keys in 40 characters

_KEY = re.compile(r"^[a-z0-9_-]+$")
_SLUG = re.compile(r"^[a-z0-9-]+$")
_REPLY_KINDS = ("options", "free_text", "end")
# Sums of floats that differ by less are equal (of two paths worth the same, the first wins).
_EPSILON = 1e-9


# The document --------------------------------------------------------------------------


@dataclass(frozen=True)
class Persona:
    name: str
    mood: str  # one of MOODS
    channel: str  # one of CHANNELS
    description: str = ""


@dataclass(frozen=True)
class Criterion:
    key: str
    name: str
    weight: float  # > 0; normalised by the sum of the rubric's weights
    critical: bool = False  # a critical violation fails the attempt whatever the total
    description: str = ""  # what good looks like


@dataclass(frozen=True)
class Option:
    text: str
    next: str  # key of the step it leads to
    scores: dict[str, int] = dataclasses.field(default_factory=dict, hash=False)
    feedback: str = ""
    better: str = ""  # a better alternative
    violation: str = ""  # key of the critical criterion choosing it violates


@dataclass(frozen=True)
class KeyPoint:
    name: str
    criterion: str
    points: int  # >= 1, earned when any synonym is in the reply
    synonyms: tuple[str, ...]


@dataclass(frozen=True)
class Forbidden:
    phrase: str
    criterion: str
    points: int = 0  # <= 0, earned when the phrase is in the reply
    violation: bool = False  # using it is a critical violation of its criterion


@dataclass(frozen=True)
class FreeText:
    next: str
    good: tuple[str, ...]
    bad: tuple[str, ...] = ()
    key_points: tuple[KeyPoint, ...] = ()
    forbidden: tuple[Forbidden, ...] = ()
    reply_seconds: int | None = None  # None: the channel's standard


@dataclass(frozen=True)
class End:
    outcome: str  # one of OUTCOMES
    debrief: str


@dataclass(frozen=True)
class Step:
    """The customer's message, then exactly one of: agent options, a free-text reply, an end."""

    key: str
    customer: str
    mood: str = ""  # empty: the persona's mood
    options: tuple[Option, ...] = ()
    free_text: FreeText | None = None
    end: End | None = None

    @property
    def kind(self) -> str:
        """ "options", "free_text" or "end"."""
        if self.end is not None:
            return "end"
        return "free_text" if self.free_text is not None else "options"

    @property
    def next_keys(self) -> list[str]:
        """The steps this one leads to, in option order, without repeats."""
        if self.free_text is not None:
            return [self.free_text.next]
        return list(dict.fromkeys(option.next for option in self.options))


@dataclass(frozen=True)
class Scenario:
    title: str
    slug: str
    objective: str
    persona: Persona
    rubric: tuple[Criterion, ...]
    start: str
    steps: tuple[Step, ...]
    course: str = ""  # slug of the course page it belongs to
    order: dict[str, str] = dataclasses.field(default_factory=dict, hash=False)
    pass_score: float = DEFAULT_PASS_SCORE

    def step(self, key: str) -> Step:
        """The step with that key (KeyError when there is none)."""
        for step in self.steps:
            if step.key == key:
                return step
        raise KeyError(key)

    def criterion(self, key: str) -> Criterion:
        for criterion in self.rubric:
            if criterion.key == key:
                return criterion
        raise KeyError(key)

    def shares(self) -> dict[str, float]:
        """Each criterion's weight normalised by the rubric's total weight (they sum to 1)."""
        total = sum(criterion.weight for criterion in self.rubric)
        return {criterion.key: criterion.weight / total for criterion in self.rubric}

    def mood_at(self, step: Step) -> str:
        return step.mood or self.persona.mood


# Problems ------------------------------------------------------------------------------


@dataclass(frozen=True)
class ScenarioProblem:
    """One thing wrong with a scenario document.

    `step` is the key of the step at fault ("" for the scenario's own keys, or a step without
    a usable key); `field` is where in that step (or in the document), e.g. "options[1].next"
    with items counted from 1. `path` is the same place from the document's root (e.g.
    "steps[2].options[1].next"), for finding it in a file.
    """

    step: str
    field: str
    message: str
    path: str = dataclasses.field(default="", compare=False)

    @property
    def where(self) -> str:
        """The step and field as people read them: `step "checked", options[1].next`."""
        parts = [_('step "%(key)s"') % {"key": self.step}] if self.step else []
        if self.field:
            parts.append(self.field)
        return ", ".join(parts)

    def __str__(self) -> str:
        return f"{self.where}: {self.message}" if self.where else self.message


class ScenarioInvalid(ValueError):
    """The document is not a sound scenario; `problems` lists everything wrong with it."""

    def __init__(self, problems: Iterable[ScenarioProblem]):
        self.problems = list(problems)
        super().__init__("\n".join(str(problem) for problem in self.problems))


# Reading a document --------------------------------------------------------------------


@dataclass(frozen=True)
class _At:
    """A place in the document: the step it belongs to and its field, relative and absolute."""

    step: str = ""
    field: str = ""
    path: str = ""

    def key(self, name: str) -> _At:
        return _At(self.step, _join(self.field, name), _join(self.path, name))

    def item(self, index: int) -> _At:
        # Counted from 1, as people count the items of a list.
        return _At(self.step, f"{self.field}[{index + 1}]", f"{self.path}[{index + 1}]")


def _join(prefix: str, name: str) -> str:
    return f"{prefix}.{name}" if prefix else name


class _Reader:
    def __init__(self):
        self.problems: list[ScenarioProblem] = []

    def problem(self, at: _At, message: str) -> None:
        self.problems.append(ScenarioProblem(at.step, at.field, message, at.path))

    def mapping(
        self, value: Any, at: _At, required: Sequence[str], optional: Sequence[str] = ()
    ) -> dict | None:
        """The value as a dict with every required key; unknown and missing keys reported."""
        if not isinstance(value, dict):
            self.problem(at, _("must be a mapping of keys to values"))
            return None
        for name in value:
            if name not in required and name not in optional:
                self.problem(at.key(str(name)), _('unknown key "%(key)s"') % {"key": name})
        for name in required:
            if name not in value:
                self.problem(at.key(name), _("this key is required"))
        return value

    def text(self, data: dict, name: str, at: _At, *, required: bool = True) -> str:
        if name not in data:
            return ""
        value = data[name]
        if not isinstance(value, str):
            self.problem(at.key(name), _("must be text (put it in quotes)"))
            return ""
        if required and not value.strip():
            self.problem(at.key(name), _("must not be empty"))
        return value

    def texts(self, data: dict, name: str, at: _At, *, at_least: int = 0) -> tuple[str, ...]:
        value = data.get(name, [])
        if not isinstance(value, list):
            self.problem(at.key(name), _("must be a list of texts"))
            return ()
        texts = []
        for index, item in enumerate(value):
            if not isinstance(item, str) or not item.strip():
                self.problem(at.key(name).item(index), _("must be a non-empty text"))
            else:
                texts.append(item)
        if len(value) < at_least:
            self.problem(at.key(name), _("give at least %(n)s") % {"n": at_least})
        return tuple(texts)

    def key_text(self, data: dict, name: str, at: _At, *, pattern=_KEY) -> str:
        value = self.text(data, name, at)
        if value and not (pattern.match(value) and len(value) <= MAX_KEY_LENGTH):
            allowed = "a-z 0-9 -" if pattern is _SLUG else "a-z 0-9 _ -"
            self.problem(
                at.key(name),
                _('"%(value)s" must be at most %(max)s characters among %(allowed)s')
                % {"value": value, "max": MAX_KEY_LENGTH, "allowed": allowed},
            )
            return ""
        return value

    def choice(self, data: dict, name: str, at: _At, choices: Sequence[str]) -> str:
        value = self.text(data, name, at)
        if value and value not in choices:
            self.problem(
                at.key(name),
                _('"%(value)s" is not one of %(choices)s')
                % {"value": value, "choices": ", ".join(choices)},
            )
        return value

    def integer(self, data: dict, name: str, at: _At, default: int = 0) -> int:
        value = data.get(name, default)
        if isinstance(value, bool) or not isinstance(value, int):
            self.problem(at.key(name), _("must be a whole number"))
            return default
        return value

    def number(self, data: dict, name: str, at: _At, default: float) -> float:
        value = data.get(name, default)
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.problem(at.key(name), _("must be a number"))
            return default
        if not math.isfinite(value):
            self.problem(at.key(name), _("must be a finite number"))
            return default
        return value

    def flag(self, data: dict, name: str, at: _At) -> bool:
        value = data.get(name, False)
        if not isinstance(value, bool):
            self.problem(at.key(name), _("must be true or false"))
            return False
        return value

    def items(self, data: dict, name: str, at: _At) -> list:
        value = data.get(name, [])
        if not isinstance(value, list):
            self.problem(at.key(name), _("must be a list"))
            return []
        return value


def scenario_from_dict(data: dict) -> Scenario:
    """The scenario a document describes; raises ScenarioInvalid listing every problem."""
    reader = _Reader()
    root = _At()
    document = reader.mapping(
        data,
        root,
        required=("format", "title", "slug", "objective", "persona", "rubric", "start", "steps"),
        optional=("course", "order", "pass_score"),
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
    pass_score = reader.number(document, "pass_score", root, DEFAULT_PASS_SCORE)
    if not 0 <= pass_score <= 1:
        reader.problem(root.key("pass_score"), _("must lie between 0 and 1"))
    rubric = _rubric(reader, document, root)
    start = reader.text(document, "start", root)
    steps = tuple(
        _step(reader, value, root.key("steps").item(index), rubric)
        for index, value in enumerate(reader.items(document, "steps", root))
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
    )
    _check_graph(reader, scenario, steps)
    if reader.problems:
        raise ScenarioInvalid(reader.problems)
    return scenario


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
    data = reader.mapping(value, at, ("key", "customer"), ("mood", *_REPLY_KINDS))
    if data is None:
        return None
    reader.key_text(data, "key", at)
    customer = reader.text(data, "customer", at)
    mood = reader.choice(data, "mood", at, MOODS) if "mood" in data else ""
    kinds = [kind for kind in _REPLY_KINDS if kind in data]
    if len(kinds) != 1:
        reader.problem(
            at,
            _("a step has exactly one of options, free_text or end; this one has %(kinds)s")
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
    return Step(key, customer, mood, tuple(options), free_text, end)


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
    """Steps from which some end can be reached. A missing step counts as a way out: it is
    reported once where it is named, not again at every step before it."""
    leads_here: dict[str, list[str]] = {}
    ending = set()
    for key, step in by_key.items():
        if step.end is not None or any(target not in by_key for target in step.next_keys):
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


# Writing a document --------------------------------------------------------------------


def scenario_to_dict(scenario: Scenario) -> dict:
    """The scenario as a document, keys in the documented order, defaults written out where
    they matter to a reader (pass_score, points) and left out where they are empty."""
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
    document["pass_score"] = scenario.pass_score
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
    data: dict[str, Any] = {"key": step.key, "customer": step.customer}
    if step.mood:
        data["mood"] = step.mood
    if step.end is not None:
        data["end"] = {"outcome": step.end.outcome, "debrief": step.end.debrief}
    elif step.free_text is not None:
        data["free_text"] = _free_text_dict(step.free_text)
    else:
        data["options"] = [_option_dict(option) for option in step.options]
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


# Timing ---------------------------------------------------------------------------------


def reply_standard_seconds(scenario: Scenario, step: Step | str) -> int:
    """Seconds the agent has to reply at a step: its own `reply_seconds`, else the channel's."""
    if isinstance(step, str):
        step = scenario.step(step)
    if step.free_text is not None and step.free_text.reply_seconds is not None:
        return step.free_text.reply_seconds
    return REPLY_STANDARD_SECONDS[scenario.persona.channel]


# Scoring --------------------------------------------------------------------------------


def weighted_points(scenario: Scenario, points: dict[str, int]) -> float:
    """Σ share(criterion) × points: points per criterion as one number on the rubric's scale."""
    shares = scenario.shares()
    return sum(shares.get(key, 0.0) * value for key, value in points.items())


def best_option(scenario: Scenario, step: Step) -> int:
    """Index of the step's best option: the most weighted points, no violation if possible."""
    candidates = [i for i, option in enumerate(step.options) if not option.violation]
    candidates = candidates or list(range(len(step.options)))
    return max(candidates, key=lambda i: (weighted_points(scenario, step.options[i].scores), -i))


def available_points(scenario: Scenario, step: Step) -> dict[str, int]:
    """Points per criterion the step makes available (the best reply's positive points)."""
    if step.free_text is not None:
        available: dict[str, int] = {}
        for point in step.free_text.key_points:
            available[point.criterion] = available.get(point.criterion, 0) + point.points
        return available
    if not step.options:
        return {}
    best = step.options[best_option(scenario, step)]
    return {key: value for key, value in best.scores.items() if value > 0}


def best_path(scenario: Scenario) -> tuple[float, list[str]]:
    """The most weighted points over simple paths from the start to an end, and that path's
    step keys (start and end included). Paths with a critical violation are avoided when an
    end can be reached without one. (0.0, []) when no end can be reached at all."""
    best = _best_path(scenario, allow_violations=False)
    if best is None:
        best = _best_path(scenario, allow_violations=True)
    if best is None:
        return 0.0, []
    return round(best[0], 9), best[1]  # 9 places: 1.3, not 1.2999999999999998


def _edges(scenario: Scenario, step: Step, allow_violations: bool) -> list[tuple[str, float]]:
    """(next step, weighted points of going there), the best way for each next step."""
    if step.free_text is not None:
        return [(step.free_text.next, weighted_points(scenario, available_points(scenario, step)))]
    edges: dict[str, float] = {}
    for option in step.options:
        if option.violation and not allow_violations:
            continue
        value = weighted_points(scenario, option.scores)
        if option.next not in edges or value > edges[option.next]:
            edges[option.next] = value
    return list(edges.items())


def _best_path(scenario: Scenario, allow_violations: bool) -> tuple[float, list[str]] | None:
    by_key = {step.key: step for step in scenario.steps}
    if scenario.start not in by_key:
        return None
    edges = {
        key: [(t, v) for t, v in _edges(scenario, step, allow_violations) if t in by_key]
        for key, step in by_key.items()
    }
    order = _topological_order(edges, scenario.start)
    if order is not None:
        return _best_path_acyclic(by_key, edges, order, scenario.start)
    return _best_path_search(by_key, edges, scenario.start)


def _topological_order(edges: dict[str, list[tuple[str, float]]], start: str) -> list | None:
    """The steps reachable from the start, each before the steps it leads to; None on a loop."""
    order: list[str] = []
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    stack = [(start, iter(edges[start]))]
    state[start] = 1
    while stack:
        key, targets = stack[-1]
        for target, _value in targets:
            if state.get(target) == 1:
                return None
            if target not in state:
                state[target] = 1
                stack.append((target, iter(edges[target])))
                break
        else:
            stack.pop()
            state[key] = 2
            order.append(key)
    return order[::-1]


def _best_path_acyclic(by_key, edges, order, start) -> tuple[float, list[str]] | None:
    best_from: dict[str, tuple[float, list[str]] | None] = {}
    for key in reversed(order):
        if by_key[key].end is not None:
            best_from[key] = (0.0, [key])
            continue
        best = None
        for target, value in edges[key]:
            rest = best_from.get(target)
            if rest is not None and (best is None or value + rest[0] > best[0] + _EPSILON):
                best = (value + rest[0], [key, *rest[1]])
        best_from[key] = best
    return best_from[start]


# Enough for any scenario a trainer writes; a hostile file cannot make the search run for ever.
_SEARCH_BUDGET = 200_000


def _best_path_search(by_key, edges, start) -> tuple[float, list[str]] | None:
    """Depth-first over simple paths, for graphs with loops (ties go to the earlier option).
    Gives the best found within the search budget, which no scenario a person writes uses up."""
    if by_key[start].end is not None:
        return 0.0, [start]
    best: tuple[float, list[str]] | None = None
    path, on_path, points = [start], {start}, [0.0]
    pending = [iter(edges[start])]  # for each step on the path, the ways on not tried yet
    budget = _SEARCH_BUDGET
    while pending and budget:
        budget -= 1
        for target, value in pending[-1]:
            if target in on_path:
                continue
            total = points[-1] + value
            if by_key[target].end is not None:
                if best is None or total > best[0] + _EPSILON:
                    best = (total, [*path, target])
                continue
            path.append(target)
            on_path.add(target)
            points.append(total)
            pending.append(iter(edges[target]))
            break
        else:
            pending.pop()
            on_path.discard(path.pop())
            points.pop()
    return best


@dataclass(frozen=True)
class ChoiceVisit:
    """The agent chose `options[option]` (counted from 0) at a choice step."""

    step: str
    option: int


@dataclass(frozen=True)
class FreeTextVisit:
    """The agent wrote a reply at a free-text step, as marked by `roleplay.textcheck` (its
    `earned` and `violations`) or by a trainer's review."""

    step: str
    points: dict[str, int] = dataclasses.field(default_factory=dict, hash=False)
    violations: tuple[str, ...] = ()  # keys of critical criteria violated


Visit = ChoiceVisit | FreeTextVisit


@dataclass(frozen=True)
class CriterionScore:
    key: str
    name: str
    share: float  # normalised weight
    earned: int
    available: int
    score: float | None  # clamp(earned / available, 0, 1); None when nothing was available


@dataclass(frozen=True)
class Violation:
    criterion: str
    step: str


@dataclass(frozen=True)
class Result:
    criteria: tuple[CriterionScore, ...]  # every rubric criterion, in rubric order
    total: float  # 0..1
    violations: tuple[Violation, ...]
    passed: bool
    pass_score: float
    earned_points: float  # weighted points earned on the path
    available_points: float  # weighted best achievable on the path
    end: str  # key of the end step the path reached, "" while unfinished


def score_path(scenario: Scenario, visits: Sequence[Visit]) -> Result:
    """The score of the path taken, normalised against the best achievable on that path.

    `visits` are the replies in order, from the start step; each must follow from the one
    before (ValueError otherwise, as for an unknown step, option or criterion). A path that
    has not reached its end yet is scored as far as it goes.
    """
    by_key = {step.key: step for step in scenario.steps}
    shares = scenario.shares()
    critical = {criterion.key for criterion in scenario.rubric if criterion.critical}
    earned: dict[str, int] = {}
    available: dict[str, int] = {}
    violations: list[Violation] = []
    expected = scenario.start
    for visit in visits:
        if visit.step != expected or expected not in by_key:
            raise ValueError(f"visit to {visit.step!r} where {expected!r} was next")
        step = by_key[visit.step]
        if isinstance(visit, ChoiceVisit):
            if step.kind != "options" or not 0 <= visit.option < len(step.options):
                raise ValueError(f"step {step.key!r} has no option {visit.option!r}")
            option = step.options[visit.option]
            gained, violated, expected = option.scores, [option.violation], option.next
        else:
            if step.free_text is None:
                raise ValueError(f"step {step.key!r} takes no free-text reply")
            gained, violated, expected = visit.points, list(visit.violations), step.free_text.next
        for key, value in gained.items():
            if key not in shares:
                raise ValueError(f"criterion {key!r} is not in the rubric")
            earned[key] = earned.get(key, 0) + value
        for key, value in available_points(scenario, step).items():
            available[key] = available.get(key, 0) + value
        for key in filter(None, violated):
            if key not in critical:
                raise ValueError(f"criterion {key!r} is not critical")
            violations.append(Violation(key, step.key))
    criteria = []
    for criterion in scenario.rubric:
        got, out_of = earned.get(criterion.key, 0), available.get(criterion.key, 0)
        score = max(0.0, min(1.0, got / out_of)) if out_of > 0 else None
        criteria.append(
            CriterionScore(criterion.key, criterion.name, shares[criterion.key], got, out_of, score)
        )
    present = [c for c in criteria if c.score is not None]
    weight = sum(c.share for c in present)
    total = sum(c.share * c.score for c in present) / weight if weight else 0.0
    end = expected if expected in by_key and by_key[expected].end is not None else ""
    return Result(
        criteria=tuple(criteria),
        total=round(total, 9),
        violations=tuple(violations),
        passed=round(total, 9) >= scenario.pass_score and not violations,
        pass_score=scenario.pass_score,
        earned_points=round(weighted_points(scenario, earned), 9),
        available_points=round(weighted_points(scenario, available), 9),
        end=end,
    )
