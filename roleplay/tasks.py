from celery import shared_task


@shared_task(name="roleplay.judge_ai_attempt")
def judge_ai_attempt(attempt_id: int) -> bool:
    """Score one ended AI conversation by id; an attempt already scored is left alone."""
    from roleplay.ai.play import ai_attempt_judge

    return ai_attempt_judge(attempt_id=attempt_id)


@shared_task(name="roleplay.judge_ended_ai_attempts")
def judge_ended_ai_attempts() -> int:
    """Every few minutes: judge AI conversations whose own task was lost."""
    from roleplay.ai.play import ai_attempts_judge_stale

    return ai_attempts_judge_stale()
