"""Playing against an AI customer: the learner's reply, the customer's turn, the end, the judge.

Nothing the learner writes is lost: a reply is saved (with `ai_waiting` set) and committed
before the model is called, so a model failure, a timeout or a reload leaves it in the
transcript, and asking the model again (`ai_customer_turn`) picks up where it stopped. The
model is never called inside a transaction or while a row is locked.

A reply names the turn it answers (`turn`: how many AI replies the transcript held when the
page was shown), so a double click or a second tab changes nothing. Ended, the attempt is
`judging` until the task `roleplay.judge_ai_attempt` has scored it (docs/ai-customers.md).
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Generator

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from roleplay.ai.customer import (
    CUSTOMER_MAX_TOKENS,
    CUSTOMER_TEMPERATURE,
    EndMarkFilter,
    customer_messages,
    split_end_mark,
)
from roleplay.ai.judge import ai_turns
from roleplay.models import AttemptMode, AttemptState, ScenarioAttempt
from training import llm

logger = logging.getLogger(__name__)

MAX_REPLY_CHARS = 2000
# An ended conversation still `judging` after this long lost its task: the sweep judges it.
STALE_JUDGING = datetime.timedelta(minutes=5)
# How the conversation ended (ai_ended_by) -> the attempt's outcome.
OUTCOME_BY_ENDING = {
    "resolved": "resolved",
    "escalated": "escalated",
    "gave_up": "customer_lost",
    "turn_limit": "turn_limit",
    "learner": "turn_limit",
}


class ReplyRefused(ValueError):
    """The reply cannot be taken; the message says why, in the learner's words."""


def ai_turn_count(attempt: ScenarioAttempt) -> int:
    """The number the chat form posts with a reply (the turn it answers)."""
    return len(ai_turns(attempt.transcript))


def is_ai_step(attempt: ScenarioAttempt, scenario) -> bool:
    try:
        return attempt.is_open and scenario.step(attempt.current_step).ai
    except KeyError:
        return False


def ai_step_enter(attempt: ScenarioAttempt, scenario, now: datetime.datetime) -> None:
    """The attempt reaches the AI step (unsaved): its message is the customer's first."""
    step = scenario.step(attempt.current_step)
    if step.ai:
        attempt.ai_message = step.customer
        attempt.ai_waiting = False
        attempt.step_shown_at = now


def scenario_offered(scenario) -> bool:
    """Whether the scenario can be played on this site: one with an AI customer only while a
    language model is configured (training.llm.ai_available)."""
    return not scenario.uses_ai or llm.ai_available()


def ai_reply_standard(scenario) -> int:
    """Seconds for each reply: the AI customer's own, else the channel's service standard."""
    from roleplay.scenario import reply_standard_seconds

    return reply_standard_seconds(scenario, next(step for step in scenario.steps if step.ai))


def ai_reply_save(
    *,
    attempt: ScenarioAttempt,
    turn: int,
    text: str,
    now: datetime.datetime | None = None,
) -> ScenarioAttempt:
    """Save the learner's reply to the customer's current message, before the model is asked.

    Refused (ReplyRefused, nothing saved) when empty or longer than MAX_REPLY_CHARS. A reply
    for a turn that is no longer current (a double click, a second tab), or while the
    previous reply still waits for the customer, changes nothing. The reply that uses the
    scenario's last turn ends the conversation (`turn_limit`) without asking the model."""
    from roleplay.services import attempt_scenario
    from roleplay.taboo import phrases_in_force, taboo_used

    reply = (text or "").strip()
    if not reply:
        raise ReplyRefused(_("Write a reply to the customer."))
    if len(reply) > MAX_REPLY_CHARS:
        raise ReplyRefused(
            _("A reply can be at most %(count)s characters; yours has %(length)s.")
            % {"count": MAX_REPLY_CHARS, "length": len(reply)}
        )
    now = now or timezone.now()
    with transaction.atomic():
        attempt = ScenarioAttempt.objects.select_for_update().get(pk=attempt.pk)
        scenario = attempt_scenario(attempt)
        if not is_ai_step(attempt, scenario) or attempt.ai_waiting:
            return attempt
        if turn != ai_turn_count(attempt):
            return attempt
        step = scenario.step(attempt.current_step)
        seconds = max(0, int((now - attempt.step_shown_at).total_seconds()))
        standard = ai_reply_standard(scenario)
        attempt.transcript = [
            *attempt.transcript,
            {
                "kind": "ai",
                "step": step.key,
                "customer": attempt.ai_message,
                "mood": scenario.mood_at(step),
                "reply": reply,
                "seconds": seconds,
                "standard": standard,
                "late": seconds > standard,
                "taboo": taboo_used(reply, phrases_in_force(scenario.taboo)),
            },
        ]
        attempt.ai_waiting = True
        if ai_turn_count(attempt) >= scenario.ai_customer.max_turns:
            ai_conversation_end(attempt=attempt, ended_by="turn_limit", now=now)
        attempt.save()
    return attempt


