"""The admin lists a course's chapters and a chapter's lessons in course order, not newest first."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from courses.models import LessonPage, ModulePage
from courses.services import SENIOR_TRAINER
from tests.courses.conftest import publish_child
from tests.factories import make_person
from training.roles import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def trainer_client(client):
    person = make_person(role=Role.TRAINER, email="senior@example.com")
    person.groups.add(Group.objects.get(name=SENIOR_TRAINER))
    client.force_login(person)
    return client


def listed(client, parent) -> list[str]:
    """The titles of the parent's children, in the order the admin lists them."""
    html = client.get(reverse("wagtailadmin_explore", args=[parent.pk])).content.decode()
    children = {f'id="page_{page.pk}_title"': page.title for page in parent.get_children()}
    rows = sorted((html.find(marker), title) for marker, title in children.items())
    assert all(at >= 0 for at, _title in rows)
    return [title for _at, title in rows]


def test_chapters_are_listed_in_course_order(trainer_client, course):
    # Chapters 1 to 5 written one after the other: the newest is chapter 5.
    titles = [f"第{n}章" for n in range(1, 6)]
    for n, title in enumerate(titles, start=1):
        publish_child(course, ModulePage(title=title, slug=f"chapter-{n}"))
    assert listed(trainer_client, course) == ["订单", "退款", *titles]


def test_lessons_are_listed_in_chapter_order_and_follow_a_move(trainer_client, course):
    module = course.modules().first()
    first, second = module.get_children().specific()
    third = publish_child(module, LessonPage(title="第三课", slug="third", body=[]))
    assert listed(trainer_client, module) == [first.title, second.title, "第三课"]

    # Moved to the top, the third lesson is listed first.
    third.move(first, pos="left")
    assert listed(trainer_client, module) == ["第三课", first.title, second.title]
