"""The life of an evaluation wave: created when a course is completed, opened when it falls
due, a reminder before it closes, closed at the end of its window.

- **Created** (`waves_create_for_completion`, run by the follow-up on a passing `course`
  record): the three waves of the person's course, dated from the day of completion by the
  course's plan (`evaluation.plans`). Idempotent: a completion recorded again changes nothing.
- **Opened** (`waves_open_due`): a wave whose window holds today is opened; the learner is
  told of the learner instruments it asks for, the person's team managers of the supervisor
  instruments — one notification per wave and recipient (keyed by the wave), so a second run
  tells nobody twice. A wave whose instruments are all done, or that asks nothing of someone,
  tells that someone nothing.
- **Reminded** (`waves_remind`): `REMIND_DAYS` before it closes, once, and only of the
  instruments not done yet (`Instrument.done`), and not on the day the wave opened.
- **Closed** (`waves_close_due`): after its last day. What was not done by then stays not
  done: it counts as not answered in the response rate.

`waves_daily` runs the three in the order close, open, remind (Celery beat `evaluation.daily`,
early each morning). A late run catches up: a wave whose window has already passed is closed
without ever being opened or announced (telling people of something they can no longer do is
noise); a wave still in its window is opened and announced then. Each wave is changed under a
row lock, so two rounds at once do each thing once.

Which wave a re-take belongs to is decided here too (`wave_of_retake`, a provider registered
with `training.waves`): a re-take during an open mid-term or long-term window of the course it
belongs to is tagged with that wave, so the plan's own window is honoured; `retest_gate` lets a
learner with a re-test open take the quiz past its attempt limit, once per wave.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from evaluation.instruments import Instrument, instruments
from evaluation.models import WaveInstance, WaveStatus
from evaluation.plans import LONG, MID, WAVES, plan_for
from evaluation.programmes import evaluated_in_programme, retest_course_id
from training.course_tree import course_tree
from training.models import AgentProfile, EvaluationWave, RecordKind
from training.notifications import Event, language_for, notify
from training.records import course_completions, course_results, passing_records
from training.text import join_names

REMIND_DAYS = 3  # before the wave closes


def local_date(when: datetime.datetime) -> datetime.date:
    return timezone.localtime(when).date()


def today() -> datetime.date:
    return timezone.localdate()


# --- created -----------------------------------------------------------------------------------


def waves_create_for_completion(
    *, person, course_id: int, completed_at: datetime.datetime
) -> list[WaveInstance]:
    """The person's three waves of the course, dated from the day it was completed (nothing
    when the course's plan is switched off). Waves that exist are left as they are."""
    plan = plan_for(course_id)
    if not plan.active:
        return []
    day = local_date(completed_at)
    created = []
    for wave in WAVES:
        opens, closes = plan.days(wave)
        instance, is_new = WaveInstance.objects.get_or_create(
            person=person,
            course_id=course_id,
            wave=wave,
            defaults={
                "completed_on": day,
                "opens_on": day + datetime.timedelta(days=opens),
                "closes_on": day + datetime.timedelta(days=closes),
            },
        )
        if is_new:
            created.append(instance)
    return created


def waves_schedule_completion(
    *, person, page_id: int, completed_at: datetime.datetime, kind: str
) -> list[WaveInstance]:
    """The waves a completion of a course or a programme (`kind`: the record's) schedules:
    the page's own, unless it is a course the person takes as part of an evaluated programme
    (`evaluation.programmes.evaluated_in_programme`). Idempotent."""
    if kind == RecordKind.COURSE and evaluated_in_programme(person=person, course_id=page_id):
        return []
    return waves_create_for_completion(person=person, course_id=page_id, completed_at=completed_at)


def waves_schedule_past(*, since: datetime.datetime, people) -> tuple[int, int]:
    """Schedule the waves of the courses and programmes completed since `since` (for
    completions recorded before the waves existed). Returns (completions seen, waves created).
    Idempotent."""
    completions = course_completions(since=since)
    by_id = people.in_bulk({row[0] for row in completions})
    created = 0
    for user_id, page_id, completed_at, kind in completions:
        if user_id in by_id:
            created += len(
                waves_schedule_completion(
                    person=by_id[user_id], page_id=page_id, completed_at=completed_at, kind=kind
                )
            )
    return len(completions), created


