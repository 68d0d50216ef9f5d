""" "My certificates" on My training: the learner's own checklist and certificates only."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from certification.models import CertificationProgramme
from certification.selectors import certification_for
from certification.services import certificate_issue
from tests.certification.conftest import at, course_passed
from tests.factories import PASSWORD, make_person
from training.roles import Role


def my_training(client, person) -> str:
    client.login(email=person.email, password=PASSWORD)
    return client.get(reverse("my_training")).content.decode()


@pytest.mark.django_db
def test_my_training_shows_the_checklist_and_the_certificates_held(client, programme, pages):
    person = make_person()
    course_passed(person, pages["course"])
    other = CertificationProgramme.objects.create(name="社媒客服认证", validity_months=12)
    certificate_issue(person=person, programme=other, issued_at=at(8, 1))

    page = my_training(client, person)

    assert "My certificates" in page
    assert "上岗认证" in page
    assert "1 of 4 requirements met" in page
    assert 'class="requirement requirement--met"' in page
    assert page.count('class="requirement requirement--missing"') == 3
    assert "Not yet passed with at least 80%." in page
    assert "社媒客服认证" in page
    assert "2026-08-01" in page and "2027-08-01" in page  # issued, and the stored expiry


@pytest.mark.django_db
def test_a_learner_sees_only_their_own_checklist(client, programme, pages):
    alice, bob = make_person(), make_person()
    course_passed(alice, pages["course"])
    certificate_issue(person=alice, programme=programme, issued_at=at(8, 1))

    page = my_training(client, bob)
    assert "0 of 4 requirements met" in page
    assert "requirement--met" not in page
    assert "2026-08-01" not in page
    with pytest.raises(PermissionDenied):
        certification_for(viewer=bob, person=alice)
    manager = make_person(role=Role.MANAGER, team=alice.profile.team)
    assert certification_for(viewer=manager, person=alice).certificates


@pytest.mark.django_db
def test_nothing_is_shown_when_no_programme_applies(client):
    page = my_training(client, make_person())
    assert "My certificates" not in page


@pytest.mark.django_db
def test_a_manager_sees_on_the_member_page_why_a_member_is_not_cleared(client, programme, pages):
    member = make_person()
    course_passed(member, pages["course"])
    manager = make_person(role=Role.MANAGER, team=member.profile.team)
    client.login(email=manager.email, password=PASSWORD)
    page = client.get(reverse("team_member", args=[member.pk])).content.decode()
    assert "Certification" in page
    assert "1 of 4 requirements met" in page
    assert "Not signed off by a supervisor yet." in page

    stranger = make_person(role=Role.MANAGER)
    client.login(email=stranger.email, password=PASSWORD)
    assert client.get(reverse("team_member", args=[member.pk])).status_code == 404
