"""A manager's view of one person: reads for the member page, and what apps add to it.

Every read takes the viewing user and refuses a person the viewer may not see
(`training.access` is the rule). The page itself shows what `training` owns — the person's
profile, assigned trainings and the learning-record timeline; producer apps add their own
sections (quiz attempts, role-play results) through the shared pages' hook convention
(`training.panels`, hook `construct_member_page`), so this app imports none of them.

Apps also say where a record of theirs can be opened (the result page the learner saw):

    @hooks.register(RECORD_LINKS)
    def attempt_links(*, viewer, records) -> dict[record id, url]: ...
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest
from wagtail import hooks

from training.access import can_view_user
from training.assignments import TrainingStatus, trainings_for_learner
from training.models import AgentProfile, LearningRecord, User
from training.panels import MEMBER_PAGE, SharedPage, page_context
from training.records import records_for_person

RECORD_LINKS = "learning_record_links"


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


def member_page_items(*, request: HttpRequest, member: User) -> dict:
    """What apps add to `member`'s page for the viewer (`construct_member_page` hooks), as
    template context: rendered `panels`, `links`."""
    _check(request.user, member)
    return page_context(MEMBER_PAGE, SharedPage(request, member=member))


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
