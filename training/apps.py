from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from wagtail.users import apps as wagtail_users_apps


class TrainingConfig(AppConfig):
    name = "training"
    verbose_name = _("Training programme")
    default = True

    def ready(self):
        from training.exports import protect_spreadsheet_exports

        protect_spreadsheet_exports()


class WagtailUsersConfig(wagtail_users_apps.WagtailUsersAppConfig):
    """Wagtail's users app, with user forms that edit the one `name` field."""

    default = False
    user_viewset = "training.viewsets.UserViewSet"
