"""Assignments in the Wagtail admin: trainers and administrators give courses and programmes.

Saving goes through `assignment_create`, never `Model.save`, so the people rows and due dates
are made the one way. Assignments are not edited: delete one and assign again.
"""

from django import forms
from django.apps import apps
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets import AdminDateInput, AdminPageChooser

from training.admin_inspect import ReadableInspectView
from training.assignments import assignment_create
from training.models import AgentProfile, Assignment, Position, Team, Tier, User

# Page types that can be assigned; resolved at runtime so `training` never imports them.
ASSIGNABLE_PAGE_MODELS = ["courses.CoursePage", "courses.ProgrammePage"]


def assignable_page_models() -> list[type]:
    return [apps.get_model(label) for label in ASSIGNABLE_PAGE_MODELS]


def _labels(values, choices) -> list[str]:
    names = dict(choices)
    return [str(names.get(value, value)) for value in values]


def audience_summary(assignment: Assignment) -> str:
    """The audience in words: "售后服务一组 · First-line agent · 2 people"."""
    parts = [", ".join(team.name for team in assignment.teams.all())]
    parts.append(", ".join(_labels(assignment.positions, Position.choices)))
    parts.append(", ".join(_labels(assignment.tiers, Tier.choices)))
    named = len(assignment.people.all())
    if named:
        parts.append(
            ngettext("%(count)d named person", "%(count)d named people", named) % {"count": named}
        )
    if assignment.include_new_hires:
        parts.append(str(_("and new hires")))
    return " · ".join(part for part in parts if part)


def due_rule(assignment: Assignment) -> str:
    if assignment.due_date:
        return assignment.due_date.strftime("%Y-%m-%d")
    if assignment.due_days_after_hire is not None:
        return ngettext(
            "%(days)d day after hire", "%(days)d days after hire", assignment.due_days_after_hire
        ) % {"days": assignment.due_days_after_hire}
    return str(_("No due date"))


class AssignmentForm(WagtailAdminModelForm):
    positions = forms.MultipleChoiceField(
        label=_("Positions"),
        choices=Position.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    tiers = forms.MultipleChoiceField(
        label=_("Tiers"), choices=Tier.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    teams = forms.ModelMultipleChoiceField(
        label=_("Teams"),
        queryset=Team.objects.order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    people = forms.ModelMultipleChoiceField(
        label=_("People"),
        queryset=User.objects.filter(is_active=True, profile__isnull=False).order_by("name"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_("People named here get the training whatever their team or position."),
    )

    class Meta:
        model = Assignment
        fields = [
            "page",
            "teams",
            "positions",
            "tiers",
            "people",
            "due_date",
            "due_days_after_hire",
            "include_new_hires",
        ]
        widgets = {"due_date": AdminDateInput}
        help_texts = {
            "page": _("A published course or programme."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        models = assignable_page_models()
        page_field = self.fields["page"]
        page_field.widget = AdminPageChooser(target_models=models)
        page_field.queryset = apps.get_model("wagtailcore", "Page").objects.live().type(*models)
        page_field.help_text = _("A published course or programme.")
        self.fields["people"].label_from_instance = _person_label
        self.fields["due_days_after_hire"].help_text = _(
            "Instead of a date: each person's due date is this many days after their hire date."
        )
        self.fields["include_new_hires"].help_text = _(
            "People who join later and match the teams, positions and tiers get it too."
        )

    def clean(self):
        data = super().clean()
        if data.get("due_date") and data.get("due_days_after_hire") is not None:
            self.add_error(
                "due_days_after_hire",
                _("Give either a due date or a number of days, not both."),
            )
        if not any(data.get(name) for name in ("teams", "positions", "tiers", "people")):
            raise ValidationError(_("Choose who the training is for."))
        return data


def _person_label(user: User) -> str:
    profile = AgentProfile.objects.filter(user=user).select_related("team").first()
    team = profile.team.name if profile and profile.team else ""
    return f"{user.get_full_name()} · {team}" if team else user.get_full_name()


class AssignmentIndexView(generic.IndexView):
    def get_base_queryset(self):
        return (
            Assignment.objects.select_related("page", "assigned_by")
            .prefetch_related("teams", "people")
            .annotate(person_count=Count("assigned_trainings", distinct=True))
        )

    def get_edit_url(self, instance):
        # Assignments are not edited: no edit button, and the title leads to the inspect view.
        return None


class AssignmentCreateView(generic.CreateView):
    success_message = _("Assigned “%(object)s”.")

    def save_instance(self):
        data = self.form.cleaned_data
        return assignment_create(
            page=data["page"],
            assigned_by=self.request.user,
            teams=data["teams"],
            positions=data["positions"],
            tiers=data["tiers"],
            people=data["people"],
            due_date=data["due_date"],
            due_days_after_hire=data["due_days_after_hire"],
            include_new_hires=data["include_new_hires"],
        )

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except ValidationError as error:
            form.add_error(None, error)
        except PermissionDenied:
            form.add_error(None, _("You may not assign training to these people."))
        return self.form_invalid(form)

    def get_success_message(self, instance):
        count = instance.assigned_trainings.count()
        return ngettext(
            "Assigned “%(title)s”: %(count)d person got it.",
            "Assigned “%(title)s”: %(count)d people got it.",
            count,
        ) % {"title": instance.page.title, "count": count}

    def get_success_buttons(self):
        return []


class AssignmentEditView(generic.EditView):
    """No editing: an assignment is deleted and made again. Show it instead."""

    def dispatch(self, request, *args, **kwargs):
        return redirect(self.inspect_url_name, self.kwargs[self.pk_url_kwarg])


class AssignmentInspectView(ReadableInspectView):
    field_choices = {"positions": Position.choices, "tiers": Tier.choices}


class AssignmentViewSet(ModelViewSet):
    model = Assignment
    icon = "date"
    menu_label = _("Assignments")
    menu_order = 300
    add_to_admin_menu = True
    form_fields = AssignmentForm.Meta.fields
    index_view_class = AssignmentIndexView
    add_view_class = AssignmentCreateView
    edit_view_class = AssignmentEditView
    inspect_view_class = AssignmentInspectView
    inspect_view_enabled = True
    copy_view_enabled = False
    list_display = [
        "page",
        Column("audience", label=_("Who"), accessor=audience_summary),
        Column("due", label=_("Due"), accessor=due_rule),
        Column("person_count", label=_("People"), sort_key="person_count"),
        Column("assigned_by", label=_("Assigned by")),
        DateColumn("created_at", label=_("Assigned at"), sort_key="created_at"),
    ]
    list_filter = ["include_new_hires"]
    inspect_view_fields = [
        "page",
        "teams",
        "positions",
        "tiers",
        "people",
        "due_date",
        "due_days_after_hire",
        "include_new_hires",
        "assigned_by",
        "created_at",
    ]

    def get_form_class(self, for_update=False):
        return AssignmentForm
