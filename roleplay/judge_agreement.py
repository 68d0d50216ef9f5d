"""How far trainers can trust the AI judge: its points against the trainers' final scores.

Each trainer review of an assessed AI conversation the model judged stores, per criterion
the model scored, the judge's points and the trainer's on the judge's 0–JUDGE_SCALE scale
(`JudgeComparison`; a second review of the same attempt updates its rows). Per criterion,
over n reviewed attempts, with d = trainer points − judge points:

- within one point: the share of reviews with |d| ≤ 1;
- mean difference: Σ d / n (above 0: trainers score higher than the judge, below: lower);
- mean absolute difference: Σ |d| / n (how far apart they are, whichever way).

With fewer than MIN_REVIEWS reviews a criterion's figures are shown but not read as a verdict.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Avg, Count, ExpressionWrapper, F, FloatField, Max, Min, Q
from django.db.models.functions import Abs

from roleplay.ai.judge import JUDGE_SCALE, Judgement
from roleplay.models import JudgeComparison, ScenarioAttempt
from training.models import User
from training.roles import ADMIN_ROLES

MIN_REVIEWS = 5  # fewer reviews than this are too few to judge the judge by


def judge_comparisons_save(
    *, attempt: ScenarioAttempt, scores: dict[str, float], reviewed_at: datetime.datetime
) -> int:
    """Store the judge's points beside the trainer's (scores 0–1 per criterion key) for the
    criteria the language model scored; the offline fallback is not the judge and is not
    compared. A second review updates the attempt's rows. Returns how many were stored.
    Called by the review service, in its transaction."""
    data = (attempt.result or {}).get("judge")
    if not data:
        return 0
    judgement = Judgement.from_dict(data)
    if judgement.source != "model":
        return 0
    stored = 0
    for position, criterion in enumerate(judgement.criteria):  # in the rubric's order
        if criterion.points is None or criterion.key not in scores:
            continue
        JudgeComparison.objects.update_or_create(
            attempt=attempt,
            criterion_key=criterion.key,
            defaults={
                "scenario_id": attempt.scenario_id,
                "criterion_name": criterion.name,
                "criterion_position": position,
                "judge_points": criterion.points,
                "trainer_points": round(JUDGE_SCALE * scores[criterion.key], 3),
                "reviewed_at": reviewed_at,
            },
        )
        stored += 1
    return stored


@dataclass(frozen=True)
class CriterionAgreement:
    key: str
    name: str
    reviews: int  # n
    within_one: float  # share of reviews with |trainer − judge| ≤ 1 point, 0..1
    mean_difference: float  # trainer − judge, in points
    mean_absolute_difference: float

    @property
    def enough(self) -> bool:
        return self.reviews >= MIN_REVIEWS

    @property
    def within_one_percent(self) -> int:
        return round(100 * self.within_one)


@dataclass(frozen=True)
class ScenarioAgreement:
    scenario_id: int
    title: str
    criteria: list[CriterionAgreement]


@dataclass(frozen=True)
class JudgeAgreement:
    overall: list[CriterionAgreement]
    scenarios: list[ScenarioAgreement]

    @property
    def reviews(self) -> int:
        """Reviewed attempts counted (the most any one criterion has)."""
        return max((row.reviews for row in self.overall), default=0)


def _rows(queryset, *group) -> list[dict]:
    difference = ExpressionWrapper(
        F("trainer_points") - F("judge_points"), output_field=FloatField()
    )
    return list(
        queryset.annotate(difference=difference)
        .values(*group, "criterion_key")
        .annotate(
            n=Count("pk"),
            within=Count("pk", filter=Q(difference__gte=-1, difference__lte=1)),
            mean=Avg("difference"),
            absolute=Avg(Abs("difference")),
            name=Max("criterion_name"),
            # In the rubric's order (a criterion in several rubrics: its earliest place).
            position=Min("criterion_position"),
        )
        .order_by(*group, "position", "criterion_key")
    )


def _agreement(row: dict) -> CriterionAgreement:
    return CriterionAgreement(
        key=row["criterion_key"],
        name=row["name"],
        reviews=row["n"],
        within_one=row["within"] / row["n"],
        mean_difference=round(row["mean"], 2),
        mean_absolute_difference=round(row["absolute"], 2),
    )


def judge_agreement(*, viewer: User) -> JudgeAgreement:
    """Per criterion, overall and per scenario: n, the share within one point, the mean
    difference (trainer − judge) and the mean absolute difference. Trainers only."""
    if not viewer.has_role(*ADMIN_ROLES):
        raise PermissionDenied
    comparisons = JudgeComparison.objects.all()
    overall = [_agreement(row) for row in _rows(comparisons)]
    by_scenario: dict[int, ScenarioAgreement] = {}
    for row in _rows(comparisons, "scenario_id", "scenario__title"):
        scenario = by_scenario.setdefault(
            row["scenario_id"],
            ScenarioAgreement(row["scenario_id"], row["scenario__title"], []),
        )
        scenario.criteria.append(_agreement(row))
    scenarios = sorted(by_scenario.values(), key=lambda s: s.title)
    return JudgeAgreement(overall=overall, scenarios=scenarios)
