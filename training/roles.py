"""Roles are Django groups; these are their stable names and their labels.

The group names are identifiers (never shown); people see the translated labels.
"""

from django.db import models
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
