"""Assigning training: services that write assignments, selectors that read them.

The training assigned is a Wagtail page (a course or a programme). This module does not
import the courses app: assignable pages say so with `is_assignable = True` and report a
person's progress through `progress_for(user) -> (done, total)`, and many people's at once
through `progress_for_users(users) -> {user id: (done, total)}` (the team page).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.models import Page

from training.access import sees_everyone, visible_teams
from training.models import AgentProfile, AssignedTraining, Assignment, Team, User
from training.notifications import Event, notify
from training.roles import Role


def _is_assignable(page: Page) -> bool:
    return bool(getattr(page.specific, "is_assignable", False))


def audience_for(assignment: Assignment) -> QuerySet[User]:
    """Everyone the assignment applies to now (active accounts only)."""
    filters = Q()
    team_ids = list(assignment.teams.values_list("pk", flat=True))
    if team_ids:
        filters &= Q(profile__team__in=team_ids)
    if assignment.positions:
        filters &= Q(profile__position__in=assignment.positions)
    if assignment.tiers:
        filters &= Q(profile__tier__in=assignment.tiers)
    matches = Q(pk__in=assignment.people.values("pk"))
    if filters:
        matches |= filters & Q(profile__isnull=False)
    return User.objects.filter(matches, is_active=True).distinct()


def due_on_for(assignment: Assignment, user: User) -> datetime.date | None:
    if assignment.due_date:
        return assignment.due_date
    if assignment.due_days_after_hire is None:
        return None
    hired = (
        AgentProfile.objects.filter(user=user).values_list("hire_date", flat=True).first()
        or timezone.localdate()
    )
    return hired + datetime.timedelta(days=assignment.due_days_after_hire)


def _give(assignment: Assignment, users: Iterable[User], *, tell: bool = True) -> int:
    """Create or tighten each person's assigned training; returns how many rows changed.
    `tell`: notify each person of a training new to them (off when the caller tells them)."""
    changed = 0
    for user in users:
        due_on = due_on_for(assignment, user)
        row, created = AssignedTraining.objects.get_or_create(
            user=user, page=assignment.page, defaults={"assignment": assignment, "due_on": due_on}
        )
        if created:
            changed += 1
            if tell:
                _notify_assigned(row)
        elif due_on and (row.due_on is None or due_on < row.due_on):
            row.assignment, row.due_on = assignment, due_on
            row.save(update_fields=["assignment", "due_on"])
            changed += 1
    return changed


def _notify_assigned(row: AssignedTraining) -> None:
    params = {"title": row.page.title, "due": row.due_on.isoformat() if row.due_on else ""}
    notify(
        user=row.user,
        event=Event.TRAINING_ASSIGNED,
        key=row.pk,
        title=gettext_lazy("New training for you: %(title)s"),
        body=(
            gettext_lazy("“%(title)s” has been assigned to you. Please complete it by %(due)s.")
            if row.due_on
            else gettext_lazy("“%(title)s” has been assigned to you.")
        ),
        url=reverse("my_training"),
        params=params,
    )


def _check_manager_scope(*, by: User, teams: list[Team], people: list[User]) -> None:
    if sees_everyone(by):
        return
    if not by.has_role(Role.MANAGER):
        raise PermissionDenied
    mine = set(visible_teams(by).values_list("pk", flat=True))
    if not teams and not people:
        raise PermissionDenied
    if any(team.pk not in mine for team in teams):
        raise PermissionDenied
    member_teams = AgentProfile.objects.filter(user__in=people).values_list("team_id", flat=True)
    if len(people) != AgentProfile.objects.filter(user__in=people).count() or any(
        team_id not in mine for team_id in member_teams
    ):
        raise PermissionDenied


@transaction.atomic
def assignment_create(
    *,
    page: Page,
    assigned_by: User,
    teams: Iterable[Team] = (),
    positions: Iterable[str] = (),
    tiers: Iterable[str] = (),
    people: Iterable[User] = (),
    due_date: datetime.date | None = None,
    due_days_after_hire: int | None = None,
    include_new_hires: bool = False,
) -> Assignment:
    """Assign a course or programme and give it to everyone in the audience now.

    Trainers and administrators assign to anyone; managers only to their own teams and the
    members of those teams. Refuses an audience that names nobody, or two kinds of due date.
    """
    teams, people = list(teams), list(people)
    positions, tiers = sorted(set(positions)), sorted(set(tiers))
    if not _is_assignable(page):
        raise ValidationError(_("Only a course or a programme can be assigned."))
    if not (teams or positions or tiers or people):
        raise ValidationError(_("Choose who the training is for."))
    if due_date and due_days_after_hire is not None:
        raise ValidationError(_("Give either a due date or a number of days, not both."))
    _check_manager_scope(by=assigned_by, teams=teams, people=people)
    if not sees_everyone(assigned_by) and (positions or tiers) and not teams:
        raise PermissionDenied  # a manager's position/tier filter applies within their teams

    assignment = Assignment.objects.create(
        page=page,
        positions=positions,
        tiers=tiers,
        due_date=due_date,
        due_days_after_hire=due_days_after_hire,
        include_new_hires=include_new_hires,
        assigned_by=assigned_by,
    )
    assignment.teams.set(teams)
    assignment.people.set(people)
    _give(assignment, audience_for(assignment))
    return assignment


@transaction.atomic
def assignment_create_automatic(
    *,
    page: Page,
    people: Iterable[User],
    due_date: datetime.date | None = None,
    tell: bool = True,
) -> Assignment:
    """An assignment nobody made by hand (`assigned_by` empty): another app's rule gives a
    course or programme to these people, e.g. certification's renewal path when a
    recertification window opens. Not idempotent by itself: the caller runs it once per
    occasion. `tell=False` when the caller notifies the people itself (one notification).
    Refuses a page that cannot be assigned."""
    people = list(people)
    if not _is_assignable(page):
        raise ValidationError(_("Only a course or a programme can be assigned."))
    if not people:
        raise ValidationError(_("Choose who the training is for."))
    assignment = Assignment.objects.create(page=page, due_date=due_date)
    assignment.people.set(people)
    _give(assignment, [person for person in people if person.is_active], tell=tell)
    return assignment


def training_updates_for(*, page: Page, users: Iterable[User]) -> dict[int, TrainingUpdate]:
    """Re-training owed on an assignable page (a course) after a change that required it, by
    user id: what is new or changed and by when. Read through the assignable-page protocol
    (`updates_for_users`), so this app and its callers never import the page's app."""
    return _updates(page.specific, list(users))


