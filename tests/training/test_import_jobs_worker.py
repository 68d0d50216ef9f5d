"""An import job run by a real Celery worker consuming from Redis (not eager mode).

Runs when REDIS_URL points at a reachable Redis (see tests/celery_worker.py); otherwise skipped.
"""

import time

import pytest

from quizzes.models import Question
from tests.celery_worker import worker  # noqa: F401  (the fixture)
from tests.factories import make_person
from training.imports import import_job_start
from training.models import ImportJob
from training.roles import Role
from training.tasks import run_import_job

pytestmark = [
    pytest.mark.worker,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

WAIT_SECONDS = 30
GIFT = "::退款时效::退款一般多久到账？{=1–3 个工作日 ~当天}\n\n::原路退回::退款原路返回。{T}\n"


def test_the_worker_imports_a_question_file_once_however_often_it_is_queued(worker):  # noqa: F811
    hostname, _email_dir, worker_log = worker
    trainer = make_person(Role.TRAINER)

    # Committed at once (no test transaction): the job is queued to the worker on commit.
    job = import_job_start(
        user=trainer, kind="quizzes.questions", filename="q.gift", data=GIFT.encode()
    )

    deadline = time.monotonic() + WAIT_SECONDS
    while True:
        job.refresh_from_db()
        if job.finished:
            break
        if time.monotonic() > deadline:
            pytest.fail(f"the job did not finish within {WAIT_SECONDS}s; log:\n{worker_log()}")
        time.sleep(0.2)

    assert job.status == ImportJob.Status.SUCCEEDED, job.problems
    assert job.result["count"] == 2 and (job.done, job.total) == (2, 2)
    assert Question.objects.filter(created_by=trainer).count() == 2
    assert "'succeeded'" in worker_log()

    again = run_import_job.delay(job.pk)

    assert again.get(timeout=WAIT_SECONDS) == "skipped"
    assert again.worker == hostname
    assert Question.objects.count() == 2
