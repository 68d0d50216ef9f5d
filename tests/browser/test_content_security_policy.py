"""The site works under its Content-Security-Policy: each role's main pages, opened in a real
browser, run their scripts and styles without one violation reported in the console."""

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from courses.models import LessonPage
from quizzes.models import QuizPage
from roleplay.models import ScenarioPage

from .test_smoke_roles import log_in, path_is

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

LEARNER = "newhire@demo.agentacademy.cn"
MANAGER = "manager@demo.agentacademy.cn"
TRAINER = "trainer@demo.agentacademy.cn"
ADMINISTRATOR = "admin@demo.agentacademy.cn"


@pytest.fixture
def demo(transactional_db):
    call_command("load_demo", verbosity=0)
    call_command("load_demo_courses", verbosity=0)
    call_command("load_demo_training", verbosity=0)
    call_command("load_demo_quizzes", verbosity=0)
    call_command("load_demo_roleplay", without_history=True, verbosity=0)
    return {
        "lesson": LessonPage.objects.live().order_by("path").first(),
        "quiz": QuizPage.objects.live().order_by("path").first(),
        # The first drill a learner can play (the AI drills are not offered without a model).
        "scenario": next(s for s in ScenarioPage.objects.live().order_by("path") if s.is_offered()),
    }


def watch(page) -> tuple[list[str], list[str]]:
    """Collects what the console says about the policy, and each page's policy header."""
    violations: list[str] = []
    policies: list[str] = []
    page.on(
        "console",
        lambda message: violations.append(f"{page.url}: {message.text}")
        if "Content Security Policy" in message.text
        else None,
    )
    page.on(
        "response",
        lambda response: policies.append(response.headers["content-security-policy"])
        if response.request.resource_type == "document"
        and "content-security-policy" in response.headers
        else None,
    )
    return violations, policies


def settle(page) -> None:
    page.wait_for_load_state("networkidle")


def test_a_learner_s_pages_run_under_the_policy(demo, visit):
    lesson, quiz, scenario = demo["lesson"], demo["quiz"], demo["scenario"]

    def journey(page):
        violations, policies = watch(page)
        log_in(page, LEARNER)
        expect(page).to_have_url(path_is("/my-training/"))
        settle(page)
        page.goto(lesson.url)
        expect(page.locator("main h1")).to_have_text(lesson.title)
        settle(page)
        page.goto(quiz.url)
        page.locator("[data-start-quiz]").click()
        expect(page).to_have_url(re.compile(r"/quizzes/attempts/[0-9a-f-]+/$"))
        expect(page.locator("[data-save-status]")).to_have_count(1)
        settle(page)
        page.goto(scenario.url)
        page.locator("[data-start=practice]").click()
        expect(page.locator("#current")).to_be_visible()
        settle(page)
        return violations, policies

    violations, policies = visit(journey)
    assert policies and all("script-src 'self'" in policy for policy in policies)
    assert not any("unsafe-inline" in policy for policy in policies)
    assert not violations, "\n".join(violations)


def test_a_manager_s_and_a_trainer_s_pages_run_under_the_policy(demo, visit):
    def manager(page):
        violations, policies = watch(page)
        log_in(page, MANAGER)
        expect(page).to_have_url(path_is("/team/"))
        settle(page)
        return violations, policies

    def trainer(page):
        violations, policies = watch(page)
        log_in(page, TRAINER)
        expect(page).to_have_url(path_is("/trainer/"))
        settle(page)
        page.goto("/quizzes/grading/")
        settle(page)
        return violations, policies

    for journey in (manager, trainer):
        violations, policies = visit(journey)
        assert policies and not any("unsafe-inline" in policy for policy in policies)
        assert not violations, "\n".join(violations)


def test_the_wagtail_admin_runs_under_its_policy(demo, visit):
    lesson = demo["lesson"]

    def journey(page):
        violations, policies = watch(page)
        log_in(page, ADMINISTRATOR)
        expect(page).to_have_url(path_is("/cms/"))
        expect(page.locator("#wagtail-sidebar")).to_have_count(1)
        settle(page)
        page.goto(f"/cms/pages/{lesson.pk}/edit/")
        expect(page.locator("form#page-edit-form")).to_have_count(1)
        settle(page)
        page.goto(f"/cms/pages/{demo['scenario'].pk}/edit/")
        settle(page)
        return violations, policies

    violations, policies = visit(journey)
    assert policies
    assert not violations, "\n".join(violations)
