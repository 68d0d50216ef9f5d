"""A trainer reviews an assessed AI conversation with the AI judge's scores as a suggestion:
the judge's points, reasons and quoted words are shown and fill the form; when the model
failed the offline checks stand in, say why, and the attempt is still reviewable; the
trainer's scores are final and are what the learning record holds."""

import pytest
from django.test import Client
from django.urls import reverse

from roleplay.ai.judge import judge_conversation, result_from_judgement
from roleplay.models import AttemptState, ScenarioAttempt
from roleplay.services import attempt_scenario
from tests.factories import make_person
from tests.roleplay.ai_scenarios import ai_turn
from tests.roleplay.test_review_saved_message import awaiting_review
from training.models import LearningRecord
from training.roles import Role

pytestmark = pytest.mark.django_db

REPLIES = ["非常抱歉让您久等了，我马上帮您查物流。", "包裹在转运中心滞留，今天内给您回电。"]
MODEL_ANSWER = {
    "criteria": [
        {"key": "empathy", "points": 4, "reason": "先道歉再行动", "quote": "非常抱歉让您久等了"},
        {"key": "policy", "points": 5, "reason": "没有越权承诺", "quote": ""},
        {
            "key": "resolution",
            "points": 3,
            "reason": "给了时限，没给方案",
            "quote": "今天内给您回电",
        },
    ],
    "violations": [],
    "summary": "态度好，方案可以更具体。",
}


def judged_attempt(scenario_page, name="张晓雨", replies=REPLIES) -> ScenarioAttempt:
    """An assessed attempt whose conversation was with the AI customer, judged as the
    playing side's task does (the model's answers scripted on the fake server beforehand)."""
    attempt = awaiting_review(make_person(name=name), scenario_page)
    transcript = [ai_turn(replies[0], "你们怎么回事！！"), ai_turn(replies[1], "快点！")]
    scenario = attempt_scenario(attempt)
    judgement = judge_conversation(scenario, transcript)
    attempt.transcript = transcript
    attempt.result = result_from_judgement(
        scenario, judgement, outcome="resolved", closing="好吧，等你电话。"
    )
    attempt.score = attempt.result["total"]
    attempt.save()
    return attempt


@pytest.fixture
def trainer():
    client = Client()
    client.force_login(make_person(role=Role.TRAINER, email="trainer@example.com"))
    return client


def test_the_review_shows_the_judges_points_reasons_and_quotes(scenario, trainer, fake_llm):
    fake_llm.json(MODEL_ANSWER)
    attempt = judged_attempt(scenario)
    html = trainer.get(reverse("scenario_review", args=[attempt.uuid])).content.decode()
    assert "AI 评分的建议" in html
    assert 'data-judge-source="model"' in html
    assert "4 / 5 · 80%" in html and "3 / 5 · 60%" in html
    assert "先道歉再行动" in html
    assert "<mark>非常抱歉让您久等了</mark>" in html
    # The trainer reads the learner's words, not words addressed to the learner.
    assert "学员原话：" in html and "您的原话" not in html
    assert "态度好，方案可以更具体。" in html
    # The form starts from the judge's scores.
    assert 'name="score_empathy" value="80"' in html
    assert 'name="score_resolution" value="60"' in html
    assert "已按 AI 评分填好分数" in html


def test_a_judge_that_timed_out_leaves_the_attempt_reviewable(scenario, trainer, fake_llm):
    fake_llm.slow(5, "{}")
    attempt = judged_attempt(scenario)
    url = reverse("scenario_review", args=[attempt.uuid])
    html = trainer.get(url).content.decode()
    assert 'data-judge-source="offline"' in html
    assert "AI 评分超时。" in html
    assert REPLIES[1] in html  # the conversation is all there
    assert "未自动评分，由培训师评分" in html  # not "not tested on this path"
    assert "data-best-path" not in html  # a scripted drill's best path means nothing here
    # Criteria the judge left unscored start empty and must be scored.
    assert 'name="score_empathy" value=' not in html
    response = trainer.post(url, {"score_empathy": "60", "score_resolution": "40"})
    assert response.status_code == 200
    assert "必需字段" in response.content.decode()
    attempt.refresh_from_db()
    assert attempt.state == AttemptState.AWAITING_REVIEW

    trainer.post(url, {"score_empathy": "60", "score_policy": "100", "score_resolution": "40"})
    attempt.refresh_from_db()
    assert attempt.state == AttemptState.SCORED
    assert attempt.score == pytest.approx((0.6 + 2 * 1.0 + 0.4) / 4)


