from celery import shared_task

from quizzes.models import QuizAttempt
from quizzes.services import attempt_submit, attempts_submit_overdue


@shared_task(name="quizzes.attempt_auto_submit")
def attempt_auto_submit(attempt_id: int) -> bool:
    """Submit a timed attempt whose time ran out; an attempt already submitted is left alone."""
    attempt = QuizAttempt.objects.filter(pk=attempt_id).first()
    if attempt is None or not attempt.is_open:
        return False
    from django.utils import timezone

    from quizzes.services import grace

    if attempt.deadline is None or timezone.now() < attempt.deadline + grace():
        # Ran early (a clock difference): the periodic sweep will pick it up.
        return False
    return attempt_submit(attempt=attempt, auto=True).auto_submitted


@shared_task(name="quizzes.submit_overdue_attempts")
def submit_overdue_attempts() -> int:
    """Every minute: submit any timed attempt left open after its deadline."""
    return attempts_submit_overdue()
