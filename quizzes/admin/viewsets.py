"""The question bank in the Wagtail admin: questions and their nested categories.

The listing shows each question's item analysis (facility, discrimination and their flags),
computed for the page of questions shown with one query (`quizzes.analysis.question_figures`).
"""

from __future__ import annotations

import django_filters
from django.contrib import messages
from django.db.models import Case, Count, IntegerField, ProtectedError, Value, When
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, pgettext_lazy
from taggit.models import Tag
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    HelpPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
)
from wagtail.admin.ui.tables import BooleanColumn, Column, TitleColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.base import ViewSet, ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets import HeaderButton
from wagtail.admin.widgets.button import Button

from quizzes.admin.forms import CategoryChoiceField, CategoryForm, QuestionForm, category_paths
from quizzes.analysis import flag_label, question_figures
from quizzes.models import Question, QuestionCategory, QuestionType, QuizRule

ANSWERS_HELP = _(
    "What a row means depends on the type; credit 1 is fully right (100%), 0 wrong. Single "
    "choice and customer message: one option per row, the right one with credit 1. Multiple "
    "choice: right options' credits add up to 1 (e.g. 0.5 + 0.5), wrong ones negative (e.g. "
    "−0.5). True/false: two rows “true” and “false” (对/错 also work), the right one with "
    "credit 1. Short answer: each accepted answer (* matches anything). Numerical: the number "
    "and its tolerance. Matching: text on the left, matching answer on the right (no text: a "
    "distractor). Ordering: the items in the right order. Essay: no rows."
)


def _tag_choices() -> list[tuple[str, str]]:
    names = (
        Tag.objects.filter(quizzes_questiontag_items__isnull=False)
        .distinct()
        .order_by("name")
        .values_list("name", flat=True)
    )
    return [(name, name) for name in names]


class CategoryFilter(django_filters.ModelChoiceFilter):
    field_class = CategoryChoiceField


class QuestionFilterSet(WagtailFilterSet):
    category = CategoryFilter(
        label=_("Category"),
        queryset=QuestionCategory.objects.all(),
        method="filter_category",
        help_text=_("Subcategories included."),
    )
    qtype = django_filters.ChoiceFilter(
        label=pgettext_lazy("question", "Type"), choices=QuestionType.choices
    )
    tag = django_filters.ChoiceFilter(
        label=_("Tag"), field_name="tags__name", choices=_tag_choices, distinct=True
    )
    review_needed = django_filters.BooleanFilter(label=_("Review needed"))

    class Meta:
        model = Question
        fields = ["category", "qtype", "tag", "review_needed"]

    def filter_category(self, queryset, name, value):
        return queryset.filter(category_id__in=value.descendant_ids()) if value else queryset


class ReviewColumn(Column):
    cell_template_name = "quizzes/admin/cells/review.html"


class FacilityColumn(Column):
    cell_template_name = "quizzes/admin/cells/facility.html"


class DiscriminationColumn(Column):
    cell_template_name = "quizzes/admin/cells/discrimination.html"


class FlagsColumn(Column):
    cell_template_name = "quizzes/admin/cells/flags.html"


def _lesson_titles(question: Question) -> str:
    return ", ".join(lesson.title for lesson in question.lessons.all())


def _flags(question: Question) -> list[dict]:
    figures = getattr(question, "figures", None)
    if figures is None:
        return []
    return [{"name": f, "label": flag_label(f)} for f in figures.listing_flags]


class QuestionIndexView(generic.IndexView):
    @cached_property
    def columns(self):
        # The model's "name" reads as a person's name in Chinese; the column is the question.
        title = self._get_title_column_class(TitleColumn)(
            "name", label=_("Question"), sort_key="name", get_url=self.get_edit_url
        )
        return [title, *super().columns[1:]]

    def get_base_queryset(self):
        return Question.objects.select_related("category").prefetch_related("lessons")

    def get_table(self, object_list):
        questions = list(object_list)
        figures = question_figures(questions)
        paths = category_paths()
        for question in questions:
            question.figures = figures.get(question.pk)
            question.category_path = paths.get(question.category_id, "")
        return super().get_table(questions)

    @cached_property
    def header_buttons(self):
        return [
            *super().header_buttons,
            HeaderButton(
                _("Import questions"), url=reverse("quizzes_bank_import"), icon_name="upload"
            ),
            HeaderButton(
                _("Quiz statistics"), url=reverse("quizzes_statistics"), icon_name="table"
            ),
        ]

    def get_list_more_buttons(self, instance):
        buttons = [
            Button(
                _("Preview"),
                url=reverse("quizzes_question_preview", args=[instance.pk]),
                icon_name="view",
                priority=15,
            )
        ]
        if instance.review_needed:
            buttons.append(
                Button(
                    _("Mark as reviewed"),
                    url=reverse("quizzes_question_reviewed", args=[instance.pk]),
                    icon_name="check",
                    priority=16,
                )
            )
        return [*super().get_list_more_buttons(instance), *buttons]


