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


def _owes_an_update(user_id: int) -> bool:
    """Whether a lesson can matter: re-training is due on a valid certificate, or one lapsed."""
    from certification.models import Certificate, CertificateStatus

    return Certificate.objects.filter(
        Q(status=CertificateStatus.VALID, update_due_on__isnull=False)
        | Q(status=CertificateStatus.LAPSED),
        person_id=user_id,
    ).exists()


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
    write has committed (the task is idempotent). Lessons only matter to someone who owes an
    update or whose certificate lapsed, so the others' lessons queue nothing."""
    if not record.passed:
        return
    if record.kind == RecordKind.LESSON and not _owes_an_update(record.user_id):
        return
    transaction.on_commit(partial(_queue, record.user_id))