@transaction.atomic
def assignments_give_new_hire(*, user: User) -> int:
    """Give a newly arrived person every standing assignment for new hires that matches them.

    Not one whose due date (counted from the hire date) had passed before the assignment was
    set up: the person was on staff already (a veteran added to the roster later), not a new
    hire it is meant for. Idempotent: running it again changes nothing. Returns how many
    trainings were given.
    """
    standing = Assignment.objects.filter(include_new_hires=True).order_by("created_at")
    given = 0
    for assignment in standing:
        due_on = due_on_for(assignment, user)
        if due_on is not None and due_on < timezone.localdate(assignment.created_at):
            continue
        if audience_for(assignment).filter(pk=user.pk).exists():
            given += _give(assignment, [user])
    return given


@dataclass(frozen=True)
class TrainingUpdate:
    """Re-training owed on a completed course: the new or changed items, and by when."""

    new: int
    changed: int
    due_on: datetime.date
    page_ids: tuple[int, ...] = ()
    # All of them lessons ("1 new lesson"); otherwise a quiz or scenario is among them ("item").
    lessons_only: bool = True

    @property
    def count(self) -> int:
        return self.new + self.changed


@dataclass(frozen=True)
class TrainingStatus:
    """A person's assigned course or programme, as "My training" shows it.

    A completed training stays completed; re-training a trainer required after a change is
    shown beside it (`update`) with its own due date, never by reopening the whole training.
    """

    assigned: AssignedTraining
    page: Page
    done: int
    total: int
    today: datetime.date
    update: TrainingUpdate | None = None

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0

    @property
    def completed(self) -> bool:
        return self.total > 0 and self.done >= self.total

    @property
    def is_open(self) -> bool:
        """Something is left to do: not completed yet, or re-training is owed."""
        return not self.completed or self.update is not None

    @property
    def due_on(self) -> datetime.date | None:
        if self.update is not None:
            return self.update.due_on
        return None if self.completed else self.assigned.due_on

    @property
    def overdue(self) -> bool:
        return self.is_open and self.due_on is not None and self.due_on < self.today

    @property
    def resume_url(self) -> str:
        return self.page.resume_url_for(self.assigned.user) if self.total else self.page.url

    @property
    def state(self) -> str:
        if self.overdue:
            return "overdue"
        if self.update is not None:
            return "updated"
        if self.completed:
            return "completed"
        return "in_progress" if self.done else "not_started"


def training_order(status: TrainingStatus) -> tuple:
    """Open first, soonest due first, then by title."""
    return (not status.is_open, status.due_on or datetime.date.max, status.page.title)


def _updates(page: Page, users: list[User]) -> dict[int, TrainingUpdate]:
    """Re-training owed per user id, through the assignable-page protocol (if the page has it)."""
    if hasattr(page, "updates_for_users"):
        return page.updates_for_users(users)
    return {}


def trainings_for_learner(*, viewer: User) -> list[TrainingStatus]:
    """The viewer's own assigned trainings with progress, soonest due first."""
    today = timezone.localdate()
    rows = AssignedTraining.objects.filter(user=viewer).select_related("page")
    statuses = []
    for row in rows:
        page = row.page.specific
        if not page.live:
            continue
        done, total = page.progress_for(viewer) if hasattr(page, "progress_for") else (0, 0)
        update = _updates(page, [viewer]).get(viewer.pk)
        statuses.append(TrainingStatus(row, page, done, total, today, update))
    return sorted(statuses, key=training_order)


def continue_with(statuses: list[TrainingStatus], *, viewer: User) -> TrainingStatus | None:
    """ "Continue where I left off": the unfinished training the person last worked on."""
    started = [
        (status.page.last_activity_for(viewer), status)
        for status in statuses
        if status.is_open and hasattr(status.page, "last_activity_for")
    ]
    started = [(when, status) for when, status in started if when is not None]
    if not started:
        return None
    return max(started, key=lambda pair: pair[0])[1]


def assigned_page_ids(*, user: User, pages: Iterable[Page | int]) -> set[int]:
    """Internal read. The ids of those pages (courses or programmes, or their ids) assigned to
    `user`: for a rule that depends on what a person was given (evaluating a programme
    rather than its courses)."""
    ids = [getattr(page, "pk", page) for page in pages]
    if not ids:
        return set()
    rows = AssignedTraining.objects.filter(user=user, page_id__in=ids)
    return set(rows.values_list("page_id", flat=True))
