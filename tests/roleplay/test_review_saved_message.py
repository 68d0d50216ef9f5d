"""Saving a review moves the trainer on to the next attempt, and says there that the review
was saved, and whose it was."""

import pytest
from django.test import Client
from django.urls import reverse

from roleplay.models import AttemptState
from tests.factories import make_person
from tests.roleplay.test_play import reply, start
from training.roles import Role

pytestmark = pytest.mark.django_db


def awaiting_review(learner, scenario):
    client = Client()
    client.force_login(learner)
    attempt = start(client, scenario, "assessment")
    reply(client, attempt, option="0")
    reply(client, attempt, text="查不到，你等着吧。")
    attempt.refresh_from_db()
    assert attempt.state == AttemptState.AWAITING_REVIEW
    return attempt


SCORES = {"score_empathy": "60", "score_policy": "100", "score_resolution": "20"}


@pytest.fixture
def trainer():
    client = Client()
    client.force_login(make_person(role=Role.TRAINER, email="trainer@example.com"))
    return client


def test_the_next_attempt_says_the_review_was_saved(scenario, trainer):
    first = awaiting_review(make_person(name="张晓雨"), scenario)
    second = awaiting_review(make_person(name="李明"), scenario)

    response = trainer.post(reverse("scenario_review", args=[first.uuid]), SCORES, follow=True)

    assert response.redirect_chain[-1][0] == reverse("scenario_review", args=[second.uuid])
    assert "已保存 张晓雨 的评审" in response.content.decode()


def test_the_last_review_is_confirmed_on_the_empty_queue(scenario, trainer, settings):
    trainer.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    attempt = awaiting_review(make_person(name="张晓雨"), scenario)
    response = trainer.post(reverse("scenario_review", args=[attempt.uuid]), SCORES, follow=True)
    assert response.redirect_chain[-1][0] == reverse("scenario_review_queue")
    assert "Saved your review of 张晓雨." in response.content.decode()


def test_a_score_above_100_is_refused_with_a_message_and_nothing_saved(scenario, trainer):
    attempt = awaiting_review(make_person(name="张晓雨"), scenario)
    response = trainer.post(
        reverse("scenario_review", args=[attempt.uuid]), {**SCORES, "score_policy": "120"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "已保存" not in html
    assert "确保该值小于或等于100" in html  # said next to the field, not left to the browser
    attempt.refresh_from_db()
    assert attempt.state == AttemptState.AWAITING_REVIEW
