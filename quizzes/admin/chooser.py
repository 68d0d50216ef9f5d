"""Choosing a question for a quiz: a searchable, filterable modal instead of a dropdown of the bank.

A bank holds thousands of questions; the quiz editor's "question" field opens this chooser,
which pages through them, filtered by category (subcategories included), type and a search
term matched as typed in the question's title or text (Chinese needs no tokenising).
"""

from __future__ import annotations

from django import forms
from django.db.models import Q
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.admin.forms.choosers import BaseFilterForm
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic.chooser import ChooseResultsView, ChooseView
from wagtail.admin.viewsets.chooser import ChooserViewSet

from quizzes.admin.forms import CategoryChoiceField, category_paths
from quizzes.models import Question, QuestionType

# Changing one of these refreshes the results at once, as Wagtail's collection filter does.
_REFRESH = {"data-chooser-modal-search-filter": True}


class QuestionFilterForm(BaseFilterForm):
    q = forms.CharField(
        label=_("Search term"),
        widget=forms.TextInput(attrs={"placeholder": _("Title or text of the question")}),
        required=False,
    )
    category = CategoryChoiceField(
        label=_("Category"),
        required=False,
        empty_label=_("All categories"),
        widget=forms.Select(attrs=_REFRESH),
        help_text=_("Subcategories included."),
    )
    qtype = forms.ChoiceField(
        label=pgettext_lazy("question", "Type"),
        choices=[("", pgettext_lazy("question", "All types")), *QuestionType.choices],
        required=False,
        widget=forms.Select(attrs=_REFRESH),
    )

    def filter(self, objects):
        objects = super().filter(objects)
        category = self.cleaned_data.get("category")
        if category:
            objects = objects.filter(category_id__in=category.descendant_ids())
        if self.cleaned_data.get("qtype"):
            objects = objects.filter(qtype=self.cleaned_data["qtype"])
        query = (self.cleaned_data.get("q") or "").strip()
        if query:
            objects = objects.filter(Q(name__icontains=query) | Q(text__icontains=query))
            self.is_searching = True
            self.search_query = query
        return objects


class _QuestionChooseMixin:
    filter_form_class = QuestionFilterForm
    per_page = 20

    def get_object_list(self):
        return Question.objects.select_related("category").order_by("category__name", "name", "pk")

    def get_results_page(self, request):
        page = super().get_results_page(request)
        page.object_list = list(page.object_list)
        paths = category_paths()
        for question in page.object_list:
            question.category_path = paths.get(question.category_id, "")
        return page

    @property
    def title_column(self):
        column = super().title_column
        column.label = _("Question")  # not "Title": the bank's listing calls it so too
        return column

    @cached_property
    def columns(self):
        return [
            *super().columns,
            Column("qtype", label=pgettext_lazy("question", "Type"), accessor="get_qtype_display"),
            Column("category", label=_("Category"), accessor="category_path"),
        ]


class QuestionChooseView(_QuestionChooseMixin, ChooseView):
    pass


class QuestionChooseResultsView(_QuestionChooseMixin, ChooseResultsView):
    pass


class QuestionChooserViewSet(ChooserViewSet):
    model = Question
    icon = "help"
    choose_one_text = _("Choose a question")
    choose_another_text = _("Choose another question")
    edit_item_text = _("Edit this question")
    choose_view_class = QuestionChooseView
    choose_results_view_class = QuestionChooseResultsView


question_chooser_viewset = QuestionChooserViewSet(
    "quizzes_question_chooser", url_prefix="question-bank/choose"
)
