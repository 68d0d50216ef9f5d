"""The team page's certification matrix: a manager sees, for their own teams only, who is
cleared, expiring, expired, in progress or not started."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from certification.services import certificate_issue
from tests.certification.conftest import course_passed
from tests.factories import PASSWORD, TeamFactory, make_person
from training.models import Position
from training.roles import Role

DAY = datetime.timedelta(days=1)


@pytest.mark.django_db
def test_the_manager_sees_each_members_standing_for_their_own_team(client, programme, pages):
    team = TeamFactory()
    manager = make_person(role=Role.MANAGER, team=team)
    now = timezone.now()
    cleared = make_person(team=team, name="甲")
    certificate_issue(person=cleared, programme=programme, issued_at=now - 10 * DAY)
    expiring = make_person(team=team, name="乙")
    certificate_issue(person=expiring, programme=programme, issued_at=now - 350 * DAY)
    lapsed = make_person(team=team, name="丙")
    certificate_issue(person=lapsed, programme=programme, issued_at=now - 400 * DAY)
    course_passed(lapsed, pages["course"])
    started = make_person(team=team, name="丁")
    course_passed(started, pages["course"])
    analyst = make_person(team=team, name="戊")
    analyst.profile.position = Position.DATA_ANALYST  # the programme does not apply
    analyst.profile.save()
    outsider = make_person(name="己")  # another team

    client.login(email=manager.email, password=PASSWORD)
    page = client.get(reverse("team_home")).content.decode()
    matrix = page[page.index("certification-matrix") :]

    def row(name):
        start = matrix.index(f">{name}</a>")
        return matrix[start : matrix.index("</tr>", start)]

    assert "</svg> Cleared" in row("甲")
    ends = expiring.certificates.get().expires_at.astimezone(timezone.get_default_timezone())
    assert f"Expires {ends:%Y-%m-%d}" in row("乙") and "Cleared" not in row("乙")
    assert "Expired" in row("丙") and "1 of 4" in row("丙")
    assert "1 of 4" in row("丁") and "Expired" not in row("丁")
    assert "cell--none" in row("戊")
    assert "己" not in matrix and outsider.email not in page


@pytest.mark.django_db
def test_without_any_programme_the_team_page_has_no_certification_section(client):
    manager = make_person(role=Role.MANAGER)
    make_person(team=manager.profile.team)
    client.login(email=manager.email, password=PASSWORD)
    assert "certification-matrix" not in client.get(reverse("team_home")).content.decode()


@pytest.mark.django_db
def test_the_matrix_downloads_as_csv_with_only_the_managers_team(client, programme, pages):
    manager = make_person(role=Role.MANAGER)
    member = make_person(team=manager.profile.team, name="=HYPERLINK(1)")
    course_passed(member, pages["course"])
    make_person(name="外组成员")
    client.login(email=manager.email, password=PASSWORD)
    response = client.get(reverse("certification_matrix_export", args=["csv"]))
    assert response.status_code == 200
    text = response.content.decode("utf-8-sig")
    assert "上岗认证" in text.splitlines()[0]
    assert "'=HYPERLINK(1)" in text and "1 of 4" in text
    assert "外组成员" not in text
    learner = make_person()
    client.login(email=learner.email, password=PASSWORD)
    assert client.get(reverse("certification_matrix_export", args=["csv"])).status_code == 403


@pytest.mark.django_db
def test_an_expired_holder_counts_only_what_was_done_since_and_an_update_due_shows(
    client, programme, pages
):
    from tests.certification.conftest import quiz_taken

    team = TeamFactory()
    manager = make_person(role=Role.MANAGER, team=team)
    now = timezone.now()
    # Expired 35 days ago; its recertification window opened 65 days ago.
    expired = make_person(team=team, name="庚")
    certificate_issue(person=expired, programme=programme, issued_at=now - 400 * DAY)
    course_passed(expired, pages["course"], when=now - 390 * DAY)  # a completion stays
    quiz_taken(expired, pages["exam"], 0.9, when=now - 100 * DAY)  # before the window: stale
    fresh = make_person(team=team, name="辛")
    certificate_issue(person=fresh, programme=programme, issued_at=now - 400 * DAY)
    course_passed(fresh, pages["course"], when=now - 390 * DAY)
    quiz_taken(fresh, pages["exam"], 0.9, when=now - 10 * DAY)  # since the window opened
    owing = make_person(team=team, name="壬")
    certificate = certificate_issue(person=owing, programme=programme, issued_at=now - 10 * DAY)
    certificate.update_due_on = (now + 5 * DAY).date()
    certificate.save(update_fields=["update_due_on"])

    client.login(email=manager.email, password=PASSWORD)
    page = client.get(reverse("team_home")).content.decode()
    matrix = page[page.index("certification-matrix") :]

    def row(name):
        start = matrix.index(f">{name}</a>")
        return matrix[start : matrix.index("</tr>", start)]

    assert "Expired" in row("庚") and "1 of 4" in row("庚")
    assert "Expired" in row("辛") and "2 of 4" in row("辛")
    assert f"Cleared, update due by {certificate.update_due_on:%Y-%m-%d}" in row("壬")
