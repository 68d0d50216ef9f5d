"""The learning record keeps the version of the activity the learner actually took."""

import pytest
from django.urls import reverse

from courses.progress import lesson_complete
from quizzes.services import attempt_start, attempt_submit
from roleplay.models import ScenarioAttempt
from roleplay.options import option_id
from tests.courses.conftest import catalog, course, learner, learner_client  # noqa: F401
from tests.factories import TeamFactory
from tests.quizzes.conftest import bank, make_quiz  # noqa: F401
from tests.roleplay.conftest import scenario  # noqa: F401
from training.models import LearningRecord, RecordKind
from training.records import record_result

pytestmark = pytest.mark.django_db


def test_a_quiz_result_keeps_the_version_the_attempt_started_on(learner, make_quiz):  # noqa: F811
    quiz = make_quiz(pass_mark=0)
    taken = quiz.live_revision_id
    attempt = attempt_start(quiz=quiz, user=learner)
    # The trainer publishes a change while the learner is answering.
    quiz.title = "退款测验（新版）"
    quiz.save_revision().publish()
    quiz.refresh_from_db()
    assert quiz.live_revision_id != taken
    attempt_submit(attempt=attempt, responses={})
    record = LearningRecord.objects.get(user=learner, kind=RecordKind.QUIZ)
    assert record.activity_revision_id == taken
    # The next attempt is of the new version.
    attempt_submit(attempt=attempt_start(quiz=quiz, user=learner), responses={})
    latest = LearningRecord.objects.filter(user=learner, kind=RecordKind.QUIZ).first()
    assert latest.activity_revision_id == quiz.live_revision_id


def test_a_role_play_result_keeps_its_pinned_version(learner_client, learner, scenario):  # noqa: F811
    response = learner_client.post(scenario.url, {"mode": "assessment"})
    attempt = ScenarioAttempt.objects.get(uuid=response.url.rstrip("/").split("/")[-1])
    scenario.save_revision().publish()  # a newer version is published meanwhile
    url = reverse("scenario_attempt_reply", args=[attempt.uuid])
    learner_client.post(
        url, {"step": "opening", "option": option_id(attempt.option_seed, "opening", 1)}
    )
    record = LearningRecord.objects.get(user=learner, kind=RecordKind.ROLEPLAY)
    assert record.activity_revision_id == attempt.revision_id
    scenario.refresh_from_db()
    assert scenario.live_revision_id != attempt.revision_id


def test_lessons_and_courses_keep_their_live_version(learner, course):  # noqa: F811
    lessons = list(course.lessons())
    for lesson in lessons:
        lesson_complete(user=learner, lesson=lesson)
    for lesson in lessons:
        record = LearningRecord.objects.get(activity_id=str(lesson.pk), kind=RecordKind.LESSON)
        assert record.activity_revision_id == lesson.live_revision_id is not None
    course_record = LearningRecord.objects.get(user=learner, kind=RecordKind.COURSE)
    assert course_record.activity_revision_id == course.live_revision_id


@pytest.mark.parametrize("revision", ["12", 0, -3, True, "other page", "no activity"])
def test_a_version_that_is_not_the_activitys_is_refused(learner, course, revision):  # noqa: F811
    lesson = course.lessons().first()
    activity = lesson
    if revision == "other page":
        revision = course.live_revision_id
    elif revision == "no activity":
        revision, activity = lesson.live_revision_id, None
    with pytest.raises(ValueError):
        record_result(
            user=learner,
            source=TeamFactory(),
            kind=RecordKind.LESSON,
            activity=activity,
            activity_revision=revision,
        )
    assert not LearningRecord.objects.exists()