def test_an_answer_out_of_schema_twice_is_said_on_the_review(scenario, trainer, fake_llm):
    fake_llm.reply("满分！")
    fake_llm.json({"score": 100})
    attempt = judged_attempt(scenario)
    html = trainer.get(reverse("scenario_review", args=[attempt.uuid])).content.decode()
    assert "AI 评分两次给出的结果都不符合评分格式。" in html


def test_the_trainers_scores_override_the_judges_in_the_learning_record(
    scenario, trainer, fake_llm
):
    fake_llm.json(MODEL_ANSWER)
    attempt = judged_attempt(scenario)
    trainer.post(
        reverse("scenario_review", args=[attempt.uuid]),
        {"score_empathy": "20", "score_policy": "100", "score_resolution": "100"},
    )
    attempt.refresh_from_db()
    assert attempt.state == AttemptState.SCORED
    scores = {c["key"]: c["score"] for c in attempt.result["criteria"]}
    assert scores == {"empathy": 0.2, "policy": 1.0, "resolution": 1.0}
    record = LearningRecord.objects.get(source_id=str(attempt.pk), user=attempt.user)
    assert record.details["criteria"] == scores
    assert record.details["reviewed"] is True
    assert record.score == pytest.approx((0.2 + 2 * 1.0 + 1.0) / 4)
    # The judge's own points are kept beside them.
    assert attempt.result["judge"]["criteria"][0]["points"] == 4


def test_a_trainer_dismisses_a_violation_the_judge_got_wrong(scenario, trainer, fake_llm):
    violation = {"criterion": "policy", "reason": "承诺了当天回电", "quote": "今天内给您回电"}
    fake_llm.json({**MODEL_ANSWER, "violations": [violation]})
    attempt = judged_attempt(scenario)
    url = reverse("scenario_review", args=[attempt.uuid])
    html = trainer.get(url).content.decode()
    assert "AI 评分发现的关键违规" in html and "承诺了当天回电" in html
    assert 'name="confirm_policy" id="id_confirm_policy" checked' in html
    scores = {"score_empathy": "80", "score_policy": "100", "score_resolution": "80"}

    trainer.post(url, {**scores, "confirm_policy": "on"})  # confirmed: it fails
    attempt.refresh_from_db()
    assert attempt.passed is False
    assert attempt.result["violation_names"] == ["政策准确"]

    trainer.post(url, scores)  # a second look: unticked, the attempt passes
    attempt.refresh_from_db()
    assert attempt.passed is True
    assert attempt.result["violations"] == []
    assert attempt.result["dismissed_violations"] == ["policy"]
    html = trainer.get(url).content.decode()
    assert "已被培训师排除" in html
    assert 'name="confirm_policy" id="id_confirm_policy">' in html  # stays unticked


def test_the_queue_marks_ai_conversations(scenario, trainer, fake_llm):
    fake_llm.json(MODEL_ANSWER)
    ai = judged_attempt(scenario, name="张晓雨")
    scripted = awaiting_review(make_person(name="李明"), scenario)
    html = trainer.get(reverse("scenario_review_queue")).content.decode()
    rows = html.split("<tr>")
    ai_row = next(row for row in rows if str(ai.uuid) in row)
    scripted_row = next(row for row in rows if str(scripted.uuid) in row)
    assert "data-ai-badge" in ai_row and "AI 顾客" in ai_row
    assert "data-ai-badge" not in scripted_row
    assert reverse("judge_agreement") in html


def test_a_conversation_the_judge_is_still_scoring_is_not_reviewed_yet(scenario, trainer, fake_llm):
    fake_llm.json(MODEL_ANSWER)
    attempt = judged_attempt(scenario)
    attempt.state = AttemptState.JUDGING
    attempt.save()
    url = reverse("scenario_review", args=[attempt.uuid])

    assert trainer.get(url).status_code == 403
    assert trainer.post(url, {"score_empathy": 100}).status_code == 403
    attempt.refresh_from_db()
    assert attempt.state == AttemptState.JUDGING and not hasattr(attempt, "review")
