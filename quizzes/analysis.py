"""Item analysis of quizzes and of the question bank, read from graded attempts.

Which attempts count: each learner's *first graded attempt* at a quiz (Moodle's statistics
report offers first / highest / last / all; we fix the first). A later attempt is taken after
the learner has seen their result and feedback, so counting it makes questions look easier
than they are and blurs who knew the answer. Attempts still running or waiting for an essay to
be graded are left out. The figures themselves are `quizzes.statistics` (Moodle's formulas).

Every selector here reads with a bounded number of queries, whatever the number of questions.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.utils.translation import gettext as _

from quizzes.grading import response_summary
from quizzes.models import AttemptQuestion, AttemptState, Question, QuizAttempt, QuizPage
from quizzes.questions import (
    CUSTOMER,
    ESSAY,
    MATCHING,
    MULTIPLE,
    NUMERICAL,
    ORDERING,
    SHORT,
    SINGLE,
    TRUE_FALSE,
    normalise,
)
from quizzes.statistics import (
    QuestionStatistics,
    QuizStatistics,
    item_analysis,
    question_statistics,
)

# Flags the bank listing shows; "dubious" (low discriminative efficiency) is on the quiz report.
LISTING_FLAGS = ("too_easy", "too_hard", "negative_discrimination")


def flag_label(flag: str) -> str:
    return {
        "too_easy": _("Too easy"),
        "too_hard": _("Too hard"),
        "negative_discrimination": _("Negative discrimination"),
        "dubious": _("Low efficiency"),
    }.get(flag, flag)


@dataclass(frozen=True)
class OptionCount:
    """How often one option (or one distinct typed answer) was given."""

    text: str
    count: int
    share: float  # of the responses counted for the question, 0–1
    right: bool | None  # full credit; None when it is not one of the question's answers


@dataclass(frozen=True)
class QuestionFigures:
    """A question's item analysis over every quiz that drew it (see `question_figures`)."""

    attempts: int
    facility: float | None
    sd: float | None
    discrimination_index: float | None
    discriminative_efficiency: float | None
    flags: list[str] = field(default_factory=list)

    @property
    def facility_percent(self) -> float | None:
        return None if self.facility is None else round(100 * self.facility, 1)

    @property
    def listing_flags(self) -> list[str]:
        return [flag for flag in self.flags if flag in LISTING_FLAGS]


@dataclass(frozen=True)
class PositionReport:
    """One place in a quiz (a fixed question or a random draw) and what learners did there."""

    position: int
    names: list[str]
    question_ids: list[int]
    max_mark: float
    statistics: QuestionStatistics
    options: list[OptionCount]  # pooled over every question drawn here
    drawn: list[DrawnQuestion] = field(default_factory=list)

    @property
    def flags(self) -> list[str]:
        return self.statistics.flags

    @property
    def is_random(self) -> bool:
        return len(self.drawn) > 1


@dataclass(frozen=True)
class DrawnQuestion:
    """One question drawn at a position: how often, and the answers given to it."""

    question_id: int | None
    name: str
    count: int
    options: list[OptionCount]


@dataclass(frozen=True)
class QuizReport:
    quiz: QuizPage
    graded_attempts: int  # every graded attempt, counted or not
    statistics: QuizStatistics
    pass_mark: float  # in marks
    positions: list[PositionReport]

    @property
    def histogram(self) -> list[dict]:
        """The score histogram as bars: label, count and height relative to the tallest."""
        tallest = max(self.statistics.histogram, default=0) or 1
        return [
            {
                "label": f"{10 * i}–{10 * (i + 1)}%",
                "count": count,
                "height": round(100 * count / tallest),
            }
            for i, count in enumerate(self.statistics.histogram)
        ]


def counted_attempts(quiz: QuizPage | None = None) -> QuerySet[QuizAttempt]:
    """Each learner's first graded attempt at each quiz (or at `quiz`)."""
    first = (
        QuizAttempt.objects.filter(
            quiz=OuterRef("quiz"), user=OuterRef("user"), state=AttemptState.GRADED
        )
        .order_by("number", "pk")
        .values("pk")[:1]
    )
    attempts = QuizAttempt.objects.filter(state=AttemptState.GRADED)
    if quiz is not None:
        attempts = attempts.filter(quiz=quiz)
    return attempts.filter(pk=Subquery(first))


