"""Attempts started before answers went by tokens keep every saved answer after the upgrade:
the migration gives their layouts tokens, and responses (kept in answer keys) are untouched."""

import importlib
import re

import pytest
from django.apps import apps
from django.urls import reverse

from quizzes.models import AttemptQuestion, AttemptState, QuizAttempt

migration = importlib.import_module("quizzes.migrations.0004_attempt_tokens")


@pytest.mark.django_db
def test_an_attempt_in_progress_before_the_upgrade_keeps_its_answers(learner_client, quiz):
    learner_client.post(quiz.url)
    attempt = QuizAttempt.objects.get(quiz=quiz)
    single = attempt.questions.get(snapshot__type="single_choice")
    ordering = attempt.questions.get(snapshot__type="ordering")
    # As the old code left them: layouts without tokens, answers by the author's positions.
    for slot in attempt.questions.all():
        slot.layout = {k: v for k, v in slot.layout.items() if not k.endswith("tokens")}
        slot.save(update_fields=["layout"])
    AttemptQuestion.objects.filter(pk=single.pk).update(response="0")
    AttemptQuestion.objects.filter(pk=ordering.pk).update(response={"0": 1, "1": 2})

    migration.add_tokens(apps, None)
    migration.add_tokens(apps, None)  # running it again changes nothing

    single.refresh_from_db()
    ordering.refresh_from_db()
    assert single.response == "0" and ordering.response == {"0": 1, "1": 2}
    token = single.layout["tokens"]["0"]
    assert token != "0"
    page = learner_client.get(reverse("quiz_attempt", args=[attempt.uuid])).content.decode()
    assert re.search(rf'name="q{single.position}" value="{token}" checked', page)
    first_step = ordering.layout["tokens"]["0"]
    assert re.search(
        rf'name="q{ordering.position}-{first_step}"(?:(?!</select>).)*<option value="1" selected>',
        page,
        re.S,
    )

    # Submitting from that page grades the answer saved before the upgrade.
    learner_client.post(reverse("quiz_attempt_submit", args=[attempt.uuid]), {"sequence": "1"})
    attempt.refresh_from_db()
    single.refresh_from_db()
    assert attempt.state == AttemptState.GRADED
    assert single.mark == single.max_mark


@pytest.mark.django_db
def test_a_page_drawn_before_the_upgrade_is_told_its_answers_were_not_taken(learner_client, quiz):
    learner_client.post(quiz.url)
    attempt = QuizAttempt.objects.get(quiz=quiz)
    single = attempt.questions.get(snapshot__type="single_choice")
    ordering = attempt.questions.get(snapshot__type="ordering")
    AttemptQuestion.objects.filter(pk=single.pk).update(response="1")
    save_url = reverse("quiz_attempt_save", args=[attempt.uuid])

    # Such a page names options and items by the author's positions, not by tokens.
    for old_form in (
        {f"q{single.position}": "0", "sequence": "3"},
        {f"q{ordering.position}-0": "1", f"q{ordering.position}-1": "2", "sequence": "3"},
    ):
        reply = learner_client.post(save_url, old_form, HTTP_X_REQUESTED_WITH="fetch")
        assert reply.status_code == 409
        assert reply.json()["saved"] is False and reply.json()["conflict"] is True
        assert [f"q{single.position}", single.layout["tokens"]["1"]] in reply.json()["answers"]

    submitted = learner_client.post(
        reverse("quiz_attempt_submit", args=[attempt.uuid]),
        {f"q{single.position}": "0", "sequence": "3"},
    )
    assert submitted.url == reverse("quiz_attempt", args=[attempt.uuid])
    attempt.refresh_from_db()
    single.refresh_from_db()
    ordering.refresh_from_db()
    assert attempt.state == AttemptState.IN_PROGRESS and attempt.save_sequence == 0
    assert single.response == "1" and ordering.response is None
