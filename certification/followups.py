"""What certification does after the learning record is written (see `training.followups`)."""

from __future__ import annotations

from functools import partial

from django.db import transaction

from training.followups import register_followup
from training.models import RecordKind


def _queue(user_id: int) -> None:
    from certification.tasks import certificates_evaluate_person

    certificates_evaluate_person.delay(user_id)


@register_followup(RecordKind.COURSE, RecordKind.QUIZ, RecordKind.ROLEPLAY, RecordKind.OBSERVATION)
def certificates_reevaluate(record, *, created: bool) -> None:
    """A pass may complete a programme's requirements: re-evaluate that person's programmes
    once the write has committed (the task is idempotent)."""
    if record.passed:
        transaction.on_commit(partial(_queue, record.user_id))
