"""Trainers author the evaluation's instruments in the Wagtail admin (培训评估 menu): surveys
and their questions, which survey each course asks, and each course's observation checklist.

Keys of questions and behaviours are generated (`new_key`), never typed: a trainer writes
only Chinese text."""

from __future__ import annotations

from django.contrib import messages
from django.db import router
from django.db.models import ProtectedError, RestrictedError
from django.db.models.deletion import Collector
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, InlinePanel, ObjectList
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets import AdminPageChooser
from wagtail.models import Page

from evaluation.observation_models import ObservationChecklist
from evaluation.observations import checklist_fill_defaults
from evaluation.survey_models import CourseSurvey, QuestionKind, Survey
from training.course_tree import course_tree


def _kept(form, name: str) -> list[dict]:
    formset = form.formsets.get(name)
    if formset is None or not all(child.is_valid() for child in formset.forms):
        return []
    return [
        child.cleaned_data
        for child in formset.forms
        if child.cleaned_data and not child.cleaned_data.get("DELETE")
    ]


class SurveyForm(WagtailAdminModelForm):
    def clean(self):
        cleaned = super().clean()
        questions = _kept(self, "questions")
        formset = self.formsets.get("questions")
        if formset is not None and all(child.is_valid() for child in formset.forms):
            if not questions:
                self.add_error(None, _("A survey asks at least one question."))
            elif sum(q.get("kind") == QuestionKind.RECOMMEND for q in questions) > 1:
                self.add_error(None, _("Ask “would you recommend” at most once per survey."))
            texts = [q.get("text", "").strip() for q in questions]
            if len(set(texts)) < len(texts):
                self.add_error(None, _("Two questions have the same text; make each distinct."))
        return cleaned


class CourseChoiceForm(WagtailAdminModelForm):
    """A form whose `course` is chosen among the pages evaluated: courses and programmes (a
    programme's survey and checklist are its own, asked once for the whole programme)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        models = list(course_tree().evaluated_models)
        field = self.fields["course"]
        field.widget = AdminPageChooser(target_models=models)
        field.queryset = Page.objects.type(*models)
        field.help_text = _("A course or a programme.")


class CourseSurveyForm(CourseChoiceForm):
    def clean(self):
        cleaned = super().clean()
        long_term = cleaned.get("long_term_survey")
        if long_term is not None and long_term == cleaned.get("survey"):
            self.add_error(
                "long_term_survey",
                _("Choose a different follow-up survey (e.g. “is it still useful?”)."),
            )
        return cleaned


class ChecklistForm(CourseChoiceForm):
    def clean(self):
        cleaned = super().clean()
        formset = self.formsets.get("behaviours")
        if formset is not None and all(child.is_valid() for child in formset.forms):
            behaviours = _kept(self, "behaviours")
            if not behaviours and self.instance.pk:
                # A new checklist left empty starts from the manuals' behaviours instead.
                self.add_error(None, _("A checklist lists at least one behaviour."))
            texts = [b.get("text", "").strip() for b in behaviours]
            if len(set(texts)) < len(texts):
                self.add_error(None, _("Two behaviours have the same text; make each distinct."))
        return cleaned


class DeleteUnlessUsedView(generic.DeleteView):
    """A survey or checklist in use (a course asks it, answers or observations were filed on
    it) is kept: the trainer is told why, rather than "no permission" or an error page."""

    def _in_use(self) -> bool:
        try:
            Collector(using=router.db_for_write(self.model)).collect([self.object])
        except (ProtectedError, RestrictedError):
            return True
        return False

    def post(self, request, *args, **kwargs):
        if self._in_use():
            messages.error(
                request,
                gettext(
                    "“%(name)s” is in use — a course asks it, or answers or observations were "
                    "filed on it — and cannot be deleted."
                )
                % {"name": self.object},
            )
            return redirect(reverse(self.index_url_name))
        return super().post(request, *args, **kwargs)


class SurveyViewSet(ModelViewSet):
    model = Survey
    icon = "form"
    menu_label = _("Surveys")
    add_to_admin_menu = False
    search_fields = ["name"]
    search_backend_name = None
    list_display = ["name", "updated_at"]
    delete_view_class = DeleteUnlessUsedView
    edit_handler = ObjectList(
        [
            FieldPanel("name"),
            FieldPanel("intro"),
            InlinePanel(
                "questions",
                heading=_("Questions"),
                label=_("Question"),
                min_num=1,
                panels=[
                    FieldPanel("text"),
                    FieldPanel("kind"),
                    FieldPanel("dimension"),
                    FieldPanel("required"),
                ],
            ),
        ],
        base_form_class=SurveyForm,
    )


class CourseSurveyViewSet(ModelViewSet):
    model = CourseSurvey
    icon = "link"
    menu_label = _("Course surveys")
    add_to_admin_menu = False
    list_display = ["course", "survey", "long_term_survey"]
    delete_view_class = DeleteUnlessUsedView
    edit_handler = ObjectList(
        [FieldPanel("course"), FieldPanel("survey"), FieldPanel("long_term_survey")],
        base_form_class=CourseSurveyForm,
    )


class ChecklistCreateView(generic.CreateView):
    def save_instance(self):
        checklist = super().save_instance()
        checklist_fill_defaults(checklist=checklist)
        return checklist


class ChecklistViewSet(ModelViewSet):
    model = ObservationChecklist
    icon = "tasks"
    menu_label = _("Observation checklists")
    add_to_admin_menu = False
    list_display = ["course", "pass_percent", "updated_at"]
    add_view_class = ChecklistCreateView
    delete_view_class = DeleteUnlessUsedView
    edit_handler = ObjectList(
        [
            FieldPanel("course"),
            FieldPanel("pass_percent"),
            InlinePanel(
                "behaviours",
                heading=_("Behaviours observed on the job"),
                label=_("Behaviour"),
                help_text=_(
                    "Left empty, a new checklist starts from the service manuals' behaviours."
                ),
                panels=[FieldPanel("text")],
            ),
        ],
        base_form_class=ChecklistForm,
    )


survey_viewset = SurveyViewSet("evaluation_survey")
course_survey_viewset = CourseSurveyViewSet("evaluation_course_survey")
checklist_viewset = ChecklistViewSet("evaluation_checklist")
