"""What a wave asks of someone is listed once: the learner's 评估任务 on My training, the
manager's waiting evaluations on My team and the member's waves on their page read the wave
instances; 培训效果：行为观察 shows the supervisor–self gap only, once something was filed."""

import pytest
from django.urls import reverse

from evaluation.models import EvaluationPlan
from evaluation.observations import checklist_for, observation_file
from tests.evaluation.conftest import complete_course
from tests.factories import TeamFactory, make_person
from training.roles import Role

pytestmark = pytest.mark.django_db

MID = "mid_term"
GAP = "Training effect: behaviour at work"


@pytest.fixture
def people(course):
    team = TeamFactory(name="售后一组")
    agent = make_person(team=team, name="王芳")
    manager = make_person(Role.MANAGER, team=team)
    complete_course(agent, course, days_ago=100)  # the mid-term wave is open
    return agent, manager


def test_the_learner_sees_each_task_once_in_the_evaluation_tasks(client, course, people):
    agent, _manager = people
    client.force_login(agent)
    home = client.get(reverse("my_training")).content.decode()
    own_url = reverse("evaluation_self_assessment", args=[course.pk, MID])
    assert "Evaluation tasks" in home
    assert home.count(f'href="{own_url}"') == 1
    assert GAP not in home  # nothing filed yet: no gap to show


def test_the_manager_sees_the_observation_once_on_each_page(client, course, people):
    agent, manager = people
    observe = reverse("evaluation_observation", args=[agent.pk, course.pk, MID])
    client.force_login(manager)
    team_home = client.get(reverse("team_home")).content.decode()
    assert "Evaluations waiting for you" in team_home
    assert team_home.count(f'href="{observe}"') == 1
    member = client.get(reverse("team_member", args=[agent.pk])).content.decode()
    assert member.count(f'href="{observe}"') == 1
    assert GAP not in member


def test_a_filed_observation_stays_linked_while_its_wave_is_open(client, course, people):
    """The manager may look at what they filed and file again (it replaces the first) until
    the wave closes: the member page keeps the link, now marked done."""
    agent, manager = people
    criteria = {b.key: 1.0 for b in checklist_for(course).behaviours.all()}
    observation_file(person=agent, course=course, wave=MID, observer=manager, criteria=criteria)
    observe = reverse("evaluation_observation", args=[agent.pk, course.pk, MID])
    client.force_login(manager)
    member = client.get(reverse("team_member", args=[agent.pk])).content.decode()
    assert member.count(f'href="{observe}"') == 1
    assert "evaluation-task--done" in member
    assert "Submitted on" in client.get(observe).content.decode()


def test_a_plan_without_the_observation_lists_none_and_its_page_is_not_found(client, course):
    EvaluationPlan.objects.create(course=course, mid_instruments=["self_assessment"])
    team = TeamFactory()
    agent, manager = make_person(team=team), make_person(Role.MANAGER, team=team)
    complete_course(agent, course, days_ago=100)
    observe = reverse("evaluation_observation", args=[agent.pk, course.pk, MID])
    client.force_login(manager)
    assert observe not in client.get(reverse("team_member", args=[agent.pk])).content.decode()
    assert client.get(observe).status_code == 404
