"""Progress that stays earned, and the manager's view of it, in one browser journey.

A senior trainer publishes a new lesson in the onboarding course through the Wagtail editor;
an agent who finished onboarding stays completed. A second lesson published "requires
re-training in 14 days" shows up alone on her My training, due in 14 days, with a message in
her inbox (the unread count in the header); doing it clears the update. Her manager opens
her page from the team page, sees her exam attempts and the result she saw, and downloads
the team overview as XLSX.
"""

import datetime
import io

import openpyxl
import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from courses.models import LessonPage
from courses.programmes import ProgrammePage
from quizzes.bank import questions_save
from quizzes.models import QuizPage, QuizRule
from quizzes.services import attempt_start, attempt_submit
from tests.quizzes.conftest import bank_questions
from training.models import Notification, User

from .test_smoke_roles import log_in, path_is

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

SENIOR_TRAINER = "trainer2@demo.agentacademy.cn"
VETERAN = "veteran@demo.agentacademy.cn"  # finished onboarding long ago
MANAGER = "manager@demo.agentacademy.cn"  # manages the veteran's team
EXAM = "上岗考试（演示）"


def take_exam_twice(course, person):
    """An exam in the course (optional: it does not change anyone's completion) that the
    person took twice: a blank attempt, then one with the choice questions right."""
    questions = bank_questions()
    for question in questions:
        question.category = ["服务标准"]
    quiz = QuizPage(title=EXAM, slug="exam-demo", shuffle_options=False, required=False)
    quiz.rules = [QuizRule(question=q) for q in questions_save(questions=questions)]
    course.modules().first().add_child(instance=quiz)
    quiz.save_revision().publish()
    quiz = QuizPage.objects.get(pk=quiz.pk)
    for right in (False, True):
        attempt = attempt_start(quiz=quiz, user=person)
        responses = {}
        for slot in attempt.questions.all():
            if slot.snapshot["type"] in {"single_choice", "true_false"} and right:
                key = next(a["key"] for a in slot.snapshot["answers"] if a["fraction"] == 1)
                responses[slot.position] = key
        attempt_submit(attempt=attempt, responses=responses)


@pytest.fixture
def onboarding(transactional_db):
    call_command("load_demo", verbosity=0)
    call_command("load_demo_courses", verbosity=0)
    call_command("load_demo_training", verbosity=0)
    programme = ProgrammePage.objects.live().get(title="新员工两周入职培训")
    course = programme.courses()[0]
    take_exam_twice(course, User.objects.get(email=VETERAN))
    return programme, course


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


def test_an_agent_stays_completed_retrains_only_on_the_marked_lesson_and_her_manager_sees_it(
    onboarding, visit, artifacts
):
    programme, course = onboarding
    module = course.modules().last()
    veteran = User.objects.get(email=VETERAN)

    visit(publish_lesson(module.pk, "补充：订单备注规范"))
    assert LessonPage.objects.live().filter(title="补充：订单备注规范").exists()

    def still_completed(page):
        log_in(page, VETERAN)
        page.goto("/my-training/")
        done = page.locator("#completed-title + .training-list")
        expect(done).to_contain_text(programme.title)
        expect(page.locator(".training--overdue, .training--in_progress")).to_have_count(0)

    visit(still_completed)
    told_before = Notification.objects.filter(user=veteran).count()

    visit(publish_lesson(module.pk, "新退款政策", retraining_days=14))
    new = LessonPage.objects.live().get(title="新退款政策")
    due = timezone.localdate() + datetime.timedelta(days=14)
    # One message about it, unread (the count the header must show).
    assert Notification.objects.filter(user=veteran).count() == told_before + 1
    unread = Notification.objects.filter(user=veteran, read_at__isnull=True).count()

    def retrain(page):
        log_in(page, VETERAN)
        page.goto("/my-training/")
        expect(page.locator("header [data-unread]")).to_have_attribute("data-unread", str(unread))
        updated = page.locator(".training--updated")
        expect(updated).to_have_count(1)
        expect(updated).to_contain_text(programme.title)
        expect(updated.locator("[data-training-update]")).to_contain_text("1 节新课")
        expect(updated.locator("[data-training-update]")).to_contain_text(f"{due:%Y-%m-%d}")
        page.screenshot(path=artifacts / "retraining-my-training.png", full_page=True)

        page.locator("header .inbox-link").click()
        message = page.locator(".inbox-item--unread").filter(has_text=course.title).first
        expect(message.locator(".inbox-item__title")).to_contain_text("培训内容已更新")
        expect(message.locator(".inbox-item__body")).to_contain_text(f"{due:%Y-%m-%d}")
        message.locator(".inbox-item__title").press("Enter")  # opens My training; read now
        expect(page).to_have_url(path_is("/my-training/"))

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
    assert not veteran.retraining_items.filter(done_at__isnull=True).exists()
    # Only the marked lesson was ever owed; the one published without the mark was not.
    assert list(veteran.retraining_items.values_list("page__title", flat=True)) == ["新退款政策"]
    assert Notification.objects.filter(user=veteran, read_at__isnull=True).count() == unread - 1

    member_url = reverse("team_member", args=[veteran.pk])

    def manager_looks(page):
        log_in(page, MANAGER)
        expect(page).to_have_url(path_is("/team/"))
        members = page.locator("main table[data-team-members]").first
        # Role-play's column on the team page (added by its hook).
        row = members.locator("tr").filter(has_text=veteran.name)
        expect(row.get_by_role("link", name="角色扮演能力")).to_have_count(1)
        row.get_by_role("link", name=veteran.name).click()

        expect(page).to_have_url(path_is(member_url))
        expect(page.locator("main h1")).to_have_text(veteran.name)
        attempts = page.locator("[data-quiz-attempts] tbody tr")
        expect(attempts).to_have_count(2)
        expect(attempts.nth(0)).to_contain_text(EXAM)
        page.screenshot(path=artifacts / "manager-member.png", full_page=True)
        attempts.nth(0).get_by_role("link").click()
        expect(page.locator("[data-read-only]")).to_contain_text(veteran.name)

        page.goto("/team/")
        with page.expect_download() as info:
            page.locator('[data-export="xlsx"]').click()
        download = info.value
        with open(download.path(), "rb") as file:
            return download.suggested_filename, file.read()

    name, data = visit(manager_looks)

    assert name.endswith(f"{timezone.localdate().isoformat()}.xlsx")
    assert "售后服务一组" in name
    sheet = openpyxl.load_workbook(io.BytesIO(data)).worksheets[0]
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows[0][:3] == ["团队", "工号", "姓名"]
    mine = [row for row in rows[1:] if row[2] == veteran.name]
    assert [(row[6], row[11]) for row in mine] == [(programme.title, "已完成")]
