"""How often the AI judge and the trainers agree, per criterion: a trainer overriding the
judge moves the figures, a second review of the same attempt updates rather than adds, the
offline fallback is not counted, and the page says when there are too few reviews."""

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse

from roleplay.judge_agreement import judge_agreement
from roleplay.models import JudgeComparison
from tests.factories import make_person
from tests.roleplay.test_judge_review import MODEL_ANSWER, judged_attempt
from training.roles import Role

pytestmark = pytest.mark.django_db

# The judge gives empathy 4, policy 5, resolution 3 (MODEL_ANSWER).
AGREEING = {"score_empathy": "80", "score_policy": "100", "score_resolution": "60"}


@pytest.fixture
def trainer_user():
    return make_person(role=Role.TRAINER, email="trainer@example.com")


@pytest.fixture
def trainer(trainer_user):
    client = Client()
    client.force_login(trainer_user)
    return client


def review(trainer, attempt, scores):
    response = trainer.post(reverse("scenario_review", args=[attempt.uuid]), scores)
    assert response.status_code == 302


def figures(user, key):
    return next(row for row in judge_agreement(viewer=user).overall if row.key == key)


def test_a_trainer_overriding_the_judge_moves_the_figures(
    scenario, trainer, trainer_user, fake_llm
):
    fake_llm.json(MODEL_ANSWER)
    fake_llm.json(MODEL_ANSWER)
    first = judged_attempt(scenario, name="张晓雨")
    second = judged_attempt(scenario, name="李明")

    review(trainer, first, AGREEING)
    empathy = figures(trainer_user, "empathy")
    assert (empathy.reviews, empathy.within_one, empathy.mean_difference) == (1, 1.0, 0.0)

    review(trainer, second, {**AGREEING, "score_empathy": "20"})  # 1 point where the judge gave 4
    empathy = figures(trainer_user, "empathy")
    assert empathy.reviews == 2
    assert empathy.within_one == 0.5
    assert empathy.mean_difference == -1.5  # (0 + (1 − 4)) / 2
    assert empathy.mean_absolute_difference == 1.5
    assert figures(trainer_user, "policy").within_one == 1.0

    html = trainer.get(reverse("judge_agreement")).content.decode()
    assert "AI 评分与培训师评分对照" in html
    row = html[html.index('data-criterion="empathy"') :].split("</tr>")[0]
    assert " data-n>2 <span" in row
    assert " data-within>50%</td>" in row
    assert " data-mean>-1.50</td>" in row
    assert "评审太少，尚不足以判断" in row
    assert scenario.title in html  # and per scenario


def test_a_second_review_updates_the_comparison_instead_of_adding_one(
    scenario, trainer, trainer_user, fake_llm
):
    fake_llm.json(MODEL_ANSWER)
    attempt = judged_attempt(scenario)
    review(trainer, attempt, {**AGREEING, "score_empathy": "20"})
    review(trainer, attempt, {**AGREEING, "score_empathy": "70"})
    rows = JudgeComparison.objects.filter(attempt=attempt, criterion_key="empathy")
    assert [(r.judge_points, r.trainer_points) for r in rows] == [(4, 3.5)]
    assert JudgeComparison.objects.filter(attempt=attempt).count() == 3
    empathy = figures(trainer_user, "empathy")
    assert (empathy.reviews, empathy.mean_difference) == (1, -0.5)


def test_the_offline_fallback_is_not_compared(scenario, trainer, trainer_user, fake_llm):
    fake_llm.slow(5, "{}")
    # The offline checks score courtesy 0 for the taboo phrase: still not the judge's points.
    attempt = judged_attempt(scenario, replies=["这个不归我们管。", "您再等等吧。"])
    assert attempt.result["judge"]["criteria"][0]["points"] == 0
    review(trainer, attempt, {**AGREEING, "score_empathy": "20"})
    attempt.refresh_from_db()
    assert attempt.state == "scored"
    assert not JudgeComparison.objects.exists()
    html = trainer.get(reverse("judge_agreement")).content.decode()
    assert "还没有经大模型评分的 AI 对话被评审过。" in html


def test_five_reviews_are_enough_to_read_the_figures(scenario, trainer, trainer_user, fake_llm):
    for number in range(5):
        fake_llm.json(MODEL_ANSWER)
        review(trainer, judged_attempt(scenario, name=f"学员{number}"), AGREEING)
    assert figures(trainer_user, "empathy").enough
    html = trainer.get(reverse("judge_agreement")).content.decode()
    assert " data-n>5</td>" in html
    assert "评审太少" not in html


def test_the_criteria_are_listed_in_the_rubric_order_not_by_their_keys(
    scenario, trainer, trainer_user, fake_llm
):
    fake_llm.json(MODEL_ANSWER)
    attempt = judged_attempt(scenario)
    # A rubric that puts resolution first (the judge answers in the rubric's order).
    criteria = attempt.result["judge"]["criteria"]
    attempt.result["judge"]["criteria"] = criteria[2:] + criteria[:2]
    attempt.save()
    review(trainer, attempt, AGREEING)
    agreement = judge_agreement(viewer=trainer_user)
    assert [row.key for row in agreement.overall] == ["resolution", "empathy", "policy"]
    assert [row.key for row in agreement.scenarios[0].criteria] == [
        "resolution",
        "empathy",
        "policy",
    ]
    html = trainer.get(reverse("judge_agreement")).content.decode()
    assert html.index('data-criterion="resolution"') < html.index('data-criterion="empathy"')


def test_only_trainers_see_the_agreement(learner_client, trainer_user):
    assert learner_client.get(reverse("judge_agreement")).status_code == 403
    with pytest.raises(PermissionDenied):
        judge_agreement(viewer=make_person(role=Role.LEARNER))
