"""Admin pages of the question bank beyond listing and editing: preview, review, statistics,
import and export.

Preview grades with the same pure functions as a real attempt and writes nothing: no
attempt, no learning record.
"""

from __future__ import annotations

import random
import secrets

from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from wagtail.admin import messages
from wagtail.admin.auth import permission_required

from quizzes.admin.forms import QuestionExportForm, QuestionImportForm, category_paths
from quizzes.analysis import flag_label, question_option_frequencies, quiz_statistics
from quizzes.analysis import quizzes_with_attempts as quizzes_with_attempts_selector
from quizzes.bank import question_snapshot
from quizzes.grading import grade, response_summary
from quizzes.models import Question, QuestionCategory, QuizPage
from quizzes.questions import ESSAY, make_layout
from quizzes.responses import (
    ABSENT,
    UNKNOWN,
    clean_response,
    form_response,
    present,
    to_tokens,
    with_response,
)
from quizzes.review import question_mark_reviewed
from training.imports import import_job_start

PREVIEW_PREFIX = "q1"


# --- review -------------------------------------------------------------------------------


@permission_required("quizzes.change_question")
@require_http_methods(["GET", "POST"])
def question_reviewed(request, pk: int):
    question = get_object_or_404(Question, pk=pk)
    back_url = reverse("quizzes_questions:index")
    if request.method == "POST":
        question_mark_reviewed(question=question, user=request.user)
        messages.success(request, _("“%(name)s” was marked as reviewed.") % {"name": question})
        next_url = request.POST.get("next", "")
        safe = url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()})
        return redirect(next_url if next_url and safe else back_url)
    context = {"question": question, "back_url": back_url}
    return TemplateResponse(request, "quizzes/admin/question_reviewed.html", context)


# --- preview ------------------------------------------------------------------------------


def posted_response(snap: dict, layout: dict, data, prefix: str):
    """The response in a form posted by the learner's question partial, cleaned."""
    raw = form_response(snap, layout, data, prefix)
    return clean_response(snap, layout, None if raw in (ABSENT, UNKNOWN) else raw)


def _preview_seed(value) -> str:
    text = str(value or "")
    return text if text.isalnum() and len(text) <= 32 else secrets.token_hex(4)


@permission_required("quizzes.view_question")
@require_http_methods(["GET", "POST"])
def question_preview(request, pk: int):
    """The question as a learner will see it (options shuffled as in an attempt), and a
    "check my answer" that grades the response with the attempt's rules."""
    question = get_object_or_404(Question.objects.prefetch_related("answers", "tags"), pk=pk)
    seed = _preview_seed(request.POST.get("seed") or request.GET.get("seed"))
    snap = question_snapshot(question)
    layout = make_layout(
        snap, shuffle=question.shuffle_options, rng=random.Random(f"{question.pk}:{seed}")
    )
    shown = present(snap, layout)
    result = response = None
    if request.method == "POST":
        response = posted_response(snap, layout, request.POST, PREVIEW_PREFIX)
        graded = grade(snap, layout, response)
        result = {
            "fraction": graded.fraction,
            "percent": None if graded.fraction is None else round(100 * graded.fraction, 1),
            "marks": None if graded.fraction is None else round(graded.fraction * snap["mark"], 2),
            "right": graded.fraction is not None and graded.fraction >= 0.999,
            "right_answer": graded.right_answer,
            "feedback": graded.feedback,
            "general_feedback": snap.get("general_feedback", ""),
            "given": response_summary(snap, layout, response),
            "essay": snap["type"] == ESSAY,
            "grader_info": snap.get("grader_info", ""),
        }
    context = {
        "question": question,
        "q": with_response(shown, to_tokens(snap, layout, response)),
        "number": 1,
        "name_prefix": PREVIEW_PREFIX,
        "seed": seed,
        "result": result,
        "options": question_option_frequencies(question),
        "edit_url": reverse("quizzes_questions:edit", args=[question.pk]),
    }
    return TemplateResponse(request, "quizzes/admin/question_preview.html", context)


# --- statistics ---------------------------------------------------------------------------


@permission_required("quizzes.view_quizattempt")
def quiz_statistics_index(request):
    context = {"quizzes": quizzes_with_attempts_selector()}
    return TemplateResponse(request, "quizzes/admin/statistics_index.html", context)


@permission_required("quizzes.view_quizattempt")
def quiz_statistics_view(request, quiz_id: int):
    quiz = get_object_or_404(QuizPage, pk=quiz_id)
    report = quiz_statistics(quiz)
    rows = [
        {
            "position": position,
            "flags": [{"name": f, "label": flag_label(f)} for f in position.flags],
            "drawn": [
                {
                    "question": drawn,
                    "url": reverse("quizzes_questions:edit", args=[drawn.question_id])
                    if drawn.question_id
                    else "",
                }
                for drawn in position.drawn
            ],
        }
        for position in report.positions
    ]
    context = {
        "quiz": quiz,
        "report": report,
        "stats": report.statistics,
        "rows": rows,
        "edit_url": reverse("wagtailadmin_pages:edit", args=[quiz.pk]),
    }
    return TemplateResponse(request, "quizzes/admin/statistics.html", context)


# --- import and export --------------------------------------------------------------------


@permission_required("quizzes.add_question")
@require_http_methods(["GET", "POST"])
def bank_import(request):
    """Upload a question file; a background job imports it and its page shows the outcome."""
    from quizzes.importers.job import KIND

    form = QuestionImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        category = form.cleaned_data["category"]
        job = import_job_start(
            user=request.user,
            kind=KIND,
            filename=form.cleaned_data["file"].name,
            data=form.read_file(),
            options={
                "format": form.cleaned_data["format"],
                "category": category_paths()[category.pk] if category else "",
            },
        )
        return redirect("training_import_job", job.pk)
    context = {"form": form, "export_form": QuestionExportForm()}
    return TemplateResponse(request, "quizzes/admin/import.html", context)


@permission_required("quizzes.view_question")
def bank_export(request):
    """A category's questions as a GIFT file (with its subcategories unless unticked)."""
    from quizzes.importers.gift_export import export_gift

    form = QuestionExportForm(request.GET)
    if not form.is_valid():
        messages.error(request, _("Choose a category to export."))
        return redirect("quizzes_bank_import")
    category: QuestionCategory = form.cleaned_data["category"]
    ids = category.descendant_ids() if form.cleaned_data["include_subcategories"] else {category.pk}
    questions = (
        Question.objects.filter(category_id__in=ids)
        .select_related("category")
        .prefetch_related("answers", "tags")
        .order_by("category_id", "name", "pk")
    )
    response = HttpResponse(export_gift(list(questions)), content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="questions-{category.pk}.gift"'
    return response


@permission_required("quizzes.add_question")
def bank_xlsx_template(request):
    from quizzes.importers.xlsx_template import xlsx_template

    response = HttpResponse(
        xlsx_template(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = 'attachment; filename="questions-template.xlsx"'
    return response
