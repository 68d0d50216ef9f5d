"""Approval workflows and tasks named in the interface's language.

Wagtail shows a workflow's and a task's name as stored ("提交给Senior trainer approval"),
so they are named in Chinese, the site's language; an administrator may rename them.
Wagtail's own "Moderators approval" workflow and task are renamed as well.
"""

from django.db import migrations

RENAMES = {
    "Workflow": {
        "Senior trainer approval": "高级培训师审批",
        "Moderators approval": "审核员审批",
    },
    "Task": {
        "Senior trainer review": "高级培训师审核",
        "Moderators approval": "审核员审批",
    },
}


def rename(apps, schema_editor, reverse=False):
    for model_name, names in RENAMES.items():
        model = apps.get_model("wagtailcore", model_name)
        for old, new in names.items():
            if reverse:
                old, new = new, old
            model.objects.filter(name=old).update(name=new)


def rename_back(apps, schema_editor):
    rename(apps, schema_editor, reverse=True)


class Migration(migrations.Migration):
    dependencies = [("courses", "0005_retraining")]

    operations = [migrations.RunPython(rename, rename_back)]