def _share(x: float, maximum: float) -> float:
    return x / maximum if maximum else 0.0


def question_figures(questions: Iterable[Question | int]) -> dict[int, QuestionFigures]:
    """Facility, SD, discrimination index and efficiency of each question, pooled over every
    quiz that drew it (counted attempts only, see the module docstring); one query.

    x is the question's mark and T the attempt's total. Quizzes weigh a question differently
    and differ in length, so x is taken as a share of the question's maximum and the rest of
    the test (T − x) as a share of the rest's maximum before pooling; within one quiz this
    changes no figure. Questions never answered in a counted attempt are left out.
    """
    ids = [q if isinstance(q, int) else q.pk for q in questions]
    if not ids:
        return {}
    rows = AttemptQuestion.objects.filter(
        question_id__in=ids, attempt__in=counted_attempts()
    ).values_list("question_id", "mark", "max_mark", "attempt__marks", "attempt__max_marks")
    xs: dict[int, list[float]] = defaultdict(list)
    totals: dict[int, list[float]] = defaultdict(list)
    for question_id, mark, max_mark, total, total_max in rows:
        mark = mark or 0.0
        x = _share(mark, max_mark)
        rest = _share((total or 0.0) - mark, (total_max or 0.0) - max_mark)
        xs[question_id].append(x)
        totals[question_id].append(x + rest)
    figures = {}
    for question_id, x in xs.items():
        stats = question_statistics(x, totals[question_id], 1.0)
        figures[question_id] = QuestionFigures(
            attempts=len(x),
            facility=stats.facility,
            sd=stats.sd,
            discrimination_index=stats.discrimination_index,
            discriminative_efficiency=stats.discriminative_efficiency,
            flags=stats.flags,
        )
    return figures


def option_frequencies(slots: Iterable[tuple[dict, dict, object]]) -> list[OptionCount]:
    """How often each option was chosen, from (snapshot, layout, response) triples of one
    question: each ticked option for multiple choice (options never chosen listed with 0, in
    the question's order); each distinct normalised answer for short answers and numbers, each
    stem's pairing for matching and each order for ordering (most frequent first); "No answer"
    counts empty responses. `share` is of all responses, so ticks can add up to more than 1."""
    counts: Counter[str] = Counter()
    right: dict[str, bool | None] = {}
    options: list[str] = []  # the question's own options, in its order
    given: list[str] = []  # anything else learners gave
    responses = 0

    def note(text: str, is_right: bool | None, *, option: bool = False) -> None:
        if text not in right:
            (options if option else given).append(text)
            right[text] = is_right

    for snap, layout, response in slots:
        qtype = snap.get("type")
        if qtype == ESSAY:
            continue
        responses += 1
        answers = snap.get("answers", [])
        by_key = {a["key"]: a for a in answers}
        labels = {"true": _("True"), "false": _("False")} if qtype == TRUE_FALSE else {}
        if qtype in {SINGLE, MULTIPLE, CUSTOMER, TRUE_FALSE}:
            for answer in answers:
                text = labels.get(answer["key"], answer["text"])
                note(text, answer["fraction"] >= 0.999, option=True)
        if response in (None, "", [], {}):
            counts[""] += 1
        elif qtype in {SINGLE, MULTIPLE, CUSTOMER, TRUE_FALSE}:
            for key in response if isinstance(response, list) else [response]:
                if key in by_key:
                    counts[labels.get(key, by_key[key]["text"])] += 1
        elif qtype in {SHORT, NUMERICAL}:
            text = normalise(str(response)) if qtype == SHORT else str(response).strip()
            note(text, None)
            counts[text] += 1
        elif qtype == MATCHING and isinstance(response, dict):
            choices = layout.get("choices", [])
            for stem, choice in response.items():
                if stem in by_key and str(choice).isdigit() and int(choice) < len(choices):
                    picked = choices[int(choice)]
                    text = f"{by_key[stem]['text']} → {picked}"
                    note(text, picked == by_key[stem]["match"])
                    counts[text] += 1
        elif qtype == ORDERING:
            text = response_summary(snap, layout, response)
            note(text, None)
            counts[text] += 1
    order = options + sorted(given, key=lambda t: -counts[t])
    if counts[""]:
        order.append("")
        right[""] = None
    return [
        OptionCount(
            text=text or _("No answer"),
            count=counts[text],
            share=counts[text] / responses if responses else 0.0,
            right=right[text],
        )
        for text in order
    ]


