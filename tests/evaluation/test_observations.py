"""A supervisor observes a team member at the mid-term wave on the course's checklist, the
agent assesses themselves on the same one, and the gap between them is shown: only to the
member's managers (another team's member, or oneself, is not found) and to the agent."""

import pytest
from django.urls import reverse

from evaluation.observation_models import DEFAULT_BEHAVIOURS, Observation
from evaluation.observations import checklist_for
from tests.evaluation.conftest import complete_course
from tests.factories import TeamFactory, make_person
from training.models import RecordKind
from training.records import course_results
from training.roles import Role

pytestmark = pytest.mark.django_db

MID = "mid_term"


@pytest.fixture
def team():
    return TeamFactory(name="售后一组")


@pytest.fixture
def agent(team, course):
    person = make_person(team=team, name="王芳")
    complete_course(person, course, days_ago=100)  # the mid-term wave is open
    return person


@pytest.fixture
def manager(team):
    return make_person(Role.MANAGER, team=team)


def observe_url(agent, course, wave=MID):
    return reverse("evaluation_observation", args=[agent.pk, course.pk, wave])


def answers(checklist, *values, notes=""):
    data = {
        f"b-{b.key}": value for b, value in zip(checklist.behaviours.all(), values, strict=True)
    }
    data["notes"] = notes
    return data


def test_a_course_starts_from_the_manuals_behaviours(course):
    checklist = checklist_for(course)
    assert [b.text for b in checklist.behaviours.all()] == list(DEFAULT_BEHAVIOURS)
    assert checklist_for(course) == checklist  # once


def test_the_supervisor_files_one_observation_record_with_the_wave(client, agent, manager, course):
    checklist = checklist_for(course)
    client.force_login(manager)
    page = client.get(observe_url(agent, course))
    assert page.status_code == 200 and "使用标准问候语" in page.content.decode()
    # yes, partly, no, not observed, yes, yes: (1 + .5 + 0 + 1 + 1) / 5 observed = 0.7
    data = answers(checklist, "yes", "partly", "no", "not_observed", "yes", "yes", notes="语速快")
    response = client.post(observe_url(agent, course), data)
    assert response.status_code == 302
    assert response["Location"] == reverse("team_member", args=[agent.pk])

    [record] = course_results(user=agent, course=course, kind=RecordKind.OBSERVATION, wave=MID)
    assert record.score == pytest.approx(0.7) and record.passed is False  # below 80 %
    assert record.activity == checklist
    details = record.details
    assert details["role"] == "supervisor" and details["observer"] == manager.pk
    keys = [b.key for b in checklist.behaviours.all()]
    assert details["criteria"][keys[1]] == 0.5 and details["criteria"][keys[3]] is None
    assert details["behaviours"][keys[0]] == "使用标准问候语"
    assert details["notes"] == "语速快"

    # Filed again: the same record, updated.
    client.post(observe_url(agent, course), answers(checklist, *["yes"] * 6))
    [record] = course_results(user=agent, course=course, kind=RecordKind.OBSERVATION, wave=MID)
    assert record.score == 1.0 and record.passed is True


def test_every_behaviour_needs_an_answer_and_something_must_be_observed(
    client, agent, manager, course
):
    checklist = checklist_for(course)
    client.force_login(manager)
    partial = answers(checklist, "yes", "yes", "yes", "yes", "yes", "yes")
    del partial[f"b-{checklist.behaviours.first().key}"]
    response = client.post(observe_url(agent, course), partial)
    assert response.status_code == 400
    assert "Choose yes, partly, no or not observed." in response.content.decode()
    nothing = client.post(observe_url(agent, course), answers(checklist, *["not_observed"] * 6))
    assert nothing.status_code == 400 and "Nothing was observed" in nothing.content.decode()
    assert not Observation.objects.exists()


def test_another_teams_manager_oneself_and_a_learner_find_nothing(client, agent, course):
    checklist = checklist_for(course)
    other_manager = make_person(Role.MANAGER, team=TeamFactory(name="售前二组"))
    colleague = make_person(team=agent.profile.team)
    for outsider in (other_manager, colleague, agent):
        client.force_login(outsider)
        assert client.get(observe_url(agent, course)).status_code == 404
        data = answers(checklist, *["yes"] * 6)
        assert client.post(observe_url(agent, course), data).status_code == 404
    assert not Observation.objects.exists()


def test_a_manager_does_not_observe_themselves(client, manager, course):
    complete_course(manager, course, days_ago=100)
    client.force_login(manager)
    assert client.get(observe_url(manager, course)).status_code == 404


def test_a_trainer_may_observe_anyone(client, agent, course):
    client.force_login(make_person(Role.TRAINER))
    assert client.get(observe_url(agent, course)).status_code == 200


