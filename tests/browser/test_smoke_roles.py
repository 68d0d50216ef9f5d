"""Each demo role logs in through the real form and lands on its own home, in Chinese."""

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from training.management.commands.load_demo import DEMO_PASSWORD

# Committed data (another thread or process reads it); serialized_rollback restores what the
# migrations created (roles, Wagtail's root page) after the flush that ends each test.
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

# role, demo e-mail, home, heading in Chinese, heading in English
HOMES = [
    ("learner", "newhire@demo.agentacademy.cn", "/my-training/", "我的培训", "My training"),
    ("manager", "manager@demo.agentacademy.cn", "/team/", "我的团队", "My team"),
    ("trainer", "trainer@demo.agentacademy.cn", "/trainer/", "我的工作", "My work"),
]


@pytest.fixture
def demo(transactional_db):
    call_command("load_demo", verbosity=0)


def log_in(page, email: str) -> None:
    page.goto("/accounts/login/")
    expect(page.locator("html")).to_have_attribute("lang", "zh-Hans")
    page.locator("#id_login").fill(email)
    page.locator("#id_password").fill(DEMO_PASSWORD)
    page.locator("main form button[type=submit]").click()


def path_is(path: str) -> re.Pattern:
    return re.compile(rf"^https?://[^/]+{re.escape(path)}$")


@pytest.mark.parametrize(("role", "email", "home", "heading_zh", "heading_en"), HOMES)
def test_a_role_logs_in_to_its_home_in_chinese_and_can_switch_to_english(
    demo, visit, artifacts, role, email, home, heading_zh, heading_en
):
    def journey(page):
        log_in(page, email)

        expect(page).to_have_url(path_is(home))
        expect(page.locator("html")).to_have_attribute("lang", "zh-Hans")
        expect(page.locator("main h1")).to_have_text(heading_zh)
        switch = page.locator("header form.lang-switch button")
        expect(switch).to_have_count(1)
        expect(switch).to_have_text("English")
        page.screenshot(path=artifacts / f"home-{role}.png", full_page=True)

        switch.click()

        expect(page).to_have_url(path_is(home))
        expect(page.locator("html")).to_have_attribute("lang", "en")
        expect(page.locator("main h1")).to_have_text(heading_en)
        expect(page.locator("header form.lang-switch button")).to_have_text("简体中文")

    visit(journey)


def test_the_administrator_logs_in_to_the_wagtail_admin(demo, visit, artifacts):
    def journey(page):
        log_in(page, "admin@demo.agentacademy.cn")

        expect(page).to_have_url(path_is("/cms/"))
        expect(page.locator("html")).to_have_attribute("lang", re.compile(r"^zh", re.I))
        expect(page.locator("#wagtail-sidebar")).to_have_count(1)
        page.screenshot(path=artifacts / "home-administrator.png", full_page=True)

    visit(journey)


def test_a_learner_does_not_get_the_wagtail_admin(demo, visit):
    def journey(page):
        log_in(page, "newhire@demo.agentacademy.cn")
        expect(page).to_have_url(path_is("/my-training/"))

        response = page.goto("/cms/")  # a redirect loop fails here

        assert response is not None and response.status in (200, 403), response.status
        expect(page.locator("#wagtail-sidebar")).to_have_count(0)
        expect(page.locator("html")).to_have_attribute("lang", "zh-Hans")

    visit(journey)
