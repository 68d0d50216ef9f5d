"""Role-play scenarios as pages in a course's tree, and learners' attempts at them.

A scenario page holds the scenario document (docs/roleplay-scenarios.md) as fields and
blocks; `roleplay.document` turns one into the other. Attempts pin the page revision they
played, so editing a scenario never changes an attempt already made.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.blocks import StreamBlockValidationError, StructBlockValidationError
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from roleplay.ai.authoring import AiCustomerFields, ai_customer_panel, ai_field_errors
from roleplay.blocks import CriterionBlock, MoodChoices, StepBlock
from roleplay.options import new_attempt_seed
from roleplay.panels import ScenarioSummaryPanel
from roleplay.scenario.model import DEFAULT_ASSESSMENT_TRIES, MAX_ASSESSMENT_TRIES
from training.course_tree import CourseItemMixin
from training.models import evaluation_wave_field
from training.slugs import ReadableSlugMixin


class Channel(models.TextChoices):
    LIVE_CHAT = "live_chat", _("Live chat")
    PHONE = "phone", _("Phone")
    SOCIAL = "social", _("Public social-media comment")
    EMAIL = "email", pgettext_lazy("channel", "E-mail")


def _validate_taboo_lines(value: str) -> None:
    from roleplay.taboo import taboo_problems

    problems = taboo_problems(value.splitlines())
    if problems:
        raise ValidationError(
            [
                _("Line %(line)s: %(problem)s") % {"line": line, "problem": problem}
                for line, problem in problems
            ]
        )


@register_setting(icon="warning")
class TabooSettings(BaseGenericSetting):
    """The site-wide service taboo phrases trainers add to the built-in list (roleplay.taboo)."""

    phrases = models.TextField(
        _("service taboo phrases"),
        blank=True,
        validators=[_validate_taboo_lines],
        help_text=_(
            "Added for every role-play scenario to the built-in list, one per line. A written "
            "reply that uses one scores 0 on courtesy, and the feedback names the phrase."
        ),
    )

    panels = [FieldPanel("phrases")]

    class Meta:
        verbose_name = _("service taboo phrases")
        verbose_name_plural = _("service taboo phrases")


class ScenarioPage(CourseItemMixin, ReadableSlugMixin, AiCustomerFields, Page):
    objective = models.TextField(_("objective"), help_text=_("What the agent must achieve."))
    persona_name = models.CharField(_("customer's name"), max_length=100)
    persona_mood = models.CharField(
        _("customer's mood"), max_length=12, choices=MoodChoices.CHOICES, default="annoyed"
    )
    channel = models.CharField(_("channel"), max_length=12, choices=Channel.choices)
    persona_description = models.TextField(_("about the customer"), blank=True)
    order_number = models.CharField(_("order number"), max_length=64, blank=True)
    order_product = models.CharField(_("product"), max_length=200, blank=True)
    order_status = models.CharField(_("order status"), max_length=200, blank=True)
    order_dates = models.TextField(
        _("order dates"),
        blank=True,
        help_text=_("One per line, e.g. “ordered: 2026-11-11”."),
    )
    pass_score = models.DecimalField(
        _("pass score"),
        max_digits=3,
        decimal_places=2,
        default=0.6,
        validators=[MinValueValidator(0), MaxValueValidator(1)],
        help_text=_("Share of the rubric's best achievable score, from 0 to 1."),
    )
    rubric = StreamField(
        [("criterion", CriterionBlock())], verbose_name=_("rubric"), min_num=1, max_num=10
    )
    start_step = models.CharField(
        _("first step"),
        max_length=100,
        blank=True,
        help_text=_("The name of the step the conversation opens with; empty: the first step."),
    )
    steps = StreamField([("step", StepBlock())], verbose_name=_("conversation"), min_num=1)
    taboo_phrases = models.TextField(
        _("service taboo phrases"),
        blank=True,
        validators=[_validate_taboo_lines],
        help_text=_(
            "Added for this scenario to the built-in and site-wide taboo phrases, one per line. "
            "A written reply that uses one scores 0 on courtesy."
        ),
    )
    required = models.BooleanField(
        pgettext_lazy("assessment", "required"),
        default=False,
        help_text=_("Passing an assessed attempt counts towards completing the course."),
    )
    assessment_tries = models.PositiveSmallIntegerField(
        _("assessment tries"),
        default=DEFAULT_ASSESSMENT_TRIES,
        validators=[MaxValueValidator(MAX_ASSESSMENT_TRIES)],
        help_text=_(
            "How many times a learner may take the assessment; 0 means no limit. "
            "Practice is always unlimited."
        ),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("objective"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("persona_name"), FieldPanel("persona_mood")]),
                FieldPanel("channel"),
                FieldPanel("persona_description"),
            ],
            heading=_("Customer"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("order_number"), FieldPanel("order_product")]),
                FieldPanel("order_status"),
                FieldPanel("order_dates"),
            ],
            heading=pgettext_lazy("shop order", "Order"),
        ),
        FieldPanel("rubric"),
        FieldPanel("start_step"),
        FieldPanel("steps"),
        ai_customer_panel,
        FieldPanel("taboo_phrases"),
        ScenarioSummaryPanel(),
        FieldRowPanel(
            [FieldPanel("pass_score"), FieldPanel("assessment_tries"), FieldPanel("required")]
        ),
        CourseItemMixin.retraining_panel,
    ]
    search_fields = [*Page.search_fields, index.SearchField("objective")]

    parent_page_types = ["courses.ModulePage", "courses.CoursePage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("role-play scenario")
        verbose_name_plural = _("role-play scenarios")

    def clean(self):
        super().clean()
        from roleplay.document import page_assign_keys, page_problems

        page_assign_keys(self)

        problems = page_problems(self)
        if problems:
            # The AI customer's problems on its own fields, the rest on the conversation.
            errors, rest = ai_field_errors(problems)
            if rest:
                errors["steps"] = _conversation_errors(self.steps, rest)
            raise ValidationError(errors)

    def assessment_criteria(self) -> list[tuple[str, str]]:
        """The rubric's criteria as (key, name), the keys an assessed attempt's learning record
        scores (a criterion saved without a key gets the one the scenario would make)."""
        from roleplay.scenario.keys import new_keys

        items = [{"key": c.value.get("key"), "name": c.value.get("name")} for c in self.rubric]
        made = new_keys(items, fallback="criterion")
        return [
            (made.get(position) or (item["key"] or "").strip(), item["name"] or "")
            for position, item in enumerate(items)
        ]

    def is_offered(self) -> bool:
        """A scenario with an AI customer is offered only while a language model is set up."""
        from training.llm import ai_available

        if ai_available() or self.live_revision_id is None:
            return True
        from roleplay.services import revision_scenario

        try:
            return not revision_scenario(self.live_revision_id).uses_ai
        except ValueError:
            return True  # not a sound version: the page says so when opened

    def serve(self, request, *args, **kwargs):
        from roleplay.views import scenario_page_serve

        return scenario_page_serve(request, self, super().serve)


def _conversation_errors(steps, problems) -> StreamBlockValidationError:
    """Every problem at the top of the conversation (a plain list on the field would show only
    the first), and each step's own problems again on that step's block in the editor."""
    index_of = {}
    for position, child in enumerate(steps):
        key = (child.value.get("key") or "").strip()
        index_of.setdefault(key, position)
    per_step: dict[int, list[ValidationError]] = {}
    for problem in problems:
        if problem.step and problem.step in index_of:
            message = f"{problem.field}: {problem.message}" if problem.field else problem.message
            per_step.setdefault(index_of[problem.step], []).append(ValidationError(message))
    return StreamBlockValidationError(
        block_errors={
            position: StructBlockValidationError(non_block_errors=errors)
            for position, errors in per_step.items()
        },
        non_block_errors=[ValidationError(str(problem)) for problem in problems],
    )


class AttemptMode(models.TextChoices):
    PRACTICE = "practice", _("Practice")
    ASSESSMENT = "assessment", _("Assessment")


class AttemptState(models.TextChoices):
    IN_PROGRESS = "in_progress", _("In progress")
    # An AI customer's conversation has ended and the judge is scoring it.
    JUDGING = "judging", _("Being scored")
    AWAITING_REVIEW = "awaiting_review", _("Awaiting review")
    SCORED = "scored", _("Scored")


class ScenarioAttempt(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    scenario = models.ForeignKey(
        ScenarioPage, on_delete=models.CASCADE, related_name="attempts", verbose_name=_("scenario")
    )
    # The version played: the document is read from this revision, never from the live page.
    revision = models.ForeignKey("wagtailcore.Revision", on_delete=models.PROTECT, related_name="+")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="scenario_attempts",
        verbose_name=_("learner"),
    )
    mode = models.CharField(_("mode"), max_length=12, choices=AttemptMode.choices)
    state = models.CharField(
        _("state"), max_length=16, choices=AttemptState.choices, default=AttemptState.IN_PROGRESS
    )
    current_step = models.CharField(max_length=40)
    # When the current customer message was shown: the reply time is measured from here.
    step_shown_at = models.DateTimeField(default=timezone.now)
    transcript = models.JSONField(default=list)
    started_at = models.DateTimeField(_("started"), default=timezone.now)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=20, blank=True)
    result = models.JSONField(default=dict, blank=True)
    score = models.FloatField(_("score"), null=True, blank=True)
    passed = models.BooleanField(_("passed"), null=True, blank=True)
    wave = evaluation_wave_field()
    # Secret: orders the reply options and keys their ids for this attempt (roleplay.options).
    option_seed = models.BigIntegerField(default=new_attempt_seed, editable=False)
    # A trainer's play-test of the latest version, draft included: not a learner's practice.
    playtest = models.BooleanField(default=False, editable=False)
    # An AI customer's conversation (docs/ai-customers.md): the customer's latest message,
    # the one the learner answers next; set while `current_step` is the scenario's AI step.
    ai_message = models.TextField(blank=True, default="")
    # The learner's reply is saved and the AI customer has not answered it yet (the model
    # failed, or the page was left while it typed): the chat asks the model again.
    ai_waiting = models.BooleanField(default=False)
    # How the AI conversation ended: resolved, escalated, gave_up, turn_limit or learner.
    ai_ended_by = models.CharField(max_length=20, blank=True, default="")

    class Meta:
        ordering = ["-started_at"]
        verbose_name = _("role-play attempt")
        verbose_name_plural = _("role-play attempts")
        constraints = [
            models.UniqueConstraint(
                fields=["scenario", "user", "mode"],
                condition=Q(state="in_progress"),
                name="scenario_attempt_one_open",
            )
        ]
        indexes = [models.Index(fields=["state", "finished_at"], name="scenario_attempt_queue")]

    def __str__(self):
        return f"{self.user} · {self.scenario} · {self.get_mode_display()}"

    @property
    def is_open(self) -> bool:
        return self.state == AttemptState.IN_PROGRESS


class ScenarioReview(models.Model):
    """A trainer's scoring of an assessed attempt, criterion by criterion, with comments."""

    attempt = models.OneToOneField(ScenarioAttempt, on_delete=models.CASCADE, related_name="review")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    scores = models.JSONField(default=dict)  # criterion key -> 0..1
    comments = models.JSONField(default=dict)  # criterion key -> text
    summary = models.TextField(_("overall comment"), blank=True)
    reviewed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("role-play review")
        verbose_name_plural = _("role-play reviews")

    def __str__(self):
        return f"{self.attempt} · {self.reviewer}"


