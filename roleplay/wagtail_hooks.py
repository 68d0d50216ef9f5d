"""Wagtail admin: play-test a scenario's latest draft, and the trainers' review queue."""

from django.urls import path, reverse
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.widgets import Button

from roleplay import admin_views
from roleplay.member import roleplay_results_panel
from roleplay.models import ScenarioPage
from training.panels import (
    LEARNER_HOME,
    MEMBER_PAGE,
    TEAM_PAGE,
    TRAINER_HOME,
    Link,
    MemberLink,
    SharedPage,
    WaitingWork,
)
from training.roles import ADMIN_ROLES


def _playtest_button(page, user):
    if page.specific_class is ScenarioPage and user.has_role(*ADMIN_ROLES):
        # Starting a play-test discards the open one: a POST (Wagtail's w-action controller
        # submits a form with the CSRF token), never a link a prefetch could follow.
        yield Button(
            _("Play-test"),
            icon_name="comment",
            priority=5,
            attrs={
                "data-controller": "w-action",
                "data-action": "w-action#post",
                "data-w-action-url-value": reverse("scenario_playtest", args=[page.pk]),
            },
        )
        yield Button(
            _("Export as YAML"),
            url=reverse("roleplay_scenario_export", args=[page.pk]),
            icon_name="download",
            priority=6,
        )


@hooks.register("register_page_header_buttons")
def playtest_header_button(page, user, view_name, next_url=None):
    yield from _playtest_button(page, user)


@hooks.register("register_page_listing_more_buttons")
def playtest_listing_button(page, user, next_url=None):
    yield from _playtest_button(page, user)


@hooks.register("register_admin_urls")
def register_scenario_file_urls():
    return [
        path("roleplay/import/", admin_views.scenario_import_view, name="roleplay_scenario_import"),
        path(
            "roleplay/export/<int:page_id>/",
            admin_views.scenario_export_view,
            name="roleplay_scenario_export",
        ),
    ]


class ReviewMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_role(*ADMIN_ROLES)


@hooks.register("register_admin_menu_item")
def scenario_import_menu_item():
    return ReviewMenuItem(
        _("Import a role-play scenario"),
        reverse("roleplay_scenario_import"),
        icon_name="upload",
        order=171,
    )


@hooks.register("register_admin_menu_item")
def review_menu_item():
    return ReviewMenuItem(
        _("Role-plays to review"),
        reverse("scenario_review_queue"),
        icon_name="comment",
        order=170,
    )


@hooks.register(LEARNER_HOME)
def add_practise_again(page: SharedPage, items: list) -> None:
    from roleplay.home_panels import PractiseAgainPanel

    items.append(PractiseAgainPanel(page.viewer))


@hooks.register(LEARNER_HOME)
def add_skill_profile_link(page: SharedPage, items: list) -> None:
    items.append(Link(label=gettext("My role-play skills"), url=reverse("skill_profile")))


def _skill_profile_url(user_id: int) -> str:
    return reverse("skill_profile_for", args=[user_id])


@hooks.register(TEAM_PAGE)
def add_skill_profile_column(page: SharedPage, items: list) -> None:
    """On the team page: each member's role-play skill profile."""
    items.append(
        MemberLink(
            heading=gettext("Skills"),
            label=gettext("Role-play skills"),
            url_for=_skill_profile_url,
            order=50,
        )
    )


@hooks.register(MEMBER_PAGE)
def member_roleplay_results(page: SharedPage, items: list) -> None:
    items.append(roleplay_results_panel(viewer=page.viewer, member=page.member))


@hooks.register(TRAINER_HOME)
def replies_waiting(page: SharedPage, items: list) -> None:
    """On "My work": the assessed role-plays whose written replies wait for a review."""
    if not page.viewer.has_role(*ADMIN_ROLES):
        return
    from roleplay.reviews import review_queue

    count = review_queue().count()
    items.append(
        WaitingWork(
            title=gettext("Role-plays to review"),
            count=count,
            summary=ngettext(
                "%(n)s role-play with written replies is waiting for your review.",
                "%(n)s role-plays with written replies are waiting for your review.",
                count,
            )
            % {"n": count},
            url=reverse("scenario_review_queue"),
            link_label=gettext("Open the review queue"),
            order=20,
        )
    )
