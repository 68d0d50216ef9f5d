"""Trainers and administrators keep the question bank and read quiz statistics in the admin."""

from django.db import migrations

from training.migration_helpers import grant_permissions, revoke_permissions

BANK_PERMISSIONS = [
    f"quizzes.{action}_{model}"
    for model in ("question", "questioncategory")
    for action in ("add", "change", "delete", "view")
]
# Statistics are read from attempts; seeing them is the attempt's view permission.
STATISTICS_PERMISSIONS = ["quizzes.view_quizattempt"]
ROLES = ["trainer", "administrator"]

GRANTS = {role: BANK_PERMISSIONS + STATISTICS_PERMISSIONS for role in ROLES}


def grant(apps, schema_editor):
    grant_permissions(apps, GRANTS)


def revoke(apps, schema_editor):
    revoke_permissions(apps, GRANTS)


class Migration(migrations.Migration):
    dependencies = [
        ("quizzes", "0001_initial"),
        ("training", "0005_assignment_permissions"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
