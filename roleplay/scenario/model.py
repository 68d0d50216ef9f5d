"""The scenario document as frozen dataclasses, its vocabulary, and the problems found in one."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.translation import gettext as _

FORMAT = "agent-academy/scenario@1"
MOODS = ("calm", "anxious", "confused", "annoyed", "angry", "furious", "happy")
CHANNELS = ("live_chat", "phone", "social", "email")
OUTCOMES = ("resolved", "escalated", "customer_lost", "public_backlash")
# Service standards for one reply, in seconds, when a step does not set its own.
REPLY_STANDARD_SECONDS = {"live_chat": 60, "phone": 30, "social": 60, "email": 14400}
DEFAULT_PASS_SCORE = 0.6
# How many times a learner may take the assessment; 0: no limit (practice is unlimited).
DEFAULT_ASSESSMENT_TRIES = 3
MAX_ASSESSMENT_TRIES = 100
MAX_CRITERIA = 10
MAX_OPTIONS = 6
MAX_STEPS = 200  # a conversation of a few dozen turns, with its branches; more is a mistake
MAX_KEY_LENGTH = 40  # the page stores keys in 40 characters

# AI customers (docs/ai-customers.md): how the simulated customer behaves, and how its
# conversation may end. "turn_limit" is an AI conversation's outcome when the learner has
# used the scenario's turns without an end; "gave_up" is recorded as the outcome
# "customer_lost".
TEMPERAMENTS = ("reasonable", "impatient", "confused", "sceptical", "abusive")
AI_ENDINGS = ("resolved", "escalated", "gave_up")
AI_OUTCOMES = ("resolved", "escalated", "customer_lost", "turn_limit")
DEFAULT_AI_MAX_TURNS = 12
MAX_AI_TURNS = 40
MAX_AI_FACTS = 20
MAX_AI_TEXT = 2000  # characters in one of the AI customer's text fields
# The Chinese words a scenario file may write instead of the English ones (trainers write
# Chinese only); the file is always written back with the English word.
TEMPERAMENT_WORDS = {
    "reasonable": "通情达理",
    "impatient": "急躁",
    "confused": "糊涂",
    "sceptical": "多疑",
    "abusive": "出言不逊",
}
AI_ENDING_WORDS = {"resolved": "问题解决", "escalated": "转交专人", "gave_up": "顾客放弃"}


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
class HiddenFact:
    """Something the AI customer knows but says only when the agent asks for it."""

    fact: str  # e.g. 物流最后一条记录：11 月 13 日到达杭州转运中心，之后没有更新
    when: str = ""  # e.g. 客服问到物流信息时; empty: when the agent asks about it


@dataclass(frozen=True)
class AiCustomer:
    """The simulated customer a language model plays from a step of kind "ai" on.

    The persona (name, mood, description), channel and order are the scenario's own; this
    adds what the model needs to play them. All text is the trainer's, in Chinese."""

    temperament: str  # one of TEMPERAMENTS
    wants: str  # what the customer wants from the conversation
    writing: str = ""  # how they write: typos, dialect words, short bursts…
    facts: tuple[HiddenFact, ...] = ()
    policy: str = ""  # the company policy the agent must follow (the judge checks it too)
    endings: tuple[str, ...] = AI_ENDINGS  # how the customer may end it (subset, in order)
    max_turns: int = DEFAULT_AI_MAX_TURNS  # the agent's replies before the conversation stops
    reply_seconds: int | None = None  # per reply; None: the channel's standard


@dataclass(frozen=True)
class Step:
    """The customer's message, then exactly one of: agent options, a free-text reply, an end."""

    key: str
    customer: str
    mood: str = ""  # empty: the persona's mood
    options: tuple[Option, ...] = ()
    free_text: FreeText | None = None
    end: End | None = None
    name: str = ""  # what the trainer calls the step (查物流); other steps may lead here by it
    # From this step on the scenario's AI customer plays: the step's message is its first,
    # the agent writes freely, and the conversation ends as the AI customer's rules say.
    ai: bool = False

    @property
    def kind(self) -> str:
        """ "options", "free_text", "end" or "ai"."""
        if self.end is not None:
            return "end"
        if self.ai:
            return "ai"
        return "free_text" if self.free_text is not None else "options"

    @property
    def next_keys(self) -> list[str]:
        """The steps this one leads to, in option order, without repeats (an AI step and an
        end lead nowhere)."""
        if self.ai or self.end is not None:
            return []
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
    assessment_tries: int = DEFAULT_ASSESSMENT_TRIES
    # Service taboo phrases of this scenario, added to the built-in and site-wide ones
    # (roleplay.taboo).
    taboo: tuple[str, ...] = ()
    # Who plays the customer from a step of kind "ai" on (None: no AI step).
    ai_customer: AiCustomer | None = None

    @property
    def uses_ai(self) -> bool:
        return self.ai_customer is not None and any(step.ai for step in self.steps)

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
