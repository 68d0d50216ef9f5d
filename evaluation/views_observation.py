"""The observation checklist on the site: a supervisor observes a team member at work, and the
agent assesses themselves on the same checklist. Anyone who may not file it, a person the
viewer may not see, oneself as "supervisor", or a wave not open: "not found"."""

from __future__ import annotations

import contextlib

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from evaluation.observations import (
    ANSWER_LABELS,
    ANSWERS,
    OBSERVED_WAVES,
    answers_from_form,
    checklist_for,
    observation_draft_of,
    observation_draft_save,
    observation_file,
    observation_of,
)
from evaluation.views_survey import course_or_404
from evaluation.wave_gate import wave_open_for
from training.access import can_observe, visible_users
from training.models import EvaluationWave

_VALUE_NAMES = {value: name for name, value in ANSWERS.items()}


def _open_wave(person, course, wave: str, *, asks: str) -> EvaluationWave:
    if wave not in OBSERVED_WAVES or not wave_open_for(person, course, wave, asks=asks):
        raise Http404
    return EvaluationWave(wave)


def _posted(behaviours, data) -> tuple[dict[str, str], str]:
    return {b.key: data.get(f"b-{b.key}", "") for b in behaviours}, data.get("notes", "")


def _save(request, *, person, course, wave, observer, form_url: str):
    """Autosave of the form so far (JSON for the page's script; without JavaScript, the
    "Save" button comes here and goes back to the form)."""
    behaviours = list(checklist_for(course).behaviours.all())
    answers, notes = _posted(behaviours, request.POST)
    fetch = request.headers.get("X-Requested-With") == "fetch"
    try:
        draft = observation_draft_save(
            person=person, course=course, wave=wave, observer=observer, answers=answers, notes=notes
        )
    except PermissionDenied as refused:
        raise Http404 from refused
    except ValidationError as invalid:
        message = _("Not saved: some answers are not valid.")
        if not fetch:
            messages.error(request, message)
            return redirect(form_url)
        return JsonResponse(
            {"saved": False, "message": message, "errors": invalid.messages}, status=400
        )
    if not fetch:
        messages.success(request, _("Your answers are saved."))
        return redirect(form_url)
    return JsonResponse(
        {"saved": True, "saved_at": timezone.localtime(draft.saved_at).strftime("%H:%M:%S")}
    )


def _form(request, *, person, course, wave, observer, done_url, save_url, self_assessment: bool):
    checklist = checklist_for(course)
    behaviours = list(checklist.behaviours.all())
    previous = observation_of(person=person, course=course, wave=wave, observer=observer)
    draft = observation_draft_of(person=person, course=course, wave=wave, observer=observer)
    chosen = {
        key: _VALUE_NAMES.get(value)
        for key, value in (previous.criteria if previous else {}).items()
    }
    notes = previous.notes if previous else ""
    if draft is not None:  # filing removes the draft: one left is newer than what was filed
        chosen, notes = dict(draft.answers), draft.notes
    errors: dict = {}
    problem = ""
    status = 200
    if request.method == "POST":
        chosen, notes = _posted(behaviours, request.POST)
        try:
            criteria = answers_from_form(checklist, request.POST)
            observation_file(
                person=person,
                course=course,
                wave=wave,
                observer=observer,
                criteria=criteria,
                notes=notes,
            )
        except PermissionDenied as refused:
            raise Http404 from refused
        except ValidationError as invalid:
            status = 400
            with contextlib.suppress(ValidationError):  # what was typed is kept, not filed
                observation_draft_save(
                    person=person,
                    course=course,
                    wave=wave,
                    observer=observer,
                    answers=chosen,
                    notes=notes,
                )
            if hasattr(invalid, "error_dict"):
                errors = {key: " ".join(msgs) for key, msgs in invalid.message_dict.items()}
                problem = _("Some behaviours have no answer; they are marked below.")
            else:
                problem = " ".join(invalid.messages)
        else:
            messages.success(
                request,
                _("Your self-assessment was submitted.")
                if self_assessment
                else _("The observation was submitted."),
            )
            return redirect(done_url)
    rows = [
        {
            "behaviour": behaviour,
            "name": f"b-{behaviour.key}",
            "chosen": chosen.get(behaviour.key),
            "error": errors.get(behaviour.key, ""),
        }
        for behaviour in behaviours
    ]
    return TemplateResponse(
        request,
        "evaluation/observation.html",
        {
            "person": person,
            "course": course,
            "wave": wave,
            "rows": rows,
            "choices": list(ANSWER_LABELS.items()),
            "notes": notes,
            "notes_error": errors.get("notes", ""),
            "problem": problem,
            "previous": previous,
            "draft": draft,
            "save_url": save_url,
            "self_assessment": self_assessment,
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def observation_view(request, person_id: int, course_id: int, wave: str):
    """A supervisor (a manager of the person's team, a trainer, an administrator) observes
    the person at this wave of the course."""
    person, course, wave = _observed(request, person_id, course_id, wave)
    return _form(
        request,
        person=person,
        course=course,
        wave=wave,
        observer=request.user,
        done_url=reverse("team_member", args=[person.pk]),
        save_url=reverse("evaluation_observation_save", args=[person.pk, course.pk, wave]),
        self_assessment=False,
    )


@login_required
@require_http_methods(["GET", "POST"])
def self_assessment_view(request, course_id: int, wave: str):
    """The agent rates themselves on the course's checklist at this wave."""
    course = course_or_404(course_id)
    wave = _open_wave(request.user, course, wave, asks="self_assessment")
    return _form(
        request,
        person=request.user,
        course=course,
        wave=wave,
        observer=request.user,
        done_url=reverse("my_training"),
        save_url=reverse("evaluation_self_assessment_save", args=[course.pk, wave]),
        self_assessment=True,
    )


def _observed(request, person_id: int, course_id: int, wave: str):
    person = get_object_or_404(visible_users(request.user), pk=person_id)
    if not can_observe(request.user, person):
        raise Http404
    course = course_or_404(course_id)
    return person, course, _open_wave(person, course, wave, asks="observation")


@login_required
@require_POST
def observation_save_view(request, person_id: int, course_id: int, wave: str):
    person, course, wave = _observed(request, person_id, course_id, wave)
    form_url = reverse("evaluation_observation", args=[person.pk, course.pk, wave])
    return _save(
        request, person=person, course=course, wave=wave, observer=request.user, form_url=form_url
    )


@login_required
@require_POST
def self_assessment_save_view(request, course_id: int, wave: str):
    course = course_or_404(course_id)
    wave = _open_wave(request.user, course, wave, asks="self_assessment")
    form_url = reverse("evaluation_self_assessment", args=[course.pk, wave])
    return _save(
        request,
        person=request.user,
        course=course,
        wave=wave,
        observer=request.user,
        form_url=form_url,
    )
