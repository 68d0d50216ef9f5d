"""Name the site: the admin shows a site's name, or its host name ("localhost") if it has none.

The name is the interface's own (客服学院, settings.SITE_NAME in Chinese); an administrator
may change it under Settings → Sites. Sites that already have a name keep it. The pages
Wagtail creates with English titles (the tree's root and "Welcome to your new Wagtail
site!") are named in Chinese too, unless someone has renamed them already.
"""

from django.db import migrations

SITE_NAME = "客服学院"
PAGE_TITLES = {"Root": "根目录", "Welcome to your new Wagtail site!": SITE_NAME}


def name_sites(apps, schema_editor):
    Site = apps.get_model("wagtailcore", "Site")
    Site.objects.filter(site_name="").update(site_name=SITE_NAME)
    Page = apps.get_model("wagtailcore", "Page")
    for old, new in PAGE_TITLES.items():
        Page.objects.filter(title=old, depth__lte=2).update(title=new, draft_title=new)


def unname_sites(apps, schema_editor):
    apps.get_model("wagtailcore", "Site").objects.filter(site_name=SITE_NAME).update(site_name="")
    Page = apps.get_model("wagtailcore", "Page")
    for old, new in PAGE_TITLES.items():
        Page.objects.filter(title=new, depth__lte=2).update(title=old, draft_title=old)


class Migration(migrations.Migration):
    dependencies = [
        ("training", "0010_field_labels"),
        ("wagtailcore", "0046_site_name_remove_null"),
    ]

    operations = [migrations.RunPython(name_sites, unname_sites)]
