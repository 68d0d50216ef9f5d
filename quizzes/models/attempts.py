"""Attempts: one learner's sitting of a quiz, and the questions as they were presented.

Each presented question keeps a snapshot of the question taken at the start, so editing the
bank later never changes an attempt that is running or graded.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from training.models import evaluation_wave_field


class AttemptState(models.TextChoices):
    IN_PROGRESS = "in_progress", _("In progress")
    AWAITING_GRADING = "awaiting_grading", _("Awaiting grading")
    GRADED = "graded", _("Graded")


class QuizAttempt(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    quiz = models.ForeignKey(
        "quizzes.QuizPage",
        on_delete=models.CASCADE,
        related_name="attempts",
        verbose_name=_("quiz"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="quiz_attempts",
        verbose_name=_("learner"),
    )
    # The version taken: the quiz page's live revision when the attempt started (none for
    # attempts from before versions were kept, or once the revision has been purged).
    revision = models.ForeignKey(
        "wagtailcore.Revision",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("quiz version"),
    )
    number = models.PositiveSmallIntegerField(_("attempt"))
    state = models.CharField(
        _("state"), max_length=20, choices=AttemptState.choices, default=AttemptState.IN_PROGRESS
    )
    started_at = models.DateTimeField(_("started"), default=timezone.now)
    # Stored when the attempt starts: the server's clock decides, not the browser's.
    deadline = models.DateTimeField(_("deadline"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    auto_submitted = models.BooleanField(_("submitted when time ran out"), default=False)
    graded_at = models.DateTimeField(_("graded"), null=True, blank=True)
    last_saved_at = models.DateTimeField(_("last saved"), null=True, blank=True)
    # The number of the last save kept. A page numbers its save one above the last number it
    # was given, so a save numbered no higher comes from a page that has not seen the latest
    # answers (another tab or device, or a request arriving late) and is refused.
    save_sequence = models.PositiveIntegerField(default=0)

    marks = models.FloatField(_("marks"), null=True, blank=True)
    max_marks = models.FloatField(_("out of"), default=0)
    score = models.FloatField(_("score"), null=True, blank=True)  # 0–1
    passed = models.BooleanField(_("passed"), null=True, blank=True)
    pass_mark = models.PositiveSmallIntegerField(_("pass mark (%)"), default=80)
    wave = evaluation_wave_field()

    class Meta:
        ordering = ["-started_at"]
        verbose_name = _("quiz attempt")
        verbose_name_plural = _("quiz attempts")
        constraints = [
            models.UniqueConstraint(fields=["quiz", "user", "number"], name="attempt_number_once"),
            models.UniqueConstraint(
                fields=["quiz", "user"],
                condition=Q(state="in_progress"),
                name="attempt_one_open_per_learner",
            ),
        ]
        indexes = [
            models.Index(fields=["state", "deadline"], name="attempt_state_deadline"),
            models.Index(fields=["quiz", "state"], name="attempt_quiz_state"),
        ]

    def __str__(self):
        return f"{self.user} · {self.quiz} · #{self.number}"

    @property
    def is_open(self) -> bool:
        return self.state == AttemptState.IN_PROGRESS

    @property
    def score_percent(self) -> float | None:
        return None if self.score is None else round(100 * self.score, 1)


class AttemptQuestion(models.Model):
    attempt = models.ForeignKey(QuizAttempt, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField()  # where the learner saw it (after shuffling)
    # Its place in the quiz's own structure (rules in order, draws expanded), the same in every
    # attempt whatever the shuffling: item analysis compares attempts slot by slot.
    slot = models.PositiveSmallIntegerField(default=0)
    question = models.ForeignKey(
        "quizzes.Question", on_delete=models.SET_NULL, null=True, related_name="attempt_questions"
    )
    # The question as it was when the attempt started, answer key included: server side only.
    snapshot = models.JSONField()
    # The order the options, items or matching choices were shown in for this attempt, and the
    # random tokens the page calls them by (`tokens` by answer key, `choice_tokens`): answer
    # keys follow the author's order and never reach the browser. Responses are kept in keys.
    layout = models.JSONField(default=dict)
    response = models.JSONField(null=True, blank=True)
    saved_at = models.DateTimeField(null=True, blank=True)
    max_mark = models.FloatField(default=1)
    mark = models.FloatField(null=True, blank=True)
    needs_grading = models.BooleanField(default=False)
    grader_comment = models.TextField(_("grader's comment"), blank=True)
    graded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["attempt", "position"]
        constraints = [
            models.UniqueConstraint(fields=["attempt", "position"], name="attempt_position_once")
        ]

    def __str__(self):
        return f"{self.attempt} · {self.position}"
