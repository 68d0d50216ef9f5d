"""Evaluation plans: when each wave of a course opens and closes, and what it asks for.

A course's plan (`EvaluationPlan`, edited by trainers under 培训评估 → Evaluation plans) says,
counted in days from the day the learner completed the course:

- short-term: opens on the day of completion, closes after 0–7 days (default 7); asks for
  the satisfaction survey;
- mid-term: opens after 90 days, closes after 90–183 days (default 120: 3 to 6 months);
  asks for the re-test, the observation and the self-assessment;
- long-term: opens after 365 days, closes after 365–395 days (default 395); asks for the
  re-test, the observation and the self-assessment (the optional "still useful?" survey is
  off by default).

A course without a saved plan follows these defaults (`plan_for` returns an unsaved plan with
them): nothing has to be created for a course to be evaluated. A plan switched off creates no
waves for completions from then on; waves already created run their course.
"""

from __future__ import annotations

from django.db import models

from training.models import EvaluationWave

SHORT, MID, LONG = EvaluationWave.SHORT_TERM, EvaluationWave.MID_TERM, EvaluationWave.LONG_TERM
WAVES = (SHORT, MID, LONG)

# The bounds the training-effect cycle allows, in days after completion (design.md §2:
# short-term right after the training, mid-term 3–6 months after, long-term a year on).
SHORT_OPENS = 0
SHORT_CLOSES_RANGE = (0, 7)
MID_OPENS_RANGE = (90, 183)
MID_CLOSES_RANGE = (90, 183)
LONG_OPENS_RANGE = (365, 395)
LONG_CLOSES_RANGE = (365, 395)

DEFAULT_DAYS = {
    SHORT: (0, 7),
    MID: (90, 120),
    LONG: (365, 395),
}

DEFAULT_INSTRUMENTS = {
    SHORT: ["survey"],
    MID: ["retest", "observation", "self_assessment"],
    LONG: ["retest", "observation", "self_assessment"],  # "survey" (still useful?) is optional
}


def default_instruments(wave: str) -> list[str]:
    return list(DEFAULT_INSTRUMENTS[wave])


def default_short() -> list[str]:
    return default_instruments(SHORT)


def default_mid() -> list[str]:
    return default_instruments(MID)


def default_long() -> list[str]:
    return default_instruments(LONG)


def plan_for(course: models.Model | int):
    """The course's plan: the saved one, else an unsaved plan with the defaults."""
    from evaluation.models import EvaluationPlan

    course_id = getattr(course, "pk", course)
    plan = EvaluationPlan.objects.filter(course_id=course_id).first()
    return plan or EvaluationPlan(course_id=course_id)


def plans_for(course_ids) -> dict[int, object]:
    """The plans of these courses by course id (defaults for those without one), one query."""
    from evaluation.models import EvaluationPlan

    course_ids = set(course_ids)
    saved = {
        plan.course_id: plan for plan in EvaluationPlan.objects.filter(course_id__in=course_ids)
    }
    return {pk: saved.get(pk) or EvaluationPlan(course_id=pk) for pk in course_ids}
