"""Certification's background work (Celery). The work lives in `certification.services`."""

from celery import shared_task

from certification.services import certificates_issue_due
from training.models import User


@shared_task(name="certification.evaluate_person")
def certificates_evaluate_person(user_id: int) -> int:
    """Re-evaluate one person's programmes and issue what is now earned; how many were issued.
    Idempotent: running it twice issues nothing the second time."""
    person = User.objects.filter(pk=user_id, is_active=True).first()
    if person is None:
        return 0
    return len(certificates_issue_due(person=person))


@shared_task(name="certification.daily")
def certificates_daily() -> dict[str, int]:
    """The daily round: reminders and recertification windows, then expiry, then certificates
    whose update training is overdue lapse. Idempotent."""
    from certification.expiry import certificates_expire_due, certificates_remind
    from certification.updates import certificates_lapse_due

    return {
        "notified": certificates_remind(),
        "expired": certificates_expire_due(),
        "lapsed": certificates_lapse_due(),
    }
