"""People in the Wagtail admin: users (with one name field), teams and agent profiles."""

from django import forms
from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import Button
from wagtail.users.views import groups as wagtail_groups
from wagtail.users.views import users as wagtail_users

from training.admin_inspect import ReadableInspectView
from training.forms import WagtailUserCreationForm, WagtailUserEditForm
from training.models import AgentProfile, Team, User
from training.roles import Role, group_label


class UserFilterSet(wagtail_users.UserFilterSet):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Roles by their label (学员), not the group's identifier (learner).
        self.filters["group"].field.label_from_instance = lambda group: group_label(group.name)


class UserIndexView(wagtail_users.IndexView):
    filterset_class = UserFilterSet

    def order_queryset(self, queryset):
        # Wagtail sorts "name" by last_name, first_name; people here have one name.
        if self.ordering in ("name", "-name"):
            return queryset.order_by(self.ordering, "email")
        return super().order_queryset(queryset)


class _SuperuserGrantMixin:
    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "can_grant_superuser": self.request.user.is_superuser}


class UserCreateView(_SuperuserGrantMixin, wagtail_users.CreateView):
    pass


class UserEditView(_SuperuserGrantMixin, wagtail_users.EditView):
    pass


class GroupIndexView(wagtail_groups.IndexView):
    columns = [
        TitleColumn(
            "name",
            label=_("Role"),
            accessor=lambda group: group_label(group.name),
            sort_key="name",
            url_name="wagtailusers_groups:edit",
        ),
    ]


class GroupViewSet(wagtail_groups.GroupViewSet):
    """Groups are roles: listed by their translated label."""

    index_view_class = GroupIndexView


class UserViewSet(wagtail_users.UserViewSet):
    index_view_class = UserIndexView
    add_view_class = UserCreateView
    edit_view_class = UserEditView
    search_fields = ["name", "email"]
    create_template_name = "training/admin/users/create.html"
    edit_template_name = "training/admin/users/edit.html"

    def get_form_class(self, for_update=False):
        return WagtailUserEditForm if for_update else WagtailUserCreationForm


def resend_invitation_button(*, user, request_user):
    """A "resend invitation" entry for people who have not chosen a password yet."""
    if not request_user.has_perm("training.change_user"):
        return []
    if not user.is_active or user.has_usable_password():
        return []
    return [
        _MoreMenuButton(
            _("Resend invitation"),
            reverse("training_resend_invitation", args=[user.pk]),
            icon_name="mail",
            priority=50,
        )
    ]


class _MoreMenuButton(Button):
    allow_in_dropdown = True


class TeamForm(WagtailAdminModelForm):
    managers = forms.ModelMultipleChoiceField(
        queryset=User.objects.filter(groups__name=Role.MANAGER).order_by("name", "email"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Managers"),
        help_text=_("People with the manager role who see this team's training."),
    )

    class Meta:
        model = Team
        fields = ["name", "managers"]


def _manager_names(team: Team) -> str:
    return ", ".join(str(manager) for manager in team.managers.all())


class TeamIndexView(generic.IndexView):
    def get_base_queryset(self):
        return Team.objects.annotate(member_count=Count("members", distinct=True)).prefetch_related(
            "managers"
        )


class TeamViewSet(ModelViewSet):
    model = Team
    icon = "group"
    index_view_class = TeamIndexView
    inspect_view_class = ReadableInspectView
    menu_order = 100
    inspect_view_enabled = True
    copy_view_enabled = False
    list_display = [
        "name",
        Column("member_count", label=_("Members"), sort_key="member_count"),
        Column("managers", label=_("Managers"), accessor=_manager_names),
    ]
    search_fields = ["name"]
    inspect_view_fields = ["name", "managers", "created_at"]

    def get_form_class(self, for_update=False):
        return TeamForm


class AgentProfileForm(WagtailAdminModelForm):
    class Meta:
        model = AgentProfile
        fields = ["employee_no", "user", "team", "position", "tier", "hire_date"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A person has one profile: offer only people without one (and the current one).
        self.fields["user"].queryset = User.objects.filter(
            Q(profile__isnull=True) | Q(pk=self.instance.user_id)
        ).order_by("name", "email")


class AgentProfileIndexView(generic.IndexView):
    def get_base_queryset(self):
        return AgentProfile.objects.select_related("user", "team")


class AgentProfileViewSet(ModelViewSet):
    model = AgentProfile
    icon = "user"
    menu_order = 200
    index_view_class = AgentProfileIndexView
    inspect_view_class = ReadableInspectView
    inspect_view_enabled = True
    copy_view_enabled = False
    list_display = [
        "employee_no",
        Column(
            "name",
            label=pgettext_lazy("person", "Name"),
            accessor="user.name",
            sort_key="user__name",
        ),
        Column("team", label=_("Team"), sort_key="team__name"),
        Column("position", label=_("Position"), accessor="get_position_display"),
        Column("tier", label=_("Tier"), accessor="get_tier_display", sort_key="tier"),
        DateColumn("hire_date", label=_("Hire date"), sort_key="hire_date"),
    ]
    list_filter = ["team", "position", "tier"]
    search_fields = ["employee_no", "user__name", "user__email"]
    # Labels, not codes, under the roster's own column names, so an export can be imported.
    list_export = [
        "employee_no",
        "user.name",
        "user.email",
        "team",
        "get_position_display",
        "get_tier_display",
        "hire_date",
    ]
    export_headings = {
        "employee_no": _("Employee number"),
        "user.name": pgettext_lazy("person", "Name"),
        "user.email": _("E-mail"),
        "team": _("Team"),
        "get_position_display": _("Position"),
        "get_tier_display": _("Tier"),
        "hire_date": _("Hire date"),
    }
    inspect_view_fields = ["employee_no", "user", "team", "position", "tier", "hire_date"]

    def get_form_class(self, for_update=False):
        return AgentProfileForm


class PeopleViewSetGroup(ViewSetGroup):
    menu_label = _("People")
    menu_icon = "group"
    menu_order = 250
    items = (TeamViewSet("teams"), AgentProfileViewSet("agent_profiles"))
