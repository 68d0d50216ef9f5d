"""A new hire works through assigned onboarding training in a real browser: My training shows
it, lessons open, "done" ticks them off, and the progress bar rises."""

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from courses.programmes import ProgrammePage
from training.models import LearningRecord, RecordKind, User

from .test_smoke_roles import log_in, path_is

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def onboarding(transactional_db):
    # The demo organisation: the new hire got the onboarding programme on arrival.
    call_command("load_demo", verbosity=0)
    call_command("load_demo_courses", verbosity=0)
    call_command("load_demo_training", verbosity=0)
    programme = ProgrammePage.objects.live().get(title="新员工两周入职培训")
    newhire = User.objects.get(email="newhire@demo.agentacademy.cn")
    return programme, programme.courses()[0], newhire


def bar_value(page) -> int:
    return int(page.locator("[role=progressbar]").first.get_attribute("aria-valuenow"))


def test_a_new_hire_completes_lessons_and_sees_progress_rise(onboarding, visit, artifacts):
    programme, course, newhire = onboarding
    lessons = list(course.lessons())

    def journey(page):
        log_in(page, newhire.email)
        expect(page).to_have_url(path_is("/my-training/"))
        card = page.locator(".training", has_text=programme.title)
        expect(card).to_have_count(1)
        expect(card.locator("[role=progressbar]")).to_have_attribute("aria-valuenow", "0")
        page.screenshot(path=artifacts / "my-training-new-hire.png", full_page=True)

        card.locator("a.button").click()  # start
        expect(page).to_have_url(path_is(lessons[0].url))
        expect(page.locator("main h1")).to_have_text(lessons[0].title)
        start = bar_value(page)

        # Two lessons done with the button; each time the next lesson opens.
        for index in (0, 1):
            page.locator("form[data-complete-lesson] button").click()
            expect(page).to_have_url(path_is(lessons[index + 1].url))
        expect(page.locator(f'.outline [data-lesson="{lessons[0].pk}"]')).to_have_class(
            re.compile("is-done")
        )
        after = bar_value(page)
        page.screenshot(path=artifacts / "lesson-progress.png", full_page=True)

        page.goto("/my-training/")
        card = page.locator(".training", has_text=programme.title)
        expect(card.locator("[role=progressbar]")).not_to_have_attribute("aria-valuenow", "0")
        page.screenshot(path=artifacts / "my-training-progress.png", full_page=True)
        # "Continue" goes to the first lesson not done yet.
        page.locator(".continue-card a.button").click()
        expect(page).to_have_url(path_is(lessons[2].url))

        # Reading to the end marks the lesson done without a click (after a few seconds).
        page.locator("#lesson-done").scroll_into_view_if_needed()
        expect(page.locator("#lesson-done .done-mark")).to_be_visible(timeout=12_000)
        expect(page.locator(".outline [data-progress-text]")).to_contain_text(
            f"{round(100 * 3 / len(lessons))}%"
        )
        return start, after

    start, after = visit(journey)
    assert start == 0 and after == round(100 * 2 / len(lessons))
    assert LearningRecord.objects.filter(user=newhire, kind=RecordKind.LESSON).count() == 3
