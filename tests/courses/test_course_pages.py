import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from wagtail.documents.models import Document
from wagtail.embeds.embeds import get_embed_hash
from wagtail.embeds.models import Embed
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase

from courses.blocks import VideoBlock
from courses.models import CourseCatalogPage, CoursePage, LessonPage, ModulePage
from courses.programmes import ProgrammePage
from quizzes.models import QuizPage
from roleplay.models import ScenarioPage
from tests.courses.conftest import publish_child

VIDEO_SITE_URL = "https://video.example.com/watch/42"


class TestPageHierarchy(WagtailPageTestCase):
    def test_catalogue_goes_under_the_site_root_and_holds_courses(self):
        self.assertCanCreateAt(Page, CourseCatalogPage)
        self.assertAllowedSubpageTypes(CourseCatalogPage, {CoursePage, ProgrammePage})

    def test_course_holds_modules_and_module_holds_lessons(self):
        self.assertAllowedParentPageTypes(CoursePage, {CourseCatalogPage})
        # Quizzes and role-play scenarios sit in a module (or end a course) as pages.
        self.assertAllowedSubpageTypes(CoursePage, {ModulePage, QuizPage, ScenarioPage})
        self.assertAllowedParentPageTypes(ModulePage, {CoursePage})
        self.assertAllowedSubpageTypes(ModulePage, {LessonPage, QuizPage, ScenarioPage})
        self.assertAllowedParentPageTypes(LessonPage, {ModulePage})
        self.assertAllowedSubpageTypes(LessonPage, set())

    def test_pages_cannot_skip_a_level(self):
        self.assertCanNotCreateAt(Page, CoursePage)
        self.assertCanNotCreateAt(Page, LessonPage)
        self.assertCanNotCreateAt(CourseCatalogPage, ModulePage)
        self.assertCanNotCreateAt(CourseCatalogPage, LessonPage)
        self.assertCanNotCreateAt(CoursePage, LessonPage)
        self.assertCanNotCreateAt(CoursePage, CoursePage)


def test_there_is_only_one_catalogue(catalog):
    assert not CourseCatalogPage.can_create_at(catalog.get_parent())


def every_block(image, document):
    return [
        {"type": "heading", "value": {"text": "售后四步法", "level": "h2"}},
        {"type": "heading", "value": {"text": "诊断", "level": "h3"}},
        {"type": "rich_text", "value": "<p>先听清顾客遇到了<b>什么问题</b>。</p>"},
        {"type": "key_points", "value": {"title": "", "points": ["先回应再查询", "给出确定时间"]}},
        {
            "type": "reply_script",
            "value": {
                "situation": "顾客询问退款何时到账",
                "recommended": "您的退款已提交，一般 1 到 3 个工作日到账。",
                "avoid": "系统自动退的，你等着就行。",
                "note": "说明到账时间。",
            },
        },
        {
            "type": "do_dont",
            "value": {"title": "表达", "do_items": ["复述顾客的问题"], "dont_items": ["打断顾客"]},
        },
        {
            "type": "service_standard",
            "value": {
                "metric": "在线消息首次响应",
                "target": "≤ 60 秒",
                "explanation": "从第一条消息算起",
            },
        },
        {
            "type": "case_study",
            "value": {
                "title": "电水壶不加热",
                "situation": "顾客反映插电没反应",
                "action": "请顾客拍底座照片",
                "outcome": "换新后正常使用",
                "lesson": "诊断清楚再给方案",
            },
        },
        {"type": "checklist", "value": {"title": "", "items": ["核对物流单号", "约定回复时间"]}},
        {
            "type": "image",
            "value": {"image": image.pk, "alt_text": "售后流程图", "caption": "四步"},
        },
        {
            "type": "video",
            "value": {
                "embed": VIDEO_SITE_URL,
                "file": None,
                "url": "",
                "caption": "",
                "transcript": "",
            },
        },
        {
            "type": "video",
            "value": {
                "embed": "",
                "file": None,
                "url": "https://intranet.example.com/videos/greeting.mp4",
                "caption": "开场白示范",
                "transcript": "您好，我是客服小林。",
            },
        },
        {
            "type": "document",
            "value": {"document": document.pk, "title": "", "description": "打印版"},
        },
    ]


@pytest.fixture
def lesson_with_every_block(course):
    image = Image.objects.create(title="流程图", file=get_test_image_file())
    document = Document.objects.create(
        title="话术速查表", file=ContentFile(b"%PDF-1.4 demo", name="scripts.pdf")
    )
    # A cached embed, so rendering never goes to the network.
    Embed.objects.create(
        url=VIDEO_SITE_URL,
        hash=get_embed_hash(VIDEO_SITE_URL),
        type="video",
        html='<iframe title="示范视频" src="https://video.example.com/embed/42"></iframe>',
    )
    module = course.modules().last()
    return publish_child(
        module,
        LessonPage(title="全部内容块", slug="every-block", body=every_block(image, document)),
    )


