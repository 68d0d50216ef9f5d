"""Playing a scenario: start, reply step by step, finish, the learning record (the trainer's
review is in roleplay.reviews).

The transcript is saved with every reply, so a reload resumes the conversation where it
was. Reply times are measured by the server from when the customer's message was shown.
Practice gives feedback after each step and writes no learning record; an assessed attempt
writes one (provisional while a trainer still has to review its free-text replies).
"""

from __future__ import annotations

import datetime
from functools import lru_cache

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from wagtail.models import Revision

from roleplay.models import (
    AttemptMode,
    AttemptState,
    PracticeSuggestion,
    ScenarioAttempt,
    ScenarioPage,
)
from roleplay.options import option_index
from training.models import RecordKind, User
from training.records import record_result
from training.roles import ADMIN_ROLES
from training.waves import evaluation_wave_for

# A conversation that ends with the customer lost or a public backlash is not passed,
# however many points were earned on the way.
FAILING_OUTCOMES = ("customer_lost", "public_backlash")
# A criterion failed in practice brings the scenario back after these many days.
PRACTICE_AGAIN_DAYS = (1, 3, 7)


@lru_cache(maxsize=256)
def revision_scenario(revision_id: int):
    """The scenario as it was in that page revision (revisions never change: cached)."""
    from roleplay.document import page_scenario

    page = Revision.objects.get(pk=revision_id).as_object()
    return page_scenario(page)


def attempt_scenario(attempt: ScenarioAttempt):
    return revision_scenario(attempt.revision_id)


def scenario_attempt_open(*, page: ScenarioPage, user: User, mode: str) -> ScenarioAttempt | None:
    return ScenarioAttempt.objects.filter(
        scenario=page, user=user, mode=mode, state=AttemptState.IN_PROGRESS
    ).first()


class AttemptRefused(PermissionDenied):
    """Starting this attempt is not allowed; the message says why, in the learner's words."""


def assessment_tries_left(*, page: ScenarioPage, user: User) -> int | None:
    """How many more times the learner may start the assessment (None: no limit). Every
    assessed attempt counts, finished or not, on any version of the scenario."""
    if not page.assessment_tries:
        return None
    taken = ScenarioAttempt.objects.filter(
        scenario=page, user=user, mode=AttemptMode.ASSESSMENT, playtest=False
    ).count()
    return max(0, page.assessment_tries - taken)


def scenario_attempt_start(
    *, page: ScenarioPage, user: User, mode: str, now: datetime.datetime | None = None
) -> ScenarioAttempt:
    """Start playing (or resume the conversation already open in this mode).

    Only a scenario whose course is published can be played; a new assessment is refused
    once the learner has used the tries the trainer allows (practice is unlimited)."""
    if mode not in AttemptMode.values:
        raise ValueError(mode)
    if not page.is_playable() or page.live_revision_id is None:
        raise AttemptRefused(_("This scenario is not published."))
    scenario = revision_scenario(page.live_revision_id)
    _refuse_unless_offered(scenario)
    existing = scenario_attempt_open(page=page, user=user, mode=mode)
    if existing is not None:
        return existing
    now = now or timezone.now()
    try:
        with transaction.atomic():
            if mode == AttemptMode.ASSESSMENT:
                # Two starts at once must not both take the last try: one learner's starts
                # are serialised on their own row.
                User.objects.select_for_update().filter(pk=user.pk).first()
                if assessment_tries_left(page=page, user=user) == 0:
                    raise AttemptRefused(
                        ngettext(
                            "You have used the %(count)d assessment try this scenario allows. "
                            "Ask your trainer if you need another.",
                            "You have used all %(count)d assessment tries this scenario "
                            "allows. Ask your trainer if you need another.",
                            page.assessment_tries,
                        )
                        % {"count": page.assessment_tries}
                    )
            return ScenarioAttempt.objects.create(
                scenario=page,
                revision_id=page.live_revision_id,
                user=user,
                mode=mode,
                current_step=scenario.start,
                step_shown_at=now,
                started_at=now,
                ai_message=_first_ai_message(scenario),
                wave=evaluation_wave_for(user=user, activity=page, when=now)
                if mode == AttemptMode.ASSESSMENT
                else "",
            )
    except IntegrityError:
        existing = scenario_attempt_open(page=page, user=user, mode=mode)
        if existing is None:
            raise
        return existing


@transaction.atomic
def scenario_playtest_start(*, page: ScenarioPage, user: User) -> ScenarioAttempt:
    """A trainer's play-test of the latest version, draft included (its course need not be
    published): a fresh practice attempt, marked as a play-test (any play-test of theirs
    still open on this scenario is discarded, not kept)."""
    if not user.has_role(*ADMIN_ROLES):
        raise PermissionDenied
    revision = page.get_latest_revision()
    if revision is None:
        raise PermissionDenied(_("Save the scenario first."))
    scenario = revision_scenario(revision.pk)  # refuses a version that is not sound
    _refuse_unless_offered(scenario)
    ScenarioAttempt.objects.filter(
        scenario=page, user=user, mode=AttemptMode.PRACTICE, state=AttemptState.IN_PROGRESS
    ).delete()
    return ScenarioAttempt.objects.create(
        scenario=page,
        revision=revision,
        user=user,
        mode=AttemptMode.PRACTICE,
        playtest=True,
        current_step=scenario.start,
        ai_message=_first_ai_message(scenario),
    )