def ai_customer_turn(*, attempt: ScenarioAttempt) -> ScenarioAttempt:
    """Ask the model for the customer's answer to the saved reply (in one piece), save it,
    and in practice coach the reply. Raises `training.llm.ModelError` when the model fails:
    the reply stays saved and `ai_waiting` set, so asking again is safe."""
    answering = ai_customer_answer(attempt=attempt, streaming=False)
    while True:
        try:
            next(answering)
        except StopIteration as done:
            attempt = done.value
            break
    if ai_needs_coaching(attempt):
        attempt = ai_reply_coach(attempt=attempt)
    return attempt


def ai_customer_answer(
    *, attempt: ScenarioAttempt, streaming: bool = True
) -> Generator[str, None, ScenarioAttempt]:
    """The customer's answer to the saved reply: yields the text as it may be shown (never
    part of an end mark) while the model streams it, saves it, and returns the attempt.

    Raises `training.llm.ModelError` when the model fails (nothing changes: the reply stays
    saved, `ai_waiting` set). An end mark the scenario allows ends the conversation. Does
    nothing when no reply is waiting, or when another tab's request answered it first."""
    from roleplay.services import attempt_scenario

    attempt = ScenarioAttempt.objects.get(pk=attempt.pk)
    scenario = attempt_scenario(attempt)
    if not attempt.ai_waiting or not is_ai_step(attempt, scenario):
        return attempt
    answered = len(attempt.transcript)
    messages = customer_messages(scenario, attempt.transcript)
    options = {"temperature": CUSTOMER_TEMPERATURE, "max_tokens": CUSTOMER_MAX_TOKENS}
    if streaming:
        shown = EndMarkFilter()
        for piece in llm.stream(messages, **options):
            safe = shown.feed(piece)
            if safe:
                yield safe
        raw = shown.text
    else:
        raw = llm.complete(messages, **options).text
    answer = split_end_mark(raw, scenario.ai_customer.endings, scenario)
    if not answer.text and not answer.ending:
        raise llm.ModelBadResponse("The customer's answer was empty.")
    now = timezone.now()
    with transaction.atomic():
        attempt = ScenarioAttempt.objects.select_for_update().get(pk=attempt.pk)
        if not attempt.ai_waiting or len(attempt.transcript) != answered:
            return attempt
        attempt.ai_waiting = False
        attempt.ai_message = answer.text
        attempt.step_shown_at = now
        if answer.ending:
            ai_conversation_end(
                attempt=attempt, ended_by=answer.ending, closing=answer.text, now=now
            )
        attempt.save()
    return attempt


def ai_needs_coaching(attempt: ScenarioAttempt) -> bool:
    """Practice, still talking, and the latest reply not coached yet."""
    if attempt.mode != AttemptMode.PRACTICE or not attempt.is_open or attempt.ai_waiting:
        return False
    turn = attempt.transcript[-1] if attempt.transcript else {}
    return turn.get("kind") == "ai" and "coaching" not in turn and "coaching_error" not in turn


def ai_reply_coach(*, attempt: ScenarioAttempt) -> ScenarioAttempt:
    """Practice: the judge's coaching on the latest reply, stored on its turn (`coaching`, or
    `coaching_error` when the judge could not give it)."""
    from roleplay.ai.judge import coach_reply
    from roleplay.services import attempt_scenario

    scenario = attempt_scenario(attempt)
    transcript = list(attempt.transcript)
    try:
        coaching = coach_reply(scenario, transcript)
    except Exception:  # the coaching is a bonus: its failure must not lose the conversation
        logger.exception("Coaching a reply failed (attempt %s)", attempt.pk)
        coaching = None
    with transaction.atomic():
        attempt = ScenarioAttempt.objects.select_for_update().get(pk=attempt.pk)
        position = len(transcript) - 1
        if position < 0 or len(attempt.transcript) <= position:
            return attempt
        turn = dict(attempt.transcript[position])
        if turn.get("kind") != "ai" or "coaching" in turn or "coaching_error" in turn:
            return attempt
        if coaching:
            turn["coaching"] = coaching
        else:
            turn["coaching_error"] = _("No coaching for this reply: the AI coach is not available.")
        attempt.transcript = [
            *attempt.transcript[:position],
            turn,
            *attempt.transcript[position + 1 :],
        ]
        attempt.save(update_fields=["transcript"])
    return attempt


