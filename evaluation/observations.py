"""Level 3, behaviour: each course's observation checklist, observations filed on it by a
supervisor and the agent's self-assessment, each written as one learning record.

The record (kind `observation`): `activity` is the course's checklist, `course` the course
page, `wave` the wave (mid- or long-term); `details` as `training.record_details.
ObservationDetails` says — `criteria` by behaviour key (1 yes, 0.5 partly, 0 no, None not
observed), `behaviours` (each key's text as observed), `observer` (the user's id), `role`
("supervisor" or "self") and `notes`. `score` is the share met among the behaviours observed
("partly" counts half); `passed` is a score at or above the checklist's pass mark (80 % by
default). Certification's sign-offs are observations too, with the programme as activity
and no wave; they carry no `role` (a supervisor's, by rule).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from evaluation.observation_models import (
    DEFAULT_BEHAVIOURS,
    Observation,
    ObservationBehaviour,
    ObservationChecklist,
    ObservationDraft,
    ObserverRole,
)
from evaluation.wave_gate import wave_open_for
from training.access import can_observe
from training.models import EvaluationWave, RecordKind, User
from training.records import record_result

# The waves at which behaviour at work is observed (3–6 months and a year after).
OBSERVED_WAVES = (EvaluationWave.MID_TERM, EvaluationWave.LONG_TERM)

# What an observer answers per behaviour, and what the record keeps of it.
ANSWERS: dict[str, float | None] = {"yes": 1.0, "partly": 0.5, "no": 0.0, "not_observed": None}
ANSWER_LABELS = {
    "yes": pgettext_lazy("observed", "Yes"),
    "partly": pgettext_lazy("observed", "Partly"),
    "no": pgettext_lazy("observed", "No"),
    "not_observed": pgettext_lazy("observed", "Not observed"),
}
NOTES_MAX = 2000


def checklist_fill_defaults(*, checklist: ObservationChecklist) -> None:
    """Give a checklist without behaviours the service manuals' ones."""
    if checklist.behaviours.exists():
        return
    ObservationBehaviour.objects.bulk_create(
        ObservationBehaviour(checklist=checklist, text=text, sort_order=order)
        for order, text in enumerate(DEFAULT_BEHAVIOURS)
    )


@transaction.atomic
def checklist_for(course: Any) -> ObservationChecklist:
    """The course's observation checklist; a course without one gets the manuals' default,
    which a trainer may then edit under 培训评估."""
    checklist, created = ObservationChecklist.objects.get_or_create(course_id=course.pk)
    if created:
        checklist_fill_defaults(checklist=checklist)
    return checklist


def answers_from_form(
    checklist: ObservationChecklist, data: Mapping[str, str]
) -> dict[str, float | None]:
    """Each behaviour's answer in a posted form (field `b-<key>`: yes, partly, no,
    not_observed). Raises ValidationError, by behaviour key, for any left out or unknown,
    and when nothing at all was observed."""
    criteria: dict[str, float | None] = {}
    errors: dict[str, str] = {}
    for behaviour in checklist.behaviours.all():
        raw = str(data.get(f"b-{behaviour.key}", ""))
        if raw not in ANSWERS:
            errors[behaviour.key] = _("Choose yes, partly, no or not observed.")
        else:
            criteria[behaviour.key] = ANSWERS[raw]
    if errors:
        raise ValidationError(errors)
    if all(value is None for value in criteria.values()):
        raise ValidationError(_("Nothing was observed: observe at least one behaviour."))
    return criteria


def observation_score(criteria: Mapping[str, float | None]) -> float | None:
    """The share met among the behaviours observed ("partly" counts half)."""
    observed = [value for value in criteria.values() if value is not None]
    return sum(observed) / len(observed) if observed else None


def _check_may_observe(*, person: User, course: Any, wave: str, observer: User) -> str:
    """The observer's role; PermissionDenied unless they may observe this wave of the person."""
    role = ObserverRole.SELF if observer.pk == person.pk else ObserverRole.SUPERVISOR
    if role == ObserverRole.SUPERVISOR and not can_observe(observer, person):
        raise PermissionDenied
    asks = "self_assessment" if role == ObserverRole.SELF else "observation"
    if wave not in OBSERVED_WAVES or not wave_open_for(person, course, wave, asks=asks):
        raise PermissionDenied
    return role


