"""A programme's waves ask their instruments once, about the programme: the learner answers one
survey and one self-assessment, the supervisor files one observation, each a record tagged
with the wave whose course is the programme; the plan of a programme is edited like a
course's."""

import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from evaluation.models import EvaluationPlan
from evaluation.observation_models import DEFAULT_BEHAVIOURS
from evaluation.observations import checklist_for
from evaluation.survey_models import BuiltinSurvey, Survey
from evaluation.waves import waves_open_due
from tests.evaluation.programmes.helpers import assign, finish
from tests.evaluation.test_plan_admin import form_data
from tests.factories import PASSWORD, TeamFactory, make_person
from training.models import Notification, RecordKind
from training.notifications import Event
from training.records import course_results
from training.roles import Role

pytestmark = pytest.mark.django_db

SHORT, MID = "short_term", "mid_term"


@pytest.fixture
def team():
    return TeamFactory(name="售后一组")


@pytest.fixture
def manager(team):
    return make_person(Role.MANAGER, team=team, name="王主管")


def complete_programme(person, programme, basics, talk, trainer, days_ago):
    assign(programme, trainer, person)
    with time_machine.travel(timezone.now() - datetime.timedelta(days=days_ago), tick=False):
        finish(person, basics)
        finish(person, talk)
    waves_open_due(person_id=person.pk)  # as the completion's task or the daily round does


def survey_answers(survey):
    questions = list(survey.questions.all())
    data = {f"q-{q.key}": "4" for q in questions if q.kind == "likert"}
    data.update({f"q-{q.key}": "9" for q in questions if q.kind == "recommend"})
    return data


def test_the_learner_answers_one_survey_about_the_programme(
    client, programme, basics, talk, trainer
):
    learner = make_person(name="李娜")
    complete_programme(learner, programme, basics, talk, trainer, days_ago=2)
    client.force_login(learner)
    # One announcement, of the programme's wave, not one per course.
    [told] = Notification.objects.filter(user=learner, event=Event.EVALUATION_WAVE_OPEN)
    assert "两周入职" in told.title

    home = client.get(reverse("my_training")).content.decode()
    survey_url = reverse("evaluation_survey", args=[programme.pk, SHORT])
    assert home.count(survey_url) == 1
    for course in (basics, talk):  # no survey per course
        assert reverse("evaluation_survey", args=[course.pk, SHORT]) not in home
    page = client.get(survey_url)
    assert page.status_code == 200 and "两周入职" in page.content.decode()

    survey = Survey.objects.get(builtin=BuiltinSurvey.REACTION)
    submit = reverse("evaluation_survey_submit", args=[programme.pk, SHORT])
    assert client.post(submit, survey_answers(survey)).status_code == 302
    [record] = course_results(user=learner, course=programme, kind=RecordKind.SURVEY, wave=SHORT)
    assert record.activity == survey and record.score == pytest.approx(0.75)
    home = client.get(reverse("my_training")).content.decode()
    assert reverse("evaluation_survey", args=[basics.pk, SHORT]) not in home


def test_the_supervisor_observes_and_the_agent_assesses_on_the_programmes_checklist(
    client, programme, basics, talk, trainer, team, manager
):
    agent = make_person(team=team, name="王芳")
    complete_programme(agent, programme, basics, talk, trainer, days_ago=100)
    checklist = checklist_for(programme)
    assert [b.text for b in checklist.behaviours.all()] == list(DEFAULT_BEHAVIOURS)
    yes = {f"b-{b.key}": "yes" for b in checklist.behaviours.all()}

    client.force_login(manager)
    observe = reverse("evaluation_observation", args=[agent.pk, programme.pk, MID])
    team_home = client.get(reverse("team_home")).content.decode()
    assert team_home.count(f'href="{observe}"') == 1  # one observation, not one per course
    member = client.get(reverse("team_member", args=[agent.pk])).content.decode()
    assert member.count(f'href="{observe}"') == 1
    assert reverse("evaluation_observation", args=[agent.pk, basics.pk, MID]) not in member
    assert client.post(observe, {**yes, "notes": ""}).status_code == 302
    [record] = course_results(user=agent, course=programme, kind=RecordKind.OBSERVATION, wave=MID)
    assert record.activity == checklist and record.details["role"] == "supervisor"
    assert record.passed is True

    client.force_login(agent)
    own = reverse("evaluation_self_assessment", args=[programme.pk, MID])
    assert own in client.get(reverse("my_training")).content.decode()
    assert client.post(own, {**yes, "notes": ""}).status_code == 302
    roles = [
        r.details["role"]
        for r in course_results(user=agent, course=programme, kind=RecordKind.OBSERVATION)
    ]
    assert sorted(roles) == ["self", "supervisor"]
    # The course on its own was never evaluated for them: its pages are not found.
    assert (
        client.get(reverse("evaluation_self_assessment", args=[basics.pk, MID])).status_code == 404
    )


def test_a_trainer_edits_a_programmes_plan_like_a_courses(client, programme):
    trainer = make_person(role=Role.TRAINER)
    client.login(email=trainer.email, password=PASSWORD)
    response = client.post(reverse("evaluation_plan:add"), form_data(programme))
    assert response.status_code == 302, response.content.decode()[:2000]
    plan = EvaluationPlan.objects.get(course=programme)
    assert plan.days(MID) == (90, 150)
