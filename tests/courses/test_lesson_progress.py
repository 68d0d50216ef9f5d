"""A learner works through a course: lessons ticked off, progress rising, the course completed,
each step written once to the learning record; prerequisites hold the course back."""

import pytest
from django.urls import reverse

from courses.models import CourseCompletion, CoursePage, LessonPage, LessonProgress
from courses.progress import course_progress, lesson_complete
from tests.courses.conftest import publish_child
from tests.factories import make_person
from training.assignments import assignment_create, trainings_for_learner
from training.models import LearningRecord, RecordKind
from training.roles import Role

pytestmark = pytest.mark.django_db


def lessons_of(course):
    return list(course.lessons())


def complete_url(lesson):
    return reverse("lesson_complete", args=[lesson.pk])


def test_completing_lessons_raises_progress_and_completes_the_course_once(course, learner):
    first, second, third = lessons_of(course)
    assert course_progress(user=learner, course=course) == (0, 3)

    lesson_complete(user=learner, lesson=first)
    lesson_complete(user=learner, lesson=first)  # again: nothing more
    assert course_progress(user=learner, course=course) == (1, 3)
    assert LearningRecord.objects.filter(user=learner, kind=RecordKind.LESSON).count() == 1
    assert not CourseCompletion.objects.exists()

    lesson_complete(user=learner, lesson=second)
    lesson_complete(user=learner, lesson=third)
    assert course_progress(user=learner, course=course) == (3, 3)
    course_record = LearningRecord.objects.get(user=learner, kind=RecordKind.COURSE)
    assert course_record.course_id == course.pk and course_record.passed is True
    lesson_complete(user=learner, lesson=third)
    assert LearningRecord.objects.filter(user=learner).count() == 4  # 3 lessons + 1 course


def test_optional_lessons_do_not_count_towards_completion(course, learner):
    first, second, third = lessons_of(course)
    LessonPage.objects.filter(pk=third.pk).update(required=False)
    lesson_complete(user=learner, lesson=first)
    lesson_complete(user=learner, lesson=second)
    assert course_progress(user=learner, course=course) == (2, 2)
    assert CourseCompletion.objects.filter(user=learner, course=course).exists()


def test_done_button_posts_ticks_the_outline_and_goes_to_the_next_lesson(course, learner_client):
    first, second, _third = lessons_of(course)
    page = learner_client.get(first.url).content.decode()
    assert complete_url(first) in page
    assert 'aria-valuenow="0"' in page

    response = learner_client.post(complete_url(first))
    assert response.status_code == 302 and response["Location"] == second.url
    page = learner_client.get(first.url).content.decode()
    assert complete_url(first) not in page  # no button once done
    assert f'class="is-done" data-lesson="{first.pk}"' in page
    assert 'aria-valuenow="33"' in page


def test_the_end_of_lesson_script_gets_json(course, learner_client):
    first = lessons_of(course)[0]
    response = learner_client.post(complete_url(first), HTTP_ACCEPT="application/json")
    data = response.json()
    text = data.pop("text")
    assert data == {
        "lesson": first.pk,
        "done": 1,
        "total": 3,
        "percent": 33,
        "course_completed": False,
    }
    assert "1" in text and "3" in text and "33%" in text


def test_completion_needs_a_logged_in_post(course, client, learner):
    first = lessons_of(course)[0]
    assert client.post(complete_url(first))["Location"].startswith("/accounts/login/")
    client.force_login(learner)
    assert client.get(complete_url(first)).status_code == 405
    assert not LearningRecord.objects.exists()


def test_opening_a_lesson_remembers_where_the_learner_left_off(course, learner_client, learner):
    first, second, _ = lessons_of(course)
    learner_client.get(second.url)
    assert LessonProgress.objects.get(user=learner, lesson=second).completed_at is None
    lesson_complete(user=learner, lesson=first)
    page = learner_client.get(course.url).content.decode()
    # The course page's main button leads to the first lesson not done yet.
    assert f'class="button button--primary" href="{second.url}"' in page


def test_prerequisites_lock_a_course_until_done(catalog, course, learner, learner_client):
    advanced = publish_child(
        catalog, CoursePage(title="投诉进阶", slug="advanced", kind="in_service", summary="进阶")
    )
    advanced.prerequisites.add(course)
    advanced.save_revision().publish()
    from courses.models import ModulePage

    module = publish_child(advanced, ModulePage(title="第一章", slug="m1"))
    lesson = publish_child(module, LessonPage(title="升级处理", slug="l1", body=[]))

    assert learner_client.post(complete_url(lesson)).status_code == 403
    assert not LearningRecord.objects.filter(activity_id=str(lesson.pk)).exists()
    page = learner_client.get(lesson.url).content.decode()
    assert course.title in page and complete_url(lesson) not in page

    for each in lessons_of(course):
        lesson_complete(user=learner, lesson=each)
    assert learner_client.post(complete_url(lesson)).status_code == 302
    assert course_progress(user=learner, course=CoursePage.objects.get(pk=advanced.pk)) == (1, 1)


def test_my_training_shows_assigned_courses_with_progress_and_overdue(
    course, learner, learner_client
):
    import datetime

    trainer = make_person(Role.TRAINER)
    assignment_create(
        page=course, assigned_by=trainer, people=[learner], due_date=datetime.date(2020, 1, 1)
    )
    lesson_complete(user=learner, lesson=lessons_of(course)[0])
    [status] = trainings_for_learner(viewer=learner)
    assert (status.done, status.total, status.percent, status.state) == (1, 3, 33, "overdue")

    page = learner_client.get("/my-training/").content.decode()
    assert course.title in page and "2020-01-01" in page
    assert 'aria-valuenow="33"' in page
    assert f'href="{lessons_of(course)[1].url}"' in page  # continue where I left off
