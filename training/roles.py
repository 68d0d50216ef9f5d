"""Roles are Django groups; these are their stable names and their labels.

The group names are identifiers (never shown); people see the translated labels.
"""

from django.contrib.auth import get_user_model
from django.db import models
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    LEARNER = "learner", _("Learner")
    TRAINER = "trainer", _("Trainer")
    MANAGER = "manager", _("Manager")
    ADMINISTRATOR = "administrator", _("Administrator")


# Other groups shown by name in the admin (e.g. on a person's roles): the ones apps add
# (courses' senior trainers, via group_label_register) and the two Wagtail creates.
_GROUP_LABELS = {"Editors": _("Editors"), "Moderators": _("Moderators")}


def group_label_register(name: str, label) -> None:
    """Give a group an app creates a translated label; the group's name stays its id."""
    _GROUP_LABELS[name] = label


def group_label(name: str) -> str:
    """A group as people read it: its role's label, a registered label, or its name."""
    if name in Role.values:
        return str(Role(name).label)
    return str(_GROUP_LABELS.get(name, name))


# Roles that work in the Wagtail admin. Learners and managers never see it.
ADMIN_ROLES = frozenset({Role.TRAINER, Role.ADMINISTRATOR})

# Who opens the team overview (/team/): managers see their own teams, administrators all.
TEAM_OVERVIEW_ROLES = (Role.MANAGER, Role.ADMINISTRATOR)

# Roles that make a person staff rather than an agent (the people trained and measured):
# reports neither count them as people to cover nor compare the trained with them.
STAFF_ROLES = (Role.MANAGER, Role.TRAINER, Role.ADMINISTRATOR)


def holds_staff_role(person: str = "pk") -> Exists:
    """Whether a person holds one of `STAFF_ROLES`, as an expression of a query on people:
    `person` names the person in that query ("pk" for users, "user_id" for agent profiles).
    Annotate with it (`staff=holds_staff_role("user_id")`), or keep the agents with
    `.filter(~holds_staff_role(...))`. Group membership only: a superuser with no staff
    group counts as an agent here (unlike `User.has_role`)."""
    memberships = get_user_model().groups.through.objects
    return Exists(memberships.filter(user_id=OuterRef(person), group__name__in=STAFF_ROLES))
