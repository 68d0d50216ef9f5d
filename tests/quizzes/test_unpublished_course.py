"""A quiz is playable only while its course (and module) is published: Wagtail would serve a
live quiz under an unpublished course, so the quiz page and every attempt endpoint say 404."""

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse

from courses.services import SENIOR_TRAINER
from quizzes.models import AttemptState, QuizAttempt
from tests.factories import make_person
from training.roles import Role

FETCH = {"HTTP_X_REQUESTED_WITH": "fetch"}


def short_answer(attempt):
    return next(s for s in attempt.questions.all() if s.snapshot["type"] == "short_answer")


@pytest.fixture
def open_attempt(learner_client, quiz):
    response = learner_client.post(quiz.url)
    assert response.status_code == 302
    return QuizAttempt.objects.get(quiz=quiz)


@pytest.mark.django_db
@pytest.mark.parametrize("unpublish", ["course", "module"])
def test_nothing_of_a_quiz_in_an_unpublished_course_can_be_played(
    learner_client, learner, quiz, open_attempt, unpublish
):
    slot = short_answer(open_attempt)
    answer = {f"q{slot.position}": "4小时", "sequence": "1"}
    (quiz.course if unpublish == "course" else quiz.get_parent()).specific.unpublish()
    quiz.refresh_from_db()
    assert quiz.live  # the quiz itself is still published: only its course is not

    uuid = open_attempt.uuid
    assert learner_client.get(quiz.url).status_code == 404
    assert learner_client.post(quiz.url).status_code == 404  # start or resume
    assert learner_client.get(reverse("quiz_attempt", args=[uuid])).status_code == 404
    save_url = reverse("quiz_attempt_save", args=[uuid])
    assert learner_client.post(save_url, answer, **FETCH).status_code == 404
    assert learner_client.post(save_url, answer).status_code == 404
    submit = learner_client.post(reverse("quiz_attempt_submit", args=[uuid]), answer)
    assert submit.status_code == 404

    open_attempt.refresh_from_db()
    assert open_attempt.state == AttemptState.IN_PROGRESS
    assert open_attempt.save_sequence == 0
    assert short_answer(open_attempt).response is None

    # Someone who never started cannot start either.
    other = Client()
    other.force_login(make_person())
    assert other.post(quiz.url).status_code == 404
    assert QuizAttempt.objects.filter(quiz=quiz).count() == 1


@pytest.mark.django_db
def test_a_trainer_still_previews_a_quiz_in_an_unpublished_course(quiz):
    quiz.course.specific.unpublish()
    trainer = make_person(role=Role.TRAINER, email="senior@example.com")
    trainer.groups.add(Group.objects.get(name=SENIOR_TRAINER))
    client = Client()
    client.force_login(trainer)
    preview = client.get(reverse("wagtailadmin_pages:view_draft", args=[quiz.pk]))
    assert preview.status_code == 200
    assert quiz.title in preview.content.decode()


@pytest.mark.django_db
def test_publishing_the_course_again_lets_the_attempt_go_on(learner_client, quiz, open_attempt):
    course = quiz.course.specific
    course.unpublish()
    assert learner_client.get(reverse("quiz_attempt", args=[open_attempt.uuid])).status_code == 404
    course.save_revision().publish()
    assert learner_client.get(reverse("quiz_attempt", args=[open_attempt.uuid])).status_code == 200
