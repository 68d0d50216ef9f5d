"""Questions to look at again when a lesson they test is republished with other content.

`quizzes` never imports `courses`: a lesson is recognised by its model label, and its earlier
content is read back from Wagtail's revisions.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.db.models import F, Value
from django.db.models.functions import Concat
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.models import PageLogEntry, Revision

from quizzes.models import Question
from training.i18n import in_site_language
from training.models import User

LESSON_MODEL = "courses.LessonPage"


def _without_ids(value):
    # Block ids change when content is pasted or imported; only what a learner reads counts.
    if isinstance(value, dict):
        return {k: _without_ids(v) for k, v in value.items() if k != "id"}
    if isinstance(value, list):
        return [_without_ids(item) for item in value]
    return value


def lesson_content(lesson) -> tuple:
    """What a learner reads of a lesson: its title and its body, comparable between revisions."""
    body = getattr(lesson, "body", None)
    raw = body.get_prep_value() if hasattr(body, "get_prep_value") else body
    return (lesson.title, _without_ids(raw))


def previously_published_revision(*, lesson, revision: Revision) -> Revision | None:
    """The revision that was live before `revision` was published; None on a first publish."""
    entry = (
        PageLogEntry.objects.filter(
            page_id=lesson.pk, action="wagtail.publish", revision__isnull=False
        )
        .exclude(revision_id=revision.pk)
        .select_related("revision")
        .order_by("-timestamp", "-pk")
        .first()
    )
    return entry.revision if entry else None


@transaction.atomic
def questions_flag_for_lesson_change(
    *, lesson, revision: Revision, published_at: datetime.datetime | None = None
) -> list[int]:
    """Flag for review every question testing `lesson` when this publish changed the lesson's
    title or body since its previous publish. A first publish, or a republish with the same
    content, flags nothing. Returns the ids of the questions flagged. The reason is written in
    the site's default language, whoever published."""
    previous = previously_published_revision(lesson=lesson, revision=revision)
    if previous is None:
        return []
    if lesson_content(previous.as_object()) == lesson_content(lesson):
        return []
    questions = Question.objects.filter(lessons=lesson)
    when = timezone.localtime(published_at or timezone.now()).strftime("%Y-%m-%d")
    with in_site_language():
        reason = _("Lesson “%(title)s” was changed and republished on %(date)s.") % {
            "title": lesson.title,
            "date": when,
        }
    ids = list(questions.values_list("pk", flat=True))
    # A question already waiting for review keeps its earlier reasons; the same one is not repeated.
    Question.objects.filter(pk__in=ids, review_reason="").update(
        review_needed=True, review_reason=reason
    )
    Question.objects.filter(pk__in=ids).exclude(review_reason="").exclude(
        review_reason__contains=reason
    ).update(review_needed=True, review_reason=Concat(F("review_reason"), Value("\n" + reason)))
    Question.objects.filter(pk__in=ids).update(review_needed=True)
    return ids


@transaction.atomic
def question_mark_reviewed(*, question: Question, user: User | None = None) -> Question:
    """The question has been checked: it leaves the "review needed" list and its reasons go."""
    Question.objects.filter(pk=question.pk).update(
        review_needed=False, review_reason="", updated_at=timezone.now()
    )
    question.review_needed, question.review_reason = False, ""
    return question


def on_page_published(sender, instance, revision, **kwargs) -> None:
    """`page_published` receiver: lessons only, and only pages that are live now."""
    if instance._meta.label != LESSON_MODEL or not instance.live or revision is None:
        return
    questions_flag_for_lesson_change(
        lesson=instance, revision=revision, published_at=instance.last_published_at
    )
