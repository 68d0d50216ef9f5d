"""Level 1, reaction: satisfaction surveys trainers author, which survey each course uses, and
a learner's answers to one wave's survey (kept as they type, then submitted once)."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.models import Orderable

from training.models import evaluation_wave_field


def new_key() -> str:
    """A question's or behaviour's key: generated, never typed, stable across edits."""
    return secrets.token_hex(4)


class Dimension(models.TextChoices):
    """What a 1–5 rating is about (the manuals' questionnaire: content, format, trainer)."""

    CONTENT = "content", pgettext_lazy("survey dimension", "Content")
    FORMAT = "format", pgettext_lazy("survey dimension", "Format")
    TRAINER = "trainer", pgettext_lazy("survey dimension", "Trainer")
    USEFULNESS = "usefulness", pgettext_lazy("survey dimension", "Usefulness for the job")
    OTHER = "other", pgettext_lazy("survey dimension", "Other")


class QuestionKind(models.TextChoices):
    LIKERT = "likert", _("Rating from 1 to 5")
    RECOMMEND = "recommend", _("Would recommend (0–10)")
    TEXT = "text", _("Free text")


class BuiltinSurvey(models.TextChoices):
    """The two surveys the site starts with (a course uses them unless a trainer says else)."""

    NONE = "", _("None")
    REACTION = "reaction", _("End of training")
    STILL_USEFUL = "still_useful", _("Still useful after a year")


class Survey(ClusterableModel):
    name = models.CharField(_("name"), max_length=100, unique=True)
    intro = models.TextField(
        _("introduction"), blank=True, help_text=_("Shown above the questions.")
    )
    builtin = models.CharField(
        max_length=16, choices=BuiltinSurvey.choices, blank=True, default="", editable=False
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")
        constraints = [
            models.UniqueConstraint(
                fields=["builtin"], condition=~models.Q(builtin=""), name="survey_one_builtin"
            )
        ]

    def __str__(self):
        return self.name


class SurveyQuestion(Orderable):
    survey = ParentalKey(Survey, on_delete=models.CASCADE, related_name="questions")
    key = models.CharField(max_length=16, default=new_key, editable=False)
    kind = models.CharField(_("kind"), max_length=16, choices=QuestionKind.choices)
    dimension = models.CharField(
        _("dimension"),
        max_length=16,
        choices=Dimension.choices,
        blank=True,
        help_text=_("For a 1–5 rating: what it rates."),
    )
    text = models.CharField(_("question"), max_length=255)
    required = models.BooleanField(_("required"), default=True)

    class Meta(Orderable.Meta):
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        constraints = [
            models.UniqueConstraint(fields=["survey", "key"], name="surveyquestion_unique_key")
        ]

    def __str__(self):
        return self.text

    def clean(self):
        if self.kind == QuestionKind.LIKERT and not self.dimension:
            raise ValidationError({"dimension": _("Say what this rating is about.")})
        if self.kind != QuestionKind.LIKERT and self.dimension:
            raise ValidationError(
                {"dimension": _("Only a rating from 1 to 5 has a dimension; leave it empty.")}
            )


class CourseSurvey(models.Model):
    """Which survey forms a course uses: at the end of training, and later ("still useful?").
    A course without one uses the built-in surveys. Whether a wave asks for a survey at all
    is the course's evaluation plan's to say (`EvaluationPlan`), not this."""

    course = models.OneToOneField(
        "wagtailcore.Page",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("course"),
    )
    survey = models.ForeignKey(
        Survey,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("end-of-training survey"),
    )
    long_term_survey = models.ForeignKey(
        Survey,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("follow-up survey"),
        help_text=_(
            "Used when the course's evaluation plan asks for a survey in the mid- or long-term "
            "wave (“is it still useful?”); empty: the built-in one."
        ),
    )

    class Meta:
        verbose_name = _("course survey")
        verbose_name_plural = _("course surveys")

    def __str__(self):
        return str(self.course)


class SurveyResponse(models.Model):
    """One learner's answers to one wave's survey of one course: a draft while they type
    (`submitted_at` empty), then the source of exactly one learning record."""

    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    course = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="+")
    wave = evaluation_wave_field()
    survey = models.ForeignKey(Survey, on_delete=models.PROTECT, related_name="responses")
    # Question key -> the answer as typed: an int (rating, recommend) or text.
    answers = models.JSONField(default=dict, blank=True)
    saved_at = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("survey response")
        verbose_name_plural = _("survey responses")
        constraints = [
            models.UniqueConstraint(
                fields=["person", "course", "wave"], name="surveyresponse_one_per_wave"
            )
        ]

    def __str__(self):
        return f"{self.person_id} {self.course_id} {self.wave}"
