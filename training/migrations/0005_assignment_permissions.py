"""Trainers and administrators assign training in the Wagtail admin."""

from django.db import migrations

ASSIGNMENT_PERMISSIONS = ["add_assignment", "view_assignment", "delete_assignment"]
ROLES = ["trainer", "administrator"]


def grant(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    # Permissions are normally created after all migrations; make sure they exist now.
    app_config = apps.get_app_config("training")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.filter(
        content_type__app_label="training", codename__in=ASSIGNMENT_PERMISSIONS
    )
    for role in ROLES:
        group, _created = Group.objects.get_or_create(name=role)
        group.permissions.add(*permissions)


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.filter(
        content_type__app_label="training", codename__in=ASSIGNMENT_PERMISSIONS
    )
    for group in Group.objects.filter(name__in=ROLES):
        group.permissions.remove(*permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("training", "0004_assignments"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
