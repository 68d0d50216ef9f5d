"""The member page's quiz section: a person's submitted attempts, for those who may see them."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _

from quizzes.models import AttemptState, QuizAttempt
from training.access import can_view_user, visible_users
from training.models import User
from training.panels import SectionPanel


def submitted_attempts(*, viewer: User, member: User) -> QuerySet[QuizAttempt]:
    """Every submitted attempt of `member` (graded or awaiting grading), newest first."""
    if not can_view_user(viewer, member):
        raise PermissionDenied
    return (
        QuizAttempt.objects.filter(user=member)
        .exclude(state=AttemptState.IN_PROGRESS)
        .select_related("quiz")
        .order_by("-submitted_at", "-pk")
    )


def quiz_attempts_panel(*, viewer: User, member: User) -> SectionPanel:
    return SectionPanel(
        heading=_("Quiz and exam attempts"),
        template_name="quizzes/member/attempts_panel.html",
        context={"attempts": list(submitted_attempts(viewer=viewer, member=member))},
        order=10,
    )


def attempt_result_links(*, viewer: User, records: list) -> dict[int, str]:
    """The result page of each quiz attempt among `records` (the member page's records, as
    training hands them over) that the viewer may open."""
    attempt_type = ContentType.objects.get_for_model(QuizAttempt)
    people = {record.user_id for record in records}
    visible = set(visible_users(viewer).filter(pk__in=people).values_list("pk", flat=True))
    mine = [
        record
        for record in records
        if record.source_type_id == attempt_type.pk and record.user_id in visible
    ]
    uuids = dict(
        QuizAttempt.objects.filter(pk__in=[record.source_id for record in mine]).values_list(
            "pk", "uuid"
        )
    )
    return {
        record.pk: reverse("quiz_attempt_result", args=[uuids[int(record.source_id)]])
        for record in mine
        if int(record.source_id) in uuids
    }
