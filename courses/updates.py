"""Course updates: re-training required by a published change, and what each person owes.

Completing a course is a fact that stays (`CourseCompletion`); a later change reopens nothing
unless the trainer marked it as requiring re-training. Then only the items that are new or
changed for each person who had completed it are given to them, with the change's due date.
"""

from __future__ import annotations

import datetime

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy
from wagtail.models import Page, Revision

from courses.models import (
    CourseCompletion,
    CoursePage,
    LessonPage,
    RetrainingItem,
    RetrainingRequirement,
)
from training.assignments import TrainingUpdate
from training.models import User
from training.notifications import Event, notify
from training.signals import retraining_required


def _course_of(page: Page) -> CoursePage | None:
    if isinstance(page, CoursePage):
        return page
    return CoursePage.objects.ancestor_of(page).first()


def _consume_mark(page: Page, revision: Revision | None) -> None:
    """Take the mark off the live page and the published revision: it applies once only."""
    type(page).objects.filter(pk=page.pk).update(retraining_required=False, retraining_days=None)
    page.retraining_required, page.retraining_days = False, None
    if revision is not None and revision.content.get("retraining_required"):
        revision.content = {
            **revision.content,
            "retraining_required": False,
            "retraining_days": None,
        }
        revision.save(update_fields=["content"])


@transaction.atomic
def retraining_require(
    *, page: Page, revision: Revision | None = None, days: int, by: User | None = None
) -> RetrainingRequirement | None:
    """Everyone who completed `page`'s course gets its new or changed items, due in `days`.

    When an item carries the mark, that item is owed (new if they never passed it, changed if
    they did): items published earlier without the mark were judged not to need re-training.
    When the course page carries it, every required item they have not passed and every item
    published since their completion is owed. Idempotent per revision; the mark is consumed.
    """
    from courses.progress import course_items, passed_activity_ids_by_user

    if days < 1:
        raise ValueError("Re-training needs at least one day.")
    course = _course_of(page)
    _consume_mark(page, revision)
    if course is None:
        return None
    if revision is not None:
        existing = RetrainingRequirement.objects.filter(revision=revision).first()
        if existing is not None:
            return existing
    now = timezone.now()
    requirement = RetrainingRequirement.objects.create(
        course=course,
        page=page,
        revision=revision,
        days=days,
        due_on=timezone.localdate() + datetime.timedelta(days=days),
        created_by=by,
        created_at=now,
    )
    items = course_items(course)
    required = [item for item in items if getattr(item, "required", True)]
    completions = list(
        CourseCompletion.objects.filter(course=course, completed_at__lt=now).select_related("user")
    )
    users = [completion.user for completion in completions]
    passed = passed_activity_ids_by_user(users=users, pages=items)
    rows = []
    for completion in completions:
        done = passed.get(completion.user_id, set())
        if page.pk == course.pk:
            # The course as a whole: whatever is new or changed since they finished it.
            owed = [item for item in required if item.pk not in done] + [
                item
                for item in items
                if item.pk in done
                and item.last_published_at
                and item.last_published_at > completion.completed_at
            ]
        else:
            # One item: just that one (items published unmarked were judged not to need it).
            owed = [item for item in items if item.pk == page.pk]
        rows.extend(
            RetrainingItem(
                requirement=requirement,
                user=completion.user,
                page_id=item.pk,
                change=(
                    RetrainingItem.Change.CHANGED if item.pk in done else RetrainingItem.Change.NEW
                ),
            )
            for item in owed
        )
    RetrainingItem.objects.bulk_create(rows, ignore_conflicts=True)
    owing = list({row.user.pk: row.user for row in rows}.values())
    if owing:  # e.g. certification marks the certificates that depend on this course
        retraining_required.send(
            sender=CoursePage, course=course, users=owing, due_on=requirement.due_on
        )
    for person in {row.user for row in rows}:
        notify(  # once per person and requirement, however often the publish is handled
            user=person,
            event=Event.RETRAINING_REQUIRED,
            key=requirement.pk,
            title=gettext_lazy("Updated training: %(course)s"),
            body=gettext_lazy(
                "%(course)s has changed and the change must be learnt again. Your completion "
                "stays; learn what is new by %(due)s."
            ),
            url=reverse("my_training"),
            params={"course": course.title, "due": f"{requirement.due_on:%Y-%m-%d}"},
        )
    return requirement


def retraining_on_publish(sender, instance, revision=None, **kwargs) -> None:
    """`page_published` receiver: a published version marked "requires re-training"."""
    if not getattr(instance, "retraining_required", False):
        return
    days = instance.retraining_days or 0
    if days < 1:  # the editor refuses this; a page saved in code may not
        _consume_mark(instance, revision)
        return
    retraining_require(
        page=instance, revision=revision, days=days, by=getattr(revision, "user", None)
    )


def open_retraining_items(*, user: User, course: CoursePage):
    """The person's re-training items in this course not done yet."""
    return RetrainingItem.objects.filter(
        user=user, requirement__course=course, done_at__isnull=True
    ).select_related("requirement")


@transaction.atomic
def retraining_items_clear(*, user: User, course: CoursePage) -> int:
    """Mark done each open item the person has passed since its change was published."""
    from courses.progress import passed_since

    cleared = 0
    for item in open_retraining_items(user=user, course=course).select_for_update():
        when = passed_since(user=user, page_id=item.page_id, since=item.requirement.created_at)
        if when is not None:
            item.done_at = when
            item.save(update_fields=["done_at"])
            cleared += 1
    return cleared


def course_updates_by_user(*, users, courses) -> dict[int, TrainingUpdate]:
    """For each user's id with open re-training in these courses: what is owed and by when."""
    users, courses = list(users), list(courses)
    if not users or not courses:
        return {}
    rows = (
        RetrainingItem.objects.filter(
            Q(user__in=users),
            requirement__course__in=courses,
            done_at__isnull=True,
            page__live=True,
        )
        .select_related("requirement")
        .order_by("page__path")
        .only("user_id", "page_id", "change", "requirement__due_on", "page__content_type_id")
    )
    lesson_type = ContentType.objects.get_for_model(LessonPage).pk
    not_lessons: set[int] = set()
    owed: dict[int, dict[int, tuple[str, datetime.date]]] = {}
    for row in rows:
        if row.page.content_type_id != lesson_type:
            not_lessons.add(row.page_id)
        mine = owed.setdefault(row.user_id, {})
        previous = mine.get(row.page_id)
        due = row.requirement.due_on
        if previous is None or due < previous[1]:
            mine[row.page_id] = (row.change, due)
    updates = {}
    for user_id, items in owed.items():
        changes = [change for change, _due in items.values()]
        updates[user_id] = TrainingUpdate(
            new=changes.count(RetrainingItem.Change.NEW),
            changed=changes.count(RetrainingItem.Change.CHANGED),
            due_on=min(due for _change, due in items.values()),
            page_ids=tuple(items),
            lessons_only=not not_lessons.intersection(items),
        )
    return updates
