"""A course cannot be its own prerequisite, nor can prerequisites go round in a circle."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import translation

from courses.models import CoursePage
from courses.services import SENIOR_TRAINER
from tests.courses.conftest import publish_child
from tests.factories import make_person
from training.roles import Role

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def trainer_client(client):
    person = make_person(role=Role.TRAINER, email="senior@example.com")
    person.groups.add(Group.objects.get(name=SENIOR_TRAINER))
    client.force_login(person)
    return client


@pytest.fixture
def courses(catalog):
    """Three published courses A, B, C; B needs A and C needs B."""
    made = {}
    for name in "ABC":
        made[name] = publish_child(
            catalog, CoursePage(title=f"课程{name}", slug=name.lower(), summary="…")
        )
    for later, earlier in (("B", "A"), ("C", "B")):
        page = made[later]
        page.prerequisites = [made[earlier]]
        page.save_revision().publish()
    return {name: CoursePage.objects.get(pk=page.pk) for name, page in made.items()}


def edit(client, course, prerequisites, **fields):
    data = {
        "title": course.title,
        "slug": course.slug,
        "kind": course.kind,
        "summary": course.summary,
        "estimated_hours": "1",
        "retraining_days": "",
        "prerequisites": [c.pk for c in prerequisites],
        "action-publish": "publish",
        **fields,
    }
    return client.post(reverse("wagtailadmin_pages:edit", args=[course.pk]), data)


def prerequisite_errors(response) -> list[str]:
    assert response.status_code == 200, "the edit was saved"
    return list(response.context["form"].errors.get("prerequisites", []))


def test_a_course_cannot_be_its_own_prerequisite(trainer_client, courses):
    a = courses["A"]
    errors = prerequisite_errors(edit(trainer_client, a, [a]))
    assert errors == ["A course cannot be its own prerequisite."]
    assert list(CoursePage.objects.get(pk=a.pk).prerequisites.all()) == []


def test_two_courses_cannot_need_each_other(trainer_client, courses):
    a, b = courses["A"], courses["B"]
    errors = prerequisite_errors(edit(trainer_client, a, [b]))
    assert len(errors) == 1
    assert "cannot go round in a circle: 课程A → 课程B → 课程A" in errors[0]
    assert list(CoursePage.objects.get(pk=a.pk).prerequisites.all()) == []


def test_a_circle_of_three_courses_is_refused_naming_them_in_order(trainer_client, courses):
    a, c = courses["A"], courses["C"]
    errors = prerequisite_errors(edit(trainer_client, a, [c]))
    assert "课程A → 课程C → 课程B → 课程A" in errors[0]
    assert list(CoursePage.objects.get(pk=a.pk).prerequisites.all()) == []


def test_a_chain_without_a_circle_is_saved(trainer_client, courses):
    a, c = courses["A"], courses["C"]
    response = edit(trainer_client, c, [a, courses["B"]])
    assert response.status_code == 302, response.context["form"].errors
    assert set(CoursePage.objects.get(pk=c.pk).prerequisites.all()) == {a, courses["B"]}


def test_a_circle_made_in_code_is_refused_too(courses):
    from django.core.exceptions import ValidationError

    a = courses["A"]
    a.prerequisites = [courses["C"]]
    with pytest.raises(ValidationError) as refused:
        a.save_revision().publish()
    assert "课程A → 课程C → 课程B → 课程A" in str(refused.value)
    assert list(CoursePage.objects.get(pk=a.pk).prerequisites.all()) == []
