"""Trainers and administrators keep the site-wide service taboo phrases in the admin."""

from django.db import migrations

from training.migration_helpers import grant_permissions, revoke_permissions

GRANTS = {
    role: ["roleplay.change_taboosettings", "roleplay.view_taboosettings"]
    for role in ("trainer", "administrator")
}


def grant(apps, schema_editor):
    grant_permissions(apps, GRANTS)


def revoke(apps, schema_editor):
    revoke_permissions(apps, GRANTS)


class Migration(migrations.Migration):
    dependencies = [
        ("roleplay", "0005_taboo_phrases"),
        ("training", "0005_assignment_permissions"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