def _refuse_unless_offered(scenario) -> None:
    from roleplay.ai.play import scenario_offered

    if not scenario_offered(scenario):
        raise AttemptRefused(
            _("AI customers are not set up on this site, so this scenario cannot be played.")
        )


def _first_ai_message(scenario) -> str:
    """A scenario that opens with the AI step shows that step's message as the customer's."""
    step = scenario.step(scenario.start)
    return step.customer if step.ai else ""


# --- replying -----------------------------------------------------------------------------


def _visits(transcript: list[dict]) -> list:
    from roleplay.scenario import ChoiceVisit, FreeTextVisit

    visits = []
    for turn in transcript:
        if turn["kind"] == "option":
            visits.append(ChoiceVisit(turn["step"], turn["option"]))
        else:
            visits.append(
                FreeTextVisit(
                    step=turn["step"],
                    points=dict(turn.get("points", {})),
                    violations=tuple(turn.get("violations", [])),
                    zeroed=tuple(turn.get("zeroed", [])),
                )
            )
    return visits


def _criterion_names(scenario, keys) -> list[str]:
    names = {criterion.key: criterion.name for criterion in scenario.rubric}
    return [names.get(key, key) for key in keys]


@transaction.atomic
def scenario_attempt_reply(
    *,
    attempt: ScenarioAttempt,
    step_key: str,
    choice: str | None = None,
    option: int | None = None,
    text: str | None = None,
    now: datetime.datetime | None = None,
) -> ScenarioAttempt:
    """The agent's reply to the current step: a chosen option, or a written reply.

    The learner's browser names an option by the opaque id this attempt gave it (`choice`,
    see roleplay.options); server-side callers may give the option's index in the file
    (`option`). A reply for a step that is no longer current (a double click, a second tab)
    changes nothing. The reply time is the server's: from when the step was shown to now."""
    from roleplay.copycheck import scenario_model_answers
    from roleplay.scenario import reply_standard_seconds
    from roleplay.taboo import phrases_in_force, taboo_criteria
    from roleplay.textcheck.check import check_free_text

    now = now or timezone.now()
    attempt = ScenarioAttempt.objects.select_for_update().get(pk=attempt.pk)
    if not attempt.is_open or step_key != attempt.current_step:
        return attempt
    scenario = attempt_scenario(attempt)
    step = scenario.step(attempt.current_step)
    seconds = max(0, int((now - attempt.step_shown_at).total_seconds()))
    standard = reply_standard_seconds(scenario, step)
    turn: dict = {
        "step": step.key,
        "customer": step.customer,
        "mood": scenario.mood_at(step),
        "seconds": seconds,
        "standard": standard,
        "late": seconds > standard,
    }
    if step.kind == "options":
        if choice is not None:
            option = option_index(attempt.option_seed, step, choice)
        if option is None or not 0 <= option < len(step.options):
            raise ValueError(_("Choose one of the replies."))
        chosen = step.options[option]
        turn.update(
            kind="option",
            option=option,
            reply=chosen.text,
            points=dict(chosen.scores),
            violations=[chosen.violation] if chosen.violation else [],
            feedback=chosen.feedback,
            better=chosen.better,
        )
        following = chosen.next
    elif step.kind == "free_text":
        reply = (text or "").strip()[:2000]
        if not reply:
            raise ValueError(_("Write a reply to the customer."))
        check = check_free_text(
            reply,
            step.free_text,
            seconds,
            standard,
            criterion_names={c.key: c.name for c in scenario.rubric},
            model_answers=scenario_model_answers(scenario),
            taboo=phrases_in_force(scenario.taboo),
            taboo_criteria=taboo_criteria(scenario.rubric),
            critical=[c.key for c in scenario.rubric if c.critical],
        )
        turn.update(
            kind="free_text",
            reply=reply,
            points=dict(check.earned),
            violations=list(check.violations),
            covered=[hit.name for hit in check.covered],
            used=[hit.phrase for hit in check.forbidden],
            explanations=list(check.explanation),
            taboo=list(check.taboo),
            zeroed=list(check.zeroed),
            closeness=check.closeness.leaning if check.closeness else None,
            better=step.free_text.good[0] if step.free_text.good else "",
        )
        if check.copied:
            # For the trainer: which model answer, how much of it, and the copied passages.
            turn["copied"] = {
                "answer": check.copied.answer,
                "share": check.copied.share,
                "passages": list(check.copied.passages),
            }
        following = step.free_text.next
    else:
        return attempt
    turn["violation_names"] = _criterion_names(scenario, turn["violations"])
    attempt.transcript = [*attempt.transcript, turn]
    attempt.current_step = following
    attempt.step_shown_at = now
    if scenario.step(following).ai:
        from roleplay.ai.play import ai_step_enter

        ai_step_enter(attempt, scenario, now)
    if scenario.step(following).end is not None:
        _finish(attempt, scenario, now)
    attempt.save()
    if attempt.state != AttemptState.IN_PROGRESS:
        _after_finish(attempt, scenario, now)
    return attempt


