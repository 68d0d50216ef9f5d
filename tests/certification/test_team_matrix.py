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

    assert "✓ Cleared" in row("甲")
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
