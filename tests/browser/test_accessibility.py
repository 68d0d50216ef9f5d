"""Each demo role's main pages pass axe-core's WCAG 2.1 A and AA rules, and are photographed
on a desktop and on a phone, in Chinese and in English, for a person to look at.

axe-core is vendored (tests/browser/vendor/axe-core, MPL-2.0). It is run through Playwright's
`evaluate`, which the site's Content-Security-Policy (no inline scripts) does not apply to.
Screenshots: test-artifacts/<role>-<page>-<lang>-<width>.png (git-ignored).

One browser for the run, one context per role; axe runs once per page (Chinese, desktop) and
once more on each role's home at phone width, where the header folds into its menu.
"""

import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse
from playwright.sync_api import expect

from courses.models import CoursePage, LessonPage
from courses.programmes import ProgrammePage
from quizzes.models import QuizPage
from roleplay.models import ScenarioPage
from training.course_tree import catalogue_url
from training.models import User

from .test_smoke_roles import log_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}


@dataclass
class Role:
    name: str  # in the screenshot's file name
    email: str
    # (page name, URL) in visiting order; a URL of None is reached by clicking (see below)
    pages: list[tuple[str, str | None]] = field(default_factory=list)


@pytest.fixture
def roles(transactional_db) -> list[Role]:
    call_command("load_demo", verbosity=0)
    call_command("load_demo_courses", verbosity=0)
    call_command("load_demo_training", verbosity=0)
    call_command("load_demo_quizzes", verbosity=0)
    call_command("load_demo_roleplay", verbosity=0)  # with history: reviews waiting, skills
    course = CoursePage.objects.live().order_by("path").first()
    lesson = LessonPage.objects.live().descendant_of(course).order_by("path").first()
    quiz = QuizPage.objects.live().order_by("path").first()
    # The first drill a learner can play here (the AI drills are not offered without a model).
    scenario = next(s for s in ScenarioPage.objects.live().order_by("path") if s.is_offered())
    programme = ProgrammePage.objects.live().order_by("path").first()
    newhire = User.objects.get(email="newhire@demo.agentacademy.cn")
    certified = User.objects.get(email="certified@demo.agentacademy.cn")
    catalogue = catalogue_url()
    assert catalogue and programme and course and lesson and quiz and scenario
    return [
        Role(
            "learner",
            newhire.email,
            [
                ("home", "/my-training/"),
                ("catalogue", catalogue),
                ("programme", programme.url),
                ("course", course.url),
                ("lesson", lesson.url),
                ("quiz", quiz.url),
                ("quiz-attempt", None),  # started from the quiz page
                ("scenario", scenario.url),
                ("drill", None),  # practice started from the scenario page
                ("inbox", reverse("inbox")),
                ("profile", reverse("profile")),
            ],
        ),
        Role(
            "certified",
            certified.email,
            [("home", "/my-training/"), ("skills", reverse("skill_profile"))],
        ),
        Role(
            "trainer",
            "trainer@demo.agentacademy.cn",
            [
                ("home", reverse("trainer_home")),
                ("grading-queue", reverse("quiz_grading_queue")),
                ("review-queue", reverse("scenario_review_queue")),
                ("review", None),  # the oldest role-play waiting, opened from the queue
                ("judge-agreement", reverse("judge_agreement")),
            ],
        ),
        Role(
            "manager",
            "manager@demo.agentacademy.cn",
            [
                ("home", reverse("team_home")),
                ("member", reverse("team_member", args=[certified.pk])),
                ("quiz-result", None),  # her exam as she saw it, opened from her page
                ("member-skills", reverse("skill_profile_for", args=[certified.pk])),
                ("assign", reverse("team_assign")),
                ("cleared-today", reverse("certification_cleared_today")),
            ],
        ),
        Role(
            "administrator",
            "admin@demo.agentacademy.cn",
            [("catalogue", catalogue), ("profile", reverse("profile"))],
        ),
    ]


def run_axe(page) -> list[str]:
    """axe-core's WCAG 2.1 A/AA violations on the page, one line per rule and element."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(AXE.read_text(encoding="utf-8"))
    result = page.evaluate(
        "tags => axe.run(document,"
        " {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        AXE_TAGS,
    )
    lines = []
    for violation in result["violations"]:
        for node in violation["nodes"]:
            summary = node.get("failureSummary", "").replace("\n", " ")
            lines.append(
                f"{violation['id']} ({violation['impact']}): {violation['help']}"
                f" — {' '.join(map(str, node['target']))} — {summary}"
            )
    return lines


def open_page(page, name: str, url: str | None, found: dict[str, str]) -> None:
    """Goes to the page; the attempt pages are started once, then reopened by their URL."""
    if url is None and name in found:
        url = found[name]
    if url is not None:
        page.goto(url)
    elif name == "quiz-attempt":
        page.locator("[data-start-quiz]").click()
        expect(page.locator("[data-save-status]")).to_have_count(1)
    elif name == "drill":
        page.locator("[data-start=practice]").click()
        expect(page.locator("#current")).to_be_visible()
    elif name == "quiz-result":
        page.locator("[data-quiz-attempts] a").first.click()
        expect(page).to_have_url(re.compile(r"/quizzes/attempts/[0-9a-f-]+/result/$"))
    elif name == "review":
        page.locator("main table a.button").first.click()
        expect(page).to_have_url(re.compile(r"/roleplay/reviews/[0-9a-f-]+/$"))
    found[name] = page.url
    page.wait_for_load_state("networkidle")
    expect(page.locator("main h1")).to_have_count(1)


def shoot(page, artifacts: Path, role: str, name: str, lang: str) -> None:
    """The whole page at each width. The window is made as tall as the page rather than
    using a full-page capture, which leaves sticky parts (the role-play reply box) where
    they stood in the first screen, over the content."""
    for size in (DESKTOP, PHONE):
        page.set_viewport_size(size)
        height = page.evaluate("() => document.documentElement.scrollHeight")
        page.set_viewport_size({"width": size["width"], "height": max(height, size["height"])})
        page.screenshot(path=artifacts / f"{role}-{name}-{lang}-{size['width']}.png")
    page.set_viewport_size(DESKTOP)


def test_each_role_s_main_pages_pass_axe_and_are_photographed_in_both_languages(
    roles, visit, artifacts
):
    problems: list[str] = []

    for role in roles:

        def journey(page, role=role):
            found: dict[str, str] = {}
            page.set_viewport_size(DESKTOP)
            log_in(page, role.email)
            page.wait_for_load_state("networkidle")
            for name, url in role.pages:
                open_page(page, name, url, found)
                expect(page.locator("html")).to_have_attribute("lang", "zh-Hans")
                problems.extend(f"{role.name} {name}: {line}" for line in run_axe(page))
                if name == role.pages[0][0]:  # the home once more on a phone
                    page.set_viewport_size(PHONE)
                    problems.extend(
                        f"{role.name} {name} (phone): {line}" for line in run_axe(page)
                    )
                    page.set_viewport_size(DESKTOP)
                shoot(page, artifacts, role.name, name, "zh")

            page.locator("header form.lang-switch button").click()  # to English
            expect(page.locator("html")).to_have_attribute("lang", "en")
            for name, url in role.pages:
                open_page(page, name, url, found)
                expect(page.locator("html")).to_have_attribute("lang", "en")
                shoot(page, artifacts, role.name, name, "en")

        visit(journey)

    assert not problems, f"{len(problems)} accessibility violations:\n" + "\n".join(problems)
