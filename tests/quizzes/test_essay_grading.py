"""Essays: the result is provisional until a trainer grades; then the learner sees it."""

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from quizzes.bank import questions_save
from quizzes.models import AttemptState, QuizRule
from quizzes.questions import QuestionData
from quizzes.services import attempt_question_grade, attempt_start, attempt_submit
from tests.factories import make_person
from training.models import LearningRecord, Notification, RecordKind
from training.roles import Role


@pytest.fixture
def essay_quiz(make_quiz, bank):
    essay = questions_save(
        questions=[
            QuestionData(
                qtype="essay",
                name="投诉复盘",
                text="写一段给投诉顾客的道歉回复。",
                category=["服务标准"],
                extra={"grader_info": "要有道歉、原因、方案和时限。"},
            )
        ]
    )[0]
    return make_quiz(
        slug="essay-quiz", rules=[QuizRule(question=bank[0]), QuizRule(question=essay)]
    )


@pytest.fixture(autouse=True)
def _english(client, settings):
    # The assertions read the English wording; the site's default is Chinese.
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


@pytest.fixture
def trainer_client(db):
    client = Client()  # its own: the learner's client is logged in as the learner
    client.force_login(make_person(role=Role.TRAINER, email="trainer@example.com"))
    return client


def submitted_essay(quiz, learner):
    attempt = attempt_start(quiz=quiz, user=learner)
    single, essay = attempt.questions.order_by("position")
    right = next(a["key"] for a in single.snapshot["answers"] if a["fraction"] == 1)
    return attempt_submit(
        attempt=attempt,
        responses={single.position: right, essay.position: "非常抱歉给您带来不便……"},
    )


@pytest.mark.django_db
def test_an_essay_makes_the_result_provisional_until_graded(
    essay_quiz, learner, learner_client, trainer_client
):
    attempt = submitted_essay(essay_quiz, learner)
    assert attempt.state == AttemptState.AWAITING_GRADING
    record = LearningRecord.objects.get(user=learner, kind=RecordKind.QUIZ)
    assert record.passed is None and record.details["provisional"] is True
    page = learner_client.get(reverse("quiz_attempt_result", args=[attempt.uuid]))
    assert "trainer still has to grade" in page.content.decode()

    queue = trainer_client.get(reverse("quiz_grading_queue")).content.decode()
    assert learner.name in queue and "投诉复盘" in queue
    slot = attempt.questions.get(snapshot__type="essay")
    form = trainer_client.get(reverse("quiz_grading", args=[slot.pk])).content.decode()
    assert "非常抱歉给您带来不便" in form and "要有道歉、原因、方案和时限。" in form
    # More than the question is worth is refused; nothing changes.
    refused = trainer_client.post(reverse("quiz_grading", args=[slot.pk]), {"mark": "5"})
    assert refused.status_code == 200
    slot.refresh_from_db()
    assert slot.needs_grading

    trainer_client.post(
        reverse("quiz_grading", args=[slot.pk]), {"mark": "1", "comment": "道歉到位，时限清楚。"}
    )
    attempt.refresh_from_db()
    assert attempt.state == AttemptState.GRADED and attempt.passed is True
    record.refresh_from_db()
    assert record.passed is True and record.score == 1.0
    assert record.details["provisional"] is False
    page = learner_client.get(reverse("quiz_attempt_result", args=[attempt.uuid])).content.decode()
    assert "道歉到位，时限清楚。" in page


@pytest.mark.django_db
def test_only_trainers_grade(essay_quiz, learner, learner_client):
    attempt = submitted_essay(essay_quiz, learner)
    slot = attempt.questions.get(snapshot__type="essay")
    assert learner_client.get(reverse("quiz_grading_queue")).status_code == 403
    response = learner_client.post(reverse("quiz_grading", args=[slot.pk]), {"mark": "1"})
    assert response.status_code == 403
    slot.refresh_from_db()
    assert slot.needs_grading and slot.mark is None


@pytest.mark.django_db
def test_the_trainers_home_counts_the_essays_waiting(
    essay_quiz, learner, trainer_client, settings
):
    trainer_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = trainer_client.get(reverse("trainer_home")).content.decode()
    assert "0 written quiz answers are waiting for you." in page
    submitted_essay(essay_quiz, learner)
    submitted_essay(essay_quiz, make_person(email="second@example.com"))
    page = trainer_client.get(reverse("trainer_home")).content.decode()
    assert "2 written quiz answers are waiting for you." in page
    assert reverse("quiz_grading_queue") in page


@pytest.mark.django_db
def test_the_learner_is_told_once_when_the_essays_are_graded(
    essay_quiz, learner, django_capture_on_commit_callbacks
):
    attempt = submitted_essay(essay_quiz, learner)
    assert not Notification.objects.filter(user=learner).exists()  # provisional: nothing yet
    slot = attempt.questions.get(snapshot__type="essay")
    trainer = make_person(role=Role.TRAINER, email="grader@example.com")
    with django_capture_on_commit_callbacks(execute=True):
        attempt_question_grade(slot=slot, mark=1, grader=trainer)
        attempt_question_grade(slot=slot, mark=0.5, grader=trainer)  # a second look
    note = Notification.objects.get(user=learner)
    assert note.title == "您的作答已评分：退款测验"
    assert note.url == reverse("quiz_attempt_result", args=[attempt.uuid])
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [learner.email]
