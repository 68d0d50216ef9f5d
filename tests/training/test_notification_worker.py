"""Notification e-mails sent by a real Celery worker consuming from Redis (not eager mode):
one e-mail per event, however often the task is queued.

Runs when REDIS_URL points at a reachable Redis (`scripts/test.sh` starts one); skipped
otherwise.
"""

import time

import pytest
from django.core import mail
from django.utils.translation import gettext_lazy

from tests.celery_worker import worker  # noqa: F401  (the fixture)
from tests.factories import make_person
from tests.training.test_celery_worker import WAIT_SECONDS, _mails
from training.notifications import Event, notify
from training.tasks import send_notification_email

pytestmark = [
    pytest.mark.worker,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_the_worker_emails_a_notification_once_however_often_it_is_queued(worker):  # noqa: F811
    hostname, email_dir, worker_log = worker
    learner = make_person(email="li.na@example.com")
    note = notify(  # committed at once (no transaction): the e-mail task is queued now
        user=learner,
        event=Event.TRAINING_ASSIGNED,
        key="worker-1",
        title=gettext_lazy("New training for you: %(title)s"),
        params={"title": "退款流程"},
    )
    deadline = time.monotonic() + WAIT_SECONDS
    while True:
        note.refresh_from_db()
        if note.emailed_at is not None:
            break
        if time.monotonic() > deadline:
            pytest.fail(f"no e-mail within {WAIT_SECONDS}s; worker log:\n{worker_log()}")
        time.sleep(0.2)

    again = send_notification_email.delay(note.pk)
    assert again.get(timeout=WAIT_SECONDS) is False
    assert again.worker == hostname
    assert mail.outbox == []
    messages = _mails(email_dir)
    assert len(messages) == 1
    assert "To: li.na@example.com" in messages[0]
