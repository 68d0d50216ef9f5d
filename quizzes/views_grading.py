"""Trainers grade essay answers: a queue, oldest first, and one answer at a time.

Once the last essay of an attempt is graded, its result is final: the learning record is
updated and the learner sees the marks and the trainer's comments on their result page.
"""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.defaultfilters import floatformat
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

from quizzes.grading import response_summary
from quizzes.models import AttemptQuestion, AttemptState, QuizPage
from quizzes.responses import present
from quizzes.services import attempt_question_grade
from training.decorators import role_required
from training.roles import ADMIN_ROLES


def grading_queue():
    """Essay answers waiting for a trainer, oldest submission first."""
    return (
        AttemptQuestion.objects.filter(
            needs_grading=True, attempt__state=AttemptState.AWAITING_GRADING
        )
        .select_related("attempt", "attempt__user", "attempt__quiz")
        .order_by("attempt__submitted_at", "attempt_id", "position")
    )


def mark_label(value: float) -> str:
    """A mark as trainers write it: 5, 2.5, 0.75."""
    return floatformat(value, -2)


class GradeForm(forms.Form):
    """A mark from 0 to the question's maximum, checked here (the browser's own check is off,
    so every trainer sees the same clear message), and a comment for the learner."""

    def __init__(self, *args, max_mark: float, **kwargs):
        super().__init__(*args, **kwargs)
        self.max_mark = max_mark
        self.fields["mark"] = forms.DecimalField(
            label=_("Mark"),
            max_digits=8,
            decimal_places=2,
            widget=forms.NumberInput(
                attrs={"min": 0, "max": max_mark, "step": "any", "class": "mark-input"}
            ),
        )
        self.fields["comment"] = forms.CharField(
            label=_("Comment for the learner"),
            widget=forms.Textarea(attrs={"rows": 4}),
            required=False,
        )

    def clean_mark(self):
        mark = self.cleaned_data["mark"]
        if mark < 0:
            raise forms.ValidationError(_("A mark cannot be below 0."), code="min_value")
        if mark > Decimal(str(self.max_mark)):
            raise forms.ValidationError(
                _("At most %(max)s marks for this question.") % {"max": mark_label(self.max_mark)},
                code="max_value",
            )
        return mark


@role_required(*ADMIN_ROLES)
def grading_queue_view(request):
    queue = grading_queue()
    quiz_id = request.GET.get("quiz", "")
    if quiz_id.isdigit():
        queue = queue.filter(attempt__quiz_id=int(quiz_id))
    quizzes = QuizPage.objects.filter(pk__in=grading_queue().values("attempt__quiz_id")).order_by(
        "title"
    )
    return TemplateResponse(
        request,
        "quizzes/grading_queue.html",
        {"queue": queue[:200], "quizzes": quizzes, "quiz_id": quiz_id},
    )


@role_required(*ADMIN_ROLES)
def grading_view(request, pk: int):
    slot = get_object_or_404(
        AttemptQuestion.objects.select_related("attempt", "attempt__user", "attempt__quiz"),
        pk=pk,
    )
    if slot.attempt.state == AttemptState.IN_PROGRESS:
        raise PermissionDenied
    form = GradeForm(request.POST or None, max_mark=slot.max_mark)
    if request.method == "POST" and form.is_valid():
        attempt_question_grade(
            slot=slot,
            mark=float(form.cleaned_data["mark"]),
            comment=form.cleaned_data["comment"],
            grader=request.user,
        )
        messages.success(
            request,
            _("Saved the grade for %(name)s.")
            % {"name": slot.attempt.user.get_full_name() or slot.attempt.user.email},
        )
        following = grading_queue().first()
        return (
            redirect("quiz_grading", following.pk) if following else redirect("quiz_grading_queue")
        )
    return TemplateResponse(
        request,
        "quizzes/grading.html",
        {
            "slot": slot,
            "attempt": slot.attempt,
            "q": present(slot.snapshot, slot.layout),
            "answer": response_summary(slot.snapshot, slot.layout, slot.response),
            "grader_info": slot.snapshot.get("grader_info", ""),
            "model_answer": slot.snapshot.get("general_feedback", ""),
            "response_template": slot.snapshot.get("response_template", ""),
            "max_mark": mark_label(slot.max_mark),
            "form": form,
            "waiting": grading_queue().count(),
        },
    )