def _check_notes(notes: str) -> str:
    notes = notes.strip()
    if len(notes) > NOTES_MAX:
        raise ValidationError({"notes": _("At most %(n)s characters.") % {"n": NOTES_MAX}})
    return notes


@transaction.atomic
def observation_draft_save(
    *,
    person: User,
    course: Any,
    wave: str,
    observer: User,
    answers: Mapping[str, str],
    notes: str = "",
) -> ObservationDraft:
    """Keep an observation (or self-assessment) as it is being filled in: each behaviour's
    choice so far (yes, partly, no, not_observed; others left out) and the note. Same
    permission as filing it; an unknown choice or a note too long changes nothing."""
    _check_may_observe(person=person, course=course, wave=wave, observer=observer)
    keys = set(checklist_for(course).behaviours.values_list("key", flat=True))
    chosen = {key: value for key, value in answers.items() if key in keys and value}
    if any(value not in ANSWERS for value in chosen.values()):
        raise ValidationError(_("Choose yes, partly, no or not observed."))
    draft, _created = ObservationDraft.objects.update_or_create(
        person=person,
        course_id=course.pk,
        wave=wave,
        observer=observer,
        defaults={"answers": chosen, "notes": _check_notes(notes), "saved_at": timezone.now()},
    )
    return draft


def observation_draft_of(*, person: User, course: Any, wave: str, observer: User):
    """The draft `observer` is filling in about `person` at this wave, if any."""
    return ObservationDraft.objects.filter(
        person=person, course_id=course.pk, wave=wave, observer=observer
    ).first()


@transaction.atomic
def observation_file(
    *,
    person: User,
    course: Any,
    wave: str,
    observer: User,
    criteria: dict[str, float | None],
    notes: str = "",
):
    """File an observation of `person` at `wave` of `course` — a supervisor's (a manager of
    their team, a trainer, an administrator) or, when `observer` is the person, their
    self-assessment — and write its one learning record (its draft, if any, is removed).
    Filing again (same observer and wave) updates it. Raises PermissionDenied when the
    observer may not assess the person or the wave is not open for them; ValidationError
    for answers that do not fit."""
    role = _check_may_observe(person=person, course=course, wave=wave, observer=observer)
    checklist = checklist_for(course)
    behaviours = {b.key: b.text for b in checklist.behaviours.all()}
    allowed = set(ANSWERS.values())
    if set(criteria) != set(behaviours) or any(v not in allowed for v in criteria.values()):
        raise ValidationError(_("Answer every behaviour of the checklist."))
    score = observation_score(criteria)
    if score is None:
        raise ValidationError(_("Nothing was observed: observe at least one behaviour."))
    notes = _check_notes(notes)
    observation, _created = Observation.objects.update_or_create(
        person=person,
        course_id=course.pk,
        wave=wave,
        observer=observer,
        defaults={
            "role": role,
            "checklist": checklist,
            "criteria": criteria,
            "behaviours": behaviours,
            "notes": notes,
            "observed_at": timezone.now(),
        },
    )
    observation_record(observation=observation, course=course)
    ObservationDraft.objects.filter(
        person=person, course_id=course.pk, wave=wave, observer=observer
    ).delete()
    return observation


def observation_record(*, observation: Observation, course: Any):
    """Write (or write again) the one learning record of a filed observation, dated when it
    was observed. For `observation_file`, and for history filed before (the demo's)."""
    score = observation_score(observation.criteria)
    checklist = observation.checklist
    return record_result(
        user=observation.person,
        source=observation,
        kind=RecordKind.OBSERVATION,
        activity=checklist,
        activity_title=str(course.title)[:200],
        course=course,
        completed_at=observation.observed_at,
        score=score,
        passed=score >= checklist.pass_percent / 100,
        details={
            "observer": observation.observer_id,
            "role": str(observation.role),
            "criteria": observation.criteria,
            "behaviours": observation.behaviours,
            **({"notes": observation.notes} if observation.notes else {}),
        },
        wave=observation.wave,
    )


def observation_of(*, person: User, course: Any, wave: str, observer: User):
    """What `observer` filed about `person` at this wave, if anything (to fill the form)."""
    return Observation.objects.filter(
        person=person, course_id=course.pk, wave=wave, observer=observer
    ).first()