@pytest.mark.django_db
def test_a_lesson_renders_every_block_for_a_learner(learner_client, lesson_with_every_block):
    response = learner_client.get(lesson_with_every_block.url)

    assert response.status_code == 200
    html = response.content.decode()
    for expected in [
        '<h2 class="lesson-heading lesson-heading--2">售后四步法</h2>',
        '<h3 class="lesson-heading lesson-heading--3">诊断</h3>',
        "<b>什么问题</b>",
        "先回应再查询",
        "您的退款已提交",
        "系统自动退的",
        "复述顾客的问题",
        "打断顾客",
        "≤ 60 秒",
        "诊断清楚再给方案",
        "约定回复时间",
        'alt="售后流程图"',
        "https://video.example.com/embed/42",
        'src="https://intranet.example.com/videos/greeting.mp4"',
        "您好，我是客服小林。",
        "话术速查表",
        "scripts.pdf",
        "css/courses.css",
    ]:
        assert expected in html, expected


@pytest.mark.django_db
def test_course_page_shows_facts_and_outline(learner_client, course):
    prerequisite = publish_child(
        course.get_parent(),
        CoursePage(title="岗位认知", slug="role", summary="岗位与规范。", kind="onboarding"),
    )
    course.prerequisites.add(prerequisite)
    course.save_revision().publish()

    response = learner_client.get(course.url)

    assert response.status_code == 200
    html = response.content.decode()
    for expected in [
        "查订单、办退款、走售后。",
        "订单",
        "退款",
        "下单到签收",
        "物流异常",
        "退款申请",
    ]:
        assert expected in html
    assert prerequisite.url in html
    assert [entry["module"].title for entry in response.context["outline"]] == ["订单", "退款"]
    assert response.context["first_lesson"].title == "下单到签收"
    assert response.context["lesson_count"] == 3


@pytest.mark.django_db
def test_catalogue_lists_published_courses_by_kind(learner_client, course):
    draft = CoursePage(title="草稿课程", slug="draft", summary="未发布", kind="special_topic")
    course.get_parent().add_child(instance=draft)
    draft.unpublish()

    response = learner_client.get(course.get_parent().url)

    assert response.status_code == 200
    groups = response.context["course_groups"]
    assert [(group["kind"], [c.title for c in group["courses"]]) for group in groups] == [
        ("onboarding", ["平台操作"])
    ]
    assert "草稿课程" not in response.content.decode()


@pytest.mark.django_db
def test_module_page_lists_its_lessons(learner_client, course):
    module = course.modules().first()
    response = learner_client.get(module.url)
    assert response.status_code == 200
    assert [lesson.title for lesson in response.context["lessons"]] == ["下单到签收", "物流异常"]


@pytest.mark.django_db
def test_anonymous_visitors_are_sent_to_log_in(client, course):
    lesson = course.lessons().first()
    for page in [course.get_parent(), course, course.modules().first(), lesson]:
        response = client.get(page.url)
        assert response.status_code == 302
        assert response["Location"] == f"/accounts/login/?next={page.url}"


@pytest.mark.django_db
def test_lessons_run_in_tree_order_across_modules(course):
    first, second, third = course.lessons()
    assert [first.title, second.title, third.title] == ["下单到签收", "物流异常", "退款申请"]
    assert third.course.pk == course.pk
    assert third.previous_lesson().pk == second.pk
    assert second.next_lesson().pk == third.pk
    assert first.previous_lesson() is None
    assert third.next_lesson() is None


@pytest.mark.django_db
def test_unpublished_lessons_and_modules_drop_out_of_the_course(learner_client, course):
    first, second, third = course.lessons()
    second.unpublish()
    course.modules().last().unpublish()

    assert [lesson.pk for lesson in course.lessons()] == [first.pk]
    assert first.next_lesson() is None
    assert learner_client.get(second.url).status_code == 404


@pytest.mark.django_db
def test_lesson_page_links_previous_and_next(learner_client, course):
    first, second, third = course.lessons()
    response = learner_client.get(second.url)
    assert response.context["previous_lesson"].pk == first.pk
    assert response.context["next_lesson"].pk == third.pk
    assert response.context["lesson_number"] == 2
    html = response.content.decode()
    assert f'href="{first.url}" rel="prev"' in html
    assert f'href="{third.url}" rel="next"' in html


@pytest.mark.django_db
def test_intended_positions_accept_only_known_positions(course):
    course.intended_positions = ["first_line", "astronaut"]
    with pytest.raises(ValidationError):
        course.full_clean()
    course.intended_positions = ["first_line", "complaint_specialist"]
    course.full_clean()
    assert len(course.intended_position_labels()) == 2


def test_a_video_needs_exactly_one_source():
    block = VideoBlock()
    empty = block.to_python({"embed": "", "file": None, "url": "", "caption": "", "transcript": ""})
    with pytest.raises(ValidationError):
        block.clean(empty)
    one = block.to_python(
        {"embed": "", "file": None, "url": "https://intranet.example.com/a.mp4", "caption": ""}
    )
    assert block.clean(one)["url"] == "https://intranet.example.com/a.mp4"
