"""A lesson republished with changes flags the questions that test it for review."""

import datetime

import pytest
from django.utils import timezone, translation

from courses.models import CoursePage, LessonPage, ModulePage
from courses.services import catalog_ensure
from quizzes.bank import category_for_path, questions_save
from quizzes.models import Question
from quizzes.questions import AnswerData, QuestionData
from quizzes.review import question_mark_reviewed

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english(settings):
    # The reason is written in the site's language; asserted here in English.
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


def publish_child(parent, page):
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


@pytest.fixture
def module():
    catalog = catalog_ensure(title="课程中心")
    course = publish_child(
        catalog, CoursePage(title="售后服务", slug="after-sales", kind="onboarding", summary="退款")
    )
    return publish_child(course, ModulePage(title="退款", slug="refunds"))


def lesson_in(module, title="退款时效", body="<p>退款 1 到 3 个工作日到账。</p>"):
    return publish_child(
        module,
        LessonPage(title=title, slug=f"l-{title}", body=[{"type": "rich_text", "value": body}]),
    )


def question_testing(*lessons, name="退款多久到账"):
    question = questions_save(
        questions=[
            QuestionData(
                qtype="single_choice",
                name=name,
                text="退款一般多久到账？",
                answers=[AnswerData("1–3 个工作日", 1.0), AnswerData("当天", 0.0)],
            )
        ],
        category=category_for_path(["售后"]),
    )[0]
    question.lessons.set(lessons)
    question.save()
    return question


def republish(lesson, **changes):
    lesson = type(lesson).objects.get(pk=lesson.pk)
    for name, value in changes.items():
        setattr(lesson, name, value)
    lesson.save_revision().publish()
    return lesson


def test_changing_a_lessons_body_flags_its_questions_with_the_reason(module):
    lesson = lesson_in(module)
    question = question_testing(lesson)
    other = question_testing(lesson_in(module, title="换货"), name="换货流程")

    republish(lesson, body=[{"type": "rich_text", "value": "<p>退款 1 到 5 个工作日到账。</p>"}])

    question.refresh_from_db()
    other.refresh_from_db()
    assert question.review_needed
    today = timezone.localdate().strftime("%Y-%m-%d")
    assert question.review_reason == f"Lesson “退款时效” was changed and republished on {today}."
    assert not other.review_needed


def test_a_new_title_flags_and_a_second_change_adds_its_reason_once(module):
    lesson = lesson_in(module)
    question = question_testing(lesson)

    lesson = republish(lesson, title="退款到账时间")
    republish(lesson, title="退款到账时间（新）")
    republish(lesson)  # nothing changed this time

    question.refresh_from_db()
    assert question.review_needed
    assert question.review_reason.count("was changed and republished") == 2
    assert "退款到账时间（新）" in question.review_reason


def test_republishing_the_same_content_or_a_first_publish_flags_nothing(module):
    lesson = lesson_in(module)
    question = question_testing(lesson)
    republish(lesson)

    draft = LessonPage(title="新课", slug="new", live=False, body=[])
    module.add_child(instance=draft)
    waiting = question_testing(draft, name="新课的题")
    draft.save_revision().publish()

    question.refresh_from_db()
    waiting.refresh_from_db()
    assert not question.review_needed
    assert not waiting.review_needed


def test_only_lessons_count_not_other_pages(module):
    lesson = lesson_in(module)
    question = question_testing(lesson)

    republish(ModulePage.objects.get(pk=module.pk), title="退款与退货")

    question.refresh_from_db()
    assert not question.review_needed


def test_marking_as_reviewed_clears_the_flag_and_reason(module):
    lesson = lesson_in(module)
    question = question_testing(lesson)
    republish(lesson, title="新标题")

    question_mark_reviewed(question=Question.objects.get(pk=question.pk))

    question.refresh_from_db()
    assert (question.review_needed, question.review_reason) == (False, "")


def test_the_reason_uses_the_publish_date(module, monkeypatch):
    lesson = lesson_in(module)
    question = question_testing(lesson)
    later = timezone.make_aware(datetime.datetime(2027, 2, 3, 9, 0))
    monkeypatch.setattr(timezone, "now", lambda: later)

    republish(lesson, title="退款规则")

    question.refresh_from_db()
    assert "on 2027-02-03" in question.review_reason
