"""A two-course programme (the onboarding's shape) and the trainer who assigns it, for the
programme-evaluation tests of this folder; `bank` (the quiz tests' question bank) for the
programme's quizzes."""

import pytest

from courses.programmes import ProgrammeCourse, ProgrammePage
from tests.courses.conftest import publish_child
from tests.evaluation.programmes.helpers import make_course
from tests.factories import make_person
from tests.quizzes.conftest import bank  # noqa: F401  (a fixture, shared with the quiz tests)
from training.roles import Role


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
