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
import json
import logging
from dataclasses import dataclass

from django.utils.translation import gettext as _

from roleplay.ai.judge_prompt import coach_messages, judge_messages, retry_message
from roleplay.ai.judge_schema import JUDGE_SCALE, check_coaching, check_judgement

logger = logging.getLogger(__name__)

__all__ = [
    "JUDGE_SCALE",
    "CriterionJudgement",
    "Judgement",
    "ViolationJudgement",
    "coach_reply",
    "judge_conversation",
    "offline_judgement",
    "result_from_judgement",
]
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


def offline_judgement(scenario, transcript: list[dict], error: str = "") -> Judgement:
    """What can be judged without the model: a taboo phrase in any reply costs the courtesy
    and standard-wording criteria (a critical violation where they are critical), and the
    reply-time criterion gets the share of replies within the service standard. Every other
    criterion is left unscored for the trainer."""
    from roleplay.taboo import criterion_matching, phrases_in_force, taboo_criteria, taboo_used

    turns = ai_turns(transcript)
    phrases = phrases_in_force(scenario.taboo)
    costed = taboo_criteria(scenario.rubric)
    used: list[tuple[str, str]] = []  # (phrase, reply)
    for turn in turns:
        for phrase in taboo_used(turn.get("reply", ""), phrases):
            used.append((phrase, turn["reply"]))
    timely = criterion_matching(scenario.rubric, TIMELINESS_WORDS)
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


def _ask(messages: list[dict], check) -> tuple[dict | None, str]:
    """Ask the model; an answer out of schema (or not JSON) is asked once more with the
    problems stated. (checked value, "") or (None, why it was not used, for the trainer)."""
    from training import llm

    for attempt in range(2):
        try:
            answer = llm.complete_json(messages)
        except llm.ModelNotConfigured:
            return None, _("The AI judge is not set up.")
        except llm.ModelTimeout:
            return None, _("The AI judge timed out.")
        except llm.ModelUnavailable:
            return None, _("The AI judge could not be reached.")
        except llm.ModelRejected:
            return None, _("The AI judge refused the request (check the model settings).")
        except llm.ModelBadResponse:
            answer, errors = None, ["你的回答不是一个 JSON 对象"]
        except llm.ModelError:
            return None, _("The AI judge could not answer.")
        else:
            value, errors = check(answer)
            if value is not None:
                return value, ""
        logger.info("The judge's answer was out of schema (try %s): %s", attempt + 1, errors)
        if answer is not None:
            messages = [
                *messages,
                {"role": "assistant", "content": json.dumps(answer, ensure_ascii=False)},
            ]
        messages = [*messages, retry_message(errors)]
    return None, _("The AI judge answered out of the scoring schema twice.")


def _learner_replies(transcript: list[dict]) -> list[str]:
    return [str(turn.get("reply", "")) for turn in transcript if turn.get("reply")]


def judge_conversation(scenario, transcript: list[dict]) -> Judgement:
    """The judge's scores for the whole conversation: every criterion 0–JUDGE_SCALE with a
    reason and the learner's words (quotes not found in the replies are dropped), critical
    violations only on critical criteria. The learner's text reaches the model only as
    delimited data. Never raises for a model failure: the offline judgement, with the
    reason, stands in (the attempt then goes to review). A taboo phrase found offline costs
    the courtesy and wording criteria even when the model was lenient."""
    messages = judge_messages(scenario, transcript)
    replies = _learner_replies(transcript)
    value, error = _ask(messages, lambda answer: check_judgement(answer, scenario, replies))
    if value is None:
        return offline_judgement(scenario, transcript, error=error)
    judgement = Judgement(
        criteria=tuple(CriterionJudgement(**c) for c in value["criteria"]),
        violations=tuple(ViolationJudgement(**v) for v in value["violations"]),
        summary=value["summary"],
        source="model",
    )
    return _taboo_floor(judgement, offline_judgement(scenario, transcript))


def _taboo_floor(judgement: Judgement, offline: Judgement) -> Judgement:
    """The model's judgement with the offline taboo check as a floor: a criterion the
    offline check scored 0 for a taboo phrase is 0 here too (the reason says why, and what
    the model had given), and its critical violation stands."""
    floored = {c.key: c for c in offline.criteria if c.points == 0}
    if not floored:
        return judgement
    criteria = []
    for c in judgement.criteria:
        found = floored.get(c.key)
        if found is None or c.points == 0:
            criteria.append(c)
            continue
        reason = _("%(taboo)s (The model had given %(points)s of %(scale)s: %(reason)s)") % {
            "taboo": found.reason,
            "points": c.points,
            "scale": JUDGE_SCALE,
            "reason": c.reason,
        }
        criteria.append(dataclasses.replace(c, points=0, reason=reason, quote=found.quote))
    flagged = {v.criterion for v in judgement.violations}
    violations = judgement.violations + tuple(
        v for v in offline.violations if v.criterion not in flagged
    )
    return dataclasses.replace(judgement, criteria=tuple(criteria), violations=violations)


def coach_reply(scenario, transcript: list[dict]) -> dict | None:
    """Practice: short coaching on the latest reply in the context of the conversation
    ({"criteria": [{key, name, points, reason, quote}], "tip": "可以这样说：…"}), checked like
    the judgement and asked once more; None when the model could not give it."""
    replies = _learner_replies(transcript)
    if not replies:
        return None
    messages = coach_messages(scenario, transcript)
    value, _error = _ask(messages, lambda answer: check_coaching(answer, scenario, replies[-1]))
    return value


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
