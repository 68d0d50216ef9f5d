"""Writes about people: creating and updating them, invitations."""

from __future__ import annotations

import dataclasses
import datetime
from dataclasses import dataclass

from allauth.account.utils import user_pk_to_url_str
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from training.branding import site_name
from training.i18n import in_site_language
from training.models import AgentProfile, Team, User
from training.roles import Role
from training.tokens import invitation_token_generator


def invitation_url(user: User) -> str:
    """A link on which the person sets their password (allauth's password-reset-from-key),
    valid for INVITATION_TIMEOUT rather than the hour a password reset lasts."""
    path = reverse(
        "account_reset_password_from_key",
        kwargs={
            "uidb36": user_pk_to_url_str(user),
            "key": invitation_token_generator.make_token(user),
        },
    )
    return f"{settings.SITE_URL}{path}"


def user_send_invitation(*, user: User, force: bool = False) -> bool:
    """E-mail the person a link to set their password; returns whether a mail went out.

    Idempotent: a person who was already invited is not invited again unless `force`
    (an administrator's "resend"), and nobody who has set a password is invited.
    """
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        if not user.is_active or (user.invited_at and not force) or user.has_usable_password():
            return False
        with in_site_language():
            context = {"user": user, "url": invitation_url(user), "site_name": site_name()}
            subject = render_to_string("training/email/invitation_subject.txt", context).strip()
            body = render_to_string("training/email/invitation_body.txt", context)
        send_mail(subject, body, None, [user.email])
        user.invited_at = timezone.now()
        user.save(update_fields=["invited_at"])
    return True


def queue_invitations(user_ids: list[int]) -> None:
    """Send invitations from the worker once the surrounding transaction has committed."""
    from training.tasks import send_invitation

    for user_id in user_ids:
        transaction.on_commit(lambda uid=user_id: send_invitation.delay(uid))


@dataclass(frozen=True)
class PersonData:
    """One person as HR describes them (a roster row, already validated)."""

    employee_no: str
    name: str
    email: str
    team: str
    position: str
    tier: str
    hire_date: datetime.date | None
    role: str


PERSON_FIELDS = ("name", "email", "team", "position", "tier", "hire_date", "role")


def _person_as_data(profile: AgentProfile) -> PersonData:
    user = profile.user
    roles = sorted(user.role_names)
    return PersonData(
        employee_no=profile.employee_no,
        name=user.name,
        email=user.email,
        team=profile.team.name if profile.team else "",
        position=profile.position,
        tier=profile.tier,
        hire_date=profile.hire_date,
        role=roles[0] if len(roles) == 1 else ",".join(roles),
    )


@transaction.atomic
def person_upsert(*, data: PersonData) -> tuple[User, str]:
    """Create or update one person by employee number.

    Returns (user, outcome) with outcome "created", "updated" or "unchanged".

    The person ends up with exactly the given role, in the given team (created if new);
    a manager is also made a manager of that team. Nothing is written when nothing changed.
    """
    email = data.email.strip().lower()
    profile = (
        AgentProfile.objects.select_related("user", "team")
        .filter(employee_no=data.employee_no)
        .first()
    )
    unchanged = profile is not None and _person_as_data(profile) == dataclasses.replace(
        data, email=email
    )
    if unchanged and (
        data.role != Role.MANAGER
        or profile.team is None
        or profile.team.managers.filter(pk=profile.user_id).exists()
    ):
        return profile.user, "unchanged"

    team = Team.objects.get_or_create(name=data.team)[0] if data.team else None
    if profile is None:
        user = User.objects.filter(email__iexact=email).first()
        if user is None:
            user = User.objects.create_user(email=email, name=data.name)  # no usable password yet
        profile = AgentProfile(user=user, employee_no=data.employee_no)
        outcome = "created"
    else:
        user = profile.user
        outcome = "updated"
    user.email = email
    user.name = data.name
    user.save()
    profile.position = data.position
    profile.tier = data.tier
    profile.hire_date = data.hire_date
    profile.team = team
    profile.save()

    role_groups = Group.objects.filter(name__in=Role.values)
    user.groups.remove(*role_groups.exclude(name=data.role))
    user.groups.add(Group.objects.get(name=data.role))
    if data.role == Role.MANAGER and team is not None:
        team.managers.add(user)
    elif data.role != Role.MANAGER:
        user.managed_teams.clear()
    if outcome == "created":
        _queue_new_hire_trainings(user.pk)
    return user, outcome


def _queue_new_hire_trainings(user_id: int) -> None:
    from training.tasks import give_new_hire_trainings

    transaction.on_commit(lambda: give_new_hire_trainings.delay(user_id))
