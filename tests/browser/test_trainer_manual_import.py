"""A trainer uploads a Word manual in the administration area, checks the outline preview and
gets a draft course with the same outline."""

import re
import threading

import pytest
from django.core.management import call_command
from django.db import connection
from playwright.sync_api import expect

from courses.models import CoursePage, LessonPage, ModulePage
from quizzes.models import Question
from tests.courses.fixtures.manuals import sample_docx
from training.imports import import_job_run
from training.models import ImportJob, User

from .test_smoke_roles import log_in, path_is

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def demo(transactional_db):
    call_command("load_demo", verbosity=0)
    call_command("load_demo_courses", verbosity=0)


def test_a_trainer_imports_a_docx_manual_as_a_draft_course(demo, visit, artifacts):
    docx = sample_docx()

    def journey(page):
        log_in(page, "trainer@demo.agentacademy.cn")
        expect(page).to_have_url(path_is("/trainer/"))
        page.goto("/cms/courses/import-manual/")
        page.locator("input[name=manual]").set_input_files(
            {
                "name": "新员工入职手册.docx",
                "mimeType": "application/vnd.openxmlformats-officedocument"
                ".wordprocessingml.document",
                "buffer": docx,
            }
        )
        page.locator("select[name=kind]").select_option("onboarding")
        page.locator("main form button[type=submit]").click()

        expect(page).to_have_url(re.compile(r"/cms/courses/import-manual/[\w-]+/$"))
        main = page.locator("main")
        for title in ("岗位与职责", "服务标准", "一线客服", "二线客服", "响应时效"):
            expect(main).to_contain_text(title)
        page.screenshot(path=artifacts / "manual-import-preview.png", full_page=True)

        page.locator("main form button[type=submit]").click()
        # A background job writes the course; its page follows it and then links to it.
        expect(page).to_have_url(re.compile(r"/cms/imports/\d+/$"))
        result = page.locator("main [data-import-job-result]")
        expect(result).to_be_visible()
        expect(main).to_contain_text("新员工入职手册")
        page.screenshot(path=artifacts / "manual-import-job.png", full_page=True)
        result.click()
        expect(page).to_have_url(re.compile(r"/cms/pages/\d+/edit/$"))
        page.screenshot(path=artifacts / "manual-import-draft.png", full_page=True)
        return int(re.search(r"/pages/(\d+)/edit/", page.url).group(1))

    course = CoursePage.objects.get(pk=visit(journey))
    assert course.title == "新员工入职手册" and course.kind == "onboarding"
    assert not course.live  # a draft, waiting for review
    modules = ModulePage.objects.child_of(course).order_by("path")
    assert [m.title for m in modules] == ["岗位与职责", "服务标准"]
    lessons = LessonPage.objects.descendant_of(course).order_by("path")
    assert [lesson.title for lesson in lessons] == ["一线客服", "二线客服", "响应时效"]


GIFT = "::退款时效::退款一般多久到账？{=1–3 个工作日 ~当天}\n\n::原路退回::退款原路返回。{T}\n"


def test_the_job_page_follows_a_waiting_import_until_its_result(demo, visit, artifacts):
    trainer = User.objects.get(email="trainer@demo.agentacademy.cn")
    job = ImportJob.objects.create(
        user=trainer, kind="quizzes.questions", filename="退款.gift", data=GIFT.encode()
    )
    page_open = threading.Event()

    def worker():  # stands in for the Celery worker, once the trainer is watching
        try:
            if page_open.wait(timeout=60):
                import_job_run(job_id=job.pk)
        finally:
            connection.close()

    thread = threading.Thread(target=worker)
    thread.start()

    def journey(page):
        log_in(page, "trainer@demo.agentacademy.cn")
        page.goto(f"/cms/imports/{job.pk}/")
        main = page.locator("main")
        expect(main.locator("[data-import-job-status]")).to_have_text("等待开始")
        expect(main.locator("progress")).to_be_visible()
        page.screenshot(path=artifacts / "import-job-waiting.png", full_page=True)
        page_open.set()
        # No click: the page follows the job by itself and then shows the result.
        expect(main.locator("[data-import-job-result]")).to_be_visible()
        expect(main).to_contain_text("已向题库添加 2 道题目。")
        page.screenshot(path=artifacts / "import-job-finished.png", full_page=True)

    try:
        visit(journey)
    finally:
        page_open.set()
        thread.join(timeout=60)
    assert Question.objects.count() == 2
