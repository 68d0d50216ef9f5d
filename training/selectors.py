"""Reads about people and teams. Each takes the viewing user: permission is part of the query."""

from django.db.models import Count, Max, Prefetch, QuerySet

from training.access import visible_teams
from training.models import AgentProfile, LearningRecord, Team, User


def teams_for_manager(*, viewer: User) -> QuerySet[Team]:
    """The teams the viewer manages (all teams for trainers and administrators), with members."""
    members = AgentProfile.objects.select_related("user").annotate(
        record_count=Count("user__learning_records"),
        last_activity=Max("user__learning_records__completed_at"),
    )
    return (
        visible_teams(viewer)
        .prefetch_related(Prefetch("members", queryset=members), "managers")
        .annotate(member_count=Count("members", distinct=True))
    )


def recent_records(*, viewer: User, limit: int = 10) -> list[LearningRecord]:
    """The viewer's own most recent learning records."""
    return list(LearningRecord.objects.filter(user=viewer)[:limit])
