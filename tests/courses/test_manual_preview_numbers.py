"""The manual import's preview numbers each chapter and lesson once, as the manual does."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from courses.services import catalog_ensure
from tests.courses.fixtures.manuals import PLAIN_TEXT_MANUAL
from tests.factories import PASSWORD, UserFactory
from training.roles import Role

pytestmark = pytest.mark.django_db

UNNUMBERED = """# 售后服务

## 退款

### 退款时效

退款原路退回。

### 退款资料

订单号和照片。

## 投诉

### 安抚情绪

先道歉。
"""


@pytest.fixture
def trainer(client):
    catalog_ensure()
    user = UserFactory(roles=[Role.TRAINER])
    client.login(username=user.email, password=PASSWORD)
    return user


def preview_items(client, text: str, name: str) -> tuple[str, list[str]]:
    upload = SimpleUploadedFile(name, text.encode())
    response = client.post(
        reverse("courses_manual_import"), {"kind": "in_service", "title": "", "manual": upload}
    )
    assert response.status_code == 302
    html = client.get(response["Location"]).content.decode()
    outline = html[html.index('class="manual-outline') : html.index("</form>")]
    items = re.findall(r"<span data-number>([^<]*)</span>\s*([^<(\n]+)", outline)
    return html, [f"{number} {title.strip()}" for number, title in items]


def test_a_numbered_manual_shows_its_own_numbers_once(client, trainer):
    html, items = preview_items(client, PLAIN_TEXT_MANUAL, "讲义.txt")
    assert items == [
        "第一章 售后流程",
        "1.1 客户咨询",
        "1.2 问题诊断",
        "第二章 投诉处理",
        "2.1 投诉处理",  # a chapter without sections is one lesson
    ]
    # The lists draw no numbers of their own next to the manual's.
    assert 'class="manual-outline w-list-none' in html
    assert html.count('<ol class="w-list-none">') == 2


def test_an_unnumbered_manual_is_numbered_by_place(client, trainer):
    _html, items = preview_items(client, UNNUMBERED, "售后.md")
    assert items == ["1 退款", "1.1 退款时效", "1.2 退款资料", "2 投诉", "2.1 安抚情绪"]
