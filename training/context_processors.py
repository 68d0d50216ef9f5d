from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _

from training.branding import SITE_NAME
from training.course_tree import catalogue_url
from training.roles import TEAM_OVERVIEW_ROLES, Role


def branding(request):
    """The product's name (translated) as `product_name`, for headers and page titles."""
    return {"product_name": SITE_NAME}


def navigation(request):
    """The header's links: only what the person's roles allow."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    items = []
    if user.has_role(Role.LEARNER):
        items.append((reverse("my_training"), _("My training")))
    catalogue = catalogue_url()
    if catalogue:
        items.append((catalogue, _("Course catalogue")))
    if user.has_role(Role.MANAGER):
        items.append((reverse("team_home"), _("My team")))
    elif user.has_role(*TEAM_OVERVIEW_ROLES):
        items.append((reverse("team_home"), _("Team overview")))
    if user.has_role(Role.TRAINER):
        items.append((reverse("trainer_home"), _("My work")))
    if user.uses_wagtail_admin:
        items.append((reverse("wagtailadmin_home"), _("Administration")))
    path = request.path
    return {
        "nav_items": [
            {"url": url, "label": label, "current": path.startswith(url)} for url, label in items
        ]
    }


def notifications(request):
    """The header's unread count: one COUNT, and only on pages that show it."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    from training.notifications import unread_count

    return {"unread_notifications": SimpleLazyObject(lambda: unread_count(viewer=user))}
