"""A two-course programme (the onboarding's shape) for the programme-evaluation tests."""

import pytest

from courses.models import CoursePage, LessonPage, ModulePage
from courses.programmes import ProgrammeCourse, ProgrammePage
from courses.progress import lesson_complete
from tests.courses.conftest import publish_child
from tests.factories import make_person
from training.assignments import assignment_create
from training.roles import Role


def make_course(catalog, slug, title, lessons=2):
    course = publish_child(
        catalog, CoursePage(title=title, slug=slug, kind="onboarding", summary="…")
    )
    module = publish_child(course, ModulePage(title="第一章", slug=f"{slug}-m"))
    for n in range(lessons):
        publish_child(module, LessonPage(title=f"{title}{n + 1}", slug=f"{slug}-l{n}", body=[]))
    return CoursePage.objects.get(pk=course.pk)


@pytest.fixture
def basics(catalog):
    return make_course(catalog, "basics", "岗位认知")


@pytest.fixture
def talk(catalog):
    return make_course(catalog, "talk", "沟通技巧")


@pytest.fixture
def programme(catalog, basics, talk):
    page = ProgrammePage(title="两周入职", slug="two-weeks", intro="先学规范，再练沟通。")
    page.programme_courses = [
        ProgrammeCourse(course=basics, start_day=1, end_day=3),
        ProgrammeCourse(course=talk, start_day=4, end_day=7),
    ]
    return ProgrammePage.objects.get(pk=publish_child(catalog, page).pk)


@pytest.fixture
def trainer(db):
    return make_person(role=Role.TRAINER, name="陈培训")


def assign(page, trainer, *people):
    assignment_create(page=page, assigned_by=trainer, people=list(people))


def finish(user, course):
    for lesson in course.lessons():
        lesson_complete(user=user, lesson=lesson)
