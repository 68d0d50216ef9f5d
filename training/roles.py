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


# Roles that work in the Wagtail admin. Learners and managers never see it.
ADMIN_ROLES = frozenset({Role.TRAINER, Role.ADMINISTRATOR})

# Who opens the team overview (/team/): managers see their own teams, administrators all.
TEAM_OVERVIEW_ROLES = (Role.MANAGER, Role.ADMINISTRATOR)