class PracticeSuggestion(models.Model):
    """Play this scenario again: a criterion was failed in practice (after 1, 3 and 7 days)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="practice_suggestions"
    )
    scenario = models.ForeignKey(ScenarioPage, on_delete=models.CASCADE, related_name="+")
    criterion = models.CharField(max_length=40)
    due_at = models.DateTimeField()
    done_at = models.DateTimeField(null=True, blank=True)
    attempt = models.ForeignKey(ScenarioAttempt, on_delete=models.CASCADE, related_name="+")

    class Meta:
        ordering = ["due_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["attempt", "criterion", "due_at"], name="practice_suggestion_once"
            )
        ]

    def __str__(self):
        return f"{self.user} · {self.scenario} · {self.criterion}"


class JudgeComparison(models.Model):
    """The AI judge's points and a trainer's for one criterion of a reviewed AI conversation,
    both on the judge's 0–5 scale: what the judge-vs-trainer agreement is computed from. One
    row per attempt and criterion; a second review of the attempt updates it."""

    attempt = models.ForeignKey(
        ScenarioAttempt, on_delete=models.CASCADE, related_name="judge_comparisons"
    )
    scenario = models.ForeignKey(ScenarioPage, on_delete=models.CASCADE, related_name="+")
    criterion_key = models.CharField(max_length=40)
    criterion_name = models.CharField(max_length=255)
    # Where the criterion stands in the scenario's rubric: the agreement lists them so.
    criterion_position = models.PositiveSmallIntegerField(default=0)
    judge_points = models.PositiveSmallIntegerField()
    trainer_points = models.FloatField()  # the trainer's share × 5 (e.g. 70 % is 3.5)
    reviewed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("AI judge comparison")
        verbose_name_plural = _("AI judge comparisons")
        constraints = [
            models.UniqueConstraint(
                fields=["attempt", "criterion_key"], name="judge_comparison_once"
            )
        ]
        indexes = [
            models.Index(fields=["scenario", "criterion_key"], name="judge_comparison_scenario")
        ]

    def __str__(self):
        return f"{self.attempt} · {self.criterion_key}"
