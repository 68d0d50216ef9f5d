"""The senior_trainer group and the "Senior trainer approval" workflow for course pages.

The workflow is attached to the course catalogue by `courses.services.catalog_ensure`,
which runs when the catalogue is created (the catalogue does not exist at migration time).
"""

from django.db import migrations

from training.migration_helpers import grant_permissions

SENIOR_TRAINER = "senior_trainer"
WORKFLOW_NAME = "Senior trainer approval"
TASK_NAME = "Senior trainer review"

# Senior trainers review in the Wagtail admin and may fix images and documents there.
SENIOR_TRAINER_PERMISSIONS = [
    "wagtailadmin.access_admin",
    "wagtailimages.add_image",
    "wagtailimages.change_image",
    "wagtailimages.choose_image",
    "wagtaildocs.add_document",
    "wagtaildocs.change_document",
    "wagtaildocs.choose_document",
]


def create_workflow(apps, schema_editor):
    grant_permissions(apps, {SENIOR_TRAINER: SENIOR_TRAINER_PERMISSIONS})
    group = apps.get_model("auth", "Group").objects.get(name=SENIOR_TRAINER)
    ContentType = apps.get_model("contenttypes", "ContentType")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")

    task_type, _ = ContentType.objects.get_or_create(
        app_label="wagtailcore", model="groupapprovaltask"
    )
    task = GroupApprovalTask.objects.filter(name=TASK_NAME).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=TASK_NAME, content_type=task_type)
    task.groups.add(group)
    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW_NAME)
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})


def remove_workflow(apps, schema_editor):
    apps.get_model("wagtailcore", "Workflow").objects.filter(name=WORKFLOW_NAME).delete()
    apps.get_model("wagtailcore", "Task").objects.filter(name=TASK_NAME).delete()
    apps.get_model("auth", "Group").objects.filter(name=SENIOR_TRAINER).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("courses", "0001_course_pages"),
        ("training", "0003_roles"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
    ]
    operations = [migrations.RunPython(create_workflow, remove_workflow)]
