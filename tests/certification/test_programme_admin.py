"""Trainers author programmes in the Wagtail admin: positions, validity, requirements."""

import pytest
from django.urls import reverse

from certification.models import CertificationProgramme
from tests.factories import PASSWORD, make_person
from training.roles import Role


def form_data(pages, **changes):
    data = {
        "name": "社媒客服认证",
        "description": "",
        "positions": ["first_line", "second_line"],
        "validity_months": "24",
        "recertification_window_days": "30",
        "active": "on",
        "requirements-TOTAL_FORMS": "2",
        "requirements-INITIAL_FORMS": "0",
        "requirements-MIN_NUM_FORMS": "0",
        "requirements-MAX_NUM_FORMS": "1000",
        "requirements-0-kind": "course",
        "requirements-0-page": str(pages["course"].pk),
        "requirements-0-ORDER": "1",
        "requirements-0-applies_to": "both",
        "requirements-1-kind": "signoff",
        "requirements-1-checklist": "公开回复口径一致\n知道何时升级",
        "requirements-1-ORDER": "2",
        "requirements-1-applies_to": "both",
    }
    data.update(changes)
    return data


@pytest.mark.django_db
def test_a_trainer_creates_a_programme_with_its_requirements(client, pages):
    trainer = make_person(role=Role.TRAINER)
    client.login(email=trainer.email, password=PASSWORD)
    response = client.post(reverse("certification_programme:add"), form_data(pages))
    assert response.status_code == 302, response.content.decode()[:3000]
    programme = CertificationProgramme.objects.get()
    assert programme.positions == ["first_line", "second_line"]
    assert programme.validity_months == 24 and programme.version == 1
    kinds = [r.kind for r in programme.requirements.order_by("sort_order")]
    assert kinds == ["course", "signoff"]

    edit = reverse("certification_programme:edit", args=[programme.pk])
    data = form_data(pages, **{"validity_months": "12"})
    data.update(
        {
            "requirements-INITIAL_FORMS": "2",
            **{
                f"requirements-{i}-id": str(r.pk)
                for i, r in enumerate(programme.requirements.order_by("sort_order"))
            },
        }
    )
    assert client.post(edit, data).status_code == 302
    programme.refresh_from_db()
    assert programme.validity_months == 12 and programme.version == 2  # a new version


@pytest.mark.django_db
def test_a_course_requirement_without_its_course_is_refused_and_nothing_is_saved(client, pages):
    trainer = make_person(role=Role.TRAINER)
    client.login(email=trainer.email, password=PASSWORD)
    response = client.post(
        reverse("certification_programme:add"),
        form_data(pages, **{"requirements-0-page": ""}),
    )
    assert response.status_code == 200
    assert "Choose the page this requirement is about." in response.content.decode()
    assert not CertificationProgramme.objects.exists()


@pytest.mark.django_db
def test_a_trainer_gives_each_requirement_its_path_and_keeps_a_renewal_path(client, pages):
    trainer = make_person(role=Role.TRAINER)
    client.login(email=trainer.email, password=PASSWORD)
    everything_initial = form_data(
        pages, **{"requirements-0-applies_to": "initial", "requirements-1-applies_to": "initial"}
    )
    response = client.post(reverse("certification_programme:add"), everything_initial)
    assert response.status_code == 200
    assert "Leave at least one requirement on the renewal path" in response.content.decode()
    assert not CertificationProgramme.objects.exists()

    data = form_data(pages, **{"requirements-0-applies_to": "initial"})
    assert client.post(reverse("certification_programme:add"), data).status_code == 302
    paths = CertificationProgramme.objects.get().requirements.order_by("sort_order")
    assert [r.applies_to for r in paths] == ["initial", "both"]
