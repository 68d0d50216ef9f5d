"""The question bank's services: questions to and from plain data, saving them all-or-nothing."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from django.db import transaction

from quizzes.models import Answer, Question, QuestionCategory
from quizzes.questions import AnswerData, QuestionData, question_problems, snapshot
from training.models import User

EXTRA_FIELDS = (
    "channel",
    "customer_name",
    "order_number",
    "order_product",
    "order_status",
    "order_date",
    "response_template",
    "grader_info",
    "shuffle_options",
)


def question_data(question: Question) -> QuestionData:
    """A bank question as plain data (its answers in their order), with its place in the bank:
    category path and tags."""
    data = _question_content(question)
    data.category = [c.name for c in question.category.lineage()]
    data.tags = [t.name for t in question.tags.all()]
    return data


def _question_content(question: Question) -> QuestionData:
    """The question itself, without its place in the bank (a snapshot does not need it)."""
    return QuestionData(
        qtype=question.qtype,
        text=question.text,
        name=question.name,
        general_feedback=question.general_feedback,
        text_format=question.text_format,
        default_mark=float(question.default_mark),
        answers=[
            AnswerData(
                text=a.text,
                fraction=float(a.fraction),
                feedback=a.feedback,
                match_text=a.match_text,
                tolerance=None if a.tolerance is None else float(a.tolerance),
            )
            for a in question.answers.all()
        ],
        extra={name: getattr(question, name) for name in EXTRA_FIELDS},
    )


def question_snapshot(question: Question, *, mark: float | None = None) -> dict:
    """The question frozen for an attempt (see `quizzes.questions.snapshot`)."""
    data = _question_content(question)
    extra = {
        "question_id": question.pk,
        "response_template": question.response_template,
        "grader_info": question.grader_info,
    }
    if question.qtype == "customer_message":
        extra["customer"] = {
            "channel": question.channel,
            "channel_label": question.get_channel_display() if question.channel else "",
            "name": question.customer_name,
            "order_number": question.order_number,
            "product": question.order_product,
            "status": question.order_status,
            "date": question.order_date.isoformat() if question.order_date else "",
        }
    return snapshot(data, mark=float(question.default_mark if mark is None else mark), extra=extra)


def category_for_path(path: list[str]) -> QuestionCategory:
    """The category at this path of names (top first), made where missing."""
    parent = None
    for name in path:
        parent, _created = QuestionCategory.objects.get_or_create(
            parent=parent, name=name.strip()[:200]
        )
    if parent is None:
        raise ValueError("A category path needs at least one name.")
    return parent


@transaction.atomic
def questions_save(
    *,
    questions: list[QuestionData],
    category: QuestionCategory | None = None,
    user: User | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> list[Question]:
    """Add these questions to the bank, all or none. Each goes to its own category path if it
    names one, else to `category`. Raises ValueError when a question breaks its type's rules
    (importers check first, so that every problem is reported together).
    `progress(done, total)` is told after each question."""
    created = []
    for data in questions:
        problems = question_problems(data)
        if problems:
            raise ValueError(f"{data.name or data.text[:40]}: {' '.join(problems)}")
        target = category_for_path(data.category) if data.category else category
        if target is None:
            raise ValueError("No category for the question.")
        question = Question(
            category=target,
            qtype=data.qtype,
            name=(data.name or next((line for line in data.text.splitlines() if line.strip()), ""))[
                :255
            ],
            text=data.text,
            text_format=data.text_format,
            general_feedback=data.general_feedback,
            default_mark=Decimal(str(data.default_mark)),
            created_by=user,
            **{k: v for k, v in data.extra.items() if k in EXTRA_FIELDS},
        )
        question.answers = [
            Answer(
                text=a.text,
                fraction=Decimal(str(round(a.fraction, 5))),
                feedback=a.feedback,
                match_text=a.match_text,
                tolerance=None if a.tolerance is None else Decimal(str(a.tolerance)),
                sort_order=index,
            )
            for index, a in enumerate(data.answers)
        ]
        question.save()
        if data.tags:
            question.tags.add(*data.tags)
            question.save()
        created.append(question)
        if progress is not None:
            progress(len(created), len(questions))
    return created
