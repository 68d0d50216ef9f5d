"""What makes an assessed role-play count: a limited number of tries, no learning record for
practice (not even through a trainer's review page), a play-test that only a POST starts, and
nothing playable in a course that is not published."""

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse
from wagtail.models import Page

from courses.services import SENIOR_TRAINER
from roleplay.models import AttemptMode, AttemptState, ScenarioAttempt, ScenarioPage
from roleplay.options import option_id
from roleplay.reviews import scenario_review_save
from roleplay.services import scenario_attempt_reply
from tests.factories import make_person
from training.models import LearningRecord
from training.roles import Role


def post_start(client, page, mode):
    return client.post(page.url, {"mode": mode})


def finish_by_refund(attempt):
    """The policy-breaking refund: one reply ends the conversation."""
    return scenario_attempt_reply(attempt=attempt, step_key="opening", option=1)


@pytest.fixture
def trainer_client():
    client = Client()
    client.force_login(make_person(role=Role.TRAINER, email="trainer@example.com"))
    return client


# --- tries ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_assessment_is_refused_after_the_tries_the_trainer_allows(
    learner_client, learner, scenario
):
    ScenarioPage.objects.filter(pk=scenario.pk).update(assessment_tries=2)
    learner_client.cookies["django_language"] = "en"
    page = learner_client.get(scenario.url).content.decode()
    assert "2 of 2 assessment tries left." in page

    for left in (1, 0):
        response = post_start(learner_client, scenario, "assessment")
        assert response.status_code == 302
        finish_by_refund(ScenarioAttempt.objects.get(user=learner, state="in_progress"))
        page = learner_client.get(scenario.url).content.decode()
        assert (f"{left} of 2 assessment" in page) if left else ("used all 2" in page)

    response = post_start(learner_client, scenario, "assessment")
    assert response.status_code == 403
    assert "You have used all 2 assessment tries this scenario allows." in response.content.decode()
    assert ScenarioAttempt.objects.filter(user=learner, mode=AttemptMode.ASSESSMENT).count() == 2
    # Practice stays open.
    assert post_start(learner_client, scenario, "practice").status_code == 302


@pytest.mark.django_db
def test_the_refusal_is_in_chinese_and_an_open_assessment_can_still_be_continued(
    learner_client, learner, scenario
):
    ScenarioPage.objects.filter(pk=scenario.pk).update(assessment_tries=1)
    first = post_start(learner_client, scenario, "assessment")
    # Continuing the open attempt is not a new try.
    assert post_start(learner_client, scenario, "assessment").url == first.url
    finish_by_refund(ScenarioAttempt.objects.get(user=learner, state="in_progress"))
    response = post_start(learner_client, scenario, "assessment")
    assert response.status_code == 403
    assert "您已用完本情景允许的 1 次考核机会" in response.content.decode()


@pytest.mark.django_db
def test_zero_tries_means_no_limit(learner_client, learner, scenario):
    ScenarioPage.objects.filter(pk=scenario.pk).update(assessment_tries=0)
    for _ in range(4):
        assert post_start(learner_client, scenario, "assessment").status_code == 302
        finish_by_refund(ScenarioAttempt.objects.get(user=learner, state="in_progress"))
    learner_client.cookies["django_language"] = "en"
    assert "as often as you need" in learner_client.get(scenario.url).content.decode()


# --- practice is never recorded -------------------------------------------------------------


@pytest.mark.django_db
def test_a_practice_attempts_review_page_is_not_found_and_records_nothing(
    learner_client, learner, scenario, trainer_client
):
    post_start(learner_client, scenario, "practice")
    attempt = finish_by_refund(ScenarioAttempt.objects.get(user=learner))
    assert attempt.state == AttemptState.SCORED and attempt.mode == AttemptMode.PRACTICE
    url = reverse("scenario_review", args=[attempt.uuid])

    assert trainer_client.get(url).status_code == 404
    response = trainer_client.post(
        url, {"score_empathy": "100", "score_policy": "100", "score_resolution": "100"}
    )
    assert response.status_code == 404
    with pytest.raises(ValueError):
        scenario_review_save(
            attempt=attempt,
            reviewer=make_person(role=Role.TRAINER, email="t2@example.com"),
            scores={"empathy": 1},
        )
    assert not LearningRecord.objects.filter(user=learner).exists()
    attempt.refresh_from_db()
    assert not hasattr(attempt, "review")


# --- play-test ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_opening_the_play_test_link_changes_nothing(trainer_client, scenario):
    url = reverse("scenario_playtest", args=[scenario.pk])
    assert trainer_client.post(url).status_code == 302
    before = list(ScenarioAttempt.objects.values_list("pk", flat=True))
    assert len(before) == 1

    assert trainer_client.get(url).status_code == 405
    assert list(ScenarioAttempt.objects.values_list("pk", flat=True)) == before


@pytest.mark.django_db
def test_the_editor_offers_the_play_test_as_a_form_post(client, scenario):
    senior = make_person(role=Role.TRAINER, email="s@example.com")
    senior.groups.add(Group.objects.get(name=SENIOR_TRAINER))
    client.force_login(senior)
    html = client.get(reverse("wagtailadmin_pages:edit", args=[scenario.pk])).content.decode()
    url = reverse("scenario_playtest", args=[scenario.pk])
    assert f'data-w-action-url-value="{url}"' in html
    assert f'href="{url}"' not in html
    # The trainer sets the number of assessment tries on the same page.
    assert 'name="assessment_tries"' in html


# --- unpublished course ---------------------------------------------------------------------


@pytest.mark.django_db
def test_nothing_in_an_unpublished_course_can_be_opened_or_played(
    learner_client, learner, scenario, trainer_client
):
    practice = ScenarioAttempt.objects.get(
        uuid=post_start(learner_client, scenario, "practice").url.rstrip("/").split("/")[-1]
    )
    Page.objects.get(pk=scenario.course.pk).specific.unpublish()

    assert learner_client.get(scenario.url).status_code == 404
    assert post_start(learner_client, scenario, "assessment").status_code == 404
    assert learner_client.get(reverse("scenario_attempt", args=[practice.uuid])).status_code == 404
    reply = learner_client.post(
        reverse("scenario_attempt_reply", args=[practice.uuid]),
        {"step": "opening", "option": option_id(practice.option_seed, "opening", 1)},
    )
    assert reply.status_code == 404
    practice.refresh_from_db()
    assert practice.transcript == [] and practice.is_open
    assert not ScenarioAttempt.objects.filter(mode=AttemptMode.ASSESSMENT).exists()

    # A trainer can still play-test the scenario in its draft course.
    response = trainer_client.post(reverse("scenario_playtest", args=[scenario.pk]))
    assert response.status_code == 302
    assert trainer_client.get(response.url).status_code == 200