# --- what a wave asks for ------------------------------------------------------------------


def wave_instruments(instance: WaveInstance, *, who: str | None = None) -> list[Instrument]:
    """The registered instruments this wave asks for: the course's plan lists it and it
    applies to this person's course (`Instrument.applies`); of `who` ("learner",
    "supervisor") when given."""
    keys = set(plan_for(instance.course_id).instrument_keys(instance.wave))
    # The registry's `instruments_for`, asking only the instruments the plan lists.
    return [
        instrument
        for instrument in instruments()
        if instrument.key in keys
        and (who is None or instrument.who == who)
        and instrument.applies(instance)
    ]


def team_managers(person) -> list:
    profile = AgentProfile.objects.filter(user=person).select_related("team").first()
    if profile is None or profile.team is None:
        return []
    return [manager for manager in profile.team.managers.all() if manager.pk != person.pk]


def _params(instance: WaveInstance, user, instruments: list[Instrument]) -> dict:
    """The message's values in the recipient's language (the labels are lazy texts)."""
    with translation.override(language_for(user)):
        return {
            "course": instance.course.title,
            "wave": str(EvaluationWave(instance.wave).label),
            "date": instance.closes_on.isoformat(),
            "person": instance.person.get_full_name(),
            "tasks": join_names([str(instrument.label) for instrument in instruments]),
        }


def _tell(instance: WaveInstance, *, event: str) -> int:
    """Tell the learner of their instruments not done yet, and the person's team managers of
    theirs. Returns how many notifications were written."""
    person = instance.person
    reminding = event == Event.EVALUATION_WAVE_REMINDER
    written = 0
    learner = [i for i in wave_instruments(instance, who="learner") if not i.done(instance)]
    if learner:
        written += bool(
            notify(
                user=person,
                event=event,
                key=instance.pk,
                title=(
                    _("Reminder: training evaluation for %(course)s closes on %(date)s")
                    if reminding
                    else _("%(wave)s training evaluation: %(course)s")
                ),
                body=_("Please complete by %(date)s: %(tasks)s. You find them on My training."),
                url=reverse("my_training"),
                params=_params(instance, person, learner),
            )
        )
    supervisor = [i for i in wave_instruments(instance, who="supervisor") if not i.done(instance)]
    if supervisor:
        for manager in team_managers(person):
            written += bool(
                notify(
                    user=manager,
                    event=event,
                    key=instance.pk,
                    title=(
                        _("Reminder: evaluate %(person)s on %(course)s by %(date)s")
                        if reminding
                        else _("%(wave)s: evaluate %(person)s on %(course)s")
                    ),
                    body=_("Please complete by %(date)s: %(tasks)s."),
                    url=reverse("team_member", args=[person.pk]),
                    params=_params(instance, manager, supervisor),
                )
            )
    return written


# --- the daily round ---------------------------------------------------------------------------


def _locked(pk: int, **conditions) -> WaveInstance | None:
    return (
        WaveInstance.objects.select_for_update()
        .select_related("person", "course")
        .filter(pk=pk, **conditions)
        .first()
    )


def waves_close_due(*, day: datetime.date | None = None) -> int:
    """Close the waves whose last day is past (opened or not). Returns how many."""
    day = day or today()
    now = timezone.now()
    closed = 0
    due = WaveInstance.objects.filter(
        status__in=[WaveStatus.PENDING, WaveStatus.OPEN], closes_on__lt=day
    )
    for pk in due.values_list("pk", flat=True):
        with transaction.atomic():
            instance = _locked(pk, status__in=[WaveStatus.PENDING, WaveStatus.OPEN])
            if instance is None:
                continue  # closed by another round meanwhile
            instance.status = WaveStatus.CLOSED
            instance.closed_at = now
            instance.save(update_fields=["status", "closed_at"])
            closed += 1
    return closed


