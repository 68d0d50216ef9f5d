"""Wagtail admin: a "Courses" menu item that opens the catalogue in the page explorer."""

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.permission_policies.pages import PagePermissionPolicy

from courses.models import CourseCatalogPage, RetrainingRequirement


def catalog_explorer(request):
    catalog = CourseCatalogPage.objects.first()
    if catalog is None:
        return redirect("wagtailadmin_explore_root")
    return redirect("wagtailadmin_explore", catalog.pk)


class CoursesMenuItem(MenuItem):
    def is_shown(self, request):
        # Whoever may edit any page sees it; the explorer itself checks each page.
        return PagePermissionPolicy().user_has_any_permission(
            request.user, ["add", "change", "publish"]
        )


@hooks.register("register_admin_urls")
def register_catalog_url():
    return [path("courses/catalogue/", catalog_explorer, name="courses_catalog_explorer")]


@hooks.register("register_admin_menu_item")
def register_courses_menu_item():
    return CoursesMenuItem(
        _("Courses"), reverse("courses_catalog_explorer"), icon_name="doc-full-inverse", order=150
    )


@hooks.register("after_create_page")
@hooks.register("after_edit_page")
def tell_who_must_retrain(request, page):
    """After publishing a change marked "requires re-training": say how many people got it."""
    if "action-publish" not in request.POST or page.live_revision_id is None:
        return
    requirement = RetrainingRequirement.objects.filter(revision_id=page.live_revision_id).first()
    if requirement is None:
        return
    people = requirement.items.values("user").distinct().count()
    messages.info(
        request,
        ngettext(
            "Re-training: %(count)s person who completed the course must learn this change "
            "by %(due)s.",
            "Re-training: %(count)s people who completed the course must learn this change "
            "by %(due)s.",
            people,
        )
        % {"count": people, "due": requirement.due_on.isoformat()},
    )
