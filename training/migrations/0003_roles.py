"""Create the four role groups with their permissions."""

from django.db import migrations

from training.migration_helpers import grant_permissions

# Which permissions each role holds, as "app_label.codename". Trainers and administrators
# get into the Wagtail admin; learners and managers never do.
ROLE_PERMISSIONS = {
    "learner": [],
    "manager": [
        "training.view_team",
        "training.view_agentprofile",
        "training.view_learningrecord",
    ],
    "trainer": [
        "wagtailadmin.access_admin",
        "training.view_team",
        "training.view_agentprofile",
        "training.view_learningrecord",
        "wagtailimages.add_image",
        "wagtailimages.change_image",
        "wagtailimages.choose_image",
        "wagtaildocs.add_document",
        "wagtaildocs.change_document",
        "wagtaildocs.choose_document",
    ],
    "administrator": [
        "wagtailadmin.access_admin",
        "training.add_user",
        "training.change_user",
        "training.view_user",
        "training.add_team",
        "training.change_team",
        "training.delete_team",
        "training.view_team",
        "training.add_agentprofile",
        "training.change_agentprofile",
        "training.view_agentprofile",
        "training.view_learningrecord",
        "training.import_roster",
        "auth.view_group",
    ],
}


def create_roles(apps, schema_editor):
    grant_permissions(apps, ROLE_PERMISSIONS)


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLE_PERMISSIONS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("training", "0002_learning_record"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]
    operations = [migrations.RunPython(create_roles, remove_roles)]
