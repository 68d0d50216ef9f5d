"""The demo manager opens a member from the team page, sees her exam attempts and the result
she saw, and downloads the team overview as XLSX."""

import io

import openpyxl
import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from courses.models import CoursePage
from quizzes.bank import questions_save
from quizzes.models import QuizPage, QuizRule
from quizzes.services import attempt_start, attempt_submit
from tests.quizzes.conftest import bank_questions
from training.assignments import assignment_create
from training.models import User

from .test_smoke_roles import log_in, path_is

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def attempts(transactional_db):
    """The new hire 张晓雨 has taken the exam twice and has the first demo course assigned."""
    call_command("load_demo", verbosity=0)
    call_command("load_demo_courses", verbosity=0)
    questions = bank_questions()
    for question in questions:
        question.category = ["服务标准"]
    saved = questions_save(questions=questions)
    course = CoursePage.objects.live().order_by("path").first()
    quiz = QuizPage(title="上岗考试（演示）", slug="exam-demo", shuffle_options=False)
    quiz.rules = [QuizRule(question=q) for q in saved]
    course.modules().first().add_child(instance=quiz)
    quiz.save_revision().publish()
    quiz = QuizPage.objects.get(pk=quiz.pk)
    learner = User.objects.get(email="newhire@demo.agentacademy.cn")
    manager = User.objects.get(email="manager@demo.agentacademy.cn")
    assignment_create(
        page=course, assigned_by=manager, people=[learner], due_date=timezone.localdate()
    )
    made = []
    for right in (False, True):  # a blank attempt, then one with the choice questions right
        attempt = attempt_start(quiz=quiz, user=learner)
        responses = {}
        for slot in attempt.questions.all():
            if slot.snapshot["type"] in {"single_choice", "true_false"} and right:
                key = next(a["key"] for a in slot.snapshot["answers"] if a["fraction"] == 1)
                responses[slot.position] = key
        made.append(attempt_submit(attempt=attempt, responses=responses))
    return learner, manager, course, made


def test_the_manager_opens_a_member_sees_her_exam_attempts_and_downloads_the_overview(
    attempts, visit, artifacts
):
    learner, manager, course, made = attempts
    member_url = reverse("team_member", args=[learner.pk])

    def journey(page):
        log_in(page, manager.email)
        expect(page).to_have_url(path_is("/team/"))
        page.locator("main table").first.get_by_role("link", name=learner.name).click()

        expect(page).to_have_url(path_is(member_url))
        expect(page.locator("main h1")).to_have_text(learner.name)
        rows = page.locator("[data-quiz-attempts] tbody tr")
        expect(rows).to_have_count(2)
        expect(rows.nth(0)).to_contain_text("上岗考试（演示）")
        page.screenshot(path=artifacts / "manager-member.png", full_page=True)

        rows.nth(0).get_by_role("link").click()
        expect(page.locator("[data-read-only]")).to_contain_text(learner.name)
        page.go_back()

        page.goto("/team/")
        with page.expect_download() as info:
            page.locator('[data-export="xlsx"]').click()
        download = info.value
        with open(download.path(), "rb") as file:
            return download.suggested_filename, file.read()

    name, data = visit(journey)

    assert name.endswith(f"{timezone.localdate().isoformat()}.xlsx")
    assert "售后服务一组" in name
    sheet = openpyxl.load_workbook(io.BytesIO(data)).worksheets[0]
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows[0][:3] == ["团队", "工号", "姓名"]
    mine = [row for row in rows[1:] if row[2] == learner.name]
    assert [row[6] for row in mine] == [course.title]
    assert mine[0][11] == "未开始"
