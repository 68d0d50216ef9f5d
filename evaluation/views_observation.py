"""The observation checklist on the site: a supervisor observes a team member at work, and the
agent assesses themselves on the same checklist. Anyone who may not file it, a person the
viewer may not see, oneself as "supervisor", or a wave not open: "not found"."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from evaluation.observations import (
    ANSWER_LABELS,
    ANSWERS,
    OBSERVED_WAVES,
    answers_from_form,
    checklist_for,
    observation_file,
    observation_of,
)
from evaluation.views_survey import course_or_404
from evaluation.wave_gate import wave_open_for
from training.access import can_observe, visible_users
from training.models import EvaluationWave

_VALUE_NAMES = {value: name for name, value in ANSWERS.items()}


def _open_wave(person, course, wave: str) -> EvaluationWave:
    if wave not in OBSERVED_WAVES or not wave_open_for(person, course, wave):
        raise Http404
    return EvaluationWave(wave)


def _form(request, *, person, course, wave, observer, done_url, self_assessment: bool):
    checklist = checklist_for(course)
    behaviours = list(checklist.behaviours.all())
    previous = observation_of(person=person, course=course, wave=wave, observer=observer)
    chosen = {
        key: _VALUE_NAMES.get(value)
        for key, value in (previous.criteria if previous else {}).items()
    }
    notes = previous.notes if previous else ""
    errors: dict = {}
    problem = ""
    status = 200
    if request.method == "POST":
        chosen = {b.key: request.POST.get(f"b-{b.key}", "") for b in behaviours}
        notes = request.POST.get("notes", "")
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
            if hasattr(invalid, "error_dict"):
                errors = {key: " ".join(msgs) for key, msgs in invalid.message_dict.items()}
                problem = _("Some behaviours have no answer; they are marked below.")
            else:
                problem = " ".join(invalid.messages)
        else:
            messages.success(
                request,
                _("Your self-assessment was saved.")
                if self_assessment
                else _("The observation was saved."),
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
            "self_assessment": self_assessment,
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def observation_view(request, person_id: int, course_id: int, wave: str):
    """A supervisor (a manager of the person's team, a trainer, an administrator) observes
    the person at this wave of the course."""
    person = get_object_or_404(visible_users(request.user), pk=person_id)
    if not can_observe(request.user, person):
        raise Http404
    course = course_or_404(course_id)
    wave = _open_wave(person, course, wave)
    return _form(
        request,
        person=person,
        course=course,
        wave=wave,
        observer=request.user,
        done_url=reverse("team_member", args=[person.pk]),
        self_assessment=False,
    )


@login_required
@require_http_methods(["GET", "POST"])
def self_assessment_view(request, course_id: int, wave: str):
    """The agent rates themselves on the course's checklist at this wave."""
    course = course_or_404(course_id)
    wave = _open_wave(request.user, course, wave)
    return _form(
        request,
        person=request.user,
        course=course,
        wave=wave,
        observer=request.user,
        done_url=reverse("my_training"),
        self_assessment=True,
    )
