"""Helpers for data migrations that give roles their permissions."""


def _ensure_permissions(apps) -> None:
    # Permissions are normally created after all migrations have run; make sure they exist.
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None


def _permissions(apps, dotted_names: list[str]):
    Permission = apps.get_model("auth", "Permission")
    for dotted in dotted_names:
        app_label, codename = dotted.split(".")
        yield Permission.objects.get(content_type__app_label=app_label, codename=codename)


def grant_permissions(apps, grants: dict[str, list[str]]) -> None:
    """Give each group (created if missing) its permissions, named "app_label.codename"."""
    _ensure_permissions(apps)
    Group = apps.get_model("auth", "Group")
    for group_name, dotted_names in grants.items():
        group, _created = Group.objects.get_or_create(name=group_name)
        group.permissions.add(*_permissions(apps, dotted_names))


def revoke_permissions(apps, grants: dict[str, list[str]]) -> None:
    Group = apps.get_model("auth", "Group")
    for group in Group.objects.filter(name__in=grants):
        group.permissions.remove(*_permissions(apps, grants[group.name]))
