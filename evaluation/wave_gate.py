"""Whether a wave of a course is open for a person: the one question every instrument's page
asks before it shows or takes anything ("not found" otherwise).

The default rule, until the evaluation plans decide (the seam): the person has completed the
course, and the wave matches the time since they first did — short-term before the mid-term
wave opens (under 90 days), mid-term 90–183 days after, long-term a year or more after
(`training.waves`). The waves' app replaces it with its own answer (its `WaveInstance`s)
by calling `wave_open_rule_register(fn, open_waves=...)` in its `AppConfig.ready`:
`fn(person, course, wave)` returns a bool; `open_waves(person)` (optional) lists the
(course, wave) pairs open for the person, for pages that list what is asked of someone.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.utils import timezone

from training.models import EvaluationWave, RecordKind, User
from training.records import completed_courses, first_passes
from training.waves import LONG_TERM_DAYS, MID_TERM_DAYS

WaveOpenRule = Callable[[User, Any, str], bool]
OpenWaves = Callable[[User], list[tuple[Any, str]]]

WAVES = (EvaluationWave.SHORT_TERM, EvaluationWave.MID_TERM, EvaluationWave.LONG_TERM)

_rule: list[WaveOpenRule] = []
_open_waves: list[OpenWaves] = []


def wave_open_rule_register(
    rule: WaveOpenRule | None, *, open_waves: OpenWaves | None = None
) -> None:
    """Use `rule(person, course, wave)` (and `open_waves(person)`, when given) instead of the
    default (None: back to the default)."""
    _rule[:] = [rule] if rule is not None else []
    _open_waves[:] = [open_waves] if open_waves is not None else []


def course_completed_at(person: User, course: Any):
    """When `person` first completed `course` (None if they have not)."""
    passes = first_passes(users=[person], activities=[course], kind=RecordKind.COURSE)
    return passes.get(person.pk, {}).get(course.pk)


def default_wave_open(person: User, course: Any, wave: str) -> bool:
    completed = course_completed_at(person, course)
    return completed is not None and _wave_matches(completed, wave)


def _wave_matches(completed, wave: str) -> bool:
    days = (timezone.now() - completed).days
    if wave == EvaluationWave.SHORT_TERM:
        return days < MID_TERM_DAYS[0]
    if wave == EvaluationWave.MID_TERM:
        return MID_TERM_DAYS[0] <= days <= MID_TERM_DAYS[1]
    if wave == EvaluationWave.LONG_TERM:
        return days >= LONG_TERM_DAYS
    return False


def wave_open_for(person: User, course: Any, wave: str) -> bool:
    """Whether `wave` of `course` is open for `person` (the person evaluated: the learner,
    also when a supervisor observes them)."""
    if wave not in EvaluationWave.values or wave == EvaluationWave.NONE:
        return False
    if not person.is_active:
        return False
    rule = _rule[0] if _rule else default_wave_open
    return bool(rule(person, course, wave))


def open_waves_for(person: User) -> list[tuple[Any, str]]:
    """The (course page, wave) pairs open for `person` now, most recent completion first."""
    if _open_waves:
        return list(_open_waves[0](person))
    # The person's own read: callers check who may see them.
    courses = completed_courses(viewer=person, person=person)
    if _rule:
        return [
            (c, wave) for c, _when in courses for wave in WAVES if wave_open_for(person, c, wave)
        ]
    if not person.is_active:
        return []
    return [(c, wave) for c, when in courses for wave in WAVES if _wave_matches(when, wave)]
