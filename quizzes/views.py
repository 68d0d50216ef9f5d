"""The learner's side of quizzes: the quiz page, the attempt, saving, submitting, the result.

An attempt is reached by its uuid and only by the learner who owns it (anyone else gets 404).
Every page of an open attempt is rendered from `present()`: answer keys stay on the server.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST
from wagtail.models import Page

from quizzes.models import AttemptState, QuizAttempt
from quizzes.questions import (
    MATCHING,
    MULTIPLE,
    ORDERING,
    grade,
    present,
    response_summary,
    with_response,
)
from quizzes.services import (
    attempt_accepts_answers,
    attempt_open_for,
    attempt_save,
    attempt_start,
    attempt_submit,
    quiz_closed_reason,
    review_visible,
)


def quiz_page_serve(request, quiz, page_serve):
    """GET: the quiz's page with the learner's attempts; POST: start (or resume) an attempt."""
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


def quiz_breadcrumbs(quiz):
    """Live course-tree pages above the quiz (catalogue, course, module), top first."""
    return (
        Page.objects.ancestor_of(quiz)
        .live()
        .filter(content_type__app_label="courses")
        .order_by("depth")
    )


def _quiz_context(request, quiz, refused: str = "") -> dict:
    attempts = list(QuizAttempt.objects.filter(quiz=quiz, user=request.user).order_by("number"))
    open_attempt = next((a for a in attempts if a.is_open), None)
    best = max((a.score for a in attempts if a.score is not None), default=None)
    return {
        "page": quiz,
        "self": quiz,
        "course": quiz.course,
        "crumbs": quiz_breadcrumbs(quiz),
        "attempts": attempts,
        "open_attempt": open_attempt,
        "closed_reason": None if open_attempt else quiz_closed_reason(quiz=quiz, user=request.user),
        "refused": refused,
        "best_percent": None if best is None else round(best * 100, 1),
        "passed_once": any(a.passed for a in attempts),
        "question_count": quiz.question_count(),
        "attempts_left": max(0, quiz.max_attempts - len(attempts)) if quiz.max_attempts else None,
    }


def _own_attempt(request, uuid) -> QuizAttempt:
    attempt = get_object_or_404(
        QuizAttempt.objects.select_related("quiz", "user"), uuid=uuid, user=request.user
    )
    return attempt


def responses_from_form(attempt: QuizAttempt, data) -> dict[int, object]:
    """The answers in a posted form, by question position (see quizzes.questions for shapes).
    A question whose field is absent from the post is left out, not cleared."""
    responses: dict[int, object] = {}
    for slot in attempt.questions.all():
        prefix = f"q{slot.position}"
        qtype = slot.snapshot["type"]
        if qtype == MULTIPLE:
            if prefix in data or f"{prefix}-present" in data:
                responses[slot.position] = data.getlist(prefix)
        elif qtype == MATCHING:
            stems = slot.layout.get("stems", [])
            if any(f"{prefix}-{stem}" in data for stem in stems):
                responses[slot.position] = {
                    stem: data.get(f"{prefix}-{stem}")
                    for stem in stems
                    if data.get(f"{prefix}-{stem}")
                }
        elif qtype == ORDERING:
            keys = slot.layout.get("options", [])
            if any(f"{prefix}-{key}" in data for key in keys):
                responses[slot.position] = {
                    key: data.get(f"{prefix}-{key}") for key in keys if data.get(f"{prefix}-{key}")
                }
        elif prefix in data:
            responses[slot.position] = data.get(prefix)
        elif f"{prefix}-present" in data:
            responses[slot.position] = None
    return responses


def _sequence(data) -> int | None:
    value = str(data.get("sequence", "")).strip()
    return int(value) if value.isdigit() else None


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
            "q": with_response(present(slot.snapshot, slot.layout), slot.response),
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
    result = attempt_save(
        attempt=attempt,
        responses=responses_from_form(attempt, request.POST),
        sequence=_sequence(request.POST),
    )
    attempt.state = result.state  # as read under the save's lock
    if request.headers.get("X-Requested-With") != "fetch":
        # The form's own "Save" button (no JavaScript): back to the attempt, or its result.
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
        },
        status=200 if result.saved else 409,
    )


def attempt_result_url(attempt: QuizAttempt) -> str:
    from django.urls import reverse

    return reverse("quiz_attempt_result", args=[attempt.uuid])


@login_required
@require_POST
def attempt_submit_view(request, uuid):
    attempt = _own_attempt(request, uuid)
    attempt_submit(
        attempt=attempt,
        responses=responses_from_form(attempt, request.POST),
        sequence=_sequence(request.POST),
        # The page's timer submits by itself when the time is up.
        auto=request.POST.get("time_up") == "1" and attempt.deadline is not None,
    )
    return redirect("quiz_attempt_result", attempt.uuid)


@login_required
@require_GET
def attempt_result_view(request, uuid):
    attempt = _own_attempt(request, uuid)
    if attempt.is_open:
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
                correct=slot.mark is not None and slot.mark >= slot.max_mark - 1e-9,
                partly=slot.mark is not None and 0 < slot.mark < slot.max_mark - 1e-9,
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
            "can_retake": attempt_open_for(quiz=attempt.quiz, user=request.user) is None
            and quiz_closed_reason(quiz=attempt.quiz, user=request.user) is None,
        },
    )
