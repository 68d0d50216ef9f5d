"""A quiz or scenario inside a course carries the "requires re-training" mark like a lesson: the
exam changed (a new refund policy), so those who completed the course owe just that exam."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone, translation

from courses.models import CourseCompletion, RetrainingItem
from courses.progress import lesson_complete
from courses.services import SENIOR_TRAINER
from courses.updates import retraining_require
from quizzes.models import QuizPage, QuizRule
from tests.factories import make_person
from tests.quizzes.test_member_attempts import submit
from training.assignments import assignment_create, trainings_for_learner
from training.models import Notification
from training.notifications import Event
from training.roles import Role

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def exam(make_quiz, bank):
    # Questions the test can answer right without reading them.
    easy = [q for q in bank if q.qtype in {"single_choice", "true_false"}]
    return make_quiz(rules=[QuizRule(question=q) for q in easy], slug="refund-exam")


@pytest.fixture
def graduate(course, exam, learner):
    """The learner, assigned the course, did every lesson and passed the exam."""
    assignment_create(
        page=course, assigned_by=make_person(Role.TRAINER), people=[learner], due_date=None
    )
    for lesson in course.lessons():
        lesson_complete(user=learner, lesson=lesson)
    assert submit(exam, learner, right=True).passed
    assert CourseCompletion.objects.filter(user=learner, course=course).exists()
    return learner


def publish_marked(quiz: QuizPage, days: int) -> None:
    quiz = QuizPage.objects.get(pk=quiz.pk)
    quiz.pass_mark = 0.8  # the exam changed
    quiz.retraining_required, quiz.retraining_days = True, days
    quiz.save_revision().publish()


def test_publishing_a_quiz_marked_for_retraining_owes_just_that_quiz_in_14_days(
    client, course, exam, graduate, django_capture_on_commit_callbacks
):
    not_finished = make_person(team=graduate.profile.team)
    Notification.objects.all().delete()  # the assignment's own
    with django_capture_on_commit_callbacks(execute=True):
        publish_marked(exam, days=14)

    due = timezone.localdate() + datetime.timedelta(days=14)
    owed = RetrainingItem.objects.filter(user=graduate)
    assert [(item.page_id, item.change) for item in owed] == [(exam.pk, "changed")]
    with django_capture_on_commit_callbacks(execute=True):
        live = QuizPage.objects.get(pk=exam.pk)
        retraining_require(page=live, revision=live.live_revision, days=14)  # handled twice
    assert not RetrainingItem.objects.filter(user=not_finished).exists()
    (status,) = [t for t in trainings_for_learner(viewer=graduate) if t.page.pk == course.pk]
    assert status.completed and status.update.due_on == due
    assert (status.update.new, status.update.changed) == (0, 1)
    assert status.resume_url == exam.url

    # Told once, however often the publish is handled; the mark is used up.
    (told,) = Notification.objects.filter(user=graduate)
    assert told.event == Event.RETRAINING_REQUIRED and f"{due:%Y-%m-%d}" in told.body
    assert not Notification.objects.filter(user=not_finished).exists()
    assert not QuizPage.objects.get(pk=exam.pk).retraining_required

    client.force_login(graduate)
    html = client.get(reverse("my_training")).content.decode()
    assert "1 changed item" in html and f"Due {due:%Y-%m-%d}" in html

    # Passing the changed exam clears it; the completion stays.
    assert submit(QuizPage.objects.get(pk=exam.pk), graduate, right=True).passed
    assert not RetrainingItem.objects.filter(user=graduate, done_at__isnull=True).exists()
    assert CourseCompletion.objects.filter(user=graduate, course=course).count() == 1


def test_an_unmarked_change_to_the_quiz_changes_nobodys_status(course, exam, graduate):
    quiz = QuizPage.objects.get(pk=exam.pk)
    quiz.pass_mark = 0.8
    quiz.save_revision().publish()

    assert not RetrainingItem.objects.exists()
    (status,) = [t for t in trainings_for_learner(viewer=graduate) if t.page.pk == course.pk]
    assert status.state == "completed" and status.update is None


@pytest.mark.parametrize("page_type", ["quizzes.QuizPage", "roleplay.ScenarioPage"])
def test_quiz_and_scenario_editors_offer_the_retraining_mark(client, course, page_type):
    trainer = make_person(Role.TRAINER)
    trainer.groups.add(Group.objects.get(name=SENIOR_TRAINER))
    client.force_login(trainer)
    app, model = page_type.split(".")
    module = course.modules().first()
    url = reverse("wagtailadmin_pages:add", args=[app, model.lower(), module.pk])

    html = client.get(url).content.decode()

    assert 'name="retraining_required"' in html and 'name="retraining_days"' in html