class QuestionEditView(generic.EditView):
    @cached_property
    def header_more_buttons(self):
        buttons = [
            Button(
                _("Preview as a learner"),
                url=reverse("quizzes_question_preview", args=[self.object.pk]),
                icon_name="view",
                priority=5,
            )
        ]
        if self.object.review_needed:
            buttons.append(
                Button(
                    _("Mark as reviewed"),
                    url=reverse("quizzes_question_reviewed", args=[self.object.pk]),
                    icon_name="check",
                    priority=6,
                )
            )
        return [*buttons, *super().header_more_buttons]


class BlockedDeleteView(generic.DeleteView):
    """A delete refused, with its reason, while the object is still in use; `blocked_reason`
    says why ("" when it may go), `back_label` names the listing the trainer returns to."""

    back_label = ""
    still_used = ""  # the refusal when the database itself protects the object

    @cached_property
    def blocked_reason(self) -> str:
        return ""

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "blocked_reason": self.blocked_reason,
            "back_label": self.back_label,
        }

    def delete_now(self, form):
        return super().form_valid(form)

    def form_valid(self, form):
        reason = self.blocked_reason
        if not reason:
            try:
                return self.delete_now(form)
            except ProtectedError:
                reason = self.still_used % {"name": self.object}
        messages.error(self.request, reason)
        return redirect(self.index_url_name)


class QuestionDeleteView(BlockedDeleteView):
    """A question that a quiz uses is not deleted: the quiz would change under its learners."""

    back_label = _("Back to the questions")
    still_used = _("“%(name)s” is still used by a quiz.")

    @cached_property
    def blocked_reason(self) -> str:
        titles = sorted(
            {
                rule.quiz.title
                for rule in QuizRule.objects.filter(question=self.object).select_related("quiz")
            }
        )
        if not titles:
            return ""
        return _("“%(name)s” is used by these quizzes: %(quizzes)s. Take it out of them first.") % {
            "name": self.object,
            "quizzes": "、".join(titles),
        }

    def delete_now(self, form):
        # The quiz rules themselves decide, not Wagtail's reference index: that index also
        # remembers quizzes which no longer use the question.
        success_url = self.get_success_url()
        self.delete_action()
        messages.success(self.request, self.get_success_message())
        return redirect(success_url)


class QuestionViewSet(ModelViewSet):
    model = Question
    icon = "help"
    menu_label = _("Questions")
    menu_order = 100
    index_view_class = QuestionIndexView
    edit_view_class = QuestionEditView
    delete_view_class = QuestionDeleteView
    delete_template_name = "quizzes/admin/confirm_delete_blocked.html"
    copy_view_enabled = True
    inspect_view_enabled = False
    filterset_class = QuestionFilterSet
    # Plain database search: Chinese question text is matched as typed, no tokenising needed.
    search_backend_name = None
    search_fields = ["name", "text"]
    list_per_page = 50
    list_display = [
        "name",
        Column(
            "qtype",
            label=pgettext_lazy("question", "Type"),
            accessor="get_qtype_display",
            sort_key="qtype",
        ),
        Column("category", label=_("Category"), accessor="category_path", sort_key="category"),
        Column("lessons", label=_("Lessons"), accessor=_lesson_titles),
        ReviewColumn("review_needed", label=_("Review"), sort_key="review_needed"),
        FacilityColumn("facility", label=_("Facility"), accessor="figures"),
        DiscriminationColumn("discrimination", label=_("Discrimination"), accessor="figures"),
        FlagsColumn("flags", label=_("Flags"), accessor=_flags),
    ]
    list_export = ["name", "qtype", "category", "text", "default_mark", "review_needed"]

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("category"),
                FieldRowPanel([FieldPanel("qtype"), FieldPanel("name")]),
                FieldPanel("text"),
                FieldRowPanel(
                    [
                        FieldPanel("text_format"),
                        FieldPanel("default_mark"),
                        FieldPanel("shuffle_options"),
                    ]
                ),
            ],
            heading=_("Question"),
        ),
        InlinePanel("answers", heading=_("Answers"), label=_("Answer"), help_text=ANSWERS_HELP),
        FieldPanel("general_feedback"),
        MultiFieldPanel(
            [
                HelpPanel(
                    _(
                        "Customer-message questions only: the question text is the customer's "
                        "message, these details are shown beside it, and each answer row is a "
                        "reply the learner may choose."
                    )
                ),
                FieldRowPanel([FieldPanel("channel"), FieldPanel("customer_name")]),
                FieldRowPanel([FieldPanel("order_number"), FieldPanel("order_date")]),
                FieldRowPanel([FieldPanel("order_product"), FieldPanel("order_status")]),
            ],
            heading=_("Customer and order"),
            classname="collapsed",
        ),
        MultiFieldPanel(
            [
                HelpPanel(_("Essay questions only: a trainer grades the answer by hand.")),
                FieldPanel("response_template"),
                FieldPanel("grader_info"),
            ],
            heading=_("Essay"),
            classname="collapsed",
        ),
        MultiFieldPanel(
            [FieldPanel("lessons"), FieldPanel("tags")],
            heading=_("Lessons and tags"),
        ),
        MultiFieldPanel(
            [FieldPanel("review_needed"), FieldPanel("review_reason")],
            heading=_("Review"),
            help_text=_("Untick “review needed” once the question has been checked."),
        ),
    ]

    def get_edit_handler(self):
        return ObjectList(self.panels, base_form_class=QuestionForm).bind_to_model(self.model)


