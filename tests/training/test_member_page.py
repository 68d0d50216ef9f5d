"""A manager opens one member of their team: profile, trainings, results and the record's
timeline. Managers see only their own teams' members; trainers and administrators everyone."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone, translation

from tests.factories import TeamFactory, UserFactory, make_person
from training.member import member_records
from training.models import Position, RecordKind, Tier
from training.records import record_result
from training.roles import Role

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def team():
    return TeamFactory(name="售后服务一组")


@pytest.fixture
def manager(team):
    return make_person(Role.MANAGER, team=team, name="王芳")


@pytest.fixture
def member(team):
    person = make_person(team=team, name="张晓雨")
    person.profile.position, person.profile.tier = Position.SECOND_LINE, Tier.INTERMEDIATE
    person.profile.hire_date = datetime.date(2026, 5, 4)
    person.profile.save()
    return person


def page_of(member) -> str:
    return reverse("team_member", args=[member.pk])


def test_the_team_page_links_each_member_to_their_page(client, manager, member):
    client.force_login(manager)
    html = client.get(reverse("team_home")).content.decode()
    assert f'href="{page_of(member)}"' in html


def test_a_manager_sees_their_members_profile(client, manager, member):
    client.force_login(manager)
    response = client.get(page_of(member))
    assert response.status_code == 200
    html = response.content.decode()
    assert "张晓雨" in html and "售后服务一组" in html
    assert "Second-line agent" in html and "Intermediate" in html and "2026-05-04" in html


def test_a_manager_of_another_team_is_told_the_member_does_not_exist(client, member):
    other = make_person(Role.MANAGER, team=TeamFactory(name="在线客服二组"))
    client.force_login(other)
    assert client.get(page_of(member)).status_code == 404
    for fmt in ("csv", "xlsx"):
        url = reverse("team_member_export", args=[member.pk, fmt])
        assert client.get(url).status_code == 404


@pytest.mark.parametrize("role", [Role.TRAINER, Role.ADMINISTRATOR])
def test_trainers_and_administrators_see_everyone(client, member, role):
    client.force_login(UserFactory(roles=[role]))
    assert client.get(page_of(member)).status_code == 200


def test_a_learner_cannot_open_a_colleague(client, team, member):
    colleague = make_person(team=team)
    client.force_login(colleague)
    assert client.get(page_of(member)).status_code == 404


def test_a_learner_opening_their_own_page_lands_on_my_training(client, member):
    client.force_login(member)
    response = client.get(page_of(member))
    assert response.status_code == 302 and response.url == reverse("my_training")


def test_an_unknown_export_format_is_not_found(client, manager, member):
    client.force_login(manager)
    assert client.get(reverse("team_member_export", args=[member.pk, "pdf"])).status_code == 404
    assert client.get(reverse("team_export", args=["pdf"])).status_code == 404


def test_the_timeline_lists_the_records_newest_first_a_page_at_a_time(client, manager, member):
    start = timezone.now() - datetime.timedelta(days=40)
    for day in range(30):
        record_result(
            user=member,
            source=TeamFactory(name=f"source {day}"),
            kind=RecordKind.LESSON,
            activity_title=f"第{day:02d}课",
            completed_at=start + datetime.timedelta(days=day),
            passed=True,
        )
    client.force_login(manager)

    first = client.get(page_of(member)).content.decode()
    second = client.get(page_of(member), {"page": 2}).content.decode()

    assert "第29课" in first and "第05课" in first and "第04课" not in first
    assert first.index("第29课") < first.index("第28课")
    assert "第04课" in second and "第00课" in second and "第29课" not in second
    assert "Page 2 of 2" in second


def test_reading_a_persons_records_takes_the_viewer(member):
    stranger = make_person(Role.MANAGER, team=TeamFactory(name="别的组"))
    with pytest.raises(PermissionDenied):
        member_records(viewer=stranger, member=member)
