"""A manager's view of one person: reads for the member page, and the panels apps add to it.

Every read takes the viewing user and refuses a person the viewer may not see
(`training.access` is the rule). The page itself shows what `training` owns — the person's
profile, assigned trainings and the learning-record timeline; producer apps add their own
sections (quiz attempts, role-play results) by registering a function with Wagtail's hooks,
so this app imports none of them:

    @hooks.register(MEMBER_PAGE_PANELS)
    def quiz_attempts_panel(*, viewer, member) -> MemberPanel | None: ...

and they say where a record of theirs can be opened (the result page the learner saw):

    @hooks.register(RECORD_LINKS)
    def attempt_links(*, viewer, records) -> dict[record id, url]: ...
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from wagtail import hooks

from training.access import can_view_user
from training.assignments import TrainingStatus, trainings_for_learner
from training.models import AgentProfile, LearningRecord, User
from training.records import records_for_person

MEMBER_PAGE_PANELS = "member_page_panels"
RECORD_LINKS = "learning_record_links"


@dataclass(frozen=True)
class MemberPanel:
    """One section of the member page, rendered from `template_name` with `context`.

    Panels are shown by `order` (lower first), after the trainings and before the timeline.
    """

    heading: str
    template_name: str
    context: dict[str, Any] = field(default_factory=dict)
    order: int = 100


def _check(viewer: User, member: User) -> None:
    if not can_view_user(viewer, member):
        raise PermissionDenied


def member_profile(*, viewer: User, member: User) -> AgentProfile | None:
    """The person's position, tier, hire date and team (None for people without a profile)."""
    _check(viewer, member)
    return AgentProfile.objects.select_related("team").filter(user=member).first()


def member_trainings(*, viewer: User, member: User) -> list[TrainingStatus]:
    """The person's assigned trainings with state and progress, exactly as their own
    "My training" shows them (unfinished first, soonest due first)."""
    _check(viewer, member)
    # The learner's own read, for the person it is about: the access check is above.
    return trainings_for_learner(viewer=member)


def member_records(*, viewer: User, member: User) -> QuerySet[LearningRecord]:
    """The person's learning records, newest first (the timeline and the export)."""
    return records_for_person(viewer=viewer, person=member).select_related("course")


def member_panels(*, viewer: User, member: User) -> list[MemberPanel]:
    """The sections that apps add to the member page for this viewer, in order."""
    _check(viewer, member)
    panels = []
    for panel_for in hooks.get_hooks(MEMBER_PAGE_PANELS):
        panel = panel_for(viewer=viewer, member=member)
        if panel is not None:
            panels.append(panel)
    return sorted(panels, key=lambda panel: panel.order)


def record_links(*, viewer: User, member: User, records: list[LearningRecord]) -> dict[int, str]:
    """Where each of `records` (all of `member`) can be opened, by record id, as the apps
    that wrote them say; a record no app links is left out."""
    _check(viewer, member)
    if any(record.user_id != member.pk for record in records):
        raise PermissionDenied
    links: dict[int, str] = {}
    for links_for in hooks.get_hooks(RECORD_LINKS):
        links.update(links_for(viewer=viewer, records=records))
    return links
