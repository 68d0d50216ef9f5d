"""The matrix narrows to a team, a position and a tier — on the page, across its pages and in
its downloads — and a team the viewer may not see shows nothing of it."""

import pytest
from django.urls import reverse

from tests.certification.conftest import course_passed
from tests.factories import PASSWORD, TeamFactory, make_person
from training.models import Position, Tier
from training.roles import Role


def matrix_of(response) -> str:
    """The certification card of the team page (the team tables below list every member)."""
    page = response.content.decode()
    start = page.index('id="id_team"')
    return page[start : page.index("</section>", start)]


@pytest.fixture
def two_teams(programme, pages):
    """A manager of 一组 and 二组, with members of every position and tier, and 三组 they do
    not manage."""
    one, two, other = TeamFactory(name="一组"), TeamFactory(name="二组"), TeamFactory(name="三组")
    manager = make_person(role=Role.MANAGER, team=one)
    two.managers.add(manager)
    people = {}
    for name, team, position, tier in [
        ("甲", one, Position.FIRST_LINE, Tier.JUNIOR),
        ("乙", one, Position.SECOND_LINE, Tier.SENIOR),
        ("丙", two, Position.FIRST_LINE, Tier.SENIOR),
        ("丁", two, Position.COMPLAINT_SPECIALIST, Tier.INTERMEDIATE),
        ("外", other, Position.FIRST_LINE, Tier.SENIOR),
    ]:
        person = make_person(team=team, name=name)
        person.profile.position, person.profile.tier = position, tier
        person.profile.save()
        course_passed(person, pages["course"])
        people[name] = person
    return manager, people, other


def names_in(text: str) -> set[str]:
    return {name for name in "甲乙丙丁外" if f">{name}<" in text or f",{name}," in text}


@pytest.mark.django_db
def test_the_matrix_narrows_to_a_team_a_position_and_a_tier(client, two_teams):
    manager, people, _other = two_teams
    client.login(email=manager.email, password=PASSWORD)
    team_two = people["丙"].profile.team_id
    assert names_in(matrix_of(client.get(reverse("team_home")))) == set("甲乙丙丁")
    cases = [
        ({"team": team_two}, set("丙丁")),
        ({"position": Position.FIRST_LINE}, set("甲丙")),
        ({"tier": Tier.SENIOR}, set("乙丙")),
        ({"team": team_two, "tier": Tier.SENIOR}, set("丙")),
        ({"position": Position.DATA_ANALYST}, set()),
    ]
    for query, expected in cases:
        shown = matrix_of(client.get(reverse("team_home"), query))
        assert names_in(shown) == expected, query
        export = client.get(reverse("certification_matrix_export", args=["csv"]), query)
        assert names_in(export.content.decode("utf-8-sig")) == expected, query
    page = client.get(reverse("team_home"), {"team": team_two}).content.decode()
    assert f"matrix.csv?team={team_two}" in page  # the download keeps the filter


@pytest.mark.django_db
def test_a_team_the_viewer_may_not_see_shows_nothing_of_it(client, two_teams):
    manager, people, other = two_teams
    client.login(email=manager.email, password=PASSWORD)
    for team in (other.pk, "abc", "99999"):
        response = client.get(reverse("team_home"), {"team": team})
        assert response.status_code == 200
        assert names_in(matrix_of(response)) == set()
        assert "三组" not in response.content.decode()
        export = client.get(reverse("certification_matrix_export", args=["csv"]), {"team": team})
        assert export.status_code == 400
        assert names_in(export.content.decode()) == set() and "三组" not in export.content.decode()
    response = client.get(reverse("team_home"), {"tier": "grand master"})
    assert response.status_code == 200 and names_in(matrix_of(response)) == set()


@pytest.mark.django_db
def test_an_administrator_filters_every_team(client, two_teams):
    _manager, _people, other = two_teams
    admin = make_person(role=Role.ADMINISTRATOR)
    client.login(email=admin.email, password=PASSWORD)
    shown = matrix_of(client.get(reverse("team_home"), {"team": other.pk}))
    assert names_in(shown) == {"外"}
    export = client.get(reverse("certification_matrix_export", args=["xlsx"]), {"team": other.pk})
    assert export.status_code == 200


@pytest.mark.django_db
def test_the_matrix_pages_keep_the_filters_and_the_download_has_every_page(
    client, programme, pages, monkeypatch
):
    monkeypatch.setattr("certification.matrix.PER_PAGE", 2)
    manager = make_person(role=Role.MANAGER)
    team = manager.profile.team
    for index in range(5):
        make_person(team=team, name=f"一线{index}")
    analyst = make_person(team=team, name="分析员")
    analyst.profile.position = Position.DATA_ANALYST
    analyst.profile.save()
    manager.profile.position = Position.SUPERVISOR
    manager.profile.save()
    client.login(email=manager.email, password=PASSWORD)
    query = {"position": Position.FIRST_LINE}

    first = matrix_of(client.get(reverse("team_home"), query))
    assert first.count(">一线") == 2 and "分析员" not in first
    assert "Page 1 of 3" in first
    assert 'href="?position=first_line&amp;page=2"' in first
    third = matrix_of(client.get(reverse("team_home"), {**query, "page": 3}))
    assert third.count(">一线") == 1 and 'href="?position=first_line&amp;page=2"' in third
    assert "Page 3 of 3" in matrix_of(client.get(reverse("team_home"), {**query, "page": 99}))
    export = client.get(reverse("certification_matrix_export", args=["csv"]), query)
    assert export.content.decode("utf-8-sig").count("一线") == 5
