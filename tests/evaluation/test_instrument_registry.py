"""The survey, the observation and the self-assessment are registered as the waves'
instruments: which waves ask for them, where to do them, and done once their record exists."""

from dataclasses import dataclass
from typing import Any

import pytest

from evaluation.instruments import instruments, instruments_for
from evaluation.observations import checklist_for, observation_file
from evaluation.survey_models import BuiltinSurvey, Survey
from evaluation.surveys import survey_submit
from tests.evaluation.conftest import complete_course
from tests.factories import TeamFactory, make_person
from training.roles import Role

pytestmark = pytest.mark.django_db


@dataclass
class WaveOf:
    person: Any
    course: Any
    wave: str


def by_key(wave_of):
    return {instrument.key: instrument for instrument in instruments_for(wave_of)}


def test_the_three_instruments_are_registered_with_their_level_and_who():
    registered = {i.key: (i.level, i.who) for i in instruments()}
    assert registered["survey"] == (1, "learner")
    assert registered["observation"] == (3, "supervisor")
    assert registered["self_assessment"] == (3, "learner")


def test_which_waves_ask_for_which(course):
    """The registry says what applies; the plan (`wave_instruments`) what a wave asks."""
    from evaluation.models import EvaluationPlan, WaveInstance
    from evaluation.waves import wave_instruments

    person = make_person()
    assert set(by_key(WaveOf(person, course, "short_term"))) >= {"survey"}
    assert not {"observation", "self_assessment"} & set(
        by_key(WaveOf(person, course, "short_term"))
    )
    assert {"observation", "self_assessment"} <= set(by_key(WaveOf(person, course, "mid_term")))

    complete_course(person, course, days_ago=0)

    def asked(wave):
        instance = WaveInstance.objects.get(person=person, course=course, wave=wave)
        return {instrument.key for instrument in wave_instruments(instance)}

    assert "survey" in asked("short_term") and "survey" not in asked("long_term")
    assert {"observation", "self_assessment"} <= asked("mid_term")
    # "Still useful?" a year on: the plan switches it on, whatever CourseSurvey holds.
    EvaluationPlan.objects.create(
        course=course, long_instruments=["survey", "observation", "self_assessment"]
    )
    assert "survey" in asked("long_term")


def test_done_once_the_record_of_that_kind_course_and_wave_exists(course, catalog):
    from tests.evaluation.conftest import publish_course

    team = TeamFactory()
    agent, manager = make_person(team=team), make_person(Role.MANAGER, team=team)
    complete_course(agent, course, days_ago=2)
    short = WaveOf(agent, course, "short_term")
    survey = by_key(short)["survey"]
    assert survey.url(short) == f"/evaluation/survey/{course.pk}/short_term/"
    assert survey.done(short) is False
    reaction = Survey.objects.get(builtin=BuiltinSurvey.REACTION)
    answers = {q.key: 4 for q in reaction.questions.all() if q.kind != "text"}
    survey_submit(person=agent, course=course, wave="short_term", survey=reaction, answers=answers)
    assert survey.done(short) is True
    other = publish_course(catalog, slug="other", title="投诉处理")
    assert survey.done(WaveOf(agent, other, "short_term")) is False

    veteran = make_person(team=team)
    complete_course(veteran, course, days_ago=120)
    mid = WaveOf(veteran, course, "mid_term")
    observation, own = by_key(mid)["observation"], by_key(mid)["self_assessment"]
    assert observation.url(mid) == f"/evaluation/observation/{veteran.pk}/{course.pk}/mid_term/"
    assert own.url(mid) == f"/evaluation/self-assessment/{course.pk}/mid_term/"
    criteria = {b.key: 1.0 for b in checklist_for(course).behaviours.all()}
    observation_file(
        person=veteran, course=course, wave="mid_term", observer=veteran, criteria=criteria
    )
    assert own.done(mid) is True and observation.done(mid) is False
    observation_file(
        person=veteran, course=course, wave="mid_term", observer=manager, criteria=criteria
    )
    assert observation.done(mid) is True
    assert observation.done(WaveOf(veteran, course, "long_term")) is False
