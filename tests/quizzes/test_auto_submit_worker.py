"""A timed attempt left alone is submitted by a real Celery worker on Redis, at its deadline."""

import datetime
import time

import pytest
from django.utils import timezone

from quizzes.models import AttemptState, QuizAttempt
from quizzes.services import attempt_save, attempt_start
from tests.celery_worker import WAIT_SECONDS, worker  # noqa: F401  (the fixture)
from training.models import LearningRecord, RecordKind

pytestmark = [
    pytest.mark.worker,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def short_grace(settings, monkeypatch):
    # The worker reads it from its environment, this process from its settings.
    monkeypatch.setenv("QUIZ_SUBMIT_GRACE_SECONDS", "1")
    settings.QUIZ_SUBMIT_GRACE_SECONDS = 1


def test_the_worker_submits_a_timed_attempt_when_its_time_is_up(
    short_grace,
    worker,  # noqa: F811
    learner,
    make_quiz,
):
    hostname, _mail_dir, worker_log = worker
    quiz = make_quiz(time_limit_minutes=1)
    # Started 57 s ago: three seconds are left, and the learner has gone away.
    attempt = attempt_start(
        quiz=quiz, user=learner, now=timezone.now() - datetime.timedelta(seconds=57)
    )
    single = next(s for s in attempt.questions.all() if s.snapshot["type"] == "single_choice")
    right = next(a["key"] for a in single.snapshot["answers"] if a["fraction"] == 1)
    attempt_save(attempt=attempt, responses={single.position: right})

    deadline = time.monotonic() + WAIT_SECONDS
    while True:
        attempt.refresh_from_db()
        if attempt.state != AttemptState.IN_PROGRESS:
            break
        if time.monotonic() > deadline:
            pytest.fail(f"not submitted within {WAIT_SECONDS}s; worker log:\n{worker_log()}")
        time.sleep(0.3)

    assert attempt.state == AttemptState.GRADED and attempt.auto_submitted
    assert attempt.submitted_at == attempt.deadline
    assert timezone.now() >= attempt.deadline  # not a moment early
    assert attempt.questions.get(pk=single.pk).mark == 1.0
    assert "quizzes.attempt_auto_submit" in worker_log() and "succeeded" in worker_log()
    record = LearningRecord.objects.get(user=learner, kind=RecordKind.QUIZ)
    assert record.details["auto_submitted"] is True
    assert QuizAttempt.objects.filter(quiz=quiz).count() == 1
