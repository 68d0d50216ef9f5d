from celery import shared_task


@shared_task(name="roleplay.judge_ai_attempt")
def judge_ai_attempt(attempt_id: int) -> bool:
    """Score one ended AI conversation by id; an attempt already scored is left alone."""
    from roleplay.ai.play import ai_attempt_judge

    return ai_attempt_judge(attempt_id=attempt_id)
