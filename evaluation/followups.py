"""What the evaluation does after the learning record is written (see `training.followups`)."""

from __future__ import annotations

from functools import partial

from django.db import transaction

from training.followups import register_followup
from training.models import RecordKind


def _open_due(person_id: int) -> None:
    from evaluation.tasks import waves_open_for_person

    waves_open_for_person.delay(person_id)


@register_followup(RecordKind.COURSE, RecordKind.PROGRAMME)
def evaluation_waves_schedule(record, *, created: bool) -> None:
    """A course or a programme completed: its three evaluation waves are scheduled for the
    person, dated from the completion (idempotent) — except a course taken as part of an
    evaluated programme, which the programme's waves evaluate (`evaluation.programmes`). The
    short-term wave, due at once, is opened by a task after the write commits rather than at
    the next daily round."""
    if not record.passed or record.course_id is None:
        return
    from evaluation.waves import today, waves_schedule_completion

    created_waves = waves_schedule_completion(
        person=record.user,
        page_id=record.course_id,
        completed_at=record.completed_at,
        kind=record.kind,
    )
    if any(wave.opens_on <= today() <= wave.closes_on for wave in created_waves):
        transaction.on_commit(partial(_open_due, record.user_id))


def _refresh_reports(course_id: int) -> None:
    from evaluation.tasks import reports_refresh_course

    reports_refresh_course.delay(course_id)


# The kinds of record the evaluation report reads (`evaluation.report`).
REPORTED_KINDS = (RecordKind.COURSE, RecordKind.QUIZ, RecordKind.SURVEY, RecordKind.OBSERVATION)


@register_followup(*REPORTED_KINDS)
def evaluation_reports_mark_stale(record, *, created: bool) -> None:
    """A record the report reads arrived for a course: the course's pre-computed reports are
    stale, and one refresh per course is queued on commit (a burst of records queues one; see
    `evaluation.snapshots`)."""
    if record.course_id is None:
        return
    from evaluation.snapshots import snapshots_mark_stale

    if snapshots_mark_stale(course_id=record.course_id, team_id=record.team_id):
        transaction.on_commit(partial(_refresh_reports, record.course_id))
