"""Reading course content: what a person may see of the catalogue, and in what order."""

from django.contrib.auth.models import AnonymousUser

from courses.models import CourseCatalogPage, CourseKind, CoursePage, LessonPage, ModulePage
from courses.search import course_search_query
from training.models import User


def catalog_courses(*, user: User | AnonymousUser, catalog: CourseCatalogPage | None = None):
    """Published courses a logged-in person may read (all of them); nothing for anonymous."""
    if not user.is_authenticated:
        return CoursePage.objects.none()
    courses = CoursePage.objects.live()
    if catalog is not None:
        courses = courses.child_of(catalog)
    return courses.order_by("path")


def catalog_courses_by_kind(
    *, user: User | AnonymousUser, catalog: CourseCatalogPage | None = None
) -> list[dict]:
    """The catalogue's courses grouped by kind, in `CourseKind` order; empty kinds left out."""
    courses = list(catalog_courses(user=user, catalog=catalog))
    groups = []
    for kind in CourseKind:
        members = [course for course in courses if course.kind == kind]
        if members:
            groups.append({"kind": kind, "label": kind.label, "courses": members})
    return groups


def course_outline(*, course: CoursePage) -> list[dict]:
    """The live modules of `course` with their live lessons and activities (quizzes), in tree
    order; activities placed directly in the course come last, under no module."""
    modules = list(course.modules())
    lessons = LessonPage.objects.live().descendant_of(course).order_by("path")
    by_parent: dict[str, list[LessonPage]] = {module.path: [] for module in modules}
    for lesson in lessons:
        parent_path = lesson.path[: -LessonPage.steplen]
        if parent_path in by_parent:
            by_parent[parent_path].append(lesson)
    activities: dict[str, list] = {module.path: [] for module in modules}
    activities[course.path] = []
    for item in course_activities(course):
        parent_path = item.path[: -item.steplen]
        if parent_path in activities:
            activities[parent_path].append(item)
    outline = [
        {"module": module, "lessons": by_parent[module.path], "activities": activities[module.path]}
        for module in modules
    ]
    if activities[course.path]:
        # Activities at the course's own level (a final exam) close the outline.
        outline.append({"module": None, "lessons": [], "activities": activities[course.path]})
    return outline


def course_activities(course: CoursePage) -> list:
    """Live non-lesson items of the course (quizzes), in tree order."""
    from courses.progress import course_items

    return [item for item in course_items(course) if not isinstance(item, LessonPage)]


def course_search(*, user: User | AnonymousUser, query: str) -> list[CoursePage]:
    """Published courses matching `query` in their own text or in one of their lessons.

    Best matches first; a course found through several lessons is listed once.
    """
    query = query.strip()
    if not user.is_authenticated or not query:
        return []
    search_query = course_search_query(query)
    found: list[CoursePage] = []
    seen: set[int] = set()
    for course in CoursePage.objects.live().search(search_query):
        if course.pk not in seen:
            seen.add(course.pk)
            found.append(course)

    # Lessons and modules lead to their course; a course's path is a prefix of theirs.
    steplen = CoursePage.steplen
    pages = [
        *LessonPage.objects.live().search(search_query),
        *ModulePage.objects.live().search(search_query),
    ]
    prefixes = {
        page.path[:end] for page in pages for end in range(steplen, len(page.path), steplen)
    }
    courses = {c.path: c for c in CoursePage.objects.live().filter(path__in=prefixes)}
    for page in pages:
        for end in range(steplen, len(page.path), steplen):
            course = courses.get(page.path[:end])
            if course is not None and course.pk not in seen:
                seen.add(course.pk)
                found.append(course)
    return found


def learner_course_state(*, user: User, course: CoursePage) -> dict:
    """What a learner's course and lesson pages show: ticks, progress, locks, where to go on."""
    from courses.models import CourseCompletion
    from courses.progress import (
        course_prerequisites_missing,
        course_required_items,
        course_resume_lesson,
        first_lesson_not_done,
        passed_activity_ids,
        retraining_page_ids,
    )
    from courses.updates import course_updates_by_user

    lessons = list(course.lessons())
    required = course_required_items(course)
    # One read of the learning record for the ticks and the progress together.
    activities = course_activities(course)
    # Items owed for re-training after a change show as to do, even if passed before.
    done_ids = passed_activity_ids(
        user=user, pages={*lessons, *required, *activities}
    ) - retraining_page_ids(user=user, course=course)
    total = len(required)
    # A completed course stays completed, whatever was published in it since.
    completed = CourseCompletion.objects.filter(user=user, course=course).exists()
    done = total if completed else sum(1 for item in required if item.pk in done_ids)
    update = course_updates_by_user(users=[user], courses=[course]).get(user.pk)
    return {
        "done_ids": done_ids,
        "progress_done": done,
        "progress_total": total,
        "progress_percent": round(100 * done / total) if total else 0,
        "course_completed": completed or (bool(total) and done >= total),
        "course_update": update,
        "missing_prerequisites": course_prerequisites_missing(user=user, course=course),
        # Where to carry on: what re-training asks for, else the first item not done yet.
        "resume_lesson": course_resume_lesson(user=user, course=course)
        if update
        else first_lesson_not_done(
            sorted([*lessons, *activities], key=lambda page: page.path), done_ids
        ),
    }
