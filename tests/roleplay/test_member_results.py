"""The member page's role-play section: a manager sees the member's assessed results (those
awaiting review marked so) and the way to her skill profile; practice stays her own."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from tests.factories import make_person
from tests.roleplay.test_skill_profile import play
from training.roles import Role

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def test_a_manager_sees_assessed_results_but_not_practice(learner, scenario):
    play(learner, scenario, when=datetime.datetime(2026, 1, 10, 9, tzinfo=SHANGHAI))
    play(
        learner,
        scenario,
        when=datetime.datetime(2026, 2, 11, 9, tzinfo=SHANGHAI),
        mode="assessment",
        good=False,
    )
    play(
        learner,
        scenario,
        when=datetime.datetime(2026, 3, 12, 9, tzinfo=SHANGHAI),
        mode="assessment",
    )
    client = Client()
    client.cookies["django_language"] = "en"
    client.force_login(make_person(Role.MANAGER, team=learner.profile.team))

    html = client.get(reverse("team_member", args=[learner.pk])).content.decode()

    section = html[html.index("data-roleplay-results") :].split("</table>")[0]
    assert "2026-03-12 09:00" in section and "2026-02-11 09:00" in section
    assert "2026-01-10" not in section  # practice
    assert section.index("2026-03-12") < section.index("2026-02-11")
    assert "Awaiting review" in section and "Not passed" in section
    assert reverse("skill_profile_for", args=[learner.pk]) in html
