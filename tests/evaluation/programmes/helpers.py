"""Building and taking a programme's courses (the fixtures are in this folder's conftest)."""

from courses.models import CoursePage, LessonPage, ModulePage
from courses.progress import lesson_complete
from tests.courses.conftest import publish_child
from training.assignments import assignment_create


def make_course(catalog, slug, title, lessons=2):
    course = publish_child(
        catalog, CoursePage(title=title, slug=slug, kind="onboarding", summary="…")
    )
    module = publish_child(course, ModulePage(title="第一章", slug=f"{slug}-m"))
    for n in range(lessons):
        publish_child(module, LessonPage(title=f"{title}{n + 1}", slug=f"{slug}-l{n}", body=[]))
    return CoursePage.objects.get(pk=course.pk)


def assign(page, trainer, *people):
    assignment_create(page=page, assigned_by=trainer, people=list(people))


def finish(user, course):
    for lesson in course.lessons():
        lesson_complete(user=user, lesson=lesson)
