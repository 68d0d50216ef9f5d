"""The manual importer as an import job: the outline the trainer confirmed becomes a course.

The job stores the outline the trainer saw in the preview (not the Word file again), so the
course created is exactly the one that was checked, however long the job waits.
"""

from __future__ import annotations

import json

from django.urls import reverse
from django.utils.translation import gettext, gettext_lazy

from courses.importers.manual_outline import ManualOutline
from courses.importers.manual_writer import course_create_from_outline, outline_page_count
from courses.models import CourseKind
from training.importers.errors import ImportRejected
from training.imports import ImportInput, ImportKind

KIND = "courses.manual"


def manual_job_data(outline: ManualOutline) -> bytes:
    """What a manual import job stores: the confirmed outline as JSON."""
    return json.dumps(outline.to_dict(), ensure_ascii=False).encode("utf-8")


def _check(job: ImportInput) -> ManualOutline:
    if job.options.get("kind") not in CourseKind.values:
        raise ImportRejected.single(gettext("Choose the kind of training."))
    return ManualOutline.from_dict(json.loads(job.data.decode("utf-8")))


def _write(job: ImportInput, outline: ManualOutline) -> dict:
    course = course_create_from_outline(
        outline=outline,
        kind=job.options["kind"],
        title=job.options.get("title") or None,
        owner=job.user,
        progress=job.progress,
    )
    return {
        "course": course.pk,
        "title": course.title,
        "modules": len(outline.modules),
        "lessons": outline.lesson_count,
        "url": reverse("wagtailadmin_pages:edit", args=[course.pk]),
    }


def _summary(result: dict) -> str:
    message = gettext("Draft course “%(title)s” created: %(modules)s modules, %(lessons)s lessons.")
    return message % {
        "title": result["title"],
        "modules": result["modules"],
        "lessons": result["lessons"],
    }


MANUAL_IMPORT = ImportKind(
    name=KIND,
    check=_check,
    write=_write,
    summary=_summary,
    size=outline_page_count,
    label=gettext_lazy("Import manual"),
    link_label=gettext_lazy("Edit the draft course"),
    upload_url_name="courses_manual_import",
)
