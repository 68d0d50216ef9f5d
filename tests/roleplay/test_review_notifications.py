"""Role-play reviews: the trainer sees how many wait; the learner hears when theirs is done."""

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from roleplay.models import AttemptState
from roleplay.reviews import scenario_review_save
from tests.factories import make_person
from tests.roleplay.conftest import scenario  # noqa: F401
from tests.roleplay.test_play import reply, start
from training.models import Notification
from training.roles import Role

pytestmark = pytest.mark.django_db


def awaiting_review(client, scenario):  # noqa: F811
    attempt = start(client, scenario, "assessment")
    reply(client, attempt, option="0")
    reply(client, attempt, text="查不到，你等着吧。")
    attempt.refresh_from_db()
    assert attempt.state == AttemptState.AWAITING_REVIEW
    return attempt


@pytest.fixture
def trainer():
    return make_person(role=Role.TRAINER, email="reviewer@example.com")


def test_the_trainers_home_counts_the_role_plays_waiting(
    learner_client, scenario, trainer, settings  # noqa: F811
):
    trainer_client = Client()
    trainer_client.force_login(trainer)
    trainer_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = trainer_client.get(reverse("trainer_home")).content.decode()
    assert "0 role-plays with written replies are waiting for your review." in page
    awaiting_review(learner_client, scenario)
    page = trainer_client.get(reverse("trainer_home")).content.decode()
    assert "1 role-play with written replies is waiting for your review." in page
    assert reverse("scenario_review_queue") in page


def test_the_learner_is_told_once_when_the_review_is_released(
    learner_client, learner, scenario, trainer, django_capture_on_commit_callbacks  # noqa: F811
):
    attempt = awaiting_review(learner_client, scenario)
    assert not Notification.objects.filter(user=learner).exists()
    with django_capture_on_commit_callbacks(execute=True):
        scenario_review_save(attempt=attempt, reviewer=trainer, scores={"empathy": 1})
        scenario_review_save(attempt=attempt, reviewer=trainer, scores={"empathy": 0.5})
    note = Notification.objects.get(user=learner)
    assert note.title.startswith("您的角色扮演已评审：")
    assert scenario.title in note.title
    assert note.url == reverse("scenario_result", args=[attempt.uuid])
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [learner.email]
    # The link opens the learner's result.
    learner_client.get(reverse("inbox_open", args=[note.pk]))
    assert learner_client.get(note.url).status_code == 200
