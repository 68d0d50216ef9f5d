"""The learner answers one wave's survey of one of their courses: the form, its autosave and
the submit. Only the learner's own answers exist at these addresses (the URL names no
person); a course or wave not open for them is "not found"."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from wagtail.models import Page

from evaluation.survey_models import QuestionKind
from evaluation.surveys import (
    answers_from_form,
    field_name,
    response_for,
    survey_for,
    survey_save,
    survey_submit,
)
from evaluation.wave_gate import wave_open_for
from training.course_tree import course_tree
from training.models import EvaluationWave

LIKERT_CHOICES = [1, 2, 3, 4, 5]
RECOMMEND_CHOICES = list(range(11))


def course_or_404(course_id: int):
    """The course or programme (both are evaluated, see `evaluation.programmes`), or 404."""
    pages = Page.objects.type(*course_tree().evaluated_models)
    return get_object_or_404(pages, pk=course_id).specific


def _survey_of(request, course_id: int, wave: str):
    """The course, survey and the learner's response (or None) for this wave; 404 unless the
    wave is open for them or they answered it already."""
    if wave not in EvaluationWave.values or wave == EvaluationWave.NONE:
        raise Http404
    course = course_or_404(course_id)
    response = response_for(person=request.user, course=course, wave=wave)
    if response is not None and response.submitted_at is not None:
        return course, response.survey, response
    if not wave_open_for(request.user, course, wave, asks="survey"):
        raise Http404
    survey = response.survey if response is not None else survey_for(course, wave)
    if survey is None:
        raise Http404
    return course, survey, response


def _questions(survey, answers: dict, errors: dict) -> list[dict]:
    rows = []
    for number, question in enumerate(survey.questions.all(), start=1):
        choices = []
        if question.kind == QuestionKind.LIKERT:
            choices = LIKERT_CHOICES
        elif question.kind == QuestionKind.RECOMMEND:
            choices = RECOMMEND_CHOICES
        rows.append(
            {
                "number": number,
                "question": question,
                "name": field_name(question),
                "value": answers.get(question.key, ""),
                "choices": choices,
                "error": errors.get(question.key, ""),
            }
        )
    return rows


def _page(request, course, wave, survey, response, *, answers=None, errors=None, status=200):
    answers = answers if answers is not None else (response.answers if response else {})
    return TemplateResponse(
        request,
        "evaluation/survey.html",
        {
            "course": course,
            "survey": survey,
            "wave": EvaluationWave(wave),
            "response": response,
            "submitted": response is not None and response.submitted_at is not None,
            "questions": _questions(survey, answers, errors or {}),
            "has_errors": bool(errors),
        },
        status=status,
    )


@login_required
@require_GET
def survey_view(request, course_id: int, wave: str):
    course, survey, response = _survey_of(request, course_id, wave)
    return _page(request, course, wave, survey, response)


def _wants_json(request) -> bool:
    return request.headers.get("X-Requested-With") == "fetch"


@login_required
@require_POST
def survey_save_view(request, course_id: int, wave: str):
    """Autosave: the browser posts the whole form; the answer is JSON. Without JavaScript
    the form's "Save" button comes here and goes back to the form."""
    course, survey, _response = _survey_of(request, course_id, wave)
    try:
        answers = answers_from_form(survey, request.POST)
    except ValidationError as invalid:
        message = _("Not saved: some answers are not valid.")
        if not _wants_json(request):
            messages.error(request, message)
            return redirect("evaluation_survey", course.pk, wave)
        return JsonResponse(
            {"saved": False, "message": message, "errors": invalid.message_dict}, status=400
        )
    result = survey_save(
        person=request.user, course=course, wave=wave, survey=survey, answers=answers
    )
    if not _wants_json(request):
        if result.saved:
            messages.success(request, _("Your answers are saved."))
        return redirect("evaluation_survey", course.pk, wave)
    saved_at = result.response.saved_at
    return JsonResponse(
        {
            "saved": result.saved,
            "message": result.message,
            "saved_at": timezone.localtime(saved_at).strftime("%H:%M:%S") if saved_at else None,
        },
        status=200 if result.saved else 409,
    )


@login_required
@require_POST
def survey_submit_view(request, course_id: int, wave: str):
    course, survey, response = _survey_of(request, course_id, wave)
    if response is not None and response.submitted_at is not None:
        return redirect("evaluation_survey", course.pk, wave)  # submitted already: once only
    try:
        answers = answers_from_form(survey, request.POST)
        survey_submit(person=request.user, course=course, wave=wave, survey=survey, answers=answers)
    except ValidationError as invalid:
        posted = {
            question.key: request.POST.get(field_name(question), "").strip()
            for question in survey.questions.all()
        }
        errors = (
            {key: " ".join(msgs) for key, msgs in invalid.message_dict.items()}
            if hasattr(invalid, "error_dict")
            else {}
        )
        if not errors:
            messages.error(request, " ".join(invalid.messages))
        response = response_for(person=request.user, course=course, wave=wave)
        return _page(
            request, course, wave, survey, response, answers=posted, errors=errors, status=400
        )
    messages.success(request, _("Thank you: your answers were submitted."))
    return redirect("evaluation_survey", course.pk, wave)
