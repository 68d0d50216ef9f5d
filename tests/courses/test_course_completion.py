"""A course completes when its last required item passes — a lesson, a quiz or a role-play —
through the learning record's follow-up, without the item's app calling courses."""

from datetime import timedelta

import pytest
from django.urls import reverse

from courses.followups import course_completion
from courses.models import CourseCompletion
from courses.progress import course_progress, lesson_complete
from quizzes.services import attempt_start, attempt_submit
from roleplay.models import ScenarioAttempt
from roleplay.options import option_id
from roleplay.reviews import scenario_review_save
from tests.factories import make_person
from tests.quizzes.conftest import bank, make_quiz  # noqa: F401  (shared fixtures)
from tests.roleplay.conftest import scenario  # noqa: F401
from training.followups import register_followup, unregister_followup
from training.models import LearningRecord, RecordKind
from training.roles import Role

pytestmark = pytest.mark.django_db


def _quiz_right_responses(attempt):
    from quizzes.demo import right_response

    return {s.position: right_response(s.snapshot, s.layout) for s in attempt.questions.all()}


def _play_scenario_right(client, page):
    response = client.post(page.url, {"mode": "assessment"})
    attempt = ScenarioAttempt.objects.get(uuid=response.url.rstrip("/").split("/")[-1])
    url = reverse("scenario_attempt_reply", args=[attempt.uuid])
    client.post(url, {"step": "opening", "option": option_id(attempt.option_seed, "opening", 0)})
    client.post(url, {"step": "explain", "text": "非常抱歉，包裹在转运中心滞留，今天内发出。"})
    # A written reply in an assessment is scored by a trainer: their review passes it.
    trainer = make_person(role=Role.TRAINER, email="reviewer@example.com")
    scores = {"empathy": 1.0, "policy": 1.0, "resolution": 1.0}
    return scenario_review_save(attempt=attempt, reviewer=trainer, scores=scores)


@pytest.fixture(params=["lesson", "quiz", "roleplay"])
def last_item(request, course, learner, learner_client, make_quiz, scenario):  # noqa: F811
    """The course's required items all passed but one; returns a function passing that one."""
    quiz = make_quiz()
    scenario.required = True
    scenario.save_revision().publish()
    lessons = list(course.lessons())
    if request.param != "lesson":
        for lesson in lessons:
            lesson_complete(user=learner, lesson=lesson)
    if request.param != "quiz":
        attempt = attempt_start(quiz=quiz, user=learner)
        assert attempt_submit(attempt=attempt, responses=_quiz_right_responses(attempt)).passed
    if request.param != "roleplay":
        assert _play_scenario_right(learner_client, scenario).passed
    if request.param == "lesson":
        for lesson in lessons[:-1]:
            lesson_complete(user=learner, lesson=lesson)

    def pass_last():
        if request.param == "lesson":
            lesson_complete(user=learner, lesson=lessons[-1])
        elif request.param == "quiz":
            attempt = attempt_start(quiz=quiz, user=learner)
            attempt_submit(attempt=attempt, responses=_quiz_right_responses(attempt))
        else:
            _play_scenario_right(learner_client, scenario)

    done, total = course_progress(user=learner, course=course)
    assert (done, total) == (total - 1, 5)
    assert not CourseCompletion.objects.filter(user=learner).exists()
    return pass_last


def test_passing_the_last_required_item_completes_the_course(course, learner, last_item):
    last_item()
    assert course_progress(user=learner, course=course) == (5, 5)
    assert CourseCompletion.objects.filter(user=learner, course=course).exists()
    record = LearningRecord.objects.get(user=learner, kind=RecordKind.COURSE)
    assert record.activity_id == str(course.pk) and record.passed is True


def test_no_producer_completes_the_course_by_hand(course, learner, last_item):
    """Without the courses follow-up, the item's own app completes nothing."""
    unregister_followup(course_completion)
    try:
        last_item()
    finally:
        register_followup(RecordKind.LESSON, RecordKind.QUIZ, RecordKind.ROLEPLAY)(
            course_completion
        )
    assert course_progress(user=learner, course=course) == (5, 5)
    assert not CourseCompletion.objects.filter(user=learner).exists()
    assert not LearningRecord.objects.filter(kind=RecordKind.COURSE).exists()


def test_the_course_is_completed_when_its_last_item_was_first_passed(course, learner, last_item):
    """Whichever result is recorded last (a lesson entered late with its real date, an essay
    graded days after), the course's completion is dated by its items' passes."""
    last_item()
    passes = LearningRecord.objects.filter(user=learner, passed=True).exclude(
        kind=RecordKind.COURSE
    )
    last_pass = max(record.completed_at for record in passes)
    completion = CourseCompletion.objects.get(user=learner, course=course)
    assert completion.completed_at == last_pass
    course_record = LearningRecord.objects.get(user=learner, kind=RecordKind.COURSE)
    assert course_record.completed_at == last_pass


def test_a_lesson_recorded_late_does_not_date_the_course_before_its_other_items(
    course,
    learner,
    make_quiz,  # noqa: F811
):
    quiz = make_quiz()
    lessons = list(course.lessons())
    for lesson in lessons[:-1]:
        lesson_complete(user=learner, lesson=lesson)
    attempt = attempt_start(quiz=quiz, user=learner)
    quiz_pass = attempt_submit(attempt=attempt, responses=_quiz_right_responses(attempt))
    # The last lesson is entered afterwards, with the day it was actually done.
    lesson_complete(
        user=learner, lesson=lessons[-1], when=quiz_pass.submitted_at - timedelta(days=5)
    )
    completion = CourseCompletion.objects.get(user=learner, course=course)
    assert completion.completed_at == quiz_pass.submitted_at
