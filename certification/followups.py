"""What certification does after the learning record is written (see `training.followups`)."""

from __future__ import annotations

from functools import partial

from django.db import transaction
from django.db.models import Q

from training.followups import register_followup
from training.models import RecordKind


def _queue(user_id: int) -> None:
    from certification.tasks import certificates_evaluate_person

    certificates_evaluate_person.delay(user_id)


def _lesson_matters(record) -> bool:
    """Whether a lesson can change a certificate: re-training is due on a valid certificate,
    one lapsed, or the lesson's course is required by a programme the person does not hold
    (overdue re-training in it keeps that requirement unmet until it is done)."""
    from certification.models import (
        Certificate,
        CertificateStatus,
        ProgrammeRequirement,
        RequirementKind,
    )

    owes = Certificate.objects.filter(
        Q(status=CertificateStatus.VALID, update_due_on__isnull=False)
        | Q(status=CertificateStatus.LAPSED),
        person_id=record.user_id,
    )
    if owes.exists():
        return True
    if record.course_id is None:
        return False
    held = Certificate.objects.filter(
        person_id=record.user_id, status=CertificateStatus.VALID
    ).values("programme_id")
    return (
        ProgrammeRequirement.objects.filter(
            kind=RequirementKind.COURSE, page_id=record.course_id, programme__active=True
        )
        .exclude(programme_id__in=held)
        .exists()
    )


@register_followup(
    RecordKind.COURSE,
    RecordKind.QUIZ,
    RecordKind.ROLEPLAY,
    RecordKind.OBSERVATION,
    RecordKind.LESSON,
)
def certificates_reevaluate(record, *, created: bool) -> None:
    """A pass may complete a programme's requirements, or the re-training a certificate owes
    (re-training lessons are `lesson` records): re-evaluate that person's programmes once the
    write has committed (the task is idempotent). A lesson queues it only when it can matter
    (`_lesson_matters`), so the lessons of someone certified and owing nothing queue nothing."""
    if not record.passed:
        return
    if record.kind == RecordKind.LESSON and not _lesson_matters(record):
        return
    transaction.on_commit(partial(_queue, record.user_id))
