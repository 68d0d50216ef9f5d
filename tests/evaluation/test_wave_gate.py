"""Whether a wave is open is the person's wave instance: opened by the completion or the daily
round, not closed, and the course's plan asking for the instrument."""

import datetime

import pytest
from django.urls import reverse

from evaluation.models import EvaluationPlan, WaveInstance
from evaluation.wave_gate import wave_open_for
from evaluation.waves import today, waves_daily
from tests.evaluation.conftest import complete_course
from tests.factories import TeamFactory, make_person
from training.roles import Role

pytestmark = pytest.mark.django_db

WAVES = ("short_term", "mid_term", "long_term")


def open_now(person, course):
    return {wave for wave in WAVES if wave_open_for(person, course, wave)}


def test_a_wave_is_open_while_its_instance_is(course):
    person = make_person()
    complete_course(person, course, days_ago=0)
    assert open_now(person, course) == {"short_term"}
    assert not wave_open_for(make_person(), course, "short_term")  # not completed

    # The round of day 95 closes the short-term wave and opens the mid-term one.
    waves_daily(day=today() + datetime.timedelta(days=95))
    assert open_now(person, course) == {"mid_term"}

    WaveInstance.objects.filter(person=person, wave="mid_term").update(status="closed")
    assert open_now(person, course) == set()


def test_the_plan_says_which_instrument_a_wave_takes(client, course):
    team = TeamFactory()
    agent, manager = make_person(team=team), make_person(Role.MANAGER, team=team)
    EvaluationPlan.objects.create(course=course, mid_instruments=["self_assessment"])
    complete_course(agent, course, days_ago=100)
    assert wave_open_for(agent, course, "mid_term", asks="self_assessment")
    assert not wave_open_for(agent, course, "mid_term", asks="observation")

    client.force_login(manager)
    observe = reverse("evaluation_observation", args=[agent.pk, course.pk, "mid_term"])
    assert client.get(observe).status_code == 404
    client.force_login(agent)
    assert (
        client.get(reverse("evaluation_self_assessment", args=[course.pk, "mid_term"])).status_code
        == 200
    )
    # No survey asked at the mid-term wave by this plan: its page is not found.
    assert client.get(reverse("evaluation_survey", args=[course.pk, "mid_term"])).status_code == 404


def test_no_wave_without_an_instance(client, course):
    EvaluationPlan.objects.create(course=course, active=False)
    learner = make_person()
    complete_course(learner, course, days_ago=0)
    assert open_now(learner, course) == set()
    client.force_login(learner)
    assert (
        client.get(reverse("evaluation_survey", args=[course.pk, "short_term"])).status_code == 404
    )
