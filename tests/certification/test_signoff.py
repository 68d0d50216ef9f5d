"""A supervisor signs a member off on the member page; the sign-off is a learning record, and
with it the last requirement the certificate follows."""

import pytest
from django.urls import reverse

from certification.models import Certificate
from tests.certification.conftest import course_passed, quiz_taken, roleplay_played
from tests.factories import PASSWORD, make_person
from training.records import passing_records
from training.roles import Role


@pytest.fixture
def member(pages):
    person = make_person()
    course_passed(person, pages["course"])
    quiz_taken(person, pages["exam"], 0.9)
    roleplay_played(person, pages["privacy"], 0.8)
    return person


def login(client, person):
    client.login(email=person.email, password=PASSWORD)
    return client


@pytest.mark.django_db
def test_the_managers_sign_off_completes_the_certificate(
    client, programme, member, django_capture_on_commit_callbacks
):
    manager = make_person(role=Role.MANAGER, team=member.profile.team)
    login(client, manager)
    page = client.get(reverse("team_member", args=[member.pk])).content.decode()
    url = reverse("certification_signoff", args=[member.pk, programme.pk])
    assert url in page

    response = client.post(url, {"items": []})
    assert response.status_code == 200
    assert "Tick what you have seen on the job." in response.content.decode()
    assert not passing_records(user=member, activities=[programme])

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"items": ["独立接待", "信息核实"], "notes": "表现稳定"})
    assert response.status_code == 302
    [record] = passing_records(user=member, activities=[programme])
    assert record.kind == "observation" and record.details["observer"] == manager.pk
    assert Certificate.objects.get().person == member


@pytest.mark.django_db
def test_only_the_members_supervisors_may_sign_off(client, programme, member):
    url = reverse("certification_signoff", args=[member.pk, programme.pk])
    other_manager = make_person(role=Role.MANAGER)
    assert login(client, other_manager).get(url).status_code == 404
    assert login(client, member).post(url, {"items": ["独立接待", "信息核实"]}).status_code == 404
    assert not passing_records(user=member, activities=[programme])
    page = client.get(reverse("my_training")).content.decode()
    assert url not in page  # the learner sees no sign-off button
