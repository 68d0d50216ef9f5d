"""The essay grading form shows what to grade against, says plainly when a mark is out of
range (and takes nothing), and confirms a saved grade on the page that follows."""

import pytest
from django.test import Client
from django.urls import reverse

from quizzes.bank import questions_save
from quizzes.models import QuizRule
from quizzes.questions import QuestionData
from quizzes.services import attempt_start, attempt_submit
from tests.factories import make_person
from training.roles import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def essay_quiz(make_quiz):
    essay = questions_save(
        questions=[
            QuestionData(
                qtype="essay",
                name="投诉复盘",
                text="写一段给投诉顾客的道歉回复。",
                category=["投诉处理"],
                default_mark=5,
                general_feedback="参考答案：非常抱歉……我们今天 18 点前给您回电。",
                extra={"grader_info": "道歉、原因、方案、时限各 1 分，语气 1 分。"},
            )
        ]
    )[0]
    return make_quiz(slug="essay-exam", rules=[QuizRule(question=essay)])


@pytest.fixture
def trainer_client(db, settings):
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.force_login(make_person(role=Role.TRAINER, email="trainer@example.com"))
    return client


def essay_slot(quiz, learner, text="非常抱歉给您带来不便……"):
    attempt = attempt_start(quiz=quiz, user=learner)
    slot = attempt.questions.get()
    attempt_submit(attempt=attempt, responses={slot.position: text})
    return slot


def test_the_form_shows_question_answer_grading_notes_model_answer_and_maximum(
    essay_quiz, learner, trainer_client
):
    slot = essay_slot(essay_quiz, learner)
    html = trainer_client.get(reverse("quiz_grading", args=[slot.pk])).content.decode()
    assert "写一段给投诉顾客的道歉回复。" in html
    assert "非常抱歉给您带来不便" in html
    assert "道歉、原因、方案、时限各 1 分，语气 1 分。" in html
    assert "参考答案：非常抱歉……我们今天 18 点前给您回电。" in html
    assert "/ 5 marks" in html and 'class="mark-input"' in html


@pytest.mark.parametrize(
    ("mark", "message"),
    [("6", "At most 5 marks for this question."), ("-1", "A mark cannot be below 0.")],
)
def test_a_mark_out_of_range_is_refused_with_a_clear_error(
    essay_quiz, learner, trainer_client, mark, message
):
    slot = essay_slot(essay_quiz, learner)
    response = trainer_client.post(reverse("quiz_grading", args=[slot.pk]), {"mark": mark})
    assert response.status_code == 200
    html = response.content.decode()
    assert "data-mark-error" in html and message in html
    slot.refresh_from_db()
    assert slot.needs_grading and slot.mark is None


def test_the_error_reads_in_chinese_by_default(essay_quiz, learner):
    client = Client()
    client.force_login(make_person(role=Role.TRAINER, email="zh@example.com"))
    slot = essay_slot(essay_quiz, learner)
    html = client.post(reverse("quiz_grading", args=[slot.pk]), {"mark": "6"}).content.decode()
    assert "本题最高 5 分。" in html


def test_a_saved_grade_is_confirmed_on_the_next_answer(essay_quiz, learner, trainer_client):
    first = essay_slot(essay_quiz, learner)
    second = essay_slot(essay_quiz, make_person(name="李明", email="li@example.com"))
    response = trainer_client.post(
        reverse("quiz_grading", args=[first.pk]), {"mark": "4.5"}, follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("quiz_grading", args=[second.pk])
    html = response.content.decode()
    assert f"Saved the grade for {learner.get_full_name()}." in html
    first.refresh_from_db()
    assert first.mark == 4.5
