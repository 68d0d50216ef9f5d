"""Whether a wave of a course is open for a person: the one question every instrument's page
(the survey, the observation, the self-assessment) asks before it shows or takes anything
("not found" otherwise).

The answer is the person's `WaveInstance` of that course and wave (`evaluation.waves`): it is
open once the daily round (or the completion itself, for the short-term wave) has opened it,
and until its last day. A wave the course's plan did not create, one not opened yet, or one
closed, takes nothing; nor does an instrument the course's plan does not ask for in that wave
(`asks`: "survey", "observation", "self_assessment").
"""

from __future__ import annotations

from typing import Any

from evaluation.models import WaveInstance, WaveStatus
from evaluation.plans import plan_for
from evaluation.waves import today
from training.models import EvaluationWave, User


def open_wave(person: User, course: Any, wave: str) -> WaveInstance | None:
    """`person`'s open instance of `wave` of `course` (the person evaluated: the learner, also
    when a supervisor observes them), or None."""
    if wave not in EvaluationWave.values or wave == EvaluationWave.NONE:
        return None
    if not person.is_active:
        return None
    return (
        WaveInstance.objects.filter(
            person=person,
            course_id=getattr(course, "pk", course),
            wave=wave,
            status=WaveStatus.OPEN,
            closes_on__gte=today(),  # past its last day, before the round has closed it
        )
        .select_related("person", "course")
        .first()
    )


def wave_open_for(person: User, course: Any, wave: str, *, asks: str | None = None) -> bool:
    """Whether `wave` of `course` is open for `person` (and, with `asks`, whether the course's
    plan asks for that instrument in it)."""
    if open_wave(person, course, wave) is None:
        return False
    return asks is None or asks in plan_for(course).instrument_keys(wave)
