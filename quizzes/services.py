"""Quiz attempts: starting, saving as the learner goes, submitting, grading, auto-submit.

The server owns the clock: an attempt's deadline is stored when it starts, answers arriving
after it (plus a short grace for the network) are not taken, and a Celery task submits a
timed attempt that is left alone. Submitting is idempotent: the second submit of an attempt
(double click, a second tab, a retried request) changes nothing and returns the same result.
Grading writes one learning record per attempt.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from quizzes.bank import question_snapshot
from quizzes.grading import grade
from quizzes.models import AttemptQuestion, AttemptState, Question, QuizAttempt, QuizPage
from quizzes.questions import SHUFFLED_TYPES, make_layout
from quizzes.responses import clean_response
from training.models import EvaluationWave, RecordKind, User
from training.notifications import Event, notify
from training.records import record_result
from training.roles import ADMIN_ROLES
from training.waves import evaluation_wave_for, retest_open


def grace() -> datetime.timedelta:
    """How long after the deadline answers still count (they left the browser in time)."""
    return datetime.timedelta(seconds=settings.QUIZ_SUBMIT_GRACE_SECONDS)


# --- who may start ------------------------------------------------------------------------


def quiz_closed_reason(
    *, quiz: QuizPage, user: User, now: datetime.datetime | None = None
) -> str | None:
    """Why `user` may not start a new attempt now, in words; None when they may."""
    now = now or timezone.now()
    if not quiz.is_playable():
        return _("This quiz is not published.")
    if quiz.opens_at and now < quiz.opens_at:
        return _("This quiz opens on %(when)s.") % {
            "when": timezone.localtime(quiz.opens_at).strftime("%Y-%m-%d %H:%M")
        }

    # An evaluation re-test open for this person (once a wave) is taken after the quiz closed
    # and past its attempt limit: months after the course, that is what it is for.
    def retesting() -> bool:
        return retest_open(user=user, activity=quiz, when=now)

    if quiz.closes_at and now >= quiz.closes_at and not retesting():
        return _("This quiz closed on %(when)s.") % {
            "when": timezone.localtime(quiz.closes_at).strftime("%Y-%m-%d %H:%M")
        }
    if quiz.max_attempts:
        used = attempts_counted(quiz=quiz, user=user)
        if used >= quiz.max_attempts and not retesting():
            return _("You have used all %(n)d attempts.") % {"n": quiz.max_attempts}
    course = quiz.course
    missing = getattr(course, "prerequisites_missing_for", None)
    if missing is not None and missing(user):
        return _("Finish the prerequisite courses first.")
    return None


RETEST_WAVES = (EvaluationWave.MID_TERM, EvaluationWave.LONG_TERM)


def attempts_counted(*, quiz: QuizPage, user: User) -> int:
    """The attempts that count against the quiz's limit: all but evaluation re-tests (an
    attempt of the mid- or long-term wave)."""
    return (
        QuizAttempt.objects.filter(quiz=quiz, user=user).exclude(wave__in=RETEST_WAVES).count()
    )


def attempt_open_for(*, quiz: QuizPage, user: User) -> QuizAttempt | None:
    return QuizAttempt.objects.filter(quiz=quiz, user=user, state=AttemptState.IN_PROGRESS).first()


# --- starting -----------------------------------------------------------------------------


def _rule_mark(rule, question: Question) -> float:
    return float(rule.mark if rule.mark is not None else question.default_mark)


def _draw_questions(quiz: QuizPage, rng: random.Random) -> list[tuple[int, Question, float]]:
    """The quiz's questions for one attempt as (slot, question, mark), in the order shown:
    fixed ones and random draws from categories; the slot is the place in the quiz's
    structure, before any shuffling."""
    picked: list[tuple[Question, float]] = []
    taken: set[int] = set()
    rules = list(quiz.rules.select_related("question", "category").order_by("sort_order", "pk"))
    taken.update(rule.question_id for rule in rules if rule.question_id)
    for rule in rules:
        if rule.question_id:
            question = rule.question
            picked.append((question, _rule_mark(rule, question)))
            continue
        categories = (
            rule.category.descendant_ids() if rule.include_subcategories else {rule.category_id}
        )
        pool = list(
            Question.objects.filter(category_id__in=categories).exclude(pk__in=taken).order_by("pk")
        )
        chosen = rng.sample(pool, min(rule.draw, len(pool)))
        for question in chosen:
            taken.add(question.pk)
            picked.append((question, _rule_mark(rule, question)))
    slotted = [(slot, question, mark) for slot, (question, mark) in enumerate(picked, start=1)]
    if quiz.shuffle_questions:
        rng.shuffle(slotted)
    return slotted


def attempt_start(
    *,
    quiz: QuizPage,
    user: User,
    now: datetime.datetime | None = None,
    rng: random.Random | None = None,
) -> QuizAttempt:
    """Start an attempt, or return the one the learner already has open (a reload, a second
    tab, a new log-in all resume the same attempt). Raises PermissionDenied with the reason
    when a new attempt may not start."""
    now = now or timezone.now()
    existing = attempt_open_for(quiz=quiz, user=user)
    if existing is not None:
        return existing
    reason = quiz_closed_reason(quiz=quiz, user=user, now=now)
    if reason:
        raise PermissionDenied(reason)
    rng = rng or random.SystemRandom()
    try:
        with transaction.atomic():
            attempt = _attempt_create(quiz=quiz, user=user, now=now, rng=rng)
    except IntegrityError:
        # Two tabs started at once: the other one won; resume it.
        existing = attempt_open_for(quiz=quiz, user=user)
        if existing is None:
            raise
        return existing
    if attempt.deadline is not None:
        from quizzes.tasks import attempt_auto_submit

        eta = attempt.deadline + grace()
        attempt_id = attempt.pk
        transaction.on_commit(lambda: attempt_auto_submit.apply_async((attempt_id,), eta=eta))
    return attempt


def _attempt_create(
    *, quiz: QuizPage, user: User, now: datetime.datetime, rng: random.Random
) -> QuizAttempt:
    drawn = _draw_questions(quiz, rng)
    if not drawn:
        raise PermissionDenied(_("This quiz has no questions yet."))
    deadline = None
    if quiz.time_limit_minutes:
        deadline = now + datetime.timedelta(minutes=quiz.time_limit_minutes)
    if quiz.closes_at and (deadline is None or quiz.closes_at < deadline):
        deadline = quiz.closes_at
    number = (
        QuizAttempt.objects.filter(quiz=quiz, user=user).aggregate(n=Max("number"))["n"] or 0
    ) + 1
    attempt = QuizAttempt.objects.create(
        quiz=quiz,
        user=user,
        number=number,
        revision_id=quiz.live_revision_id,
        started_at=now,
        deadline=deadline,
        pass_mark=quiz.pass_mark,
        wave=evaluation_wave_for(user=user, activity=quiz, when=now),
    )
    slots = []
    for position, (slot, question, mark) in enumerate(drawn, start=1):
        snap = question_snapshot(question, mark=mark)
        shuffle = quiz.shuffle_options and question.shuffle_options
        layout = make_layout(snap, shuffle=shuffle and snap["type"] in SHUFFLED_TYPES, rng=rng)
        slots.append(
            AttemptQuestion(
                attempt=attempt,
                position=position,
                slot=slot,
                question=question,
                snapshot=snap,
                layout=layout,
                max_mark=mark,
            )
        )
    AttemptQuestion.objects.bulk_create(slots)
    attempt.max_marks = sum(slot.max_mark for slot in slots)
    attempt.save(update_fields=["max_marks"])
    return attempt


# --- saving -------------------------------------------------------------------------------


@dataclass
class SaveResult:
    saved: bool
    state: str
    sequence: int
    saved_at: datetime.datetime | None
    message: str = ""
    # Refused because the page had not seen the latest saved answers (another tab or device).
    conflict: bool = False


class AttemptChangedElsewhere(Exception):
    """A submit from a page that had not seen the attempt's latest saved answers: nothing was
    submitted, so nobody is graded on answers they did not see."""


def changed_elsewhere_message() -> str:
    return _(
        "This attempt was changed in another tab or on another device. The answers saved "
        "there are shown now: check them, then carry on."
    )


def _is_stale(attempt: QuizAttempt, sequence: int | None) -> bool:
    # The browser numbers each save one above the last number the server gave it, so a number
    # not above the stored one comes from a page that has not seen the latest saved answers.
    return sequence is not None and sequence <= attempt.save_sequence


def attempt_accepts_answers(attempt: QuizAttempt, now: datetime.datetime) -> bool:
    if attempt.state != AttemptState.IN_PROGRESS:
        return False
    return attempt.deadline is None or now <= attempt.deadline + grace()


def _apply_responses(attempt: QuizAttempt, responses: dict[int, object], now) -> int:
    changed = 0
    for slot in attempt.questions.all():
        if slot.position not in responses:
            continue
        value = clean_response(slot.snapshot, slot.layout, responses[slot.position])
        if value != slot.response:
            slot.response = value
            slot.saved_at = now
            slot.save(update_fields=["response", "saved_at"])
            changed += 1
    return changed


@transaction.atomic
def attempt_save(
    *,
    attempt: QuizAttempt,
    responses: dict[int, object],
    sequence: int | None = None,
    now: datetime.datetime | None = None,
) -> SaveResult:
    """Save the learner's answers so far (by question position, in answer keys). A save
    numbered no higher than the one stored was made from a page that had not seen the latest
    saved answers (another tab or device, or a request arriving late): it is refused with
    `conflict` set and changes nothing. After the deadline nothing is taken."""
    now = now or timezone.now()
    attempt = QuizAttempt.objects.select_for_update().get(pk=attempt.pk)
    if not attempt_accepts_answers(attempt, now):
        return SaveResult(
            False,
            attempt.state,
            attempt.save_sequence,
            attempt.last_saved_at,
            _("Time is up: answers are no longer taken.")
            if attempt.state == AttemptState.IN_PROGRESS
            else _("This attempt has been submitted."),
        )
    if _is_stale(attempt, sequence):
        return SaveResult(
            False,
            attempt.state,
            attempt.save_sequence,
            attempt.last_saved_at,
            changed_elsewhere_message(),
            conflict=True,
        )
    _apply_responses(attempt, responses, now)
    attempt.last_saved_at = now
    if sequence is not None:
        attempt.save_sequence = sequence
    attempt.save(update_fields=["last_saved_at", "save_sequence"])
    return SaveResult(True, attempt.state, attempt.save_sequence, now)


# --- submitting and grading ---------------------------------------------------------------


def attempt_submit(
    *,
    attempt: QuizAttempt,
    responses: dict[int, object] | None = None,
    sequence: int | None = None,
    now: datetime.datetime | None = None,
    auto: bool = False,
) -> QuizAttempt:
    """Submit and grade the attempt with these last answers (taken only before the deadline).

    Idempotent: an attempt already submitted is returned as it is. Before the deadline, a
    submit numbered as a stale page's save (see `attempt_save`) raises AttemptChangedElsewhere
    and submits nothing; once the time is up, the saved answers are graded."""
    now = now or timezone.now()
    with transaction.atomic():
        attempt = QuizAttempt.objects.select_for_update().get(pk=attempt.pk)
        if attempt.state != AttemptState.IN_PROGRESS:
            return attempt
        late = not attempt_accepts_answers(attempt, now)
        if not late and _is_stale(attempt, sequence):
            raise AttemptChangedElsewhere(changed_elsewhere_message())
        if responses and not late:
            _apply_responses(attempt, responses, now)
            if sequence is not None:
                attempt.save_sequence = sequence
        attempt.submitted_at = min(now, attempt.deadline) if late and attempt.deadline else now
        attempt.auto_submitted = auto or late
        _grade_attempt(attempt)
        attempt.save()
        _record(attempt)
    return attempt


def _grade_attempt(attempt: QuizAttempt) -> None:
    marks = 0.0
    waiting = False
    for slot in attempt.questions.all():
        result = grade(slot.snapshot, slot.layout, slot.response)
        if result.fraction is None:
            if slot.response in (None, ""):
                # An essay left empty has nothing to grade.
                slot.mark, slot.needs_grading = 0.0, False
            elif slot.mark is None:
                slot.needs_grading = True
                waiting = True
        else:
            slot.mark = round(result.fraction * slot.max_mark, 7)
            slot.needs_grading = False
        slot.save(update_fields=["mark", "needs_grading"])
        marks += slot.mark or 0.0
    attempt.marks = marks
    attempt.score = min(1.0, marks / attempt.max_marks) if attempt.max_marks else 0.0
    if waiting:
        attempt.state = AttemptState.AWAITING_GRADING
        attempt.passed = None
    else:
        attempt.state = AttemptState.GRADED
        attempt.graded_at = timezone.now()
        attempt.passed = attempt.score * 100 >= attempt.pass_mark - 1e-9


def _record(attempt: QuizAttempt) -> None:
    quiz = attempt.quiz
    slots = list(attempt.questions.all())
    record_result(
        user=attempt.user,
        source=attempt,
        kind=RecordKind.QUIZ,
        activity=quiz,
        activity_title=quiz.title,
        activity_revision=attempt.revision_id,
        course=quiz.course,
        completed_at=attempt.submitted_at,
        score=attempt.score,
        passed=attempt.passed,
        wave=attempt.wave,
        details={
            "attempt": attempt.number,
            "marks": attempt.marks,
            "max_marks": attempt.max_marks,
            "pass_mark": attempt.pass_mark,
            "provisional": attempt.state == AttemptState.AWAITING_GRADING,
            "auto_submitted": attempt.auto_submitted,
            "questions": [
                {
                    "position": slot.position,
                    "question_id": slot.snapshot.get("question_id"),
                    "name": slot.snapshot.get("name", ""),
                    "type": slot.snapshot["type"],
                    "mark": slot.mark,
                    "max_mark": slot.max_mark,
                }
                for slot in slots
            ],
        },
    )


def attempt_question_grade(
    *, slot: AttemptQuestion, mark: float, comment: str = "", grader: User
) -> QuizAttempt:
    """A trainer grades one essay answer; once none is left, the attempt's result is final
    and its learning record is updated."""
    if not grader.has_role(*ADMIN_ROLES):
        raise PermissionDenied
    if not 0 <= mark <= slot.max_mark:
        raise ValueError(_("The mark must be between 0 and %(max)s.") % {"max": slot.max_mark})
    with transaction.atomic():
        attempt = QuizAttempt.objects.select_for_update().get(pk=slot.attempt_id)
        if attempt.state == AttemptState.IN_PROGRESS:
            raise ValueError(_("The attempt has not been submitted yet."))
        slot = attempt.questions.get(pk=slot.pk)
        slot.mark = mark
        slot.grader_comment = comment
        slot.graded_by = grader
        slot.needs_grading = False
        slot.save(update_fields=["mark", "grader_comment", "graded_by", "needs_grading"])
        _grade_attempt(attempt)
        attempt.save()
        _record(attempt)
        if attempt.state == AttemptState.GRADED:
            _notify_graded(attempt)
    return attempt


def _notify_graded(attempt: QuizAttempt) -> None:
    """The learner hears once that their written answers were graded (not at each regrade)."""
    notify(
        user=attempt.user,
        event=Event.ESSAY_GRADED,
        key=attempt.pk,
        title=gettext_lazy("Your answers were graded: %(title)s"),
        body=gettext_lazy("A trainer has graded your written answers. Your score: %(score)s%%."),
        url=reverse("quiz_attempt_result", args=[attempt.uuid]),
        params={"title": attempt.quiz.title, "score": round(100 * (attempt.score or 0))},
    )


def attempts_submit_overdue(*, now: datetime.datetime | None = None) -> int:
    """Submit every open attempt whose time ran out (the periodic safety net behind the
    per-attempt task). Returns how many were submitted."""
    now = now or timezone.now()
    overdue = QuizAttempt.objects.filter(
        state=AttemptState.IN_PROGRESS, deadline__lt=now - grace()
    ).values_list("pk", flat=True)
    count = 0
    for pk in list(overdue):
        attempt = QuizAttempt.objects.get(pk=pk)
        if attempt_submit(attempt=attempt, now=now, auto=True).auto_submitted:
            count += 1
    return count


# --- what the learner may see afterwards --------------------------------------------------


def review_visible(attempt: QuizAttempt, now: datetime.datetime | None = None) -> bool:
    """Whether the learner may see right answers and feedback now (the quiz's review policy)."""
    if attempt.state == AttemptState.IN_PROGRESS:
        return False
    policy = attempt.quiz.review_policy
    if policy == "after_submit":
        return True
    if policy == "after_close":
        now = now or timezone.now()
        return attempt.quiz.closes_at is not None and now >= attempt.quiz.closes_at
    return False
