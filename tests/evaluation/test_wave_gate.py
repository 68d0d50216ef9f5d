"""Whether a wave is open is one question with a default answer (course completed, time since
matching the wave) that the evaluation plans replace with their own."""

import pytest
from django.urls import reverse

from evaluation.wave_gate import open_waves_for, wave_open_for, wave_open_rule_register
from tests.evaluation.conftest import complete_course
from tests.factories import TeamFactory, make_person
from training.roles import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def replaced_rule():
    yield wave_open_rule_register
    wave_open_rule_register(None)


@pytest.mark.parametrize(
    ("days_ago", "open_waves"),
    [
        (0, {"short_term"}),
        (89, {"short_term"}),
        (90, {"mid_term"}),
        (183, {"mid_term"}),
        (200, set()),
        (365, {"long_term"}),
    ],
)
def test_the_default_rule_follows_the_time_since_completion(course, days_ago, open_waves):
    person = make_person()
    complete_course(person, course, days_ago=days_ago)
    waves = {"short_term", "mid_term", "long_term"}
    assert {wave for wave in waves if wave_open_for(person, course, wave)} == open_waves
    assert {wave for _course, wave in open_waves_for(person)} == open_waves
    assert not wave_open_for(make_person(), course, "short_term")  # not completed


def test_the_plans_rule_replaces_the_default(client, course, replaced_rule):
    team = TeamFactory()
    agent, manager = make_person(team=team), make_person(Role.MANAGER, team=team)
    complete_course(agent, course, days_ago=100)

    def only_long_term(person, page, wave):
        return person == agent and page.pk == course.pk and wave == "long_term"

    replaced_rule(only_long_term, open_waves=lambda person: [(course, "long_term")])
    client.force_login(manager)
    mid = reverse("evaluation_observation", args=[agent.pk, course.pk, "mid_term"])
    long = reverse("evaluation_observation", args=[agent.pk, course.pk, "long_term"])
    assert client.get(mid).status_code == 404
    assert client.get(long).status_code == 200
    assert open_waves_for(agent) == [(course, "long_term")]
