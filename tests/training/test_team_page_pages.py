"""The team page a centre's administrator opens shows the teams ten at a time (every one of
hundreds of teams with all their members on one page would not load), and the certification
matrix's team filter narrows the team sections too."""

import pytest
from django.urls import reverse

from tests.factories import TeamFactory, make_person
from training.roles import Role
from training.selectors import TEAMS_PER_PAGE

pytestmark = pytest.mark.django_db


@pytest.fixture
def centre():
    """12 teams of one agent each, named so that they sort 01…12."""
    teams = [TeamFactory(name=f"售后{n:02d}组") for n in range(1, 13)]
    agents = [make_person(team=team, name=f"客服{n:02d}") for n, team in enumerate(teams, 1)]
    admin = make_person(Role.ADMINISTRATOR, team=teams[0])
    return teams, agents, admin


def sections(html: str) -> list[str]:
    return [name for name in (f"售后{n:02d}组" for n in range(1, 13)) if f">{name} <" in html]


def test_an_administrator_sees_ten_teams_a_page_and_pages_on(client, centre):
    teams, agents, admin = centre
    client.force_login(admin)
    first = client.get(reverse("team_home")).content.decode()
    assert sections(first) == [f"售后{n:02d}组" for n in range(1, TEAMS_PER_PAGE + 1)]
    assert "客服01" in first and "客服11" not in first
    assert "?team_page=2" in first
    second = client.get(reverse("team_home"), {"team_page": 2}).content.decode()
    assert sections(second) == ["售后11组", "售后12组"]
    assert "客服11" in second and "客服12" in second
    assert "?team_page=1" in second


def test_the_team_filter_narrows_the_sections_to_that_team(client, centre):
    teams, agents, admin = centre
    client.force_login(admin)
    html = client.get(reverse("team_home"), {"team": teams[11].pk}).content.decode()
    assert sections(html) == ["售后12组"]
    assert "team_page=" not in html


def test_a_team_the_manager_does_not_manage_is_not_shown_by_filtering_for_it(client, centre):
    teams, agents, _admin = centre
    manager = make_person(Role.MANAGER, team=teams[0])
    client.force_login(manager)
    html = client.get(reverse("team_home"), {"team": teams[5].pk}).content.decode()
    assert sections(html) == []
    assert "客服06" not in html
    assert "没有符合筛选条件的团队" in html
    garbage = client.get(reverse("team_home"), {"team": "x'--"})
    assert garbage.status_code == 200 and sections(garbage.content.decode()) == []
