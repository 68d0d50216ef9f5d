"""A real Celery worker process on Redis for the worker tests (not eager mode).

Runs when REDIS_URL points at a reachable Redis (`scripts/test.sh` starts one); otherwise the
tests using it are skipped, except in CI, where a configured but unreachable Redis fails.
"""

import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import kombu.pools
import pytest
from django.db import connection

from training.celery import app as celery_app

ROOT = Path(__file__).resolve().parents[1]  # the repository: the worker runs its code
WAIT_SECONDS = 30


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
    # kombu keeps producer pools per broker URL; a later worker test would get a closed one.
    kombu.pools.reset()
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
