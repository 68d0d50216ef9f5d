"""The learner's side of quizzes: the quiz page, the attempt, saving, submitting, the result.

An attempt is reached by its uuid and only by the learner who owns it (anyone else gets 404).
Every page of an open attempt is rendered from `present()`: answer keys stay on the server.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from quizzes.grading import grade, response_summary
from quizzes.models import AttemptState, QuizAttempt
from quizzes.responses import (
    ABSENT,
    UNKNOWN,
    form_response,
    form_values,
    present,
    to_tokens,
    with_response,
)
from quizzes.result import is_full_mark, next_try, review_promise, topic_scores
from quizzes.services import (
    RETEST_WAVES,
    AttemptChangedElsewhere,
    attempt_accepts_answers,
    attempt_save,
    attempt_start,
    attempt_submit,
    quiz_closed_reason,
    review_visible,
)
from training.access import can_view_user
from training.waves import retest_open


def quiz_page_serve(request, quiz, page_serve):
    """GET: the quiz's page with the learner's attempts; POST: start (or resume) an attempt.
    A quiz in a course (or module) that is not published is not found, except in a trainer's
    preview in the admin."""
    if not getattr(request, "is_preview", False) and not quiz.is_playable():
        raise Http404
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if request.method == "POST":
        try:
            attempt = attempt_start(quiz=quiz, user=request.user)
        except PermissionDenied as refused:
            return TemplateResponse(
                request,
                "quizzes/quiz_page.html",
                _quiz_context(request, quiz, refused=str(refused)),
                status=403,
            )
        return redirect("quiz_attempt", attempt.uuid)
    return TemplateResponse(request, "quizzes/quiz_page.html", _quiz_context(request, quiz))


def _quiz_context(request, quiz, refused: str = "") -> dict:
    attempts = list(QuizAttempt.objects.filter(quiz=quiz, user=request.user).order_by("number"))
    open_attempt = next((a for a in attempts if a.is_open), None)
    best = max((a.score for a in attempts if a.score is not None), default=None)
    passed_once = any(a.passed for a in attempts)
    counted = [a for a in attempts if a.wave not in RETEST_WAVES]  # re-tests use up none
    return {
        "page": quiz,
        "self": quiz,
        "course": quiz.course,
        "crumbs": quiz.breadcrumbs(),
        "attempts": attempts,
        "open_attempt": open_attempt,
        "closed_reason": None if open_attempt else quiz_closed_reason(quiz=quiz, user=request.user),
        "refused": refused,
        "best_percent": None if best is None else round(best * 100, 1),
        "passed_once": passed_once,
        # An evaluation wave has the learner re-take the quiz (a retention re-test).
        "retest_open": passed_once
        and not open_attempt
        and retest_open(user=request.user, activity=quiz),
        "question_count": quiz.question_count(),
        "attempts_left": max(0, quiz.max_attempts - len(counted)) if quiz.max_attempts else None,
        "attempts_counted": len(counted),
        "retests_taken": len(attempts) - len(counted),
        "review_promise": review_promise(quiz),
    }


def _own_attempt(request, uuid, *, playing: bool = True) -> QuizAttempt:
    """The learner's own attempt (anyone else's is not found); when `playing` (resuming,
    saving, submitting), only while the quiz and the course above it are published."""
    attempt = get_object_or_404(
        QuizAttempt.objects.select_related("quiz", "user"), uuid=uuid, user=request.user
    )
    if playing and not attempt.quiz.is_playable():
        raise Http404
    return attempt


class FormNotCurrent(Exception):
    """The posted form uses values this attempt never gave out (a page drawn before an
    upgrade, or for another attempt): none of it is taken, and the learner is told."""


def responses_from_form(attempt: QuizAttempt, data) -> dict[int, object]:
    """The answers in a posted form, by question position, in answer keys (the form speaks
    the attempt's tokens; see quizzes.questions). A question whose fields are absent from the
    post is left out, not cleared. Raises FormNotCurrent for a form this attempt cannot read."""
    responses: dict[int, object] = {}
    for slot in attempt.questions.all():
        value = form_response(slot.snapshot, slot.layout, data, f"q{slot.position}")
        if value is UNKNOWN:
            raise FormNotCurrent
        if value is not ABSENT:
            responses[slot.position] = value
    return responses


def stored_form_values(attempt: QuizAttempt) -> list[list[str]]:
    """The attempt's saved answers as the form's [name, value] pairs (for a page to show)."""
    return [
        pair
        for slot in attempt.questions.all()
        for pair in form_values(slot.snapshot, slot.layout, slot.response, f"q{slot.position}")
    ]


def _sequence(data) -> int | None:
    value = str(data.get("sequence", "")).strip()
    return int(value) if value.isdigit() else None


def _posted(attempt: QuizAttempt, data) -> tuple[dict[int, object], int | None]:
    """The answers and the save number of a posted attempt form. A form the attempt cannot
    read counts as a page that has seen no save (number 0): it is refused like a stale one."""
    try:
        return responses_from_form(attempt, data), _sequence(data)
    except FormNotCurrent:
        return {}, 0


@login_required
@require_GET
def attempt_view(request, uuid):
    attempt = _own_attempt(request, uuid)
    if not attempt.is_open:
        return redirect("quiz_attempt_result", attempt.uuid)
    now = timezone.now()
    if not attempt_accepts_answers(attempt, now):
        attempt = attempt_submit(attempt=attempt, now=now, auto=True)
        return redirect("quiz_attempt_result", attempt.uuid)
    slots = list(attempt.questions.all())
    questions = [
        {
            "number": slot.position,
            "name_prefix": f"q{slot.position}",
            "q": with_response(
                present(slot.snapshot, slot.layout),
                to_tokens(slot.snapshot, slot.layout, slot.response),
            ),
            "answered": slot.response not in (None, "", [], {}),
        }
        for slot in slots
    ]
    remaining = max(0, int((attempt.deadline - now).total_seconds())) if attempt.deadline else None
    return TemplateResponse(
        request,
        "quizzes/attempt.html",
        {
            "attempt": attempt,
            "quiz": attempt.quiz,
            "course": attempt.quiz.course,
            "questions": questions,
            "remaining_seconds": remaining,
        },
    )


@login_required
@require_POST
def attempt_save_view(request, uuid):
    """Autosave: the browser posts the whole form (numbered); the answer is JSON."""
    attempt = _own_attempt(request, uuid)
    responses, sequence = _posted(attempt, request.POST)
    result = attempt_save(attempt=attempt, responses=responses, sequence=sequence)
    attempt.state = result.state  # as read under the save's lock
    if request.headers.get("X-Requested-With") != "fetch":
        # The form's own "Save" button (no JavaScript): back to the attempt, or its result.
        if result.conflict:
            messages.warning(request, result.message)
        return redirect("quiz_attempt" if attempt.is_open else "quiz_attempt_result", attempt.uuid)
    remaining = (
        max(0, int((attempt.deadline - timezone.now()).total_seconds()))
        if attempt.deadline and attempt.is_open
        else None
    )
    return JsonResponse(
        {
            "saved": result.saved,
            "state": result.state,
            "sequence": result.sequence,
            "saved_at": timezone.localtime(result.saved_at).strftime("%H:%M:%S")
            if result.saved_at
            else None,
            "remaining_seconds": remaining,
            "message": result.message,
            "result_url": "" if attempt.is_open else attempt_result_url(attempt),
            "conflict": result.conflict,
            # What is stored, for the page to show instead of what it had.
            "answers": stored_form_values(attempt) if result.conflict else None,
        },
        status=200 if result.saved else 409,
    )


def attempt_result_url(attempt: QuizAttempt) -> str:
    return reverse("quiz_attempt_result", args=[attempt.uuid])


@login_required
@require_POST
def attempt_submit_view(request, uuid):
    attempt = _own_attempt(request, uuid)
    responses, sequence = _posted(attempt, request.POST)
    try:
        attempt_submit(
            attempt=attempt,
            responses=responses,
            sequence=sequence,
            # The page's timer submits by itself when the time is up.
            auto=request.POST.get("time_up") == "1" and attempt.deadline is not None,
        )
    except AttemptChangedElsewhere:
        messages.warning(
            request,
            _(
                "Not submitted: this attempt was changed in another tab or on another device. "
                "The answers saved there are shown now: check them and submit again."
            ),
        )
        return redirect("quiz_attempt", attempt.uuid)
    return redirect("quiz_attempt_result", attempt.uuid)


@login_required
@require_GET
def attempt_result_view(request, uuid):
    attempt = get_object_or_404(QuizAttempt.objects.select_related("quiz", "user"), uuid=uuid)
    own = attempt.user_id == request.user.pk
    if not own:
        # The learner's manager (or a trainer) sees, read-only, exactly what the learner saw;
        # anyone else, and an attempt still being written, is not found (training.access).
        if not can_view_user(request.user, attempt.user) or attempt.is_open:
            raise Http404
    elif attempt.is_open:
        return redirect("quiz_attempt", attempt.uuid)
    show_answers = review_visible(attempt)
    rows = []
    for slot in attempt.questions.all():
        row = {"number": slot.position, "slot": slot}
        if show_answers:
            result = grade(slot.snapshot, slot.layout, slot.response)
            row.update(
                q=present(slot.snapshot, slot.layout),
                given=response_summary(slot.snapshot, slot.layout, slot.response),
                right_answer=result.right_answer,
                feedback=result.feedback,
                general_feedback=slot.snapshot.get("general_feedback", ""),
                correct=is_full_mark(slot.mark, slot.max_mark),
                partly=slot.mark is not None
                and slot.mark > 0
                and not is_full_mark(slot.mark, slot.max_mark),
            )
        rows.append(row)
    return TemplateResponse(
        request,
        "quizzes/attempt_result.html",
        {
            "attempt": attempt,
            "quiz": attempt.quiz,
            "course": attempt.quiz.course,
            "rows": rows,
            "show_answers": show_answers,
            "awaiting": attempt.state == AttemptState.AWAITING_GRADING,
            "own": own,
            "member_url": None if own else reverse("team_member", args=[attempt.user_id]),
            "review_promise": review_promise(attempt.quiz),
            "topics": topic_scores(attempt),
            # What the learner may do next; a manager reading along sees the same.
            "next_try": next_try(quiz=attempt.quiz, user=attempt.user),
        },
    )
