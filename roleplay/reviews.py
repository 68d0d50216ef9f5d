"""The trainers' review of assessed role-plays with written replies or an AI customer: the
queue, and a reviewer's scores that make the result (and the learning record) final. For an
AI conversation the judge's scores are the suggestion; the trainer's are compared with them
(roleplay.judge_agreement)."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from roleplay.judge_agreement import judge_comparisons_save
from roleplay.models import AttemptMode, AttemptState, ScenarioAttempt, ScenarioReview
from roleplay.services import FAILING_OUTCOMES, attempt_record, attempt_scenario
from training.models import User
from training.notifications import Event, notify
from training.roles import ADMIN_ROLES


def review_queue():
    """Assessed attempts with written replies or an AI customer waiting for a trainer, oldest
    first."""
    return (
        ScenarioAttempt.objects.filter(state=AttemptState.AWAITING_REVIEW)
        .select_related("user", "scenario")
        .order_by("finished_at")
    )


@transaction.atomic
def scenario_review_save(
    *,
    attempt: ScenarioAttempt,
    reviewer: User,
    scores: dict[str, float],
    comments: dict[str, str] | None = None,
    summary: str = "",
    dismissed_violations: Iterable[str] = (),
) -> ScenarioAttempt:
    """A trainer scores each criterion (0–1) against the transcript; the result is final and
    the learning record says so. A critical violation still fails the attempt, unless it is
    one the AI judge found and the trainer dismisses it (`dismissed_violations`: criterion
    keys; a scripted drill's violations are the option chosen and stay). Where the language
    model judged the conversation, its points and the trainer's are kept for the agreement
    figures."""
    if not reviewer.has_role(*ADMIN_ROLES):
        raise PermissionDenied
    attempt = ScenarioAttempt.objects.select_for_update().get(pk=attempt.pk)
    if attempt.mode != AttemptMode.ASSESSMENT or attempt.playtest:
        raise ValueError(_("Practice is not reviewed or recorded."))
    if attempt.state in (AttemptState.IN_PROGRESS, AttemptState.JUDGING):
        # Being scored: the judge's task would write its suggestion over the trainer's
        # scores, or find the attempt reviewed and leave the review without its suggestion.
        raise ValueError(_("The attempt is not finished yet."))
    scenario = attempt_scenario(attempt)
    shares = scenario.shares()
    given = {
        key: max(0.0, min(1.0, float(value))) for key, value in scores.items() if key in shares
    }
    if not given:
        raise ValueError(_("Score at least one criterion."))
    total = sum(shares[key] * value for key, value in given.items()) / sum(
        shares[key] for key in given
    )
    now = timezone.now()
    ScenarioReview.objects.update_or_create(
        attempt=attempt,
        defaults={
            "reviewer": reviewer,
            "scores": given,
            "comments": {k: v for k, v in (comments or {}).items() if k in shares and v},
            "summary": summary,
            "reviewed_at": now,
        },
    )
    result = dict(attempt.result)
    if "judge" in result:
        _judge_violations(result, scenario, set(dismissed_violations))
        judge_comparisons_save(attempt=attempt, scores=given, reviewed_at=now)
    result["criteria"] = [
        {**c, "score": given.get(c["key"], c["score"]), "reviewed": c["key"] in given}
        for c in result.get("criteria", [])
    ]
    result["total"] = total
    attempt.result = result
    attempt.score = total
    attempt.passed = (
        total + 1e-9 >= scenario.pass_score
        and not result.get("violations")
        and attempt.outcome not in FAILING_OUTCOMES
    )
    attempt.state = AttemptState.SCORED
    attempt.save()
    attempt_record(attempt)  # a pass may complete the course (a record follow-up)
    notify(  # once per attempt: a second look by a trainer does not tell the learner again
        user=attempt.user,
        event=Event.ROLEPLAY_REVIEWED,
        key=attempt.pk,
        title=gettext_lazy("Your role-play was reviewed: %(title)s"),
        body=gettext_lazy("A trainer has reviewed your replies. Your score: %(score)s%%."),
        url=reverse("scenario_result", args=[attempt.uuid]),
        params={"title": attempt.scenario.title, "score": round(100 * total)},
    )
    return attempt


def _judge_violations(result: dict, scenario, dismissed: set[str]) -> None:
    """The AI judge's critical violations the trainer confirms (all but the dismissed ones);
    a later review decides again from the judge's own list."""
    found = result.setdefault("judge_violations", result.get("violations", []))
    kept = [v for v in found if v["criterion"] not in dismissed]
    names = {criterion.key: criterion.name for criterion in scenario.rubric}
    result["violations"] = kept
    result["violation_names"] = [names.get(v["criterion"], v["criterion"]) for v in kept]
    result["dismissed_violations"] = [v["criterion"] for v in found if v not in kept]