def ai_conversation_end(
    *,
    attempt: ScenarioAttempt,
    ended_by: str,
    closing: str = "",
    now: datetime.datetime | None = None,
) -> None:
    """End the conversation (unsaved; the caller holds the row): the attempt is `judging`
    and the judge is queued once the transaction commits."""
    from roleplay.tasks import judge_ai_attempt

    now = now or timezone.now()
    attempt.ai_ended_by = ended_by
    attempt.outcome = OUTCOME_BY_ENDING[ended_by]
    attempt.finished_at = now
    attempt.state = AttemptState.JUDGING
    attempt.ai_waiting = False
    attempt.result = {"closing": closing, "outcome": attempt.outcome}
    attempt_id = attempt.pk
    transaction.on_commit(lambda: judge_ai_attempt.delay(attempt_id))


def ai_conversation_end_by_learner(
    *, attempt: ScenarioAttempt, now: datetime.datetime | None = None
) -> ScenarioAttempt:
    """The learner ends the conversation ("结束对话"); an attempt already ended is left as is.
    A reply still waiting for the customer stays in the transcript and is judged."""
    from roleplay.services import attempt_scenario

    with transaction.atomic():
        attempt = ScenarioAttempt.objects.select_for_update().get(pk=attempt.pk)
        if not is_ai_step(attempt, attempt_scenario(attempt)):
            return attempt
        ai_conversation_end(attempt=attempt, ended_by="learner", now=now)
        attempt.save()
    return attempt


def ai_attempt_judge(*, attempt_id: int) -> bool:
    """Score an ended AI conversation on the scenario's rubric (the task's work). Practice
    becomes `scored` (with the practice suggestions scripted practice makes); an assessment
    `awaiting_review`, with the judge's scores as a provisional learning record until a
    trainer's review. Idempotent: an attempt not `judging` is left alone (False)."""
    from roleplay.ai.judge import judge_conversation, result_from_judgement
    from roleplay.services import FAILING_OUTCOMES, _after_finish, attempt_scenario

    attempt = ScenarioAttempt.objects.filter(pk=attempt_id).first()
    if attempt is None or attempt.state != AttemptState.JUDGING:
        return False
    scenario = attempt_scenario(attempt)
    judgement = judge_conversation(scenario, attempt.transcript)  # may ask the model: no lock
    with transaction.atomic():
        attempt = (
            ScenarioAttempt.objects.select_for_update()
            .select_related("scenario", "user")
            .get(pk=attempt_id)
        )
        if attempt.state != AttemptState.JUDGING:
            return False
        result = result_from_judgement(
            scenario,
            judgement,
            outcome=attempt.outcome,
            closing=(attempt.result or {}).get("closing", ""),
        )
        attempt.result = result
        attempt.score = result["total"]
        if attempt.mode == AttemptMode.ASSESSMENT and not attempt.playtest:
            # The judge's scores are the trainer's suggestion: the review makes them final.
            attempt.state = AttemptState.AWAITING_REVIEW
            attempt.passed = None
        else:
            attempt.state = AttemptState.SCORED
            attempt.passed = result["passed"] and attempt.outcome not in FAILING_OUTCOMES
        attempt.save()
        _after_finish(attempt, scenario, timezone.now())
    return True


def ai_attempts_judge_stale(*, now: datetime.datetime | None = None) -> int:
    """Judge the conversations that ended more than STALE_JUDGING ago and are still being
    scored (their task was lost); returns how many were judged."""
    now = now or timezone.now()
    waiting = ScenarioAttempt.objects.filter(
        state=AttemptState.JUDGING, finished_at__lte=now - STALE_JUDGING
    ).values_list("pk", flat=True)
    return sum(1 for attempt_id in list(waiting[:200]) if ai_attempt_judge(attempt_id=attempt_id))
