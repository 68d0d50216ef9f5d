"""Who is an agent (the people trained and measured) and who is staff: managers, trainers
and administrators (`training.roles.STAFF_ROLES`), whatever profile they have in a team."""

import pytest
from django.contrib.auth.models import Group

from tests.factories import TeamFactory, make_person
from training.models import AgentProfile, User
from training.roles import Role, holds_staff_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def team_people():
    """One person of each role, each with a profile in the same team."""
    team = TeamFactory(name="售后一组")
    return {role: make_person(role, team=team) for role in Role.values}


def test_of_a_teams_profiles_only_the_learners_are_agents(team_people):
    agents = AgentProfile.objects.filter(~holds_staff_role("user_id"))
    assert [p.user for p in agents] == [team_people[Role.LEARNER]]


def test_a_learner_who_is_also_a_manager_is_staff(team_people):
    learner = team_people[Role.LEARNER]
    learner.groups.add(Group.objects.get(name=Role.MANAGER))
    staff = dict(User.objects.annotate(staff=holds_staff_role()).values_list("pk", "staff"))
    assert all(staff[person.pk] for person in team_people.values())
