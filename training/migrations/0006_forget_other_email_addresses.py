"""Addresses people added to their own account at /accounts/email/ (now closed) stop logging
them in and receiving reset links: only each person's User.email stays."""

from django.db import migrations
from django.db.models import F
from django.db.models.functions import Lower


def forget_other_email_addresses(apps, schema_editor):
    EmailAddress = apps.get_model("account", "EmailAddress")
    EmailAddress.objects.annotate(address=Lower("email"), own=Lower("user__email")).exclude(
        address=F("own")
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("training", "0005_assignment_permissions"),
        ("account", "0009_emailaddress_unique_primary_email"),
    ]

    operations = [
        migrations.RunPython(forget_other_email_addresses, migrations.RunPython.noop),
    ]
