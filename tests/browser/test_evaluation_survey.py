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
from training.records import course_results, record_result

from .test_accessibility import PHONE, run_axe
from .test_content_security_policy import watch
from .test_smoke_roles import log_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def complete(learner, course, days_ago):
    record_result(
        user=learner,
        source=TeamFactory(),
        kind=RecordKind.COURSE,
        activity=course,
        course=course,
        completed_at=timezone.now() - datetime.timedelta(days=days_ago),
        score=1.0,
        passed=True,
    )


@pytest.fixture
def completed(transactional_db):
    call_command("load_demo", verbosity=0)
    call_command("load_demo_courses", verbosity=0)
    course = CoursePage.objects.live().order_by("path").first()
    learner = User.objects.get(email="newhire@demo.agentacademy.cn")
    complete(learner, course, days_ago=1)
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
        problems = run_axe(page)
        page.set_viewport_size(PHONE)
        page.screenshot(path=artifacts / "evaluation-survey-phone.png", full_page=True)
        problems += run_axe(page)
        page.set_viewport_size({"width": 1280, "height": 800})
        assert not problems, "\n".join(problems)
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
    [record] = course_results(
        user=learner, course=course, kind=RecordKind.SURVEY, wave="short_term"
    )
    assert record.score == pytest.approx((4.75 - 1) / 4)
    assert record.details["recommend"] == 9
    assert record.details["answers"][-1]["comment"] == "多一些真实案例"


def test_an_answer_given_before_the_page_script_has_loaded_is_saved(completed, visit):
    course, learner = completed
    held = []

    def journey(page):
        log_in(page, learner.email)
        page.route("**/js/evaluation_autosave*.js", lambda route: held.append(route), times=1)
        page.goto(f"/evaluation/survey/{course.pk}/short_term/", wait_until="commit")
        page.locator("#question-1").get_by_label("4", exact=True).check()
        assert len(held) == 1, "the survey asks for its script"
        held[0].continue_()
        expect(page.locator("[data-save-status]")).to_have_attribute("data-state", "saved")
        page.reload()
        expect(page.locator("#question-1").get_by_label("4", exact=True)).to_be_checked()

    visit(journey)


@pytest.fixture
def observed(transactional_db):
    call_command("load_demo", verbosity=0)
    call_command("load_demo_courses", verbosity=0)
    course = CoursePage.objects.live().order_by("path").first()
    manager = User.objects.get(email="manager@demo.agentacademy.cn")
    agent = User.objects.filter(profile__team__managers=manager).exclude(pk=manager.pk).first()
    complete(agent, course, days_ago=100)  # the mid-term wave
    return course, agent, manager


def test_the_supervisor_observes_from_the_member_page_and_sees_the_gap(observed, visit, artifacts):
    course, agent, manager = observed

    def journey(page):
        violations, _policies = watch(page)
        log_in(page, manager.email)
        page.goto(f"/team/{agent.pk}/")
        page.get_by_role("link", name="在岗观察").click()
        problems = run_axe(page)
        for index, fieldset in enumerate(page.locator("form fieldset").all()):
            fieldset.get_by_label("部分做到" if index == 1 else "做到", exact=True).check()
        page.locator("#observation-notes").fill("问候规范，退款政策还需熟悉")
        expect(page.locator("[data-save-status]")).to_have_attribute("data-state", "saved")
        page.reload()
        expect(page.locator("#observation-notes")).to_have_value("问候规范，退款政策还需熟悉")
        page.locator("form button.button--primary").click()
        expect(page.locator("main")).to_contain_text("培训效果：行为观察")
        problems += run_axe(page)
        page.screenshot(path=artifacts / "evaluation-member-gap.png", full_page=True)
        return violations, problems

    violations, problems = visit(journey)
    assert not violations, "\n".join(violations)
    assert not problems, "\n".join(problems)
    [record] = course_results(
        user=agent, course=course, kind=RecordKind.OBSERVATION, wave="mid_term"
    )
    assert record.details["role"] == "supervisor" and record.details["observer"] == manager.pk
    assert record.score == pytest.approx(5.5 / 6)
