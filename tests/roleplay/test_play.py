"""A learner plays a scenario; the transcript is kept; assessed attempts are reviewed."""

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse

from roleplay.models import AttemptState, PracticeSuggestion, ScenarioAttempt
from roleplay.options import option_id
from roleplay.reviews import scenario_review_save
from tests.factories import make_person
from training.models import LearningRecord, RecordKind
from training.roles import Role


def start(client, page, mode):
    response = client.post(page.url, {"mode": mode})
    assert response.status_code == 302
    return ScenarioAttempt.objects.get(uuid=response.url.rstrip("/").split("/")[-1])


def reply(client, attempt, **data):
    """Post a reply; `option` is the option's index in the scenario file, sent as the opaque
    id this attempt gave it."""
    attempt.refresh_from_db()
    if "option" in data:
        data["option"] = option_id(attempt.option_seed, attempt.current_step, int(data["option"]))
    return client.post(
        reverse("scenario_attempt_reply", args=[attempt.uuid]),
        {"step": attempt.current_step, **data},
    )


@pytest.mark.django_db
def test_practice_gives_feedback_after_each_step_and_a_reload_resumes(learner_client, scenario):
    attempt = start(learner_client, scenario, "practice")
    page = learner_client.get(reverse("scenario_attempt", args=[attempt.uuid])).content.decode()
    assert "快递三天没动了！给我退款！" in page and "非常抱歉让您久等了" in page
    reply(learner_client, attempt, option="0")
    # A reload shows the conversation so far, the feedback, and the next customer message.
    page = learner_client.get(reverse("scenario_attempt", args=[attempt.uuid])).content.decode()
    assert "先共情，再行动。" in page and "那你查到了吗？" in page
    assert 'name="text"' in page
    # Opening the scenario again resumes the same conversation.
    assert start(learner_client, scenario, "practice").pk == attempt.pk

    reply(learner_client, attempt, text="非常抱歉，包裹在转运中心滞留，今天内发出。")
    attempt.refresh_from_db()
    assert attempt.state == AttemptState.SCORED and attempt.outcome == "resolved"
    scores = {c["key"]: c["score"] for c in attempt.result["criteria"]}
    assert scores == {"empathy": 1.0, "policy": 1.0, "resolution": 1.0}
    assert attempt.passed is True
    # Practice writes no learning record.
    assert not LearningRecord.objects.filter(kind=RecordKind.ROLEPLAY).exists()
    result = learner_client.get(reverse("scenario_result", args=[attempt.uuid])).content.decode()
    assert "方案清楚，顾客接受。" in result


@pytest.mark.django_db
def test_a_double_submit_answers_a_step_once(learner_client, scenario):
    attempt = start(learner_client, scenario, "practice")
    seed = attempt.option_seed
    url = reverse("scenario_attempt_reply", args=[attempt.uuid])
    learner_client.post(url, {"step": "opening", "option": option_id(seed, "opening", 0)})
    # The second click.
    learner_client.post(url, {"step": "opening", "option": option_id(seed, "opening", 1)})
    attempt.refresh_from_db()
    assert [turn["step"] for turn in attempt.transcript] == ["opening"]
    assert attempt.transcript[0]["option"] == 0 and attempt.current_step == "explain"


@pytest.mark.django_db
def test_a_critical_violation_fails_and_practice_brings_the_scenario_back(
    learner_client, learner, scenario
):
    attempt = start(learner_client, scenario, "practice")
    reply(learner_client, attempt, option="1")
    attempt.refresh_from_db()
    assert attempt.outcome == "customer_lost" and attempt.passed is False
    assert attempt.result["violations"] == [{"criterion": "policy", "step": "opening"}]
    due = PracticeSuggestion.objects.filter(user=learner, criterion="policy")
    days = sorted((s.due_at - attempt.finished_at).days for s in due)
    assert days == [1, 3, 7]


@pytest.mark.django_db
def test_an_assessed_written_reply_waits_for_a_trainer_and_the_learner_sees_the_review(
    learner_client, learner, scenario
):
    attempt = start(learner_client, scenario, "assessment")
    page = learner_client.get(reverse("scenario_attempt", args=[attempt.uuid])).content.decode()
    reply(learner_client, attempt, option="0")
    page = learner_client.get(reverse("scenario_attempt", args=[attempt.uuid])).content.decode()
    assert "先共情，再行动。" not in page  # assessment: feedback only at the end
    reply(learner_client, attempt, text="查不到，你等着吧。")
    attempt.refresh_from_db()
    assert attempt.state == AttemptState.AWAITING_REVIEW and attempt.passed is None
    record = LearningRecord.objects.get(user=learner, kind=RecordKind.ROLEPLAY)
    assert record.details["provisional"] is True and record.passed is None

    trainer = Client()
    trainer.force_login(make_person(role=Role.TRAINER, email="t@example.com"))
    queue = trainer.get(reverse("scenario_review_queue")).content.decode()
    assert scenario.title in queue
    trainer.cookies["django_language"] = "en"
    form = trainer.get(reverse("scenario_review", args=[attempt.uuid])).content.decode()
    assert "查不到，你等着吧。" in form
    assert "Awaiting your review" in form
    # The apology (1.0 weighted) was earned; the written reply covered no key point (0.75).
    assert "On the path taken: 1 of the 1.75 weighted points" in form
    path = "“快递三天没动了！给我退款！” → “那你查到了吗？” → “好的，等你电话。”"
    assert f"best path ({path}) is worth 1.75" in form
    trainer.post(
        reverse("scenario_review", args=[attempt.uuid]),
        {
            "score_empathy": "60",
            "score_policy": "100",
            "score_resolution": "20",
            "comment_resolution": "没有说明物流现状。",
            "summary": "态度要更主动。",
        },
    )
    attempt.refresh_from_db()
    assert attempt.state == AttemptState.SCORED
    record.refresh_from_db()
    assert record.details["provisional"] is False and record.details["reviewed"] is True
    assert record.details["criteria"]["resolution"] == pytest.approx(0.2)
    # Weighted: (1×0.6 + 2×1.0 + 1×0.2) / 4 = 0.7.
    assert record.score == pytest.approx(0.7) and record.passed is True
    result = learner_client.get(reverse("scenario_result", args=[attempt.uuid])).content.decode()
    assert "没有说明物流现状。" in result and "态度要更主动。" in result
    learner_client.cookies["django_language"] = "en"
    result = learner_client.get(reverse("scenario_result", args=[attempt.uuid])).content.decode()
    assert "Automatic check, before the trainer" in result
    assert "provisional" not in result.lower()


@pytest.mark.django_db
def test_only_the_learner_sees_an_attempt_and_only_trainers_review(
    learner_client, learner, scenario
):
    attempt = start(learner_client, scenario, "assessment")
    other = Client()
    other.force_login(make_person(email="o@example.com"))
    assert other.get(reverse("scenario_attempt", args=[attempt.uuid])).status_code == 404
    assert other.get(reverse("scenario_review_queue")).status_code == 403
    with pytest.raises(PermissionDenied):
        scenario_review_save(attempt=attempt, reviewer=learner, scores={"empathy": 1})
