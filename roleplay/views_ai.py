"""The chat with an AI customer: the learner's reply, the customer's answer typing in, asking
the model again, and ending the conversation. An attempt is reached by its uuid, only by its
learner (roleplay.views._playable_attempt).

Without JavaScript a reply is a form POST: the reply is saved, the model answers in one piece
and the chat page is shown again. With JavaScript (static/js/roleplay_ai_chat.js) the reply
is posted with fetch and the customer's answer is read from `ai_stream_view`, a
text/event-stream of events `piece` (text to append), `message` (the whole answer, saved),
`coaching` (practice), `error` (the learner's message; the reply is saved) and `end` (the
conversation is over: go to the result).
"""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import JsonResponse, StreamingHttpResponse
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from roleplay.ai.play import (
    ReplyRefused,
    ai_conversation_end_by_learner,
    ai_customer_answer,
    ai_customer_turn,
    ai_needs_coaching,
    ai_reply_coach,
    ai_reply_save,
    ai_reply_standard,
    ai_turn_count,
    is_ai_step,
)
from roleplay.models import AttemptMode, ScenarioAttempt
from roleplay.services import attempt_scenario
from roleplay.views import MOOD_LABELS, _playable_attempt
from training import llm


def _wants_json(request) -> bool:
    return "application/json" in request.headers.get("Accept", "")


def _next_url(attempt: ScenarioAttempt) -> str:
    name = "scenario_attempt" if attempt.is_open else "scenario_result"
    return reverse(name, args=[attempt.uuid])


def ai_chat_context(request, attempt: ScenarioAttempt, scenario) -> dict:
    """The chat page's context while the AI customer plays (roleplay.views.attempt_view)."""
    step = scenario.step(attempt.current_step)
    elapsed = max(0, int((timezone.now() - attempt.step_shown_at).total_seconds()))
    return {
        "attempt": attempt,
        "page": attempt.scenario,
        "show_feedback": attempt.mode == AttemptMode.PRACTICE,
        "elapsed_seconds": elapsed,
        "ai": {
            "turn": ai_turn_count(attempt),
            "waiting": attempt.ai_waiting,
            "turns_left_label": _message_data(attempt)["turns_left_label"],
        },
        "step": {
            "key": step.key,
            "customer": attempt.ai_message,
            "mood_label": MOOD_LABELS.get(scenario.mood_at(step), ""),
            "reply_seconds": ai_reply_standard(scenario),
            "options": [],
        },
    }


def ai_chat_response(request, attempt: ScenarioAttempt, scenario) -> TemplateResponse:
    return TemplateResponse(
        request, "roleplay/play.html", ai_chat_context(request, attempt, scenario)
    )


@login_required
@require_POST
def ai_reply_view(request, uuid):
    """Save the learner's reply (before the model is asked). JSON for the chat's script;
    without it the customer answers here, in one piece, and the chat is shown again."""
    attempt = _playable_attempt(request, uuid)
    turn = request.POST.get("turn", "")
    try:
        attempt = ai_reply_save(
            attempt=attempt,
            turn=int(turn) if turn.isdigit() else -1,
            text=request.POST.get("text", ""),
        )
    except ReplyRefused as refused:
        if _wants_json(request):
            return JsonResponse({"error": str(refused)}, status=400)
        messages.error(request, str(refused))
        return redirect(_next_url(attempt))
    if _wants_json(request):
        return JsonResponse(
            {
                "turn": ai_turn_count(attempt),
                "waiting": attempt.ai_waiting,
                "ended": not attempt.is_open,
                "next": _next_url(attempt),
                "stream": reverse("scenario_ai_stream", args=[attempt.uuid]),
            }
        )
    return _answer_and_redirect(request, attempt)


@login_required
@require_POST
def ai_retry_view(request, uuid):
    """Ask the model again for the customer's answer to the saved reply ("重新发送")."""
    return _answer_and_redirect(request, _playable_attempt(request, uuid))


def _answer_and_redirect(request, attempt: ScenarioAttempt):
    try:
        attempt = ai_customer_turn(attempt=attempt)
    except llm.ModelError as error:
        messages.error(request, str(error.user_message))
    return redirect(_next_url(attempt))


@login_required
@require_POST
def ai_end_view(request, uuid):
    """The learner ends the conversation (the chat asked them to confirm)."""
    attempt = ai_conversation_end_by_learner(attempt=_playable_attempt(request, uuid))
    return redirect(_next_url(attempt))


def _event(name: str, data: dict) -> str:
    return f"event: {name}\ndata: {json.dumps(data, ensure_ascii=False)}\n\n"


@login_required
@require_GET
def ai_stream_view(request, uuid):
    """The customer's answer to the saved reply as server-sent events (see the module's
    docstring). Nothing waiting: the current state at once (a reload in another tab)."""
    attempt = _playable_attempt(request, uuid)
    response = StreamingHttpResponse(
        _answer_events(request, attempt), content_type="text/event-stream; charset=utf-8"
    )
    response["Cache-Control"] = "no-cache"
    response["X-Accel-Buffering"] = "no"  # nginx: relay each piece as it comes
    return response


def _answer_events(request, attempt: ScenarioAttempt):
    if not is_ai_step(attempt, attempt_scenario(attempt)):
        # Ended meanwhile (another tab), or not an AI conversation: show where it is now.
        yield _event("end", {"next": _next_url(attempt)})
        return
    answering = ai_customer_answer(attempt=attempt)
    try:
        while True:
            try:
                piece = next(answering)
            except StopIteration as done:
                attempt = done.value
                break
            yield _event("piece", {"text": piece})
    except llm.ModelError as error:
        yield _event("error", {"message": str(error.user_message)})
        return
    if not attempt.is_open:
        yield _event("end", {"next": _next_url(attempt)})
        return
    yield _event("message", _message_data(attempt))
    if ai_needs_coaching(attempt):
        attempt = ai_reply_coach(attempt=attempt)
        yield _event("coaching", {"html": _coaching_html(request, attempt)})
    yield _event("done", {})


def _message_data(attempt: ScenarioAttempt) -> dict:
    scenario = attempt_scenario(attempt)
    left = max(0, scenario.ai_customer.max_turns - ai_turn_count(attempt))
    return {
        "text": attempt.ai_message,
        "waiting": attempt.ai_waiting,
        "turn": ai_turn_count(attempt),
        "turns_left": left,
        "turns_left_label": ngettext("%(left)s reply left", "%(left)s replies left", left)
        % {"left": left},
    }


def _coaching_html(request, attempt: ScenarioAttempt) -> str:
    return render_to_string(
        "roleplay/includes/ai_coaching.html",
        {"turn": attempt.transcript[-1], "show_feedback": True},
        request=request,
    )
