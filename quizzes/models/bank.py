"""The question bank: categories, questions of every type, their answers, tags.

A question's answers are rows of one shape (as in Moodle's question_answers): what a row
means depends on the question type — an option (single/multiple choice, customer message,
true/false), an accepted answer (short answer, numerical), a matching pair, or an item to put
in order (ordering: the rows' order is the right order). `quizzes.questions` holds the rules.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from taggit.models import TaggedItemBase
from wagtail.search import index

from training.models.ordering import PositionedOrderable


class QuestionType(models.TextChoices):
    SINGLE_CHOICE = "single_choice", _("Single choice")
    MULTIPLE_CHOICE = "multiple_choice", _("Multiple choice")
    TRUE_FALSE = "true_false", _("True/false")
    SHORT_ANSWER = "short_answer", _("Short answer")
    MATCHING = "matching", _("Matching")
    ORDERING = "ordering", _("Ordering")
    NUMERICAL = "numerical", _("Numerical")
    ESSAY = "essay", _("Essay")
    CUSTOMER_MESSAGE = "customer_message", _("Customer message")


class TextFormat(models.TextChoices):
    """How a question's text is written (GIFT's [plain], [html], [markdown], [moodle])."""

    PLAIN = "plain", _("Plain text")
    HTML = "html", _("HTML")
    MARKDOWN = "markdown", _("Markdown")


class Channel(models.TextChoices):
    """Where a customer's message came in."""

    LIVE_CHAT = "live_chat", _("Live chat")
    PHONE = "phone", _("Phone")
    SOCIAL = "social", _("Public social-media comment")
    EMAIL = "email", pgettext_lazy("channel", "E-mail")


class QuestionCategory(models.Model):
    """A shelf of the bank, e.g. a manual chapter or a competency; categories nest."""

    name = models.CharField(pgettext_lazy("question category", "name"), max_length=200)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent category"),
    )
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("question category")
        verbose_name_plural = _("question categories")
        constraints = [
            models.UniqueConstraint(fields=["parent", "name"], name="question_category_unique"),
            models.UniqueConstraint(
                fields=["name"],
                condition=models.Q(parent__isnull=True),
                name="question_category_top_unique",
            ),
        ]

    def __str__(self):
        return " / ".join(c.name for c in self.lineage())

    def lineage(self) -> list[QuestionCategory]:
        """This category and its parents, top first."""
        chain, node, seen = [], self, set()
        while node is not None and node.pk not in seen:
            seen.add(node.pk)
            chain.append(node)
            node = node.parent
        return chain[::-1]

    def descendant_ids(self) -> set[int]:
        """Ids of this category and every category below it."""
        ids, frontier = {self.pk}, [self.pk]
        while frontier:
            frontier = list(
                QuestionCategory.objects.filter(parent_id__in=frontier)
                .exclude(pk__in=ids)
                .values_list("pk", flat=True)
            )
            ids.update(frontier)
        return ids


class QuestionTag(TaggedItemBase):
    content_object = ParentalKey(
        "quizzes.Question", on_delete=models.CASCADE, related_name="tagged_items"
    )


class Question(index.Indexed, ClusterableModel):
    category = models.ForeignKey(
        QuestionCategory,
        on_delete=models.PROTECT,
        related_name="questions",
        verbose_name=_("category"),
    )
    qtype = models.CharField(_("question type"), max_length=20, choices=QuestionType.choices)
    name = models.CharField(
        pgettext_lazy("question", "name"),
        max_length=255,
        help_text=_("A short title for the bank listing."),
    )
    text = models.TextField(_("question text"))
    text_format = models.CharField(
        _("text format"), max_length=10, choices=TextFormat.choices, default=TextFormat.PLAIN
    )
    general_feedback = models.TextField(
        _("general feedback"), blank=True, help_text=_("Shown after the answer, whatever it was.")
    )
    default_mark = models.DecimalField(
        _("default mark"),
        max_digits=6,
        decimal_places=2,
        default=1,
        validators=[MinValueValidator(0), MaxValueValidator(1000)],
    )
    shuffle_options = models.BooleanField(
        _("shuffle options"),
        default=True,
        help_text=_("Options appear in a different order for each attempt."),
    )

    # Customer-message questions: the customer's message is the question text.
    channel = models.CharField(_("channel"), max_length=12, choices=Channel.choices, blank=True)
    customer_name = models.CharField(_("customer name"), max_length=100, blank=True)
    order_number = models.CharField(_("order number"), max_length=64, blank=True)
    order_product = models.CharField(_("product"), max_length=200, blank=True)
    order_status = models.CharField(_("order status"), max_length=100, blank=True)
    order_date = models.DateField(_("order date"), null=True, blank=True)

    # Essay questions.
    response_template = models.TextField(
        _("response template"), blank=True, help_text=_("Essay: text the answer box starts with.")
    )
    grader_info = models.TextField(
        _("information for graders"),
        blank=True,
        help_text=_("Essay: what a good answer contains; never shown to learners."),
    )

    lessons = ParentalManyToManyField(
        "courses.LessonPage",
        blank=True,
        related_name="questions",
        verbose_name=_("lessons tested"),
        help_text=_("When one of these lessons is republished with changes, review this question."),
    )
    tags = ClusterTaggableManager(through=QuestionTag, blank=True, verbose_name=_("tags"))

    review_needed = models.BooleanField(_("review needed"), default=False)
    review_reason = models.TextField(_("why review is needed"), blank=True)

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    search_fields = [
        index.SearchField("name"),
        index.SearchField("text"),
        index.AutocompleteField("name"),
        index.FilterField("qtype"),
        index.FilterField("category_id"),
        index.FilterField("review_needed"),
    ]

    class Meta:
        ordering = ["category__name", "name", "pk"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        indexes = [models.Index(fields=["category", "qtype"], name="question_category_type")]

    def __str__(self):
        return self.name


class Answer(PositionedOrderable):
    sort_parent = "question"
    question = ParentalKey(Question, on_delete=models.CASCADE, related_name="answers")
    text = models.TextField(
        _("text"),
        blank=True,
        help_text=_(
            "The option, accepted answer, number, item to order, or left side of a matching pair."
        ),
    )
    fraction = models.DecimalField(
        _("credit"),
        max_digits=8,
        decimal_places=5,
        default=0,
        validators=[MinValueValidator(-1), MaxValueValidator(1)],
        help_text=_("Share of the mark: 1 is fully right, 0 wrong; negative takes marks away."),
    )
    feedback = models.TextField(_("feedback"), blank=True)
    match_text = models.CharField(
        _("matching answer"),
        max_length=255,
        blank=True,
        help_text=_("Matching: the right side paired with the text (text empty: a distractor)."),
    )
    tolerance = models.DecimalField(
        _("tolerance"),
        max_digits=14,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text=_("Numerical: accepted ± this much."),
    )

    class Meta(PositionedOrderable.Meta):
        verbose_name = _("answer")
        verbose_name_plural = _("answers")

    def __str__(self):
        return self.text or self.match_text
