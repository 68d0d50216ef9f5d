"""A learner answers the end-of-training survey in a real browser: each click is saved as it
is made and survives a reload, the page runs under the site's Content-Security-Policy, and
the submit writes one survey record with its wave."""

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from courses.models import CoursePage
from tests.factories import TeamFactory
from training.models import RecordKind, User
from training.records import record_result, wave_records

from .test_content_security_policy import watch
from .test_smoke_roles import log_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def completed(transactional_db):
    call_command("load_demo", verbosity=0)
    call_command("load_demo_courses", verbosity=0)
    course = CoursePage.objects.live().order_by("path").first()
    learner = User.objects.get(email="newhire@demo.agentacademy.cn")
    record_result(
        user=learner,
        source=TeamFactory(),
        kind=RecordKind.COURSE,
        activity=course,
        course=course,
        completed_at=timezone.now() - datetime.timedelta(days=1),
        score=1.0,
        passed=True,
    )
    return course, learner


def test_survey_answers_save_as_they_go_survive_a_reload_and_submit_once(
    completed, visit, artifacts
):
    course, learner = completed
    url = f"/evaluation/survey/{course.pk}/short_term/"

    def journey(page):
        violations, _policies = watch(page)
        log_in(page, learner.email)
        page.goto(url)
        status = page.locator("[data-save-status]")
        page.locator("#question-1").get_by_label("4", exact=True).check()
        expect(status).to_have_attribute("data-state", "saved")
        page.locator("#question-6 textarea").fill("多一些真实案例")
        expect(status).to_have_attribute("data-state", "saving")
        expect(status).to_have_attribute("data-state", "saved")
        page.screenshot(path=artifacts / "evaluation-survey-saved.png", full_page=True)

        page.reload()
        expect(page.locator("#question-1").get_by_label("4", exact=True)).to_be_checked()
        expect(page.locator("#question-6 textarea")).to_have_value("多一些真实案例")

        for number in (2, 3, 4):
            page.locator(f"#question-{number}").get_by_label("5", exact=True).check()
        page.locator("#question-5").get_by_label("9", exact=True).check()
        page.locator("form.survey__form button.button--primary").click()
        expect(page.locator("main .lead")).to_contain_text("2")  # "…已于 2026-… 提交。"
        expect(page.locator("form.survey__form")).to_have_count(0)
        return violations

    violations = visit(journey)
    assert not violations, "\n".join(violations)
    [record] = wave_records(user=learner, course=course, wave="short_term", kind=RecordKind.SURVEY)
    assert record.score == pytest.approx((4.75 - 1) / 4)
    assert record.details["recommend"] == 9
    assert record.details["answers"][-1]["comment"] == "多一些真实案例"
