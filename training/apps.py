from django.apps import AppConfig
from django.conf import settings
from django.core.management import call_command
from django.db.models.signals import post_migrate, post_save
from django.utils.translation import gettext_lazy as _
from wagtail.users import apps as wagtail_users_apps


def create_cache_table(sender, using="default", verbosity=1, **kwargs):
    # The log-in limits count failed attempts in the cache; with the database cache (the
    # default) its table comes with every `migrate`. It does nothing for other caches.
    call_command("createcachetable", database=using, verbosity=verbosity)


def name_the_site(sender, using="default", **kwargs):
    # Wagtail's first Site is nameless, so its admin called it by its host, "localhost".
    # Sites an administrator has named keep their name.
    from wagtail.models import Site

    from training.branding import site_name
    from training.i18n import in_site_language

    with in_site_language():
        for site in Site.objects.using(using).filter(site_name=""):
            site.site_name = site_name()
            site.save(using=using, update_fields=["site_name"])


class TrainingConfig(AppConfig):
    name = "training"
    verbose_name = _("Training programme")
    default = True

    def ready(self):
        from training.accounts import forget_other_email_addresses
        from training.exports import protect_spreadsheet_exports
        from training.importers.roster_job import ROSTER_IMPORT
        from training.imports import import_kind_register
        from training.pdf import pdf_libraries_check  # noqa: F401  (registers the check)

        post_migrate.connect(create_cache_table, sender=self)
        post_migrate.connect(name_the_site, sender=self)
        post_save.connect(forget_other_email_addresses, sender=settings.AUTH_USER_MODEL)
        import_kind_register(ROSTER_IMPORT)
        protect_spreadsheet_exports()


class WagtailUsersConfig(wagtail_users_apps.WagtailUsersAppConfig):
    """Wagtail's users app, with user forms that edit the one `name` field."""

    default = False
    user_viewset = "training.viewsets.UserViewSet"
    group_viewset = "training.viewsets.GroupViewSet"
