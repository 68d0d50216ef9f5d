"""Invitations sent by a real Celery worker consuming from Redis (not eager mode).

Runs when REDIS_URL points at a reachable Redis (`scripts/test.sh` starts one); otherwise it
is skipped, except in CI, where a configured but unreachable Redis is a failure.
"""

import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.core import mail
from django.db import connection

from training.celery import app as celery_app
from training.models import User
from training.tasks import send_invitation

# Committed data (another thread or process reads it); serialized_rollback restores what the
# migrations created (roles, Wagtail's root page) after the flush that ends each test.
pytestmark = [
    pytest.mark.worker,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

ROOT = Path(__file__).resolve().parents[2]
WAIT_SECONDS = 30
MESSAGE_SEPARATOR = "-" * 79  # Django's file-based e-mail backend writes this after each mail


def _redis_url() -> str:
    url = os.environ.get("REDIS_URL", "")
    in_ci = os.environ.get("CI", "").lower() == "true"
    if not url:
        pytest.skip("REDIS_URL is not set: no Redis to run a real Celery worker on")
    import redis

    try:
        redis.Redis.from_url(url, socket_connect_timeout=2, socket_timeout=2).ping()
    except redis.exceptions.RedisError as exc:
        if in_ci:
            pytest.fail(f"REDIS_URL={url} is set in CI but Redis does not answer: {exc}")
        pytest.skip(f"Redis at REDIS_URL={url} does not answer: {exc}")
    return url


def _reset_celery_clients():
    """Forget broker and result-backend clients built from the previous configuration."""
    if celery_app._pool is not None:
        celery_app._pool.force_close_all()
    celery_app._pool = None
    celery_app.__dict__.pop("amqp", None)
    celery_app._backend_cache = None
    if hasattr(celery_app._local, "backend"):
        del celery_app._local.backend


@pytest.fixture
def worker(tmp_path):
    """A `celery worker` process on its own queue, working on this test's database.

    Yields (worker name, e-mail folder, worker log reader). The test process keeps its
    in-memory e-mail backend, so a mail file can only have been written by the worker.
    """
    url = _redis_url()
    queue = f"agent-academy-test-{uuid.uuid4().hex[:12]}"
    hostname = f"{queue}@localhost"
    email_dir = tmp_path / "worker-mail"
    email_dir.mkdir()
    log_path = tmp_path / "worker.log"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "training.test_settings",
        "CELERY_BROKER_URL": url,
        "CELERY_RESULT_BACKEND": url,
        "CELERY_TASK_ALWAYS_EAGER": "0",
        # The database pytest-django created for this run (a file on SQLite, test_… on
        # PostgreSQL); the worker must see what the test commits.
        "TEST_WORKER_DATABASE": str(connection.settings_dict["NAME"]),
        "TEST_WORKER_EMAIL_DIR": str(email_dir),
    }
    args = [
        sys.executable, "-m", "celery", "-A", "training", "worker",
        "--pool=solo", "-Q", queue, "-n", hostname, "--loglevel=INFO",
        "--without-gossip", "--without-mingle", "--without-heartbeat",
    ]  # fmt: skip
    with open(log_path, "wb") as log:
        process = subprocess.Popen(args, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)

    def log_text() -> str:
        return log_path.read_text(errors="replace")

    deadline = time.monotonic() + WAIT_SECONDS
    while " ready." not in log_text():
        if process.poll() is not None:
            pytest.fail(f"the Celery worker exited with {process.returncode}:\n{log_text()}")
        if time.monotonic() > deadline:
            process.kill()
            pytest.fail(f"the Celery worker was not ready within {WAIT_SECONDS}s:\n{log_text()}")
        time.sleep(0.2)

    saved = {
        key: celery_app.conf[key]
        for key in ("task_always_eager", "broker_url", "result_backend", "task_default_queue")
    }
    celery_app.conf.update(
        task_always_eager=False, broker_url=url, result_backend=url, task_default_queue=queue
    )
    _reset_celery_clients()
    try:
        yield hostname, email_dir, log_text
    finally:
        _reset_celery_clients()
        celery_app.conf.update(saved)
        process.terminate()  # warm shutdown; the database must be free before it is dropped
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _mails(email_dir: Path) -> list[str]:
    """Every message the worker wrote, in order."""
    messages = []
    for path in sorted(email_dir.iterdir()):
        parts = path.read_text().split(MESSAGE_SEPARATOR)
        messages += [part for part in parts if part.strip()]
    return messages


def test_the_worker_sends_one_invitation_however_often_it_is_queued(worker):
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
