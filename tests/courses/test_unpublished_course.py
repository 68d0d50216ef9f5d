"""Pages inside a course that is not published are not there for learners."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from courses.models import LessonPage, ModulePage
from courses.progress import lesson_complete
from training.models import LearningRecord

pytestmark = pytest.mark.django_db


def test_a_live_lesson_in_an_unpublished_course_is_not_found(course, learner_client):
    lesson = LessonPage.objects.get(slug="refund")
    assert learner_client.get(lesson.url).status_code == 200
    course.unpublish()
    assert learner_client.get(lesson.url).status_code == 404
    assert learner_client.get(ModulePage.objects.get(slug="refunds").url).status_code == 404


def test_a_lesson_under_an_unpublished_module_is_not_found_nor_completed(
    course, learner, learner_client
):
    lesson = LessonPage.objects.get(slug="refund")
    url = lesson.url
    ModulePage.objects.get(slug="refunds").unpublish()
    assert learner_client.get(url).status_code == 404
    response = learner_client.post(reverse("lesson_complete", args=[lesson.pk]))
    assert response.status_code == 403
    with pytest.raises(PermissionDenied):
        lesson_complete(user=learner, lesson=LessonPage.objects.get(pk=lesson.pk))
    assert not LearningRecord.objects.filter(user=learner).exists()
