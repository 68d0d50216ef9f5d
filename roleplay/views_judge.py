"""The AI judge for trainers: its suggestion on the review page, and how often it agrees
with the trainers' final scores (roleplay.judge_agreement)."""

from __future__ import annotations

from django.template.response import TemplateResponse

from roleplay.ai.judge import JUDGE_SCALE, Judgement
from roleplay.judge_agreement import MIN_REVIEWS, judge_agreement
from training.decorators import role_required
from training.roles import ADMIN_ROLES


def judge_suggestion(result: dict, scenario) -> dict | None:
    """What the review page shows of the judge's judgement (None: not an AI conversation):
    per criterion its points (x / 5 and %), reason and the learner's words; its critical
    violations; whether the model judged or the offline checks stood in, and why."""
    data = (result or {}).get("judge")
    if not data:
        return None
    judgement = Judgement.from_dict(data)
    names = {criterion.key: criterion.name for criterion in scenario.rubric}
    dismissed = set(result.get("dismissed_violations", []))
    return {
        "from_model": judgement.source == "model",
        "error": judgement.error,
        "summary": judgement.summary,
        "scale": JUDGE_SCALE,
        "criteria": [
            {
                "key": c.key,
                "name": names.get(c.key, c.name),
                "points": c.points,
                "percent": None if c.points is None else round(100 * c.points / JUDGE_SCALE),
                "reason": c.reason,
                "quote": c.quote,
            }
            for c in judgement.criteria
        ],
        "violations": [
            {
                "criterion": v.criterion,
                "name": names.get(v.criterion, v.criterion),
                "reason": v.reason,
                "quote": v.quote,
                "dismissed": v.criterion in dismissed,
            }
            for v in judgement.violations
        ],
    }


@role_required(*ADMIN_ROLES)
def judge_agreement_view(request):
    return TemplateResponse(
        request,
        "roleplay/judge_agreement.html",
        {"agreement": judge_agreement(viewer=request.user), "min_reviews": MIN_REVIEWS},
    )
