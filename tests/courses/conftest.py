import pytest
from wagtail.models import Page

from courses.models import CoursePage, LessonPage, ModulePage
from courses.services import catalog_ensure
from tests.factories import make_person


def publish_child(parent: Page, page: Page) -> Page:
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


@pytest.fixture
def catalog(db):
    return catalog_ensure(title="课程中心")


@pytest.fixture
def course(catalog):
    """A course with two modules: 订单 (two lessons) and 退款 (one lesson)."""
    course = publish_child(
        catalog,
        CoursePage(
            title="平台操作",
            slug="platform",
            kind="onboarding",
            summary="查订单、办退款、走售后。",
            estimated_hours="2.5",
            intended_positions=["first_line"],
            intended_tiers=["junior"],
        ),
    )
    orders = publish_child(course, ModulePage(title="订单", slug="orders"))
    refunds = publish_child(course, ModulePage(title="退款", slug="refunds"))
    publish_child(orders, LessonPage(title="下单到签收", slug="lifecycle", body=[]))
    publish_child(orders, LessonPage(title="物流异常", slug="exceptions", body=[]))
    publish_child(
        refunds,
        LessonPage(
            title="退款申请",
            slug="refund",
            body=[
                {"type": "rich_text", "value": "<p>退款原路退回，一般 1 到 3 个工作日到账。</p>"}
            ],
        ),
    )
    return CoursePage.objects.get(pk=course.pk)


@pytest.fixture
def learner(db):
    return make_person()


@pytest.fixture
def learner_client(client, learner):
    client.force_login(learner)
    return client
