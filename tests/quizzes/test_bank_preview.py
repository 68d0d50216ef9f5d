"""A trainer previews a question as the learner will see it and checks an answer."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from quizzes.bank import category_for_path, questions_save
from quizzes.models import AttemptQuestion, QuizAttempt
from quizzes.questions import AnswerData, QuestionData
from tests.factories import make_person
from training.models import LearningRecord
from training.roles import Role

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def trainer(client):
    user = make_person(Role.TRAINER)
    client.force_login(user)
    return user


def saved(data: QuestionData):
    return questions_save(questions=[data], category=category_for_path(["售后"]))[0]


@pytest.fixture
def customer_question():
    return saved(
        QuestionData(
            qtype="customer_message",
            name="催退款",
            text="我的退款怎么还没到？都三天了！",
            general_feedback="先安抚，再给出时限。",
            answers=[
                AnswerData(
                    "非常抱歉让您久等，我马上为您查询，1 小时内回复您。", 1.0, "安抚并承诺时限"
                ),
                AnswerData("退款要等，请耐心。", 0.0, "语气生硬"),
            ],
            extra={"channel": "live_chat", "customer_name": "王女士", "order_number": "SO-1001"},
        )
    )


def test_the_preview_shows_the_learners_view_without_credits_or_feedback(
    client, trainer, customer_question
):
    url = reverse("quizzes_question_preview", args=[customer_question.pk])

    page = client.get(url)

    assert page.status_code == 200
    text = page.text
    assert "我的退款怎么还没到？都三天了！" in text
    assert "王女士" in text and "SO-1001" in text
    assert 'name="q1"' in text and "非常抱歉让您久等" in text
    for secret in ("安抚并承诺时限", "语气生硬", "先安抚，再给出时限。", "Right answer"):
        assert secret not in text
    assert "data-preview-result" not in text


def test_checking_an_answer_grades_it_and_records_nothing(client, trainer, customer_question):
    url = reverse("quizzes_question_preview", args=[customer_question.pk])
    seed = "abc123"

    page = client.get(url, {"seed": seed}).text
    wrong = client.post(url, {"seed": seed, "q1": _option_key(page, "退款要等")})
    right = client.post(url, {"seed": seed, "q1": _option_key(page, "非常抱歉让您久等")})

    assert "data-preview-percent>0%" in wrong.text
    assert "语气生硬" in wrong.text
    assert "data-preview-right-answer>非常抱歉让您久等" in wrong.text
    assert "data-preview-percent>100%" in right.text
    assert "安抚并承诺时限" in right.text and "先安抚，再给出时限。" in right.text
    assert not QuizAttempt.objects.exists()
    assert not AttemptQuestion.objects.exists()
    assert not LearningRecord.objects.exists()


def test_multiple_choice_and_matching_are_graded_from_the_learners_form(client, trainer):
    multiple = saved(
        QuestionData(
            qtype="multiple_choice",
            name="安抚",
            text="哪些做法正确？",
            answers=[AnswerData("道歉", 0.5), AnswerData("确认问题", 0.5), AnswerData("争辩", -1)],
        )
    )
    matching = saved(
        QuestionData(
            qtype="matching",
            name="时效",
            text="配对",
            answers=[
                AnswerData("在线消息", match_text="60 秒"),
                AnswerData("邮件", match_text="4 小时"),
            ],
        )
    )

    multiple_url = reverse("quizzes_question_preview", args=[multiple.pk])
    apology = _option_key(client.get(multiple_url, {"seed": "s"}).text, "道歉")
    half = client.post(multiple_url, {"seed": "s", "q1": [apology]})
    assert "data-preview-percent>50%" in half.text

    url = reverse("quizzes_question_preview", args=[matching.pk])
    page = client.get(url, {"seed": "s"})
    # The choices' order is the layout's; find each right choice's key in the page.
    text = page.text
    chat = _choice_key(text, "60 秒")
    mail = _choice_key(text, "4 小时")
    graded = client.post(
        url, {"seed": "s", _stem_name(text, "在线消息"): chat, _stem_name(text, "邮件"): mail}
    )
    assert "data-preview-percent>100%" in graded.text


def _option_key(html: str, label: str) -> str:
    """The value the page gives the option labelled `label` (a token, not the answer key)."""
    before = html[: html.index(f"<span>{label}")]
    return before[before.rindex('value="') + 7 :].split('"')[0]


def _stem_name(html: str, label: str) -> str:
    return re.search(rf'name="(q1-\w+)" aria-label="{label}"', html).group(1)


def _choice_key(html: str, label: str) -> str:
    before = html[: html.index(f">{label}</option>")]
    return before[before.rindex('value="') + 7 :].split('"')[0]


def test_learners_cannot_preview(client, customer_question):
    client.force_login(make_person(Role.LEARNER))
    response = client.get(reverse("quizzes_question_preview", args=[customer_question.pk]))
    assert response.status_code in (302, 403)
    assert "非常抱歉让您久等" not in response.content.decode()
