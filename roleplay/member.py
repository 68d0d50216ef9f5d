"""The member page's role-play section: assessed results and the way to the skill profile."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from roleplay.models import AttemptMode, AttemptState, ScenarioAttempt
from training.access import can_view_user
from training.models import User
from training.panels import SectionPanel


def assessed_results(*, viewer: User, member: User) -> QuerySet[ScenarioAttempt]:
    """`member`'s finished assessed attempts (scored or awaiting review), newest first.

    Practice and play-tests are the learner's own and are not shown to others.
    """
    if not can_view_user(viewer, member):
        raise PermissionDenied
    return (
        ScenarioAttempt.objects.filter(user=member, mode=AttemptMode.ASSESSMENT, playtest=False)
        .exclude(state=AttemptState.IN_PROGRESS)
        .select_related("scenario")
        .order_by("-finished_at", "-pk")
    )


def roleplay_results_panel(*, viewer: User, member: User) -> SectionPanel:
    return SectionPanel(
        heading=_("Role-play results"),
        template_name="roleplay/member/results_panel.html",
        context={
            "member": member,
            "attempts": list(assessed_results(viewer=viewer, member=member)),
        },
        order=20,
    )
