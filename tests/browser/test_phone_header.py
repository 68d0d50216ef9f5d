"""The header is one compact row on a phone, its links behind a menu button; on a desktop the
links show without a click. No script is involved (the menu is a <details>)."""

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from .test_smoke_roles import log_in, path_is

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}


@pytest.fixture
def demo(transactional_db):
    call_command("load_demo", verbosity=0)


def test_on_a_phone_the_header_is_one_row_and_its_links_open_from_the_menu(demo, visit):
    def journey(page):
        page.set_viewport_size(PHONE)
        log_in(page, "manager@demo.agentacademy.cn")
        expect(page).to_have_url(path_is("/team/"))
        header = page.locator("header.site-header")
        team_link = header.get_by_role("link", name="我的团队")
        menu = header.locator("summary", has_text="菜单")

        height = header.bounding_box()["height"]
        assert height <= 60, f"the header takes {height}px of an 844px screen"
        expect(team_link).to_be_hidden()
        expect(header.get_by_role("button", name="退出登录")).to_be_hidden()

        menu.click()
        expect(team_link).to_be_visible()
        expect(header.get_by_role("link", name="消息")).to_be_visible()
        expect(header.get_by_role("button", name="English")).to_be_visible()
        page.mouse.click(195, 800)  # a tap elsewhere (below the open menu) closes it
        expect(team_link).to_be_hidden()
        menu.click()
        page.keyboard.press("Escape")  # and so does Escape, back on the menu button
        expect(team_link).to_be_hidden()
        expect(menu).to_be_focused()

        page.set_viewport_size(DESKTOP)
        expect(menu).to_be_hidden()
        expect(team_link).to_be_visible()
        expect(header.get_by_role("button", name="退出登录")).to_be_visible()
        assert header.bounding_box()["height"] <= 70  # one row on a desktop too

    visit(journey)


def test_someone_logged_out_gets_the_language_switch_without_a_menu(demo, visit):
    def journey(page):
        page.set_viewport_size(PHONE)
        page.goto("/accounts/login/")
        header = page.locator("header.site-header")
        expect(header.locator("summary")).to_have_count(0)
        expect(header.get_by_role("button", name="English")).to_be_visible()

    visit(journey)
