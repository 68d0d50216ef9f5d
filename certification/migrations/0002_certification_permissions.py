"""Trainers and administrators author certification programmes and see certificates;
administrators revoke them by hand
(their own form, with a reason; never a plain edit)."""

from django.db import migrations

from training.migration_helpers import grant_permissions, revoke_permissions

PROGRAMME = [
    f"certification.{action}_certificationprogramme"
    for action in ("add", "change", "delete", "view")
]
GRANTS = {
    "trainer": [*PROGRAMME, "certification.view_certificate"],
    "administrator": [
        *PROGRAMME,
        "certification.view_certificate",
    ],
}


def grant(apps, schema_editor):
    grant_permissions(apps, GRANTS)


def revoke(apps, schema_editor):
    revoke_permissions(apps, GRANTS)


class Migration(migrations.Migration):
    dependencies = [
        ("certification", "0001_initial"),
        ("training", "0003_roles"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
