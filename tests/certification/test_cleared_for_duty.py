"""The supervisor's morning list: who is cleared for duty today for the programme required to
take customers, who is not and why, and whose certificate ends within 7 days — for the viewer's
teams, filtered, printable and downloadable."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from certification.duty import cleared_for_duty
from certification.models import CertificationProgramme, ProgrammeRequirement, RequirementKind
from certification.services import certificate_issue, certificate_revoke
from tests.certification.conftest import course_passed
from tests.certification.test_batched_evaluation import counted
from tests.factories import PASSWORD, TeamFactory, make_person
from training.models import Position, Tier
from training.roles import Role

DAY = datetime.timedelta(days=1)


def local_date(when: datetime.datetime) -> str:
    return f"{timezone.localtime(when).date():%Y-%m-%d}"


@pytest.fixture
def duty(programme):
    programme.required_for_duty = True
    programme.save()
    return programme


@pytest.fixture
def morning(duty, pages):
    """A team in every state the list knows, and someone in another team."""
    team = TeamFactory(name="一组")
    manager = make_person(role=Role.MANAGER, team=team)
    manager.profile.position = Position.SUPERVISOR
    manager.profile.save()
    now = timezone.now()
    people = {name: make_person(team=team, name=name) for name in "甲乙丙丁己"}
    certificate_issue(person=people["甲"], programme=duty, issued_at=now - 10 * DAY)
    soon = certificate_issue(person=people["乙"], programme=duty, issued_at=now - 10 * DAY)
    soon.expires_at = now + 3 * DAY
    soon.save()
    certificate_issue(person=people["丙"], programme=duty, issued_at=now - 400 * DAY)
    course_passed(people["丁"], pages["course"])
    revoked = certificate_issue(person=people["己"], programme=duty, issued_at=now - 30 * DAY)
    certificate_revoke(
        certificate=revoked, actor=make_person(role=Role.ADMINISTRATOR), reason="违规泄露信息"
    )
    analyst = make_person(team=team, name="戊")
    analyst.profile.position = Position.DATA_ANALYST  # does not take customers: not listed
    analyst.profile.save()
    make_person(team=TeamFactory(name="外组"), name="外")
    return manager, people


def section(page: str, heading_id: str) -> str:
    start = page.index(f'id="{heading_id}"')
    return page[start : page.index("</section>", start)]


def row(text: str, name: str) -> str:
    start = text.index(f">{name}</a>")
    return text[start : text.index("</tr>", start)]


@pytest.mark.django_db
def test_the_list_says_who_is_cleared_who_is_not_and_why(client, morning):
    manager, people = morning
    client.login(email=manager.email, password=PASSWORD)
    response = client.get(reverse("certification_cleared_today"))
    assert response.status_code == 200
    page = response.content.decode()

    not_cleared = section(page, "duty-not-cleared")
    expiring = section(page, "duty-expiring")
    cleared = section(page, "duty-cleared")
    expired_on = local_date(people["丙"].certificates.get().expires_at)
    assert f"Expired on {expired_on}" in row(not_cleared, "丙")
    assert "Never certified: 3 of 4 requirements missing" in row(not_cleared, "丁")
    assert "Certificate revoked" in row(not_cleared, "己")
    assert ">甲<" not in not_cleared and ">乙<" not in not_cleared
    soon = local_date(people["乙"].certificates.get().expires_at)
    assert f"Expires on {soon}" in row(expiring, "乙") and ">甲<" not in expiring
    ends = local_date(people["甲"].certificates.get().expires_at)
    assert f"Expires on {ends}" in row(cleared, "甲") and ">乙<" not in cleared
    assert "<strong>2</strong> cleared" in page and "<strong>3</strong> not cleared" in page
    assert "<strong>1</strong> expire within 7 days" in page
    # The analyst and the supervisor do not take customers.
    assert "2 people do not need it" in page and ">戊<" not in page
    assert ">外<" not in page and "外组" not in page


@pytest.mark.django_db
def test_the_list_downloads_with_the_reasons_and_the_filters(client, morning):
    manager, people = morning
    people["丁"].profile.tier = Tier.SENIOR
    people["丁"].profile.save()
    client.login(email=manager.email, password=PASSWORD)
    response = client.get(reverse("certification_cleared_today_export", args=["csv"]))
    assert response.status_code == 200
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("Team,Employee number,Name,Position,Tier,Cleared for duty today")
    names = [line.split(",")[2] for line in lines[1:]]
    assert names == ["丙", "丁", "己", "乙", "甲"]  # not cleared first, then expiring, then cleared
    assert "Never certified: 3 of 4 requirements missing" in lines[2] and ",No," in lines[2]
    assert ",Yes," in lines[4]
    senior = client.get(
        reverse("certification_cleared_today_export", args=["xlsx"]), {"tier": Tier.SENIOR}
    )
    assert senior.status_code == 200
    csv = client.get(
        reverse("certification_cleared_today_export", args=["csv"]), {"tier": Tier.SENIOR}
    )
    assert [line.split(",")[2] for line in csv.content.decode("utf-8-sig").splitlines()[1:]] == [
        "丁"
    ]
    page = client.get(reverse("certification_cleared_today"), {"tier": Tier.SENIOR})
    assert "cleared-today.csv?tier=senior" in page.content.decode()


@pytest.mark.django_db
def test_only_the_viewers_teams_and_never_a_team_they_may_not_see(client, morning):
    manager, _people = morning
    other = TeamFactory(name="外组")
    client.login(email=manager.email, password=PASSWORD)
    for query in ({"team": other.pk}, {"team": "x"}, {"position": "ceo"}):
        page = client.get(reverse("certification_cleared_today"), query)
        assert page.status_code == 200
        text = page.content.decode()
        assert ">外<" not in text and "外组" not in text and ">甲<" not in text
        export = client.get(reverse("certification_cleared_today_export", args=["csv"]), query)
        assert export.status_code == 400 and "外" not in export.content.decode()
    learner = make_person()
    client.login(email=learner.email, password=PASSWORD)
    assert client.get(reverse("certification_cleared_today")).status_code == 403
    assert (
        client.get(reverse("certification_cleared_today_export", args=["csv"])).status_code == 403
    )
    for role in (Role.TRAINER, Role.ADMINISTRATOR):
        everyone = make_person(role=role)
        client.login(email=everyone.email, password=PASSWORD)
        text = client.get(reverse("certification_cleared_today")).content.decode()
        assert ">外<" in text and ">甲<" in text


@pytest.mark.django_db
def test_the_list_is_one_click_from_the_team_page_and_from_my_work(client, morning):
    manager, _people = morning
    client.login(email=manager.email, password=PASSWORD)
    assert (
        reverse("certification_cleared_today") in client.get(reverse("team_home")).content.decode()
    )
    trainer = make_person(role=Role.TRAINER)
    client.login(email=trainer.email, password=PASSWORD)
    assert (
        reverse("certification_cleared_today")
        in client.get(reverse("trainer_home")).content.decode()
    )


@pytest.mark.django_db
def test_without_a_programme_required_for_duty_the_list_says_how_to_mark_one(client, programme):
    manager = make_person(role=Role.MANAGER)
    client.login(email=manager.email, password=PASSWORD)
    page = client.get(reverse("certification_cleared_today")).content.decode()
    assert "No programme is marked as required to take customers yet" in page
    assert not cleared_for_duty(viewer=manager).entries


@pytest.mark.django_db
def test_two_programmes_required_for_duty_must_both_be_held(morning, pages):
    manager, people = morning
    second = CertificationProgramme.objects.create(
        name="安全认证", required_for_duty=True, positions=[Position.FIRST_LINE]
    )
    ProgrammeRequirement.objects.create(
        programme=second, kind=RequirementKind.COURSE, page=pages["course"], sort_order=0
    )
    duty = cleared_for_duty(viewer=manager)
    by_name = {entry.person.name: entry for entry in duty.entries}
    assert not by_name["甲"].cleared
    assert by_name["甲"].reasons == ("安全认证: Never certified: 1 of 1 requirements missing",)
    assert by_name["丁"].reasons == (
        "上岗认证: Never certified: 3 of 4 requirements missing",
        "安全认证: Every requirement met; the certificate is being issued",
    )


@pytest.mark.django_db
def test_the_list_takes_as_many_queries_for_thirty_people_as_for_three(client, duty, pages):
    counts = {}
    for size in (3, 30):
        team = TeamFactory()
        manager = make_person(role=Role.MANAGER, team=team)
        for index in range(size):
            person = make_person(team=team)
            if index % 3 == 0:
                certificate_issue(person=person, programme=duty)
            elif index % 3 == 1:
                course_passed(person, pages["course"])
        client.login(email=manager.email, password=PASSWORD)
        counts[size] = [
            counted(lambda: client.get(reverse("certification_cleared_today"))),
            counted(
                lambda: client.get(reverse("certification_cleared_today_export", args=["csv"]))
            ),
        ]
    assert counts[30] == counts[3]


@pytest.mark.django_db
def test_an_administrator_marks_a_programme_required_to_take_customers(client, programme):
    admin = make_person(role=Role.ADMINISTRATOR)
    client.login(email=admin.email, password=PASSWORD)
    url = reverse("certification_programme:edit", args=[programme.pk])
    assert 'name="required_for_duty"' in client.get(url).content.decode()


@pytest.mark.django_db
def test_a_long_list_shows_every_exception_and_the_first_of_the_cleared(
    client, morning, monkeypatch
):
    manager, _people = morning
    monkeypatch.setattr("certification.views.CLEARED_SHOWN", 0)
    client.login(email=manager.email, password=PASSWORD)
    page = client.get(reverse("certification_cleared_today")).content.decode()
    assert ">甲<" not in section(page, "duty-cleared")
    assert "And 1 more person cleared: the download lists everyone" in page
    assert ">丙<" in section(page, "duty-not-cleared") and ">乙<" in section(page, "duty-expiring")
    export = client.get(reverse("certification_cleared_today_export", args=["csv"]))
    assert "甲" in export.content.decode("utf-8-sig")
