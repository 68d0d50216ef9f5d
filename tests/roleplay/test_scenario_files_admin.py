"""Scenario files through the admin: import all or nothing, export back."""

import pytest
import yaml
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from roleplay.models import ScenarioPage
from tests.factories import make_person
from tests.roleplay.conftest import SCENARIO, scenario_bytes
from training.roles import Role


@pytest.fixture
def trainer_client(client):
    client.force_login(make_person(role=Role.TRAINER, email="t@example.com"))
    client.cookies["django_language"] = "en"
    return client


def import_and_follow(client, capture_on_commit, data: dict):
    """Upload a scenario file, let its import job run, and open the job's page."""
    with capture_on_commit(execute=True):
        response = client.post(reverse("roleplay_scenario_import"), data)
    assert response.status_code == 302
    return client.get(response["Location"])


@pytest.mark.django_db
def test_a_trainer_imports_a_scenario_file_and_exports_it_again(
    trainer_client, course, django_capture_on_commit_callbacks
):
    upload = SimpleUploadedFile("drill.yaml", scenario_bytes(assessment_tries=5))
    job_page = import_and_follow(
        trainer_client, django_capture_on_commit_callbacks, {"scenario": upload, "publish": "on"}
    )
    page = ScenarioPage.objects.get(slug="late-parcel")
    assert page.assessment_tries == 5
    # A trainer's import is a draft: senior trainers approve what goes live.
    assert not page.live
    assert "submit it for approval" in job_page.text
    assert reverse("wagtailadmin_pages:edit", args=[page.pk]) in job_page.text
    assert page.get_parent().pk == course.pk

    exported = trainer_client.get(reverse("roleplay_scenario_export", args=[page.pk]))
    assert "attachment" in exported["Content-Disposition"]
    document = yaml.safe_load(exported.content.decode())
    assert document["title"] == SCENARIO["title"]
    assert document["assessment_tries"] == 5
    assert [step["key"] for step in document["steps"]] == [s["key"] for s in SCENARIO["steps"]]


@pytest.mark.django_db
def test_an_unsound_file_is_refused_naming_the_step_and_nothing_is_created(
    trainer_client, course, django_capture_on_commit_callbacks
):
    steps = [dict(step) for step in SCENARIO["steps"]]
    steps[0] = {**steps[0], "options": [{**steps[0]["options"][0], "next": "nowhere"}]}
    upload = SimpleUploadedFile("drill.yaml", scenario_bytes(steps=steps))
    response = import_and_follow(
        trainer_client, django_capture_on_commit_callbacks, {"scenario": upload}
    )
    text = response.content.decode()
    assert response.status_code == 200
    assert "nothing was changed" in text and "opening" in text and "nowhere" in text
    assert not ScenarioPage.objects.exists()


@pytest.mark.django_db
def test_a_field_too_long_for_the_page_is_refused_and_nothing_is_created(
    trainer_client, course, django_capture_on_commit_callbacks
):
    persona = {**SCENARIO["persona"], "name": "王" * 150}  # the page keeps 100 characters
    upload = SimpleUploadedFile("drill.yaml", scenario_bytes(persona=persona))
    response = import_and_follow(
        trainer_client, django_capture_on_commit_callbacks, {"scenario": upload}
    )
    text = response.content.decode()
    assert response.status_code == 200
    assert "nothing was changed" in text and "100" in text
    assert not ScenarioPage.objects.exists()


@pytest.mark.django_db
def test_learners_cannot_import(learner_client, course):
    upload = SimpleUploadedFile("drill.yaml", scenario_bytes())
    response = learner_client.post(reverse("roleplay_scenario_import"), {"scenario": upload})
    # Learners have no administration area: they are sent to log in as someone who has.
    assert response.status_code in (302, 403)
    assert response.get("Location", "").startswith(("/admin-login/", "/cms/login/", "/my-"))
    assert not ScenarioPage.objects.exists()