def test_waves_without_observation_or_not_open_are_not_found(client, agent, manager, course):
    client.force_login(manager)
    assert client.get(observe_url(agent, course, "short_term")).status_code == 404
    assert client.get(observe_url(agent, course, "long_term")).status_code == 404  # 100 days
    newcomer = make_person(team=agent.profile.team)
    complete_course(newcomer, course, days_ago=3)
    assert client.get(observe_url(newcomer, course)).status_code == 404


def test_the_self_assessment_and_the_gap_on_the_member_page_and_the_learners_home(
    client, agent, manager, course
):
    checklist = checklist_for(course)
    keys = [b.key for b in checklist.behaviours.all()]
    client.force_login(manager)
    client.post(
        observe_url(agent, course),
        answers(checklist, "yes", "no", "partly", "yes", "yes", "not_observed"),
    )

    before = client.get(reverse("team_member", args=[agent.pk])).content.decode()
    assert "No self-assessment yet." in before

    client.force_login(agent)
    own_url = reverse("evaluation_self_assessment", args=[course.pk, MID])
    home = client.get(reverse("my_training")).content.decode()
    assert own_url in home  # asked of them
    response = client.post(own_url, answers(checklist, "yes", "yes", "yes", "no", "yes", "yes"))
    assert response.status_code == 302
    records = course_results(user=agent, course=course, kind=RecordKind.OBSERVATION, wave=MID)
    [own] = [r for r in records if r.details["role"] == "self"]
    assert own.details["observer"] == agent.pk and own.score == pytest.approx(5 / 6)

    home = client.get(reverse("my_training")).content.decode()
    assert "Training effect: behaviour at work" in home
    assert "rates self higher (+1)" in home  # 按退款政策处理: supervisor no, self yes
    # Done, and still linked while the wave is open: filing again replaces it.
    assert own_url in home and "evaluation-task--done" in home

    client.force_login(manager)
    page = client.get(reverse("team_member", args=[agent.pk])).content.decode()
    assert "Training effect: behaviour at work" in page
    assert "rates self higher (+0.5)" in page and "rates self lower (-1)" in page
    assert keys  # the behaviours are listed by their text, not their keys
    assert "按退款政策处理" in page and keys[1] not in page
    assert "No self-assessment yet." not in page

    other_manager = make_person(Role.MANAGER, team=TeamFactory(name="售前二组"))
    client.force_login(other_manager)
    assert client.get(reverse("team_member", args=[agent.pk])).status_code == 404


def test_an_observation_being_filled_in_is_kept_and_filing_it_clears_the_draft(
    client, agent, manager, course
):
    checklist = checklist_for(course)
    keys = [b.key for b in checklist.behaviours.all()]
    save = reverse("evaluation_observation_save", args=[agent.pk, course.pk, MID])
    client.force_login(manager)
    reply = client.post(
        save,
        {f"b-{keys[0]}": "partly", "notes": "先观察了两通电话"},
        headers={"X-Requested-With": "fetch"},
    )
    assert reply.status_code == 200 and reply.json()["saved"] is True
    page = client.get(observe_url(agent, course)).content.decode()
    assert f'name="b-{keys[0]}" value="partly" required checked' in page
    assert "先观察了两通电话</textarea>" in page
    assert not course_results(user=agent, course=course, kind=RecordKind.OBSERVATION, wave=MID)

    bad = client.post(save, {f"b-{keys[0]}": "maybe"}, headers={"X-Requested-With": "fetch"})
    assert bad.status_code == 400
    assert (
        'value="partly" required checked' in client.get(observe_url(agent, course)).content.decode()
    )

    client.post(observe_url(agent, course), answers(checklist, *["yes"] * 6))
    page = client.get(observe_url(agent, course)).content.decode()
    assert 'value="partly" required checked' not in page and "先观察了两通电话" not in page

    other_manager = make_person(Role.MANAGER, team=TeamFactory(name="售前二组"))
    client.force_login(other_manager)
    assert client.post(save, {f"b-{keys[0]}": "no"}).status_code == 404


def test_a_refused_submit_keeps_what_was_typed(client, agent, course):
    checklist = checklist_for(course)
    own_url = reverse("evaluation_self_assessment", args=[course.pk, MID])
    client.force_login(agent)
    data = answers(checklist, "yes", "no", "yes", "yes", "yes", "yes", notes="退款规则还不熟")
    del data[f"b-{checklist.behaviours.first().key}"]
    assert client.post(own_url, data).status_code == 400
    page = client.get(own_url).content.decode()
    assert "退款规则还不熟</textarea>" in page
