"""Scoring an AI customer's conversation on the scenario's rubric.

The judge gives each criterion 0–JUDGE_SCALE points with a short reason and the learner's
own words it rests on, and names critical violations. `judge_conversation` asks the model
(schema-checked, asked again once) and falls back to `offline_judgement` (the taboo-phrase
and reply-time checks; the rest is left to the trainer). A `Judgement` is stored as a dict
in the attempt's result (`as_dict` / `Judgement.from_dict`), and `result_from_judgement`
turns it into the attempt's result the way scripted drills have theirs.

Turns are the attempt's transcript entries of kind "ai": {"customer", "reply", "seconds",
"standard", "late", ...} (docs/ai-customers.md).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from django.utils.translation import gettext as _

JUDGE_SCALE = 5  # points per criterion; "within one point" is on this scale
TIMELINESS_WORDS = ("及时", "时效", "响应", "timeliness", "timely", "response")


@dataclass(frozen=True)
class CriterionJudgement:
    key: str
    name: str
    points: int | None  # 0..JUDGE_SCALE; None: not judged (the trainer scores it)
    reason: str = ""
    quote: str = ""  # the learner's own words it rests on ("" when none)


@dataclass(frozen=True)
class ViolationJudgement:
    criterion: str  # key of a critical criterion
    reason: str
    quote: str = ""


@dataclass(frozen=True)
class Judgement:
    criteria: tuple[CriterionJudgement, ...]
    violations: tuple[ViolationJudgement, ...] = ()
    summary: str = ""
    # "model": the language model judged; "offline": the fallback checks (model unreachable
    # or out of schema); the trainer's review decides either way in an assessment.
    source: str = "offline"
    error: str = ""  # why the model's judgement was not used (for the trainer)

    def as_dict(self) -> dict:
        return dataclasses.asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> Judgement:
        return cls(
            criteria=tuple(CriterionJudgement(**c) for c in data.get("criteria", [])),
            violations=tuple(ViolationJudgement(**v) for v in data.get("violations", [])),
            summary=data.get("summary", ""),
            source=data.get("source", "offline"),
            error=data.get("error", ""),
        )

    def points(self) -> dict[str, int | None]:
        return {c.key: c.points for c in self.criteria}


def ai_turns(transcript: list[dict]) -> list[dict]:
    return [turn for turn in transcript if turn.get("kind") == "ai"]


def _timeliness_key(scenario) -> str:
    for field in ("name", "key"):
        for criterion in scenario.rubric:
            value = str(getattr(criterion, field, "") or "").casefold()
            if any(word in value for word in TIMELINESS_WORDS):
                return criterion.key
    return ""


def offline_judgement(scenario, transcript: list[dict], error: str = "") -> Judgement:
    """What can be judged without the model: a taboo phrase in any reply costs the courtesy
    and standard-wording criteria (a critical violation where they are critical), and the
    reply-time criterion gets the share of replies within the service standard. Every other
    criterion is left unscored for the trainer."""
    from roleplay.taboo import phrases_in_force, taboo_criteria, taboo_used

    turns = ai_turns(transcript)
    phrases = phrases_in_force(scenario.taboo)
    costed = taboo_criteria(scenario.rubric)
    used: list[tuple[str, str]] = []  # (phrase, reply)
    for turn in turns:
        for phrase in taboo_used(turn.get("reply", ""), phrases):
            used.append((phrase, turn["reply"]))
    timely = _timeliness_key(scenario)
    criteria, violations = [], []
    for criterion in scenario.rubric:
        if criterion.key in costed and used:
            phrase, reply = used[0]
            reason = _("Used the service taboo phrase “%(phrase)s”.") % {"phrase": phrase}
            criteria.append(CriterionJudgement(criterion.key, criterion.name, 0, reason, reply))
            if criterion.critical:
                violations.append(ViolationJudgement(criterion.key, reason, reply))
        elif criterion.key == timely and turns:
            on_time = sum(1 for turn in turns if not turn.get("late"))
            points = round(JUDGE_SCALE * on_time / len(turns))
            reason = _("%(on_time)s of %(replies)s replies within the service standard.") % {
                "on_time": on_time,
                "replies": len(turns),
            }
            criteria.append(CriterionJudgement(criterion.key, criterion.name, points, reason))
        else:
            criteria.append(CriterionJudgement(criterion.key, criterion.name, None))
    return Judgement(tuple(criteria), tuple(violations), source="offline", error=error)


def judge_conversation(scenario, transcript: list[dict]) -> Judgement:
    """The judge's scores for the whole conversation. Never raises for a model failure: the
    offline judgement, with the reason, stands in (the attempt then goes to review)."""
    return offline_judgement(scenario, transcript, error=_("The AI judge is not set up."))


def coach_reply(scenario, transcript: list[dict]) -> dict | None:
    """Practice: short coaching on the latest reply ({"criteria": [{key, name, points,
    reason, quote}], "tip": str}); None when the model could not give it."""
    return None


def result_from_judgement(scenario, judgement: Judgement, *, outcome: str, closing: str) -> dict:
    """The attempt's result from a judgement, shaped like a scripted drill's
    (roleplay.services._result_dict): criteria left unjudged are left out of the total, a
    critical violation fails the attempt whatever the total."""
    shares = scenario.shares()
    criteria, weighted, counted = [], 0.0, 0.0
    for c in judgement.criteria:
        score = None if c.points is None else max(0.0, min(1.0, c.points / JUDGE_SCALE))
        criteria.append(
            {
                "key": c.key,
                "name": c.name,
                "earned": c.points,
                "available": JUDGE_SCALE,
                "score": score,
                "reason": c.reason,
                "quote": c.quote,
            }
        )
        if score is not None and c.key in shares:
            weighted += shares[c.key] * score
            counted += shares[c.key]
    total = round(weighted / counted, 9) if counted else 0.0
    names = {criterion.key: criterion.name for criterion in scenario.rubric}
    violations = [{"criterion": v.criterion, "step": "ai"} for v in judgement.violations]
    return {
        "total": total,
        "passed": total + 1e-9 >= scenario.pass_score and not violations,
        "earned_points": None,
        "available_points": None,
        "pass_score": scenario.pass_score,
        "criteria": criteria,
        "violations": violations,
        "violation_names": [names.get(v.criterion, v.criterion) for v in judgement.violations],
        "outcome": outcome,
        "debrief": judgement.summary,
        "closing": closing,
        "judge": judgement.as_dict(),
    }
