"""Reply times, the best option and path, and the score of the path actually taken."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass

from roleplay.scenario.model import (
    REPLY_STANDARD_SECONDS,
    Scenario,
    Step,
)

# Sums of floats that differ by less are equal (of two paths worth the same, the first wins).
_EPSILON = 1e-9

# Timing ---------------------------------------------------------------------------------


def reply_standard_seconds(scenario: Scenario, step: Step | str) -> int:
    """Seconds the agent has to reply at a step: its own `reply_seconds`, else the channel's."""
    if isinstance(step, str):
        step = scenario.step(step)
    if step.free_text is not None and step.free_text.reply_seconds is not None:
        return step.free_text.reply_seconds
    if step.ai and scenario.ai_customer and scenario.ai_customer.reply_seconds is not None:
        return scenario.ai_customer.reply_seconds
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
    step keys (start and end included). An AI step ends a path like an end: the scripted
    part before it is what these points measure (the judge scores the conversation after).
    Paths with a critical violation are avoided when an end can be reached without one.
    (0.0, []) when no end can be reached at all."""
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
        if _terminal(by_key[key]):
            best_from[key] = (0.0, [key])
            continue
        best = None
        for target, value in edges[key]:
            rest = best_from.get(target)
            if rest is not None and (best is None or value + rest[0] > best[0] + _EPSILON):
                best = (value + rest[0], [key, *rest[1]])
        best_from[key] = best
    return best_from[start]


def _terminal(step: Step) -> bool:
    """Where a scripted path stops: an end, or the AI step the AI customer takes over at."""
    return step.end is not None or step.ai


# Enough for any scenario a trainer writes; a hostile file cannot make the search run for ever.
_SEARCH_BUDGET = 200_000


def _best_path_search(by_key, edges, start) -> tuple[float, list[str]] | None:
    """Depth-first over simple paths, for graphs with loops (ties go to the earlier option).
    Gives the best found within the search budget, which no scenario a person writes uses up."""
    if _terminal(by_key[start]):
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
            if _terminal(by_key[target]):
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
    # Keys of criteria the reply loses for the whole attempt (a service taboo phrase costs
    # the courtesy criterion: roleplay.taboo).
    zeroed: tuple[str, ...] = ()


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
    # Key of the AI step the scripted path has reached ("" when none): the scripted part is
    # scored here, the AI customer's conversation from there by the judge.
    ai_step: str = ""


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
    zeroed: set[str] = set()
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
                # An AI step's replies are the judge's to score (roleplay.ai.judge).
                raise ValueError(f"step {step.key!r} takes no free-text reply")
            gained, violated, expected = visit.points, list(visit.violations), step.free_text.next
            zeroed.update(visit.zeroed)
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
        if criterion.key in zeroed:
            score = 0.0
        criteria.append(
            CriterionScore(criterion.key, criterion.name, shares[criterion.key], got, out_of, score)
        )
    present = [c for c in criteria if c.score is not None]
    weight = sum(c.share for c in present)
    total = sum(c.share * c.score for c in present) / weight if weight else 0.0
    end = expected if expected in by_key and by_key[expected].end is not None else ""
    ai_step = expected if expected in by_key and by_key[expected].ai else ""
    return Result(
        criteria=tuple(criteria),
        total=round(total, 9),
        violations=tuple(violations),
        passed=round(total, 9) >= scenario.pass_score and not violations,
        pass_score=scenario.pass_score,
        earned_points=round(weighted_points(scenario, earned), 9),
        available_points=round(weighted_points(scenario, available), 9),
        end=end,
        ai_step=ai_step,
    )
