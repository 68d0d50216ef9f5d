"""The training app in the Wagtail admin: people, roster import, invitations."""

from django.contrib.auth.views import redirect_to_login
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from training import admin_views, import_views
from training.assignment_admin import AssignmentViewSet
from training.roles import TEAM_OVERVIEW_ROLES
from training.services import queue_invitations
from training.viewsets import PeopleViewSetGroup, resend_invitation_button


@hooks.register("register_admin_viewset")
def register_people_viewsets():
    return PeopleViewSetGroup()


@hooks.register("register_admin_viewset")
def register_assignment_viewset():
    return AssignmentViewSet("assignments")


@hooks.register("register_admin_urls")
def register_training_admin_urls():
    return [
        path("roster/import/", admin_views.roster_import, name="training_roster_import"),
        path("roster/template.csv", admin_views.roster_template, name="training_roster_template"),
        path(
            "users/<int:user_id>/invitation/",
            admin_views.resend_invitation,
            name="training_resend_invitation",
        ),
        path("imports/", import_views.import_job_index, name="training_import_jobs"),
        path("imports/<int:job_id>/", import_views.import_job_detail, name="training_import_job"),
        path(
            "imports/<int:job_id>/status/",
            import_views.import_job_status,
            name="training_import_job_status",
        ),
    ]


class RosterImportMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("training.import_roster")


@hooks.register("register_admin_menu_item")
def register_roster_import_menu_item():
    return RosterImportMenuItem(
        _("Import roster"),
        reverse("training_roster_import"),
        name="roster-import",
        icon_name="upload",
        order=260,
    )


class TeamOverviewMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_role(*TEAM_OVERVIEW_ROLES)


@hooks.register("register_admin_menu_item")
def register_team_overview_menu_item():
    # The team overview is a page of the site (/team/), not of the admin: a link out to it.
    return TeamOverviewMenuItem(
        _("Team overview"),
        reverse("team_home"),
        name="team-overview",
        icon_name="group",
        order=250,
    )


@hooks.register("after_create_user")
def invite_new_user(request, user):
    # Created without a password: the person chooses one from the invitation e-mail.
    if not user.has_usable_password():
        queue_invitations([user.pk])


hooks.register("register_user_listing_buttons", resend_invitation_button)


@hooks.register("before_serve_document")
def documents_are_for_people_logged_in(document, request):
    # Lesson handouts are internal material: a link passed outside the company opens nothing.
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path(), login_url=reverse("account_login"))
    return None
