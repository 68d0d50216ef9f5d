"""Reads about people and teams. Each takes the viewing user: permission is part of the query."""

import datetime
from dataclasses import dataclass

from django.apps import apps
from django.core.paginator import Page as PaginatorPage
from django.core.paginator import Paginator
from django.db.models import Count, Max, Prefetch, QuerySet
from django.utils import timezone
from wagtail.models import Page

from training.access import visible_teams
from training.assignments import TrainingStatus, TrainingUpdate, training_order
from training.models import AgentProfile, AssignedTraining, LearningRecord, Team, User
from training.records import lessons_completed, results_for_person
from training.roles import Role

TEAMS_PER_PAGE = 10  # team sections on a page of the team page (an administrator sees all)


def teams_for_manager(*, viewer: User, team_ids: list[int] | None = None) -> QuerySet[Team]:
    """The teams the viewer manages (all teams for trainers and administrators), with members;
    only those of `team_ids` when given."""
    members = AgentProfile.objects.select_related("user").annotate(
        record_count=Count("user__learning_records"),
        last_activity=Max("user__learning_records__completed_at"),
    )
    teams = visible_teams(viewer)
    if team_ids is not None:
        teams = teams.filter(pk__in=team_ids)
    return (
        teams.prefetch_related(Prefetch("members", queryset=members), "managers")
        .annotate(member_count=Count("members", distinct=True))
        .order_by("name", "pk")
    )


def team_page(*, viewer: User, number=None, team=None) -> PaginatorPage:
    """One page of the team page's sections: up to TEAMS_PER_PAGE of the teams the viewer may
    see, by name (only `team`, a team's id, when given and visible), each with its members
    and their assigned trainings (`team.member_trainings`). Only the page's teams are read:
    an administrator of a centre with hundreds of teams gets ten at a time."""
    teams = visible_teams(viewer).order_by("name", "pk")
    if team not in (None, ""):
        try:
            teams = teams.filter(pk=int(team))
        except (TypeError, ValueError):
            teams = teams.none()
    shown = Paginator(teams.values_list("pk", flat=True), TEAMS_PER_PAGE).get_page(number)
    ids = list(shown.object_list)
    trainings = {
        entry.team.pk: entry.members
        for entry in team_training_overview(viewer=viewer, team_ids=ids)
    }
    shown.object_list = list(teams_for_manager(viewer=viewer, team_ids=ids))
    for each in shown.object_list:
        each.member_trainings = trainings.get(each.pk, [])
    return shown


def recent_results(*, viewer: User, limit: int = 10) -> list[LearningRecord]:
    """The viewer's own most recent results with a score or a verdict (quizzes, role-plays,
    courses): lesson completions, many a day, would push them out (see `lessons_summary`)."""
    return list(results_for_person(viewer=viewer, person=viewer).select_related("course")[:limit])


@dataclass(frozen=True)
class LessonsSummary:
    """The viewer's completed lessons in one line: this past week, and in all."""

    days: int
    recent: int
    total: int


def lessons_summary(*, viewer: User, days: int = 7) -> LessonsSummary:
    """How many lessons the viewer completed in the last `days` days, and in all."""
    since = timezone.now() - datetime.timedelta(days=days)
    return LessonsSummary(
        days=days,
        recent=lessons_completed(viewer=viewer, person=viewer, since=since),
        total=lessons_completed(viewer=viewer, person=viewer),
    )


def assignable_pages(*, viewer: User) -> QuerySet[Page]:
    """Live courses and programmes the viewer may assign (none for learners), by title.

    Assignable page types say so with `is_assignable = True`; this app does not import them.
    """
    if not viewer.is_authenticated or not viewer.has_role(
        Role.MANAGER, Role.TRAINER, Role.ADMINISTRATOR
    ):
        return Page.objects.none()
    models = [
        model
        for model in apps.get_models()
        if issubclass(model, Page) and getattr(model, "is_assignable", False)
    ]
    if not models:
        return Page.objects.none()
    return Page.objects.live().type(*models).order_by("title")


@dataclass(frozen=True)
class MemberTrainings:
    profile: AgentProfile
    trainings: list[TrainingStatus]

    @property
    def overdue_count(self) -> int:
        return sum(1 for training in self.trainings if training.overdue)


@dataclass(frozen=True)
class TeamTrainings:
    team: Team
    members: list[MemberTrainings]


def team_training_overview(
    *, viewer: User, team_ids: list[int] | None = None
) -> list[TeamTrainings]:
    """Each team the viewer may see (of `team_ids`, when given), with every member's assigned
    trainings and their state.

    Trainings are ordered as the learner sees them (unfinished first, soonest due first).
    """
    today = timezone.localdate()
    teams = visible_teams(viewer).order_by("name")
    if team_ids is not None:
        teams = teams.filter(pk__in=team_ids)
    teams = list(teams)
    profiles = (
        AgentProfile.objects.filter(team__in=teams)
        .select_related("user")
        .order_by("user__name", "employee_no")
    )
    rows = AssignedTraining.objects.filter(
        user__profile__team__in=teams, page__live=True
    ).select_related("page", "user")
    rows = list(rows)
    specific: dict[int, Page] = {}
    people: dict[int, list[User]] = {}
    for row in rows:
        if row.page_id not in specific:  # .specific is a query: once per page, not per row
            specific[row.page_id] = row.page.specific
        people.setdefault(row.page_id, []).append(row.user)
    # Progress per page for all its people at once (the assignable-page protocol).
    progress: dict[int, dict[int, tuple[int, int]]] = {}
    updates: dict[int, dict[int, TrainingUpdate]] = {}
    for page_id, users in people.items():
        page = specific[page_id]
        if hasattr(page, "progress_for_users"):
            progress[page_id] = page.progress_for_users(users)
        if hasattr(page, "updates_for_users"):
            updates[page_id] = page.updates_for_users(users)
    by_user: dict[int, list[TrainingStatus]] = {}
    for row in rows:
        done, total = progress.get(row.page_id, {}).get(row.user_id, (0, 0))
        update = updates.get(row.page_id, {}).get(row.user_id)
        status = TrainingStatus(row, specific[row.page_id], done, total, today, update)
        by_user.setdefault(row.user_id, []).append(status)
    members: dict[int, list[MemberTrainings]] = {team.pk: [] for team in teams}
    for profile in profiles:
        trainings = sorted(by_user.get(profile.user_id, []), key=training_order)
        members[profile.team_id].append(MemberTrainings(profile, trainings))
    return [TeamTrainings(team, members[team.pk]) for team in teams]
