"""A learner's progress through courses: opening and completing lessons, completing courses.

Completion is read back from the learning record (the spine), so a course counts an item as
done when that item's record says passed — lessons today, quizzes when they write records.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from wagtail.models import Page, get_page_models

from courses.models import CourseCompletion, CoursePage, LessonPage, LessonProgress, ModulePage
from courses.updates import open_retraining_items, retraining_items_clear
from training.models import RecordKind, User
from training.pages import is_published_path
from training.records import first_pass_since, first_passes, passed_activities, record_result


def passed_activity_ids(*, user: User, pages) -> set[int]:
    """The ids of those pages for which the user has a passing learning record."""
    return passed_activity_ids_by_user(users=[user], pages=pages).get(user.pk, set())


def passed_activity_ids_by_user(*, users, pages) -> dict[int, set[int]]:
    """For each user's id, the ids of those pages they have a passing record for (one query)."""
    return passed_activities(users=users, activities=pages)


def passed_since(*, user: User, page_id: int, since: datetime.datetime):
    """When the user first passed the page at or after `since`, else None."""
    page = Page.objects.filter(pk=page_id).only("content_type_id").first()
    if page is None:
        return None
    return first_pass_since(user=user, activity=page, since=since)


def completed_course_ids_by_user(*, users, courses) -> dict[int, set[int]]:
    """For each user's id, the ids of these courses they have completed (a fact that stays)."""
    rows = CourseCompletion.objects.filter(user__in=list(users), course__in=list(courses))
    completed: dict[int, set[int]] = {}
    for user_id, course_id in rows.values_list("user_id", "course_id"):
        completed.setdefault(user_id, set()).add(course_id)
    return completed


def _other_course_items() -> list[type]:
    """Page types from other apps that count towards a course (e.g. quizzes), by protocol:
    the class says `counts_towards_course = True` and has a `required` field."""
    return [model for model in get_page_models() if getattr(model, "counts_towards_course", False)]


def course_items(course: CoursePage, *, required_only: bool = False) -> list:
    """The live lessons and other course items (quizzes) of live modules, in course order."""
    items = course.lessons()
    items = list(items.filter(required=True) if required_only else items)
    hidden = list(ModulePage.objects.child_of(course).not_live().values_list("path", flat=True))
    for model in _other_course_items():
        others = model.objects.descendant_of(course).live()
        if required_only:
            others = others.filter(required=True)
        for path in hidden:
            others = others.exclude(path__startswith=path)
        # An item the site cannot offer now (an AI drill with no model) is neither listed nor
        # required: it must not block anyone's completion.
        items.extend(item for item in others if getattr(item, "is_offered", lambda: True)())
    return sorted(items, key=lambda page: page.path)


def course_required_items(course: CoursePage) -> list:
    """The live pages a learner must pass to complete the course, in course order."""
    return course_items(course, required_only=True)


def course_progress(*, user: User, course: CoursePage) -> tuple[int, int]:
    """(done, total) required items of the course for this learner."""
    return courses_progress_by_user(users=[user], courses=[course])[user.pk]


def courses_progress_by_user(*, users, courses) -> dict[int, tuple[int, int]]:
    """For each user's id, (done, total) required items over these courses.

    A completed course counts in full, whatever was published in it later: completion is a
    fact that stays (re-training a trainer requires is shown apart, see `courses.updates`).
    The courses' items are read once and the learning record once, however many people:
    the team page asks this for every member at a time."""
    courses, users = list(courses), list(users)
    items_by_course = {course.pk: course_required_items(course) for course in courses}
    items = [item for course_items_ in items_by_course.values() for item in course_items_]
    passed = passed_activity_ids_by_user(users=users, pages=items)
    completed = completed_course_ids_by_user(users=users, courses=courses)
    progress = {}
    for user in users:
        done = 0
        for course_id, required in items_by_course.items():
            if course_id in completed.get(user.pk, ()):
                done += len(required)
            else:
                done += sum(1 for item in required if item.pk in passed.get(user.pk, ()))
        progress[user.pk] = (done, len(items))
    return progress


def course_prerequisites_missing(*, user: User, course: CoursePage) -> list[CoursePage]:
    """Live prerequisite courses the learner has not completed yet."""
    prerequisites = list(course.live_prerequisites())
    done = passed_activity_ids(user=user, pages=prerequisites)
    return [c for c in prerequisites if c.pk not in done]


def lesson_open(*, user: User, lesson: LessonPage) -> LessonProgress:
    """Note that the learner opened the lesson ("continue where I left off")."""
    now = timezone.now()
    progress, created = LessonProgress.objects.get_or_create(
        user=user, lesson=lesson, defaults={"first_viewed_at": now, "last_viewed_at": now}
    )
    if not created:
        LessonProgress.objects.filter(pk=progress.pk).update(last_viewed_at=now)
    return progress


