"""The learning record: one row for every result of every activity.

Written only by `training.records.record_result`; certification and the training-effect
evaluation read these rows and nothing else.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class RecordKind(models.TextChoices):
    LESSON = "lesson", _("Lesson completed")
    COURSE = "course", _("Course completed")
    PROGRAMME = "programme", _("Programme completed")
    QUIZ = "quiz", _("Quiz attempt")
    ROLEPLAY = "roleplay", _("Role-play attempt")
    SURVEY = "survey", _("Survey answered")
    OBSERVATION = "observation", _("On-the-job observation")


class EvaluationWave(models.TextChoices):
    """When, relative to the training, a result was taken (the evaluation cycle)."""

    NONE = "", _("None")
    SHORT_TERM = "short_term", _("Short-term (end of training)")
    MID_TERM = "mid_term", _("Mid-term (3–6 months)")
    LONG_TERM = "long_term", _("Long-term (1 year)")


def evaluation_wave_field() -> models.CharField:
    """The wave a result belongs to; the same field on the record and on what produces it."""
    return models.CharField(
        _("evaluation wave"),
        max_length=16,
        choices=EvaluationWave.choices,
        default=EvaluationWave.NONE,
        blank=True,
    )


class LearningRecord(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="learning_records",
        verbose_name=_("person"),
    )
    # The team the person was in when the result was recorded, so team reports over a time
    # window stay true after people move teams.
    team = models.ForeignKey(
        "training.Team",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="learning_records",
        verbose_name=_("team"),
    )
    kind = models.CharField(_("kind"), max_length=16, choices=RecordKind.choices)

    # The object whose result this is (a lesson completion, a quiz attempt, ...). One record
    # per source: recording it again updates the row.
    source_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    source_id = models.CharField(max_length=64)
    source = GenericForeignKey("source_type", "source_id")

    # What was done (a lesson page, a quiz page, a scenario), for "all results of this quiz".
    activity_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    activity_id = models.CharField(max_length=64, blank=True)
    activity = GenericForeignKey("activity_type", "activity_id")
    activity_title = models.CharField(_("activity"), max_length=255, blank=True)
    # The version taken: the id of the activity page's revision (wagtailcore.Revision) the
    # learner actually had, so that "this change requires re-training" can tell results of the
    # old version from the new. A number, not a foreign key: the record outlives revisions
    # purged and pages deleted. Empty for records from before versions were kept.
    activity_revision_id = models.PositiveIntegerField(
        _("activity version"), null=True, blank=True
    )

    course = models.ForeignKey(
        "wagtailcore.Page",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("course"),
    )
    completed_at = models.DateTimeField(_("when"))
    score = models.FloatField(_("score"), null=True, blank=True)
    passed = models.BooleanField(_("passed"), null=True, blank=True)
    details = models.JSONField(_("per-criterion details"), default=dict, blank=True)
    wave = evaluation_wave_field()
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-completed_at", "-id"]
        verbose_name = _("learning record")
        verbose_name_plural = _("learning records")
        constraints = [
            models.UniqueConstraint(
                fields=["source_type", "source_id"], name="learning_record_one_per_source"
            ),
            models.CheckConstraint(
                condition=Q(score__isnull=True) | Q(score__gte=0, score__lte=1),
                name="learning_record_score_0_1",
            ),
        ]
        indexes = [
            models.Index(fields=["user", "-completed_at"], name="record_user_when"),
            models.Index(fields=["course", "-completed_at"], name="record_course_when"),
            models.Index(fields=["team", "completed_at"], name="record_team_when"),
            models.Index(
                fields=["activity_type", "activity_id", "-completed_at"],
                name="record_activity_when",
            ),
        ]

    def __str__(self):
        return f"{self.user} · {self.get_kind_display()} · {self.activity_title}"