def waves_open_due(*, day: datetime.date | None = None, person_id: int | None = None) -> int:
    """Open the waves whose window holds `day` (of one person when given) and tell who has
    something to do in them. Returns how many notifications were written."""
    day = day or today()
    now = timezone.now()
    written = 0
    due = WaveInstance.objects.filter(
        status=WaveStatus.PENDING, opens_on__lte=day, closes_on__gte=day
    )
    if person_id is not None:
        due = due.filter(person_id=person_id)
    for pk in due.values_list("pk", flat=True):
        with transaction.atomic():
            instance = _locked(pk, status=WaveStatus.PENDING)
            if instance is None:
                continue  # opened by another round meanwhile
            instance.status = WaveStatus.OPEN
            instance.opened_at = now
            instance.save(update_fields=["status", "opened_at"])
            written += _tell(instance, event=Event.EVALUATION_WAVE_OPEN)
    return written


def waves_remind(*, day: datetime.date | None = None) -> int:
    """Remind, once, of what is not done in the waves closing within `REMIND_DAYS` (not on
    the day they opened). Returns how many notifications were written."""
    day = day or today()
    now = timezone.now()
    written = 0
    due = WaveInstance.objects.filter(
        status=WaveStatus.OPEN,
        reminded_at__isnull=True,
        closes_on__gte=day,
        closes_on__lte=day + datetime.timedelta(days=REMIND_DAYS),
    )
    for pk in due.values_list("pk", flat=True):
        with transaction.atomic():
            instance = _locked(pk, status=WaveStatus.OPEN, reminded_at__isnull=True)
            if instance is None or (instance.opened_at and local_date(instance.opened_at) >= day):
                continue
            instance.reminded_at = now
            instance.save(update_fields=["reminded_at"])
            written += _tell(instance, event=Event.EVALUATION_WAVE_REMINDER)
    return written


def waves_daily(*, day: datetime.date | None = None) -> dict[str, int]:
    """The daily round: close what is past, open what is due, remind what closes soon."""
    day = day or today()
    return {
        "closed": waves_close_due(day=day),
        "notified": waves_open_due(day=day),
        "reminded": waves_remind(day=day),
    }


# --- re-takes: which wave, and whether the re-test is open ---------------------------------


def _retake_waves(user, activity) -> list[WaveInstance] | None:
    """The person's mid- and long-term waves of the courses they passed `activity` in; None
    when the activity belongs to no course with waves (the fixed rule decides then)."""
    course_ids = {
        record.course_id
        for record in passing_records(user=user, activities=[activity])
        if record.course_id
    }
    if not course_ids:
        return None
    # The programmes holding the course re-test it when it is the person's assessment there.
    programmes = {
        pk for course_id in course_ids for pk in course_tree().programmes_holding(course_id)
    }
    waves = [
        wave
        for wave in WaveInstance.objects.filter(person=user, course_id__in=course_ids | programmes)
        if wave.course_id in course_ids or retest_course_id(user, wave.course_id) in course_ids
    ]
    if not waves:
        return None
    return [wave for wave in waves if wave.wave in (MID, LONG)]


def wave_of_retake(*, user, activity, when, first_pass) -> str | None:
    """training.waves provider: a re-take during an open mid- or long-term window of its
    course belongs to that wave; at any other time to none. None (the fixed rule) for an
    activity of a course completed before its waves existed."""
    waves = _retake_waves(user, activity)
    if waves is None:
        return None
    day = local_date(when)
    for wave in waves:
        if wave.is_open_on(day):
            return wave.wave
    return EvaluationWave.NONE


def retest_gate(*, user, activity, when) -> bool:
    """training.waves re-test gate: the person has a wave open now whose plan asks for the
    re-test, and has not re-taken this activity in it yet."""
    waves = _retake_waves(user, activity) or []
    day = local_date(when)
    for wave in waves:
        if not wave.is_open_on(day):
            continue
        if "retest" not in plan_for(wave.course_id).instrument_keys(wave.wave):
            continue
        retaken = course_results(
            user=user,
            course=retest_course_id(user, wave.course_id),
            kind=RecordKind.QUIZ,
            wave=wave.wave,
        )
        if not any(record.activity_id == str(activity.pk) for record in retaken):
            return True
    return False
