"""Trainers edit scenarios in the Wagtail admin: an unsound graph is refused, naming the step;
a draft can be play-tested before it is published."""

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from courses.services import SENIOR_TRAINER
from roleplay.document import page_apply_document, page_document
from roleplay.models import ScenarioAttempt, ScenarioPage
from tests.factories import make_person
from training.roles import Role


@pytest.fixture
def senior(client):
    person = make_person(role=Role.TRAINER, email="senior@example.com")
    person.groups.add(Group.objects.get(name=SENIOR_TRAINER))
    client.force_login(person)
    client.cookies["django_language"] = "en"
    return person


@pytest.mark.django_db
def test_a_next_step_that_does_not_exist_is_refused_naming_the_step(senior, scenario):
    # What the admin's page form runs on save (the blocks' form is built in the browser).
    page = scenario.get_latest_revision_as_object()
    document = page_document(page)
    document["steps"][1]["free_text"]["next"] = "resloved"
    page_apply_document(page, document)
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        page.full_clean()
    messages = " ".join(refused.value.message_dict["steps"])
    assert 'step "explain"' in messages and "resloved" in messages
    assert "cannot be reached" in messages or "resolved" in messages


@pytest.mark.django_db
def test_a_trainer_play_tests_the_latest_draft(client, senior, scenario):
    page = scenario.get_latest_revision_as_object()
    document = page_document(page)
    document["steps"][0]["customer"] = "快递五天没动了！"
    page_apply_document(page, document)
    page.save_revision(user=senior)  # a draft, not published
    assert ScenarioPage.objects.get(pk=scenario.pk).has_unpublished_changes

    response = client.get(reverse("scenario_playtest", args=[scenario.pk]))
    attempt = ScenarioAttempt.objects.get(user=senior)
    assert response.url == reverse("scenario_attempt", args=[attempt.uuid])
    assert "快递五天没动了！" in client.get(response.url).content.decode()
    # Learners still play the published version.
    assert "快递五天没动了！" not in str(page_document(ScenarioPage.objects.get(pk=scenario.pk)))


@pytest.mark.django_db
def test_learners_cannot_play_test(learner_client, scenario):
    response = learner_client.get(reverse("scenario_playtest", args=[scenario.pk]))
    assert response.status_code == 403
