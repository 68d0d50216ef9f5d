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
    document["steps"][0]["options"][1]["next"] = "lots"
    page_apply_document(page, document)
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        page.full_clean()
    # Every problem, as the conversation's own errors (the editor shows them all there).
    conversation = refused.value.error_dict["steps"][0]
    messages = [str(error.message) for error in conversation.non_block_errors.as_data()]
    text = " ".join(messages)
    assert 'step "explain"' in text and "resloved" in text
    assert 'step "opening"' in text and "lots" in text
    assert len(messages) >= 2
    # And each step's own problems on its block, where the trainer is editing.
    on_opening = [str(e.message) for e in conversation.block_errors[0].non_block_errors.as_data()]
    on_explain = [str(e.message) for e in conversation.block_errors[1].non_block_errors.as_data()]
    assert any(m.startswith("options[2].next") and "lots" in m for m in on_opening)
    assert any("resloved" in m for m in on_explain)


@pytest.mark.django_db
def test_a_trainer_play_tests_the_latest_draft(client, senior, scenario):
    page = scenario.get_latest_revision_as_object()
    document = page_document(page)
    document["steps"][0]["customer"] = "快递五天没动了！"
    page_apply_document(page, document)
    page.save_revision(user=senior)  # a draft, not published
    assert ScenarioPage.objects.get(pk=scenario.pk).has_unpublished_changes

    response = client.post(reverse("scenario_playtest", args=[scenario.pk]))
    attempt = ScenarioAttempt.objects.get(user=senior)
    assert response.url == reverse("scenario_attempt", args=[attempt.uuid])
    assert "快递五天没动了！" in client.get(response.url).content.decode()
    # Learners still play the published version.
    assert "快递五天没动了！" not in str(page_document(ScenarioPage.objects.get(pk=scenario.pk)))


@pytest.mark.django_db
def test_learners_cannot_play_test(learner_client, scenario):
    response = learner_client.post(reverse("scenario_playtest", args=[scenario.pk]))
    assert response.status_code == 403


@pytest.mark.django_db
def test_the_editor_shows_the_best_path_and_its_maximum(client, senior, scenario):
    response = client.get(reverse("wagtailadmin_pages:edit", args=[scenario.pk]))

    assert response.status_code == 200
    html = response.content.decode()
    summary = html[html.index("data-scenario-summary") :]
    # Shares 0.25 / 0.5 / 0.25: the apology (2 empathy, 1 policy) is worth 1.0, the written
    # reply's key points (2 resolution, 1 empathy) 0.75; the refund without a check is a
    # critical violation, so the best path avoids it.
    # The path in the customer's words, not the step keys (identifiers trainers never type).
    assert "“快递三天没动了！给我退款！” → “那你查到了吗？” → “好的，等你电话。”" in summary
    assert "opening → explain" not in summary
    assert "worth 1.75 weighted points" in summary
    assert "4 steps." in summary
    assert "共情与礼貌 3 · 政策准确 1 · 问题解决 2" in summary


@pytest.mark.django_db
def test_the_summary_follows_the_latest_draft(client, senior, scenario):
    page = scenario.get_latest_revision_as_object()
    document = page_document(page)
    document["steps"][0]["options"][0]["scores"] = {"empathy": 4, "policy": 1}
    page_apply_document(page, document)
    page.save_revision(user=senior)

    html = client.get(reverse("wagtailadmin_pages:edit", args=[scenario.pk])).content.decode()
    summary = html[html.index("data-scenario-summary") :]
    assert "worth 2.25 weighted points" in summary
