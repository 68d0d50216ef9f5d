"""The member page's quiz section: a person's submitted attempts, for those who may see them."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from quizzes.models import AttemptState, QuizAttempt
from training.access import can_view_user
from training.member import MemberPanel
from training.models import User


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


def quiz_attempts_panel(*, viewer: User, member: User) -> MemberPanel:
    return MemberPanel(
        heading=_("Quiz and exam attempts"),
        template_name="quizzes/member/attempts_panel.html",
        context={"attempts": list(submitted_attempts(viewer=viewer, member=member))},
        order=10,
    )
