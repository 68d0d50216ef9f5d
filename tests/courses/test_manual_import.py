"""Importing a manual as a draft course: the command, the writer and the admin pages."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import translation
from wagtail.models import Page

from courses.importers.manual import parse_manual
from courses.importers.manual_writer import course_create_from_outline
from courses.models import CoursePage, LessonPage, ModulePage
from courses.services import catalog_ensure
from tests.courses.fixtures.manuals import PLAIN_TEXT_MANUAL, SHARED_MANUALS, sample_docx
from tests.factories import PASSWORD, UserFactory
from training.models import ImportJob
from training.roles import Role

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def catalog():
    return catalog_ensure()


def _write(tmp_path, name: str, data: bytes):
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_command_imports_training_manual_as_draft(catalog):
    manual = SHARED_MANUALS / "training-manual.md"
    if not manual.exists():
        pytest.skip(f"the customer's manual {manual} is not in this checkout")
    out = io.StringIO()

    call_command("import_manual", str(manual), "--kind", "onboarding", stdout=out)

    assert "Created draft course «电商客服人员培训手册»: 9 modules, 27 lessons." in out.getvalue()
    course = CoursePage.objects.get()
    assert course.get_parent().specific == catalog
    assert course.kind == "onboarding"
    assert not course.live and course.latest_revision is not None
    modules = ModulePage.objects.child_of(course).order_by("path")
    assert [module.title for module in modules][:2] == ["客服岗位认知", "电商平台操作指南"]
    assert LessonPage.objects.descendant_of(course).count() == 27
    assert not LessonPage.objects.live().exists() and not ModulePage.objects.live().exists()
    lesson = LessonPage.objects.get(title="电商平台基本功能介绍")
    assert lesson.latest_revision is not None
    kinds = [block.block_type for block in lesson.body]
    assert kinds[:3] == ["rich_text", "heading", "rich_text"]
    assert lesson.body[1].value["text"] == "商品管理"
    assert lesson.body[1].value["level"] == "h2"
    assert "<ol><li>商品发布:" in lesson.body[2].value.source


def test_command_title_and_kind(tmp_path, catalog):
    path = _write(tmp_path, "讲义.txt", PLAIN_TEXT_MANUAL.encode("gb18030"))
    out = io.StringIO()

    call_command(
        "import_manual", str(path), "--kind", "in_service", "--title", "售后专项", stdout=out
    )

    assert "«售后专项»: 2 modules, 3 lessons." in out.getvalue()
    course = CoursePage.objects.get()
    assert (course.title, course.kind) == ("售后专项", "in_service")
    assert course.summary == "本讲义用于在职培训。"
    module = ModulePage.objects.get(title="售后流程")
    assert module.intro == "售后服务分为四个环节。"


def test_broken_file_creates_nothing_and_names_the_problem(tmp_path, catalog):
    path = _write(tmp_path, "manual.docx", b"PK\x03\x04 broken")
    pages_before = Page.objects.count()

    with pytest.raises(CommandError) as caught:
        call_command("import_manual", str(path), "--kind", "onboarding")

    assert "damaged or is not a .docx" in str(caught.value)
    assert Page.objects.count() == pages_before


def test_every_problem_is_listed(tmp_path, catalog):
    text = "# 手册\n\n## 第1章 概述\n\n## 第2章 附录\n"
    path = _write(tmp_path, "manual.md", text.encode())

    with pytest.raises(CommandError) as caught:
        call_command("import_manual", str(path), "--kind", "special_topic")

    message = str(caught.value)
    assert "Problems found: 2" in message
    assert "line 3" in message and "line 5" in message
    assert not CoursePage.objects.exists()


def test_writer_escapes_html_and_rolls_back_on_failure(catalog, monkeypatch):
    text = "第一章 A&B\n正文 <script>x</script>\n(1)甲<b>;(2)乙\n"
    outline = parse_manual(text.encode(), "m.txt")

    course = course_create_from_outline(outline=outline, kind="onboarding")

    lesson = LessonPage.objects.descendant_of(course).get()
    assert lesson.title == "A&B"
    assert lesson.body[0].value.source == (
        "<p>正文 &lt;script&gt;x&lt;/script&gt;</p><ol><li>甲&lt;b&gt;</li><li>乙</li></ol>"
    )

    from courses.importers import manual_writer

    calls = []
    original = manual_writer._add_draft

    def failing(parent, page, **kwargs):
        calls.append(page)
        if isinstance(page, LessonPage):
            raise RuntimeError("disk full")
        return original(parent, page, **kwargs)

    monkeypatch.setattr(manual_writer, "_add_draft", failing)
    count = Page.objects.count()
    with pytest.raises(RuntimeError):
        course_create_from_outline(outline=outline, kind="onboarding")
    assert Page.objects.count() == count


# --- The admin pages -----------------------------------------------------------------------


@pytest.fixture
def trainer(client, catalog):
    user = UserFactory(roles=[Role.TRAINER])
    client.login(username=user.email, password=PASSWORD)
    return user


def _upload(client, data: bytes, name: str, **fields):
    from django.core.files.uploadedfile import SimpleUploadedFile

    payload = {"kind": "onboarding", "title": "", **fields}
    payload["manual"] = SimpleUploadedFile(name, data)
    return client.post(reverse("courses_manual_import"), payload)


def test_trainer_previews_then_creates_draft_course(
    client, trainer, django_capture_on_commit_callbacks
):
    page = client.get(reverse("courses_manual_import"))
    assert page.status_code == 200

    preview = _upload(client, sample_docx(), "入职手册.docx")

    assert preview.status_code == 302
    preview = client.get(preview["Location"])
    content = preview.content.decode()
    assert "新员工入职手册" in content
    assert "岗位与职责" in content and "一线客服" in content and "响应时效" in content
    assert not CoursePage.objects.exists()  # nothing is written before the trainer confirms

    with django_capture_on_commit_callbacks(execute=False) as queued:
        confirmed = client.post(preview.request["PATH_INFO"])
    job = ImportJob.objects.get()
    assert confirmed.status_code == 302
    assert confirmed["Location"] == reverse("training_import_job", args=[job.pk])
    assert not CoursePage.objects.exists()  # the course is written by the background job
    assert job.user == trainer and job.filename == "入职手册.docx"

    for callback in queued:  # the transaction commits: the (eager) task runs
        callback()

    course = CoursePage.objects.get()
    assert course.owner == trainer and not course.live
    assert ModulePage.objects.child_of(course).count() == 2
    assert LessonPage.objects.descendant_of(course).count() == 3
    job_page = client.get(confirmed["Location"]).content.decode()
    assert reverse("wagtailadmin_pages:edit", args=[course.pk]) in job_page
    # The stored preview is used up: posting again creates nothing more.
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(preview.request["PATH_INFO"]).status_code == 404
    assert CoursePage.objects.count() == 1


def test_admin_shows_every_problem_and_creates_nothing(client, trainer):
    response = _upload(client, "# 手册\n\n## 第1章 概述\n\n## 第2章 附录\n".encode(), "m.md")

    assert response.status_code == 200
    content = response.content.decode()
    assert "import-errors" in content
    assert "概述" in content and "附录" in content
    assert not CoursePage.objects.exists()


def test_preview_token_from_someone_else_is_refused(client, trainer):
    preview = _upload(client, sample_docx(), "入职手册.docx")
    url = preview["Location"]
    client.logout()
    other = UserFactory(roles=[Role.TRAINER])
    client.login(username=other.email, password=PASSWORD)

    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404
    assert not CoursePage.objects.exists()


def test_learners_and_managers_cannot_import(client, catalog):
    for role in (Role.LEARNER, Role.MANAGER):
        user = UserFactory(roles=[role])
        client.login(username=user.email, password=PASSWORD)
        response = client.get(reverse("courses_manual_import"))
        assert response.status_code in (302, 403)
        client.logout()
