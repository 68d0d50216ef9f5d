"""Managers assign a course or programme to their own teams (or chosen members) on the site."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from training.access import visible_teams
from training.assignments import assignment_create
from training.decorators import role_required
from training.models import Position, Tier, User
from training.roles import Role
from training.selectors import assignable_pages

NOT_YOUR_TEAM = _("You can only assign training to your own teams and their members.")


class TeamAssignForm(forms.Form):
    page = forms.ModelChoiceField(
        label=_("Course or programme"),
        queryset=None,
        empty_label=_("Choose a course or programme"),
        error_messages={"invalid_choice": _("Choose a published course or programme.")},
    )
    team = forms.ModelChoiceField(
        label=_("Team"),
        queryset=None,
        required=False,
        empty_label=_("No whole team"),
        error_messages={"invalid_choice": NOT_YOUR_TEAM},
    )
    positions = forms.MultipleChoiceField(
        label=_("Only these positions"),
        choices=Position.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Empty: every position in the team."),
    )
    tiers = forms.MultipleChoiceField(
        label=_("Only these tiers"),
        choices=Tier.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Empty: every tier in the team."),
    )
    people = forms.ModelMultipleChoiceField(
        label=_("Or these members"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": NOT_YOUR_TEAM},
    )
    due_date = forms.DateField(
        label=_("Due date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, viewer: User, **kwargs):
        super().__init__(*args, **kwargs)
        teams = visible_teams(viewer).order_by("name")
        self.fields["page"].queryset = assignable_pages(viewer=viewer)
        self.fields["page"].label_from_instance = _page_label
        self.fields["team"].queryset = teams
        self.fields["people"].queryset = (
            User.objects.filter(is_active=True, profile__team__in=teams)
            .select_related("profile__team")
            .order_by("profile__team__name", "name")
        )
        self.fields["people"].label_from_instance = _member_label

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        if not data.get("team") and not data.get("people"):
            raise ValidationError(_("Choose a team or some members."))
        if (data.get("positions") or data.get("tiers")) and not data.get("team"):
            raise ValidationError(_("Positions and tiers narrow down a team: choose the team."))
        return data


def _page_label(page) -> str:
    return f"{page.title} · {page.specific_class._meta.verbose_name}"


def _member_label(user: User) -> str:
    return f"{user.get_full_name()} · {user.profile.team}"


@role_required(Role.MANAGER, Role.ADMINISTRATOR)
def team_assign(request):
    form = TeamAssignForm(request.POST or None, viewer=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            assignment = assignment_create(
                page=data["page"],
                assigned_by=request.user,
                teams=[data["team"]] if data["team"] else [],
                positions=data["positions"],
                tiers=data["tiers"],
                people=data["people"],
                due_date=data["due_date"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        except PermissionDenied:
            form.add_error(None, NOT_YOUR_TEAM)
        else:
            count = assignment.assigned_trainings.count()
            messages.success(
                request,
                ngettext(
                    "Assigned “%(title)s”: %(count)d person got it.",
                    "Assigned “%(title)s”: %(count)d people got it.",
                    count,
                )
                % {"title": assignment.page.title, "count": count},
            )
            return redirect("team_home")
    status = 400 if request.method == "POST" else 200
    return render(request, "training/assign.html", {"form": form}, status=status)
