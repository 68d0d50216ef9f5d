"""A trainer uploads a Word manual in the administration area, checks the outline preview and
gets a draft course with the same outline."""

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from courses.models import CoursePage, LessonPage, ModulePage
from tests.courses.fixtures.manuals import sample_docx

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
