"""Progress that stays earned, in a real browser: a senior trainer publishes a new lesson in
the onboarding course through the Wagtail editor; an agent who finished onboarding stays
completed; a second lesson published "requires re-training in 14 days" shows up alone, due in
14 days, and doing it clears the update."""

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from courses.models import LessonPage
from courses.programmes import ProgrammePage
from training.models import User

from .test_smoke_roles import log_in, path_is

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

SENIOR_TRAINER = "trainer2@demo.agentacademy.cn"
VETERAN = "veteran@demo.agentacademy.cn"  # finished onboarding long ago


@pytest.fixture
def onboarding(transactional_db):
    call_command("load_demo", verbosity=0)
    call_command("load_demo_courses", verbosity=0)
    call_command("load_demo_training", verbosity=0)
    programme = ProgrammePage.objects.live().get(title="新员工两周入职培训")
    return programme, programme.courses()[0]


def publish_lesson(module_id: int, title: str, *, retraining_days: int | None = None):
    def journey(page):
        log_in(page, SENIOR_TRAINER)
        page.goto(f"/cms/pages/add/courses/lessonpage/{module_id}/")
        page.locator("#id_title").fill(title)
        page.locator("#id_title").blur()
        # The editor makes the slug from the title (on the Promote tab) before publishing.
        expect(page.locator("#id_slug")).not_to_have_value("")
        if retraining_days is not None:
            page.locator("#id_retraining_required").check()
            page.locator("#id_retraining_days").fill(str(retraining_days))
        page.locator("footer [data-w-dropdown-target=toggle]").first.click()
        page.locator("button[name=action-publish]").click()
        expect(page.locator(".messages .success")).to_have_count(1, timeout=15_000)

    return journey


def test_an_agent_stays_completed_and_retrains_only_on_the_marked_lesson(
    onboarding, visit, artifacts
):
    programme, course = onboarding
    module = course.modules().last()

    visit(publish_lesson(module.pk, "补充：订单备注规范"))
    assert LessonPage.objects.live().filter(title="补充：订单备注规范").exists()

    def still_completed(page):
        log_in(page, VETERAN)
        page.goto("/my-training/")
        done = page.locator("#completed-title + .training-list")
        expect(done).to_contain_text(programme.title)
        expect(page.locator(".training--overdue, .training--in_progress")).to_have_count(0)

    visit(still_completed)

    visit(publish_lesson(module.pk, "新退款政策", retraining_days=14))
    new = LessonPage.objects.live().get(title="新退款政策")
    due = timezone.localdate() + datetime.timedelta(days=14)

    def retrain(page):
        log_in(page, VETERAN)
        page.goto("/my-training/")
        updated = page.locator(".training--updated")
        expect(updated).to_have_count(1)
        expect(updated).to_contain_text(programme.title)
        expect(updated.locator("[data-training-update]")).to_contain_text("1 节新课")
        expect(updated.locator("[data-training-update]")).to_contain_text(f"{due:%Y-%m-%d}")
        page.screenshot(path=artifacts / "retraining-my-training.png", full_page=True)
        updated.get_by_role("link", name="学习更新内容").click()
        expect(page).to_have_url(path_is(new.url))
        page.locator("#lesson-done button[type=submit]").click()
        # The last lesson of the course: done, it leads back to the course page.
        expect(page).to_have_url(path_is(course.url))
        expect(page.locator("[data-training-update]")).to_have_count(0)
        page.goto("/my-training/")
        expect(page.locator(".training--updated")).to_have_count(0)
        expect(page.locator("#completed-title + .training-list")).to_contain_text(programme.title)

    visit(retrain)
    veteran = User.objects.get(email=VETERAN)
    assert not veteran.retraining_items.filter(done_at__isnull=True).exists()
    # Only the marked lesson was ever owed; the one published without the mark was not.
    assert list(veteran.retraining_items.values_list("page__title", flat=True)) == ["新退款政策"]