@transaction.atomic
def lesson_complete(
    *, user: User, lesson: LessonPage, when: datetime.datetime | None = None
) -> LessonProgress:
    """Mark a lesson done: one learning record for it, and the course's when all is done.

    Idempotent: completing it again changes nothing. Refused (PermissionDenied) when the
    lesson is not live or the course's prerequisites are not met.
    """
    course = lesson.course
    if course is None or not is_published_path(lesson):
        raise PermissionDenied
    if course_prerequisites_missing(user=user, course=course):
        raise PermissionDenied
    when = when or timezone.now()
    progress, _created = LessonProgress.objects.select_for_update().get_or_create(
        user=user, lesson=lesson, defaults={"first_viewed_at": when, "last_viewed_at": when}
    )
    if progress.completed_at is not None:
        # Done before, but changed since with re-training required: a new pass is recorded
        # (the record's follow-up then clears the re-training item).
        items = list(open_retraining_items(user=user, course=course).filter(page_id=lesson.pk))
        for item in items:
            _record_lesson_pass(user=user, lesson=lesson, course=course, source=item, when=when)
        if not items:
            # Done before: see again whether the course is complete (its items may have changed).
            course_check_completion(user=user, course=course)
    else:
        progress.completed_at = when
        progress.save(update_fields=["completed_at"])
        # The record's follow-up completes the course if this was the last item.
        _record_lesson_pass(user=user, lesson=lesson, course=course, source=progress, when=when)
    return progress


def _record_lesson_pass(*, user, lesson, course, source, when) -> None:
    """One learning record for the lesson, from `source` (its progress, or a re-training item)."""
    record_result(
        user=user,
        source=source,
        kind=RecordKind.LESSON,
        activity=lesson,
        activity_title=lesson.title,
        activity_revision=lesson.live_revision_id,
        course=course,
        completed_at=when,
        score=1.0,
        passed=True,
    )


@transaction.atomic
def course_check_completion(
    *, user: User, course: CoursePage, when: datetime.datetime | None = None
) -> CourseCompletion | None:
    """Record the course as completed once every required item is passed, and clear the
    re-training items passed since their change. Idempotent; a completion is never undone."""
    retraining_items_clear(user=user, course=course)
    done, total = course_progress(user=user, course=course)
    if not total or done < total:
        return CourseCompletion.objects.filter(user=user, course=course).first()
    if when is None:
        passes = first_passes(users=[user], activities=course_required_items(course))
        when = max(passes.get(user.pk, {}).values(), default=None)
    completion, created = CourseCompletion.objects.get_or_create(
        user=user, course=course, defaults={"completed_at": when or timezone.now()}
    )
    if created:
        programmes_check_completion(user=user, course=course, when=completion.completed_at)
        _record_completed(user=user, source=completion, kind=RecordKind.COURSE, page=course)
    return completion


def _record_completed(*, user: User, source, kind: str, page) -> None:
    """A course's or programme's completion in the learning record (the page is its own
    "course"), when `source` (the completion row) was made."""
    record_result(
        user=user,
        source=source,
        kind=kind,
        activity=page,
        activity_title=page.title,
        activity_revision=page.live_revision_id,
        course=page,
        completed_at=source.completed_at,
        score=1.0,
        passed=True,
    )


def programmes_check_completion(*, user: User, course: CoursePage, when: datetime.datetime) -> None:
    """Record each live programme holding `course` as completed once all its courses are."""
    from courses.programmes import ProgrammeCompletion, ProgrammePage

    programmes = ProgrammePage.objects.live().filter(programme_courses__course=course).distinct()
    for programme in programmes:
        courses = programme.courses()
        done = CourseCompletion.objects.filter(user=user, course__in=courses).count()
        if courses and done >= len(courses):
            completion, created = ProgrammeCompletion.objects.get_or_create(
                user=user, programme=programme, defaults={"completed_at": when}
            )
            if created:
                # In the learning record too: the programme is evaluated as a whole.
                _record_completed(
                    user=user, source=completion, kind=RecordKind.PROGRAMME, page=programme
                )


def first_lesson_not_done(lessons: list[LessonPage], done_ids: set[int]) -> LessonPage | None:
    """Where the learner carries on: the first lesson not done yet, else the first."""
    return next((lesson for lesson in lessons if lesson.pk not in done_ids), None) or (
        lessons[0] if lessons else None
    )


def course_resume_lesson(*, user: User, course: CoursePage) -> LessonPage | None:
    """The first item owed for re-training, else the first lesson or quiz of the course the
    learner has not done, else the first lesson."""
    items = course_items(course)
    owed = retraining_page_ids(user=user, course=course)
    if owed:
        return next((item for item in items if item.pk in owed), None) or (
            items[0] if items else None
        )
    return first_lesson_not_done(items, passed_activity_ids(user=user, pages=items))


def retraining_page_ids(*, user: User, course: CoursePage) -> set[int]:
    """Pages of the course the learner must (re)do because a change required re-training."""
    return set(open_retraining_items(user=user, course=course).values_list("page_id", flat=True))


def course_last_opened(*, user: User, course: CoursePage) -> datetime.datetime | None:
    return LessonProgress.objects.filter(user=user, lesson__path__startswith=course.path).aggregate(
        last=Max("last_viewed_at")
    )["last"]
