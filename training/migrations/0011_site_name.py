"""Name in Chinese the pages Wagtail creates with English titles (the tree's root and
"Welcome to your new Wagtail site!"), unless someone has renamed them already.

The site itself is named after every migrate (`training.apps.name_the_site`), so a site
created later is named too.
"""

from django.db import migrations

SITE_NAME = "客服学院"
PAGE_TITLES = {"Root": "根目录", "Welcome to your new Wagtail site!": SITE_NAME}


def name_pages(apps, schema_editor):
    Page = apps.get_model("wagtailcore", "Page")
    for old, new in PAGE_TITLES.items():
        Page.objects.filter(title=old, depth__lte=2).update(title=new, draft_title=new)


def unname_pages(apps, schema_editor):
    Page = apps.get_model("wagtailcore", "Page")
    for old, new in PAGE_TITLES.items():
        Page.objects.filter(title=new, depth__lte=2).update(title=old, draft_title=old)


class Migration(migrations.Migration):
    dependencies = [
        ("training", "0010_field_labels"),
        ("wagtailcore", "0046_site_name_remove_null"),
    ]

    operations = [migrations.RunPython(name_pages, unname_pages)]