class CategoryIndexView(generic.IndexView):
    """Categories in tree order (parents before their children), each with its question count."""

    default_ordering = "tree_position"

    @cached_property
    def columns(self):
        title = self._get_title_column_class(TitleColumn)(
            "name",
            label=pgettext_lazy("question category", "Name"),
            accessor=_indented_name,
            sort_key="tree_position",
            get_url=self.get_edit_url,
        )
        return [title, *super().columns[1:]]

    def get_base_queryset(self):
        paths = category_paths()
        in_order = sorted(paths, key=paths.get)
        position = Case(
            *(When(pk=pk, then=Value(i)) for i, pk in enumerate(in_order)),
            default=Value(len(in_order)),
            output_field=IntegerField(),
        )
        return QuestionCategory.objects.annotate(
            question_count=Count("questions", distinct=True),
            subcategory_count=Count("children", distinct=True),
            tree_position=position,
        )

    def get_table(self, object_list):
        categories = list(object_list)
        paths = category_paths()
        for category in categories:
            path = paths.get(category.pk, category.name)
            category.depth = path.count(" / ")
            category.path = path
        return super().get_table(categories)


class CategoryDeleteView(BlockedDeleteView):
    """A category that still holds questions or subcategories is not deleted."""

    back_label = _("Back to the categories")
    still_used = _("“%(name)s” is still in use (by questions or quizzes).")

    @cached_property
    def blocked_reason(self) -> str:
        questions = self.object.questions.count()
        children = self.object.children.count()
        if questions:
            return ngettext(
                "“%(name)s” still holds %(count)s question. Move or delete it first.",
                "“%(name)s” still holds %(count)s questions. Move or delete them first.",
                questions,
            ) % {"name": self.object, "count": questions}
        if children:
            return ngettext(
                "“%(name)s” has %(count)s subcategory. Move or delete it first.",
                "“%(name)s” has %(count)s subcategories. Move or delete them first.",
                children,
            ) % {"name": self.object, "count": children}
        return ""


def _indented_name(category: QuestionCategory) -> str:
    return "\u2003" * getattr(category, "depth", 0) + category.name


class QuestionCategoryViewSet(ModelViewSet):
    model = QuestionCategory
    icon = "folder-open-inverse"
    menu_label = _("Categories")
    menu_order = 200
    index_view_class = CategoryIndexView
    delete_view_class = CategoryDeleteView
    delete_template_name = "quizzes/admin/confirm_delete_blocked.html"
    copy_view_enabled = False
    search_fields = ["name", "description"]
    search_backend_name = None
    list_per_page = 100
    list_display = [
        "name",
        Column("question_count", label=_("Questions"), sort_key="question_count"),
        Column("subcategory_count", label=_("Subcategories")),
        BooleanColumn("is_top", label=_("Top level"), accessor=lambda c: c.parent_id is None),
    ]
    form_fields = ["name", "parent", "description"]

    def get_form_class(self, for_update=False):
        return CategoryForm


class _LinkViewSet(ViewSet):
    """A bank menu entry for one of the pages in `quizzes.admin.views`."""

    url_name = ""
    permission = ""

    @cached_property
    def menu_url(self):
        return reverse(self.url_name)

    @cached_property
    def menu_item_class(self):
        permission = self.permission

        class LinkMenuItem(MenuItem):
            def is_shown(self, request):
                return request.user.has_perm(permission)

        return LinkMenuItem


class QuestionImportViewSet(_LinkViewSet):
    menu_label = _("Import and export")
    icon = "upload"
    menu_order = 300
    url_name = "quizzes_bank_import"
    permission = "quizzes.add_question"


class QuizStatisticsViewSet(_LinkViewSet):
    menu_label = _("Quiz statistics")
    icon = "table"
    menu_order = 400
    url_name = "quizzes_statistics"
    permission = "quizzes.view_quizattempt"


class QuestionBankViewSetGroup(ViewSetGroup):
    menu_label = _("Question bank")
    menu_icon = "help"
    menu_order = 160
    items = (
        QuestionViewSet("quizzes_questions", url_prefix="question-bank/questions"),
        QuestionCategoryViewSet("quizzes_categories", url_prefix="question-bank/categories"),
        QuestionImportViewSet("quizzes_bank_import_menu"),
        QuizStatisticsViewSet("quizzes_statistics_menu"),
    )
