"""Invitations sent by a real Celery worker consuming from Redis (not eager mode).

Runs when REDIS_URL points at a reachable Redis (`scripts/test.sh` starts one); otherwise it
is skipped, except in CI, where a configured but unreachable Redis is a failure.
"""

import time
from pathlib import Path

import pytest
from django.core import mail

from tests.celery_worker import worker  # noqa: F401  (the fixture)
from training.models import User
from training.tasks import send_invitation

# Committed data (another thread or process reads it); serialized_rollback restores what the
# migrations created (roles, Wagtail's root page) after the flush that ends each test.
pytestmark = [
    pytest.mark.worker,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

WAIT_SECONDS = 30
MESSAGE_SEPARATOR = "-" * 79  # Django's file-based e-mail backend writes this after each mail


def _mails(email_dir: Path) -> list[str]:
    """Every message the worker wrote, in order."""
    messages = []
    for path in sorted(email_dir.iterdir()):
        parts = path.read_text().split(MESSAGE_SEPARATOR)
        messages += [part for part in parts if part.strip()]
    return messages


def test_the_worker_sends_one_invitation_however_often_it_is_queued(worker):  # noqa: F811
    hostname, email_dir, worker_log = worker
    user = User.objects.create_user(email="newcomer@example.com", name="陈晨")  # committed
    assert not user.has_usable_password()
    assert user.invited_at is None

    first = send_invitation.delay(user.pk)

    deadline = time.monotonic() + WAIT_SECONDS
    while True:
        user.refresh_from_db()
        if user.invited_at is not None:
            break
        if time.monotonic() > deadline:
            pytest.fail(f"no invitation within {WAIT_SECONDS}s; worker log:\n{worker_log()}")
        time.sleep(0.2)

    # It ran in the worker process: the worker recorded the result, the e-mail is a file
    # written by its file backend, and this process's in-memory outbox stayed empty.
    assert first.get(timeout=WAIT_SECONDS) is True
    assert first.worker == hostname
    assert mail.outbox == []
    messages = _mails(email_dir)
    assert len(messages) == 1
    assert "To: newcomer@example.com" in messages[0]
    assert f"Task training.send_invitation[{first.id}] succeeded" in worker_log()

    second = send_invitation.delay(user.pk)

    assert second.get(timeout=WAIT_SECONDS) is False
    assert second.worker == hostname
    assert len(_mails(email_dir)) == 1
    invited_at = user.invited_at
    user.refresh_from_db()
    assert user.invited_at == invited_at
