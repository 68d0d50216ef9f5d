"""What a submitted attempt tells the learner beyond the score: how they did on each topic,
which lessons to read again, whether and when they may try again, and when the right answers
are published.

The quiz page and the result page both say when answers are published through
`review_promise`, so that the two can never disagree.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.models import Page

from quizzes.models import Question, QuizAttempt, QuizPage, ReviewPolicy
from quizzes.services import attempt_open_for, attempts_counted, quiz_closed_reason
from training.course_tree import is_open_to_learners
from training.models import User

# Full marks, allowing for the rounding of partial credit: three options worth 33.333 % each
# add up to 0.99999 of a mark, and that answer is right.
_FULL = 1 - 1e-4


def is_full_mark(mark: float | None, max_mark: float) -> bool:
    """The answer earned all its marks (graded; rounding of partial credit allowed)."""
    return mark is not None and mark >= max_mark * _FULL


def _when(moment: datetime.datetime) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")


def review_promise(quiz: QuizPage, now: datetime.datetime | None = None) -> str:
    """When learners see the right answers and feedback of this quiz, in one sentence: the
    quiz's review setting in words (the quiz page and every result page say this)."""
    now = now or timezone.now()
    policy = quiz.review_policy
    if policy == ReviewPolicy.AFTER_SUBMIT:
        return _("Right answers and feedback are shown as soon as you submit.")
    if policy == ReviewPolicy.AFTER_CLOSE:
        if quiz.closes_at is None:
            return _(
                "Right answers are not shown for this quiz, so that those who take it later "
                "cannot learn them. Your trainer can go through it with you."
            )
        if now < quiz.closes_at:
            return _(
                "Right answers and feedback are shown once the quiz closes, on %(closes)s."
            ) % {"closes": _when(quiz.closes_at)}
        return _("The quiz has closed: right answers and feedback are shown with each result.")
    return _("Only the score is shown: right answers are not shown for this quiz.")


@dataclass(frozen=True)
class LessonLink:
    title: str
    url: str


@dataclass
class TopicScore:
    """The marks of one question category in one attempt ("退换货政策 2/5")."""

    name: str
    marks: float = 0.0
    max_marks: float = 0.0
    questions: int = 0
    awaiting: int = 0  # written answers still to be graded
    lessons: list[LessonLink] = field(default_factory=list)  # to read again

    @property
    def percent(self) -> int:
        return round(100 * self.marks / self.max_marks) if self.max_marks else 0

    @property
    def full_marks(self) -> bool:
        return not self.awaiting and is_full_mark(self.marks, self.max_marks)


def _lessons_of(question_ids: set[int]) -> dict[int, list[Page]]:
    """The published lessons each question tests (`Question.lessons`), by question id."""
    links = Question.lessons.through.objects.filter(question_id__in=question_ids).values_list(
        "question_id", "lessonpage_id"
    )
    links = list(links)
    pages = {
        page.pk: page
        for page in Page.objects.filter(pk__in={page_id for _q, page_id in links})
        .live()
        .order_by("path")
        if is_open_to_learners(page)
    }
    by_question: dict[int, list[Page]] = {}
    for question_id, page_id in links:
        if page_id in pages:
            by_question.setdefault(question_id, []).append(pages[page_id])
    return by_question


def topic_scores(attempt: QuizAttempt) -> list[TopicScore]:
    """The attempt's marks by question category, in the quiz's order, each with the lessons
    tested by the questions not answered fully right. A question since deleted from the bank
    counts under "Other questions"."""
    slots = list(
        attempt.questions.select_related("question__category__parent").order_by("slot", "pk")
    )
    missed = {
        slot.question_id
        for slot in slots
        if slot.question_id and slot.mark is not None and not is_full_mark(slot.mark, slot.max_mark)
    }
    lessons = _lessons_of(missed) if missed else {}
    topics: dict[object, TopicScore] = {}
    for slot in slots:
        category = slot.question.category if slot.question else None
        key = category.pk if category else None
        topic = topics.get(key)
        if topic is None:
            # A subcategory is named with its parents ("投诉处理 / 案例论述").
            topic = topics[key] = TopicScore(str(category) if category else _("Other questions"))
        topic.questions += 1
        topic.max_marks += slot.max_mark
        if slot.mark is None:
            topic.awaiting += 1
        else:
            topic.marks += slot.mark
        if slot.question_id in missed:
            for page in lessons.get(slot.question_id, []):
                link = LessonLink(page.title, page.url)
                if link not in topic.lessons:
                    topic.lessons.append(link)
    return list(topics.values())


@dataclass(frozen=True)
class NextTry:
    """Whether and when the learner may take the quiz again, in words."""

    attempts_left: int | None  # None: no limit
    may_start: bool
    message: str
    resume_url: str = ""  # an attempt already open


def next_try(*, quiz: QuizPage, user: User, now: datetime.datetime | None = None) -> NextTry:
    """What the learner can do next about this quiz: nothing once they have passed it; else
    try again now (the quiz has no waiting time between attempts), finish the attempt they
    have open, or why they may not (every attempt used: their trainer decides; closed;
    prerequisites)."""
    now = now or timezone.now()
    used = attempts_counted(quiz=quiz, user=user)  # re-tests do not use up attempts
    left = max(0, quiz.max_attempts - used) if quiz.max_attempts else None
    passed = (
        QuizAttempt.objects.filter(quiz=quiz, user=user, passed=True)
        .order_by("number")
        .values_list("number", flat=True)
        .first()
    )
    if passed is not None:
        return NextTry(left, False, _("You passed this quiz on attempt %(n)d.") % {"n": passed})
    open_attempt = attempt_open_for(quiz=quiz, user=user)
    if open_attempt is not None:
        return NextTry(
            left,
            False,
            _("You have an attempt in progress."),
            reverse("quiz_attempt", args=[open_attempt.uuid]),
        )
    if left == 0:
        return NextTry(
            0,
            False,
            _(
                "No attempts left: you have used all %(n)d. Ask your trainer what happens "
                "next."
            )
            % {"n": quiz.max_attempts},
        )
    reason = quiz_closed_reason(quiz=quiz, user=user, now=now)
    if reason:
        return NextTry(left, False, reason)
    if quiz.closes_at:
        message = _("You may try again now, until %(closes)s.") % {"closes": _when(quiz.closes_at)}
    else:
        message = _("You may try again now.")
    return NextTry(left, True, message)