def question_option_frequencies(question: Question) -> list[OptionCount]:
    """`option_frequencies` of one question over the counted attempts of every quiz."""
    slots = AttemptQuestion.objects.filter(
        question=question, attempt__in=counted_attempts()
    ).values_list("snapshot", "layout", "response")
    return option_frequencies(slots)


def quiz_statistics(quiz: QuizPage) -> QuizReport:
    """The quiz's item analysis by question slot (its place in the quiz, the same in every
    attempt however the questions were shuffled) over its counted attempts (each learner's
    first graded attempt); two queries. A position that drew different questions (a random
    draw) is analysed as one item, as Moodle does for random slots."""
    graded = QuizAttempt.objects.filter(quiz=quiz, state=AttemptState.GRADED).count()
    rows = AttemptQuestion.objects.filter(attempt__in=counted_attempts(quiz)).values_list(
        "attempt_id",
        "slot",
        "question_id",
        "mark",
        "max_mark",
        "snapshot",
        "layout",
        "response",
    )
    marks: dict[int, dict[int, float]] = defaultdict(dict)
    max_marks: dict[int, float] = {}
    names: dict[int, dict[int | None, str]] = defaultdict(dict)
    slots: dict[int, list[tuple]] = defaultdict(list)
    by_question: dict[int, dict[int | None, list[tuple]]] = defaultdict(lambda: defaultdict(list))
    for attempt_id, position, question_id, mark, max_mark, snap, layout, response in rows:
        marks[attempt_id][position] = mark or 0.0
        max_marks[position] = max(max_marks.get(position, 0.0), max_mark)
        names[position].setdefault(question_id, snap.get("name") or snap.get("text", "")[:60])
        slots[position].append((snap, layout, response))
        by_question[position][question_id].append((snap, layout, response))
    positions = sorted(max_marks)
    matrix = [
        [max(-max_marks[p], min(max_marks[p], by_position.get(p, 0.0))) for p in positions]
        for by_position in marks.values()
    ]
    maxima = [max_marks[p] for p in positions]
    pass_mark = sum(maxima) * quiz.pass_mark / 100
    stats = item_analysis(matrix, maxima, pass_mark=pass_mark)
    return QuizReport(
        quiz=quiz,
        graded_attempts=graded,
        statistics=stats,
        pass_mark=pass_mark,
        positions=[
            PositionReport(
                position=p,
                names=list(names[p].values()),
                question_ids=[q for q in names[p] if q is not None],
                max_mark=max_marks[p],
                statistics=stats.questions[j],
                options=option_frequencies(slots[p]),
                drawn=sorted(
                    (
                        DrawnQuestion(
                            question_id=q,
                            name=names[p][q],
                            count=len(answers),
                            options=option_frequencies(answers),
                        )
                        for q, answers in by_question[p].items()
                    ),
                    key=lambda d: (-d.count, d.name),
                ),
            )
            for j, p in enumerate(positions)
        ],
    )


def quizzes_with_attempts() -> QuerySet[QuizPage]:
    """Every quiz with its number of graded attempts and of learners who have one."""
    graded = Q(attempts__state=AttemptState.GRADED)
    return QuizPage.objects.annotate(
        graded_attempts=Count("attempts", filter=graded),
        learners=Count("attempts__user", filter=graded, distinct=True),
    ).order_by("-graded_attempts", "title")
