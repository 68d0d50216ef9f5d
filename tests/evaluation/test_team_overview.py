"""The per-team overview: a manager sees their teams' headline figures per course, linking
to the team's report; trainers see every team; served from the pre-computed reports."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from evaluation.effect import add_months
from evaluation.models import ReportSnapshot
from evaluation.snapshots import snapshots_refresh_nightly
from tests.evaluation.report_helpers import close_waves, complete, kpis, survey
from tests.factories import TeamFactory, make_person
from tests.training.test_phone_tables import assert_phone_ready
from training.roles import Role

pytestmark = pytest.mark.django_db


def _team(course, name, size, rating):
    team = TeamFactory(name=name)
    manager = make_person(Role.MANAGER, team=team)
    people = [make_person(team=team) for _ in range(size)]
    for person in people:
        complete(person, course, timezone.localdate() - datetime.timedelta(days=5))
        survey(person, course, content=rating, trainer=rating, recommend=9)
    close_waves(course, people, "short_term")
    return team, manager


@pytest.fixture
def teams(course):
    return _team(course, "售后一组", 5, 5), _team(course, "售前二组", 6, 2)


def test_a_manager_sees_their_teams_headline_figures_linking_to_the_team_report(
    client, teams, course
):
    (mine, manager), (theirs, _other) = teams
    client.force_login(manager)
    html = client.get(reverse("evaluation_teams")).content.decode()
    assert "售后一组" in html and "售前二组" not in html
    report_url = reverse("evaluation_report", args=[course.pk])
    assert f"{report_url}?team={mine.pk}" in html
    assert "100 %" in html and "n = 5" in html and "badge--ok" in html
    assert assert_phone_ready(html) >= 10


def test_trainers_see_every_team_coloured_against_the_targets(client, teams, course):
    client.force_login(make_person(Role.TRAINER))
    html = client.get(reverse("evaluation_teams")).content.decode()
    assert "售后一组" in html and "售前二组" in html
    assert "n = 6" in html and "badge--bad" in html  # nobody of 售前二组 satisfied


def test_the_overview_is_read_from_snapshots_in_a_few_queries(client, teams, course):
    snapshots_refresh_nightly()
    client.force_login(make_person(Role.TRAINER))
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("evaluation_teams"))
    assert response.status_code == 200
    assert len(queries) <= 10, [q["sql"] for q in queries]


def test_learners_may_not_see_the_overview(client, teams):
    client.force_login(make_person())
    assert client.get(reverse("evaluation_teams")).status_code == 403


def test_many_teams_come_a_page_at_a_time(client, teams, course, monkeypatch):
    monkeypatch.setattr("evaluation.team_overview.PAGE_SIZE", 1)
    client.force_login(make_person(Role.TRAINER))
    first = client.get(reverse("evaluation_teams")).content.decode()
    second = client.get(reverse("evaluation_teams"), {"page": 2}).content.decode()
    assert "售前二组" in first and "售后一组" not in first  # by name: 售前 before 售后
    assert "售后一组" in second and "售前二组" not in second
    assert "?page=2" in first


def test_a_kpi_effect_shows_its_estimate_with_the_interval_at_hand(client, course, settings):
    """Ten agents of a team trained eight months ago, CSAT 80 % → 92 %, and ten colleagues
    not trained, 80 % → 82 %: the overview's CSAT cell reads "+10.0 pp", the interval one
    hover away; in Chinese too."""
    team = TeamFactory(name="售后一组")
    manager = make_person(Role.MANAGER, team=team)
    done_on = add_months(timezone.localdate(), -8) + datetime.timedelta(days=14)
    before = {add_months(done_on, m): 0.80 for m in (-3, -2, -1)}
    for _ in range(10):
        trained = make_person(team=team)
        complete(trained, course, done_on)
        kpis(trained, {**before, **{add_months(done_on, m): 0.92 for m in (3, 4, 5, 6)}})
        other = make_person(team=team)
        kpis(other, {**before, **{add_months(done_on, m): 0.82 for m in (3, 4, 5, 6)}})
    client.force_login(manager)

    html = client.get(reverse("evaluation_teams")).content.decode()
    assert 'title="+10.0 pp (95 % CI +10.0 pp … +10.0 pp)">+10.0 pp</span>' in html
    assert "n = 10 / 10" in html

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
    html = client.get(reverse("evaluation_teams")).content.decode()
    assert (
        'title="+10.0 个百分点（95% 置信区间 +10.0 个百分点 … +10.0 个百分点）">'
        "+10.0 个百分点</span>"
    ) in html


def test_figures_an_earlier_version_stored_that_no_longer_read_back_are_computed_again(
    client, teams, course
):
    """A snapshot written before a field of the figures was added (here: without a status)
    is read as missing, not as an error page."""
    snapshots_refresh_nightly()
    for snapshot in ReportSnapshot.objects.filter(team_ids__isnull=False):
        coverage = dict(snapshot.headline["__dict__"])["coverage"]
        del coverage["fields"]["status"]
        snapshot.save(update_fields=["headline"])
    (_mine, manager), _theirs = teams
    client.force_login(manager)
    response = client.get(reverse("evaluation_teams"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "100 %" in html and "n = 5" in html and "Being prepared" not in html