def _result_dict(scenario, result, end_step) -> dict:
    return {
        "total": result.total,
        "passed": result.passed,
        "earned_points": result.earned_points,
        "available_points": result.available_points,
        "pass_score": result.pass_score,
        "criteria": [
            {
                "key": c.key,
                "name": c.name,
                "earned": c.earned,
                "available": c.available,
                "score": c.score,
            }
            for c in result.criteria
        ],
        "violations": [{"criterion": v.criterion, "step": v.step} for v in result.violations],
        "violation_names": _criterion_names(scenario, [v.criterion for v in result.violations]),
        "outcome": end_step.end.outcome,
        "debrief": end_step.end.debrief,
        "closing": end_step.customer,
    }


def _finish(attempt: ScenarioAttempt, scenario, now) -> None:
    from roleplay.scenario import score_path

    end_step = scenario.step(attempt.current_step)
    result = score_path(scenario, _visits(attempt.transcript))
    attempt.result = _result_dict(scenario, result, end_step)
    attempt.outcome = end_step.end.outcome
    attempt.finished_at = now
    attempt.score = result.total
    has_free_text = any(turn["kind"] == "free_text" for turn in attempt.transcript)
    if attempt.mode == AttemptMode.ASSESSMENT and has_free_text:
        # The automatic checks are provisional: a trainer reviews written replies.
        attempt.state = AttemptState.AWAITING_REVIEW
        attempt.passed = None
    else:
        attempt.state = AttemptState.SCORED
        attempt.passed = result.passed and attempt.outcome not in FAILING_OUTCOMES


def attempt_record(attempt: ScenarioAttempt) -> None:
    """Write (or update) the assessed attempt's learning record; practice is refused."""
    # Practice (a play-test included) is never part of the learning record.
    if attempt.mode != AttemptMode.ASSESSMENT or attempt.playtest:
        raise ValueError("only an assessed attempt is recorded")
    page = attempt.scenario
    result = attempt.result
    reviewed = hasattr(attempt, "review")
    record_result(
        user=attempt.user,
        source=attempt,
        kind=RecordKind.ROLEPLAY,
        activity=page,
        activity_title=page.title,
        activity_revision=attempt.revision_id,
        course=page.course,
        completed_at=attempt.finished_at,
        score=max(0.0, min(1.0, attempt.score or 0.0)),
        passed=attempt.passed,
        wave=attempt.wave,
        details={
            "mode": attempt.mode,
            "outcome": attempt.outcome,
            "provisional": attempt.state == AttemptState.AWAITING_REVIEW,
            "reviewed": reviewed,
            "revision": attempt.revision_id,
            "criteria": {c["key"]: c["score"] for c in result.get("criteria", [])},
            "violations": [v["criterion"] for v in result.get("violations", [])],
            "reply_seconds": [turn["seconds"] for turn in attempt.transcript],
        },
    )


def _after_finish(attempt: ScenarioAttempt, scenario, now) -> None:
    if attempt.mode == AttemptMode.ASSESSMENT and not attempt.playtest:
        attempt_record(attempt)  # a pass may complete the course (a record follow-up)
        return
    if attempt.playtest or attempt.user.has_role(*ADMIN_ROLES):
        return  # a trainer's play-test is not their practice
    # Practising the scenario again answers the suggestions already due; later ones stay.
    PracticeSuggestion.objects.filter(
        user=attempt.user, scenario=attempt.scenario, due_at__lte=now, done_at__isnull=True
    ).update(done_at=now)
    # Practice: a criterion failed brings the scenario back after 1, 3 and 7 days.
    failed = [
        c["key"]
        for c in attempt.result["criteria"]
        if c["score"] is not None and c["score"] < scenario.pass_score
    ] + [v["criterion"] for v in attempt.result["violations"]]
    PracticeSuggestion.objects.bulk_create(
        [
            PracticeSuggestion(
                attempt=attempt,
                criterion=criterion,
                due_at=now + datetime.timedelta(days=days),
                user=attempt.user,
                scenario=attempt.scenario,
            )
            for criterion in dict.fromkeys(failed)
            for days in PRACTICE_AGAIN_DAYS
        ],
        ignore_conflicts=True,  # the attempt's suggestions are made once (a constraint says so)
    )
