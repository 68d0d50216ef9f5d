"""A quiz: a page in a course's tree that draws its questions from the bank."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Page
from wagtail.search import index

from training.course_tree import CourseItemMixin
from training.models.ordering import PositionedOrderable
from training.slugs import ReadableSlugMixin


class ReviewPolicy(models.TextChoices):
    SCORE_ONLY = "score_only", _("Score only")
    AFTER_SUBMIT = "after_submit", _("Answers and feedback after submitting")
    AFTER_CLOSE = "after_close", _("Answers and feedback after the quiz closes")


class QuizPage(CourseItemMixin, ReadableSlugMixin, Page):
    intro = models.TextField(_("introduction"), blank=True)
    pass_mark = models.PositiveSmallIntegerField(
        _("pass mark (%)"), default=80, validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    time_limit_minutes = models.PositiveSmallIntegerField(
        _("time limit (minutes)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(600)],
        help_text=_("Empty: no time limit."),
    )
    max_attempts = models.PositiveSmallIntegerField(
        _("maximum attempts"), default=0, help_text=_("0: unlimited.")
    )
    opens_at = models.DateTimeField(_("opens"), null=True, blank=True)
    closes_at = models.DateTimeField(_("closes"), null=True, blank=True)
    review_policy = models.CharField(
        _("review"), max_length=16, choices=ReviewPolicy.choices, default=ReviewPolicy.AFTER_SUBMIT
    )
    shuffle_questions = models.BooleanField(_("shuffle questions"), default=False)
    shuffle_options = models.BooleanField(
        _("shuffle options"),
        default=True,
        help_text=_("Applies to questions that allow it."),
    )
    required = models.BooleanField(
        pgettext_lazy("assessment", "required"),
        default=True,
        help_text=_("Passing it counts towards completing the course."),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        InlinePanel("rules", heading=_("Questions"), label=_("question or random draw"), min_num=1),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("pass_mark"), FieldPanel("required")]),
                FieldRowPanel([FieldPanel("time_limit_minutes"), FieldPanel("max_attempts")]),
                FieldRowPanel([FieldPanel("opens_at"), FieldPanel("closes_at")]),
                FieldPanel("review_policy"),
                FieldRowPanel([FieldPanel("shuffle_questions"), FieldPanel("shuffle_options")]),
            ],
            heading=_("Settings"),
        ),
        CourseItemMixin.retraining_panel,
    ]
    search_fields = [*Page.search_fields, index.SearchField("intro")]

    parent_page_types = ["courses.ModulePage", "courses.CoursePage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("quiz")
        verbose_name_plural = _("quizzes")

    def clean(self):
        super().clean()
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            raise ValidationError({"closes_at": _("The quiz must close after it opens.")})

    def question_count(self) -> int:
        return sum(rule.count for rule in self.rules.all())

    def serve(self, request, *args, **kwargs):
        from quizzes.views import quiz_page_serve

        return quiz_page_serve(request, self, super().serve)


class QuizRule(PositionedOrderable):
    """One question of the quiz, or N questions drawn at random from a category."""

    sort_parent = "quiz"
    quiz = ParentalKey(QuizPage, on_delete=models.CASCADE, related_name="rules")
    question = models.ForeignKey(
        "quizzes.Question",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("question"),
    )
    category = models.ForeignKey(
        "quizzes.QuestionCategory",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("random from category"),
    )
    draw = models.PositiveSmallIntegerField(
        _("how many to draw"), default=1, validators=[MinValueValidator(1)]
    )
    include_subcategories = models.BooleanField(_("include subcategories"), default=True)
    mark = models.DecimalField(
        _("mark"),
        max_digits=6,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text=_("Empty: the question's default mark."),
    )

    panels = [
        FieldPanel("question"),
        FieldRowPanel([FieldPanel("category"), FieldPanel("draw")]),
        FieldRowPanel([FieldPanel("include_subcategories"), FieldPanel("mark")]),
    ]

    class Meta(PositionedOrderable.Meta):
        verbose_name = _("quiz question")
        verbose_name_plural = _("quiz questions")

    def clean(self):
        super().clean()
        if bool(self.question_id) == bool(self.category_id):
            raise ValidationError(
                _("Choose either one question or a category to draw from, not both.")
            )
        if self.category_id:
            from quizzes.models.bank import Question

            categories = (
                self.category.descendant_ids() if self.include_subcategories else {self.category_id}
            )
            available = Question.objects.filter(category_id__in=categories).count()
            if available < self.draw:
                raise ValidationError(
                    {"draw": _("The category has only %(n)d questions.") % {"n": available}}
                )

    @property
    def count(self) -> int:
        return 1 if self.question_id else self.draw
