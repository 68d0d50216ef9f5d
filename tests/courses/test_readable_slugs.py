"""New pages get readable addresses: the pinyin of a Chinese title, unique among siblings."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.test.utils.form_data import nested_form_data, streamfield

from courses.importers.manual import parse_manual
from courses.importers.manual_writer import course_create_from_outline
from courses.models import CoursePage, LessonPage, ModulePage
from courses.services import SENIOR_TRAINER
from tests.courses.conftest import publish_child
from tests.courses.fixtures.manuals import PLAIN_TEXT_MANUAL
from tests.factories import make_person
from training.roles import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def trainer_client(client):
    person = make_person(role=Role.TRAINER, email="senior@example.com")
    person.groups.add(Group.objects.get(name=SENIOR_TRAINER))
    client.force_login(person)
    return client


def lesson_form(title: str, slug: str) -> dict:
    return nested_form_data(
        {
            "title": title,
            "slug": slug,
            "body": streamfield([]),
            "estimated_minutes": 10,
            "required": "on",
            "retraining_days": "",
        }
    )


def add_lesson(client, module, title, slug):
    url = reverse("wagtailadmin_pages:add", args=["courses", "lessonpage", module.pk])
    response = client.post(url, lesson_form(title, slug))
    assert response.status_code == 302, response.context["form"].errors
    return LessonPage.objects.child_of(module).get(title=title)


def test_a_lesson_made_in_the_editor_gets_the_pinyin_of_its_title(trainer_client, course):
    module = course.modules().first()
    # The editor fills the slug in from the title as typed.
    lesson = add_lesson(trainer_client, module, "退换货政策", "退换货政策")
    assert lesson.slug == "tui-huan-huo-zheng-ce"
    assert lesson.url_path.endswith("/orders/tui-huan-huo-zheng-ce/")


def test_a_second_lesson_of_the_same_title_gets_its_own_address(trainer_client, course):
    module = course.modules().first()
    add_lesson(trainer_client, module, "退换货政策", "退换货政策")
    again = LessonPage(title="退换货政策", slug="", body=[])
    module.add_child(instance=again)
    assert again.slug == "tui-huan-huo-zheng-ce-2"
    # In another chapter the same title keeps the plain address.
    other = publish_child(course.modules().last(), LessonPage(title="退换货政策", body=[]))
    assert other.slug == "tui-huan-huo-zheng-ce"


def test_a_slug_written_by_hand_is_kept(trainer_client, course):
    lesson = add_lesson(trainer_client, course.modules().first(), "退换货政策", "returns")
    assert lesson.slug == "returns"


def test_an_existing_chinese_address_is_not_changed_by_an_edit(course):
    module = course.modules().first()
    old = LessonPage(title="旧课", slug="旧课", body=[])
    # Made before readable addresses: written straight to the tree, as it was then.
    LessonPage.make_slug_readable = lambda self: None
    try:
        module.add_child(instance=old)
    finally:
        del LessonPage.make_slug_readable
    assert LessonPage.objects.get(pk=old.pk).slug == "旧课"
    page = LessonPage.objects.get(pk=old.pk)
    page.title = "旧课（修订）"
    page.save_revision().publish()
    assert LessonPage.objects.get(pk=old.pk).slug == "旧课"


def test_the_manual_importer_gives_chapters_and_lessons_pinyin_addresses(catalog):
    outline = parse_manual(PLAIN_TEXT_MANUAL.encode(), "manual.txt")
    course = course_create_from_outline(outline=outline, parent=catalog, kind="in_service")
    assert CoursePage.objects.get(pk=course.pk).slug == "shou-hou-fu-wu-pei-xun-jiang-yi"
    modules = ModulePage.objects.child_of(course).order_by("path")
    assert [m.slug for m in modules] == ["shou-hou-liu-cheng", "tou-su-chu-li"]
    lessons = LessonPage.objects.child_of(modules[0]).order_by("path")
    assert [lesson.slug for lesson in lessons] == ["ke-hu-zi-xun", "wen-ti-zhen-duan"]
