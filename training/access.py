"""The one place that says who may see whom.

Learners see themselves; managers see the members of the teams they manage; trainers and
administrators see everyone (trainers review and report on all learners).
"""

from django.db.models import Q, QuerySet

from training.models import Team, User
from training.roles import Role


def sees_everyone(viewer: User) -> bool:
    return viewer.is_active and viewer.has_role(Role.TRAINER, Role.ADMINISTRATOR)


def visible_users(viewer: User) -> QuerySet[User]:
    if not viewer.is_authenticated or not viewer.is_active:
        return User.objects.none()
    if sees_everyone(viewer):
        return User.objects.all()
    if viewer.has_role(Role.MANAGER):
        return User.objects.filter(Q(pk=viewer.pk) | Q(profile__team__managers=viewer)).distinct()
    return User.objects.filter(pk=viewer.pk)


def visible_teams(viewer: User) -> QuerySet[Team]:
    if not viewer.is_authenticated or not viewer.is_active:
        return Team.objects.none()
    if sees_everyone(viewer):
        return Team.objects.all()
    return Team.objects.filter(managers=viewer)


def can_view_user(viewer: User, person: User) -> bool:
    return viewer.pk == person.pk or visible_users(viewer).filter(pk=person.pk).exists()


def can_view_team(viewer: User, team: Team) -> bool:
    return visible_teams(viewer).filter(pk=team.pk).exists()


def can_observe(observer: User, person: User) -> bool:
    """Who may assess a person at work (an on-the-job observation, a sign-off): a manager of
    the person's team, a trainer or an administrator; never the person themselves."""
    if observer.pk == person.pk or not observer.is_active:
        return False
    if sees_everyone(observer):
        return True
    return observer.has_role(Role.MANAGER) and can_view_user(observer, person)
