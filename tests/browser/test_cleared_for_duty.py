"""A supervisor's morning: from the team page, one click to who is cleared for duty today; the
list prints without the site's header, the filters or the buttons."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect
from wagtail.models import Page

from certification.models import CertificationProgramme, ProgrammeRequirement, RequirementKind
from certification.services import certificate_issue
from tests.factories import PASSWORD, TeamFactory, make_person
from training.models import Position
from training.roles import Role

from .test_smoke_roles import path_is

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

DAY = datetime.timedelta(days=1)


@pytest.fixture
def morning(transactional_db):
    root = Page.objects.get(depth=1)
    course = root.add_child(instance=Page(title="入职课程", slug="onboarding-course"))
    duty = CertificationProgramme.objects.create(
        name="上岗认证", positions=[Position.FIRST_LINE], validity_months=12, required_for_duty=True
    )
    ProgrammeRequirement.objects.create(
        programme=duty, kind=RequirementKind.COURSE, page=course, sort_order=0
    )
    team = TeamFactory(name="售后一组")
    manager = make_person(role=Role.MANAGER, team=team)
    manager.profile.position = Position.SUPERVISOR
    manager.profile.save()
    certificate_issue(
        person=make_person(team=team, name="赵敏"), programme=duty, issued_at=timezone.now()
    )
    certificate_issue(
        person=make_person(team=team, name="刘强"),
        programme=duty,
        issued_at=timezone.now() - 400 * DAY,
    )
    make_person(team=team, name="张晓雨")
    return manager


def test_a_supervisor_reads_and_prints_who_is_cleared_for_duty_today(morning, visit, artifacts):
    email = morning.email

    def journey(page):
        page.goto("/accounts/login/")
        page.locator("#id_login").fill(email)
        page.locator("#id_password").fill(PASSWORD)
        page.locator("main form button[type=submit]").click()
        expect(page).to_have_url(path_is("/team/"))
        page.screenshot(path=str(artifacts / "team-page-certification.png"))
        page.get_by_role("link", name="今日可上岗").click()
        expect(page).to_have_url(path_is("/certification/cleared-today/"))
        expect(page.get_by_role("heading", level=1)).to_contain_text("今日可上岗")
        not_cleared = page.locator("section", has=page.locator("#duty-not-cleared"))
        expect(not_cleared.get_by_role("row", name="刘强")).to_contain_text("过期")
        expect(not_cleared.get_by_role("row", name="张晓雨")).to_contain_text(
            "从未获得认证：1 项要求中尚缺 1 项"
        )
        cleared = page.locator("section", has=page.locator("#duty-cleared"))
        expect(cleared.get_by_role("row", name="赵敏")).to_be_visible()
        expect(page.get_by_role("button", name="打印")).to_be_visible()
        page.screenshot(path=str(artifacts / "cleared-for-duty.png"), full_page=True)

        page.emulate_media(media="print")
        expect(page.locator("header.site-header")).to_be_hidden()
        expect(page.locator("form.people-filters")).to_be_hidden()
        expect(page.get_by_role("button", name="打印")).to_be_hidden()
        expect(not_cleared.get_by_role("row", name="刘强")).to_be_visible()
        page.screenshot(path=str(artifacts / "cleared-for-duty-print.png"), full_page=True)

    visit(journey)
