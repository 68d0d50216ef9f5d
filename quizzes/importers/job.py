"""The question importer as an import job: a GIFT, Aiken or Excel file into the bank."""

from __future__ import annotations

from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext_lazy, ngettext

from quizzes.bank import questions_save
from quizzes.importers import questions_read
from quizzes.questions import QuestionData
from training.imports import ImportInput, ImportKind

KIND = "quizzes.questions"
LISTED = 20  # questions named on the job page; the link lists them all


def _check(job: ImportInput) -> list[QuestionData]:
    return questions_read(
        data=job.data,
        filename=job.filename,
        format=job.options.get("format") or None,
        category=job.options.get("category") or None,
    )


def _write(job: ImportInput, questions: list[QuestionData]) -> dict:
    created = questions_save(questions=questions, user=job.user, progress=job.progress)
    categories = {question.category_id for question in created}
    url = reverse("quizzes_questions:index")
    if len(categories) == 1:
        url = f"{url}?{urlencode({'category': categories.pop()})}"
    return {
        "count": len(created),
        "url": url,
        "listed": [
            {"label": q.name, "url": reverse("quizzes_questions:edit", args=[q.pk])}
            for q in created[:LISTED]
        ],
    }


def _summary(result: dict) -> str:
    count = result["count"]
    return ngettext(
        "%(counter)s question was added to the bank.",
        "%(counter)s questions were added to the bank.",
        count,
    ) % {"counter": count}


QUESTION_IMPORT = ImportKind(
    name=KIND,
    check=_check,
    write=_write,
    summary=_summary,
    size=len,
    label=gettext_lazy("Import questions"),
    link_label=gettext_lazy("Show the imported questions"),
    upload_url_name="quizzes_bank_import",
)
