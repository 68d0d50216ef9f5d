"""Trainers edit the evaluation plans of courses and programmes in the Wagtail admin
(培训评估 → Evaluation plans): the waves' windows, what each wave asks for, and an on/off
switch; and see every person's waves (培训评估 → Evaluation waves), which only the daily
round changes."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    MultiFieldPanel,
    ObjectList,
    PageChooserPanel,
)
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy

from evaluation.instruments import instruments
from evaluation.models import EvaluationPlan, WaveInstance
from training.course_tree import course_tree

# The instruments the evaluation knows by name, for a plan to list before their module is
# installed (registered instruments add to and name these).
KNOWN_INSTRUMENTS = {
    "survey": _("Satisfaction survey"),
    "retest": _("Retention re-test"),
    "observation": _("On-the-job observation"),
    "self_assessment": _("Self-assessment"),
}


def instrument_choices() -> list[tuple[str, str]]:
    labels = dict(KNOWN_INSTRUMENTS)
    labels.update({instrument.key: instrument.label for instrument in instruments()})
    return list(labels.items())


class InstrumentsField(forms.MultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def __init__(self, **kwargs):
        super().__init__(choices=instrument_choices, required=False, **kwargs)


class EvaluationPlanForm(WagtailAdminModelForm):
    short_instruments = InstrumentsField(label=_("Short-term asks for"))
    mid_instruments = InstrumentsField(label=_("Mid-term asks for"))
    long_instruments = InstrumentsField(
        label=_("Long-term asks for"),
        help_text=_("The survey here is the optional “is it still useful?” question."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "course" in self.fields:
            self.fields["course"].help_text = _(
                "A course, or a programme: a programme is evaluated once, as a whole; its "
                "courses are not evaluated on their own for the people who take them in it."
            )

    def clean_course(self):
        course = self.cleaned_data.get("course")
        if course is not None and course.specific_class not in course_tree().evaluated_models:
            raise forms.ValidationError(_("Choose a course or a programme."))
        return course


class EvaluationPlanViewSet(ModelViewSet):
    model = EvaluationPlan
    icon = "date"
    menu_label = _("Evaluation plans")
    add_to_admin_menu = False
    list_display = [
        "course",
        "active",
        "short_closes_days",
        "mid_opens_days",
        "mid_closes_days",
        "long_opens_days",
        "long_closes_days",
    ]
    list_filter = ["active"]
    search_fields = ["course__title"]
    search_backend_name = None
    edit_handler = ObjectList(
        [
            PageChooserPanel("course", page_type=["courses.CoursePage", "courses.ProgrammePage"]),
            FieldPanel("active"),
            MultiFieldPanel(
                [FieldPanel("short_closes_days"), FieldPanel("short_instruments")],
                heading=_("Short-term (at completion)"),
            ),
            MultiFieldPanel(
                [
                    FieldRowPanel([FieldPanel("mid_opens_days"), FieldPanel("mid_closes_days")]),
                    FieldPanel("mid_instruments"),
                ],
                heading=_("Mid-term (3–6 months)"),
            ),
            MultiFieldPanel(
                [
                    FieldRowPanel([FieldPanel("long_opens_days"), FieldPanel("long_closes_days")]),
                    FieldPanel("long_instruments"),
                ],
                heading=_("Long-term (1 year)"),
            ),
        ],
        base_form_class=EvaluationPlanForm,
    )


class ReadOnlyPolicy(ModelPermissionPolicy):
    """Viewing only: a wave is scheduled, opened and closed by the rules, never by hand."""

    def user_has_permission(self, user, action):
        if action in ("add", "change", "delete"):
            return False
        return super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)


class WaveInstanceIndexView(generic.IndexView):
    def get_base_queryset(self):
        # Each row names the person and the course: read with the page, not row by row.
        return super().get_base_queryset().select_related("person", "course")


class WaveInstanceViewSet(ModelViewSet):
    model = WaveInstance
    icon = "time"
    menu_label = _("Evaluation waves")
    add_to_admin_menu = False
    inspect_view_enabled = True
    index_view_class = WaveInstanceIndexView
    list_display = ["person", "course", "wave", "opens_on", "closes_on", "status"]
    list_filter = ["wave", "status", "opens_on"]
    search_fields = ["person__name", "course__title"]
    search_backend_name = None
    form_fields = ["status"]  # never editable (ReadOnlyPolicy); a form needs a field
    inspect_view_fields = [
        "person",
        "course",
        "wave",
        "completed_on",
        "opens_on",
        "closes_on",
        "status",
        "opened_at",
        "reminded_at",
        "closed_at",
    ]
