"""Cleared for duty, and no longer cleared, in one browser journey.

An agent has completed the onboarding course; the last requirement of 上岗认证 is her
supervisor's on-the-job sign-off. Her manager signs her off on her member page: the
certificate is issued from the learning record (the follow-up's task, on commit), she sees it
on My training and opens its PDF, the manager's matrix shows her cleared and the morning's
"cleared for duty today" list names her, and the verification page says valid. A year later
(the clock moved past the expiry date) the daily task expires it: the list drops her, the
matrix says expired and the verification page says so. Issuing twice issues one certificate,
and another learner's certificate PDF is a 404 for her.
"""

import datetime

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect
from wagtail.models import Page

from certification.models import (
    Certificate,
    CertificateStatus,
    CertificationProgramme,
    ProgrammeRequirement,
    RequirementKind,
)
from certification.tasks import certificates_daily, certificates_evaluate_person
from training.models import Position, RecordKind, Team, User
from training.records import record_result

from .test_smoke_roles import log_in, path_is

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

AGENT = "agent@demo.agentacademy.cn"  # 售后服务一组, first-line
OTHER = "newhire@demo.agentacademy.cn"  # same team
MANAGER = "manager@demo.agentacademy.cn"  # manages 售后服务一组
CHECKLIST = ["使用标准问候语", "独立处理退款申请"]


@pytest.fixture
def cleared_for_duty(transactional_db):
    """上岗认证: the onboarding course and a supervisor's sign-off, valid for 12 months, the
    programme that gates taking customers. The agent has completed the course."""
    call_command("load_demo", verbosity=0)
    course = Page.objects.get(depth=1).add_child(
        instance=Page(title="新员工入职培训", slug="onboarding-course")
    )
    programme = CertificationProgramme.objects.create(
        name="上岗认证",
        positions=[Position.FIRST_LINE],
        validity_months=12,
        recertification_window_days=30,
        required_for_duty=True,
    )
    ProgrammeRequirement.objects.create(
        programme=programme, kind=RequirementKind.COURSE, page=course, sort_order=0
    )
    ProgrammeRequirement.objects.create(
        programme=programme,
        kind=RequirementKind.SIGNOFF,
        checklist="\n".join(CHECKLIST),
        sort_order=1,
    )
    agent = User.objects.get(email=AGENT)
    record_result(
        user=agent,
        source=Team.objects.first(),
        kind=RecordKind.COURSE,
        activity=course,
        completed_at=timezone.now() - datetime.timedelta(days=1),
        score=1.0,
        passed=True,
    )
    # Another learner of the same team holds a certificate of her own.
    other = Certificate.objects.create(
        person=User.objects.get(email=OTHER),
        programme=programme,
        programme_version=programme.version,
        issued_at=timezone.now() - datetime.timedelta(days=3),
        expires_at=timezone.now() + datetime.timedelta(days=300),
    )
    return programme, agent, other


def test_signed_off_agent_is_cleared_then_not_after_expiry(
    cleared_for_duty, visit, artifacts
):
    programme, agent, other = cleared_for_duty
    assert not Certificate.objects.filter(person=agent).exists()

    def sign_off(page):
        log_in(page, MANAGER)
        page.goto(f"/team/{agent.pk}/")
        section = page.locator("section", has_text="上岗认证").first
        expect(section).to_contain_text("主管尚未签核")
        section.get_by_role("link", name="签核").click()
        for item in CHECKLIST:
            page.get_by_label(item).check()
        page.get_by_role("button", name="签核").click()
        expect(page).to_have_url(path_is(f"/team/{agent.pk}/"))

    visit(sign_off)

    certificate = Certificate.objects.get(person=agent, programme=programme)
    assert certificate.status == CertificateStatus.VALID
    assert certificate.expires_at.date() > (timezone.now() + datetime.timedelta(days=360)).date()

    def agent_sees_it(page):
        log_in(page, AGENT)
        expect(page).to_have_url(path_is("/my-training/"))
        mine = page.locator("tr.certificate--valid", has_text="上岗认证")
        expect(mine).to_have_count(1)
        page.screenshot(path=artifacts / "certification-my-training.png", full_page=True)
        pdf = mine.get_by_role("link", name="打印（PDF）")
        response = page.request.get(pdf.get_attribute("href"))
        assert response.status == 200
        assert response.headers["content-type"] == "application/pdf"
        assert response.body().startswith(b"%PDF")
        other_pdf = pdf.get_attribute("href").replace(certificate.code, other.code)
        assert page.request.get(other_pdf).status == 404
        mine.get_by_role("link", name="上岗认证").click()
        expect(page.locator(".certificate-verification")).to_contain_text("此证书有效")

    visit(agent_sees_it)

    def manager_sees_cleared(page):
        log_in(page, MANAGER)
        expect(page).to_have_url(path_is("/team/"))
        row = page.locator(".certification-matrix tr", has_text=agent.get_full_name())
        expect(row.locator("td.cell--cleared")).to_have_count(1)
        page.screenshot(path=artifacts / "certification-team-cleared.png", full_page=True)
        page.get_by_role("link", name="今日可上岗").click()
        cleared = page.locator("section", has=page.locator("#duty-cleared"))
        expect(cleared).to_contain_text(agent.get_full_name())
        page.screenshot(path=artifacts / "certification-cleared-today.png", full_page=True)

    visit(manager_sees_cleared)

    # The follow-up's task delivered again (or run by hand) issues nothing more.
    assert certificates_evaluate_person(agent.pk) == 0
    assert certificates_evaluate_person(agent.pk) == 0
    assert Certificate.objects.filter(person=agent, programme=programme).count() == 1

    with time_machine.travel(certificate.expires_at + datetime.timedelta(days=1), tick=True):
        certificates_daily()
        certificate.refresh_from_db()
        assert certificate.status == CertificateStatus.EXPIRED

        def manager_sees_expired(page):
            log_in(page, MANAGER)
            row = page.locator(".certification-matrix tr", has_text=agent.get_full_name())
            expect(row.locator("td.cell--expired")).to_have_count(1)
            page.get_by_role("link", name="今日可上岗").click()
            cleared = page.locator("section", has=page.locator("#duty-cleared"))
            expect(cleared).not_to_contain_text(agent.get_full_name())
            not_cleared = page.locator("section", has=page.locator("#duty-not-cleared"))
            expect(not_cleared).to_contain_text(agent.get_full_name())
            page.screenshot(path=artifacts / "certification-not-cleared.png", full_page=True)
            page.goto(f"/verify/{certificate.code}/")
            expect(page.locator(".certificate-verification")).to_contain_text("证书已过期")
            page.screenshot(path=artifacts / "certification-verify-expired.png", full_page=True)

        visit(manager_sees_expired)
