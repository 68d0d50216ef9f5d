"""Trainers and administrators assign training in the Wagtail admin."""

from django.db import migrations

from training.migration_helpers import grant_permissions, revoke_permissions

ASSIGNMENT_PERMISSIONS = ["add_assignment", "view_assignment", "delete_assignment"]
ROLES = ["trainer", "administrator"]


GRANTS = {role: [f"training.{codename}" for codename in ASSIGNMENT_PERMISSIONS] for role in ROLES}


def grant(apps, schema_editor):
    grant_permissions(apps, GRANTS)


def revoke(apps, schema_editor):
    revoke_permissions(apps, GRANTS)


class Migration(migrations.Migration):
    dependencies = [
        ("training", "0004_assignments"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
