"""Level 3, behaviour: each course's on-the-job observation checklist, and observations filed
on it — by a supervisor, or by the agent about themselves (the self-assessment)."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.models import Orderable

from evaluation.survey_models import new_key
from training.models import evaluation_wave_field

# What a checklist starts with: the service manuals' norms agents are trained and measured on.
DEFAULT_BEHAVIOURS = (
    "使用标准问候语",
    "按退款政策处理",
    "首次响应不超过60秒",
    "按分级规则升级",
    "先致歉、确认问题，再给出解决方案",
    "不泄露客户个人信息",
)
DEFAULT_PASS_PERCENT = 80


class ObservationChecklist(ClusterableModel):
    course = models.OneToOneField(
        "wagtailcore.Page",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("course"),
    )
    pass_percent = models.PositiveSmallIntegerField(
        _("pass mark (%)"),
        default=DEFAULT_PASS_PERCENT,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text=_(
            "An observation passes when this share of the behaviours observed is met "
            "(“partly” counts half)."
        ),
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("observation checklist")
        verbose_name_plural = _("observation checklists")

    def __str__(self):
        return str(self.course)


class ObservationBehaviour(Orderable):
    checklist = ParentalKey(
        ObservationChecklist, on_delete=models.CASCADE, related_name="behaviours"
    )
    key = models.CharField(max_length=16, default=new_key, editable=False)
    text = models.CharField(_("behaviour"), max_length=255)

    class Meta(Orderable.Meta):
        verbose_name = _("behaviour")
        verbose_name_plural = _("behaviours")
        constraints = [
            models.UniqueConstraint(
                fields=["checklist", "key"], name="observationbehaviour_unique_key"
            )
        ]

    def __str__(self):
        return self.text


class ObserverRole(models.TextChoices):
    SUPERVISOR = "supervisor", _("Supervisor")
    SELF = "self", _("Self-assessment")


class Observation(models.Model):
    """One observer's checklist for one person, course and wave; filing again updates it
    (and its one learning record)."""

    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    course = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="+")
    wave = evaluation_wave_field()
    # The record keeps the observer's id in its details; deleting a user keeps the rest.
    observer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    role = models.CharField(max_length=16, choices=ObserverRole.choices)
    checklist = models.ForeignKey(
        ObservationChecklist, on_delete=models.PROTECT, related_name="observations"
    )
    # Behaviour key -> 1 (yes), 0.5 (partly), 0 (no), None (not observed).
    criteria = models.JSONField(default=dict)
    # Behaviour key -> its text when observed, so that an edited checklist keeps old
    # observations readable.
    behaviours = models.JSONField(default=dict)
    notes = models.TextField(blank=True)
    observed_at = models.DateTimeField()

    class Meta:
        verbose_name = _("observation")
        verbose_name_plural = _("observations")
        constraints = [
            models.UniqueConstraint(
                fields=["person", "course", "wave", "observer"],
                name="observation_one_per_observer_and_wave",
            )
        ]

    def __str__(self):
        return f"{self.person_id} {self.course_id} {self.wave} by {self.observer_id}"


class ObservationDraft(models.Model):
    """An observation or self-assessment being filled in, kept as it is typed; filing it
    turns it into an `Observation` and removes the draft."""

    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    course = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="+")
    wave = evaluation_wave_field()
    observer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    # Behaviour key -> "yes", "partly", "no" or "not_observed", as chosen so far.
    answers = models.JSONField(default=dict, blank=True)
    notes = models.TextField(blank=True)
    saved_at = models.DateTimeField()

    class Meta:
        verbose_name = _("observation draft")
        verbose_name_plural = _("observation drafts")
        constraints = [
            models.UniqueConstraint(
                fields=["person", "course", "wave", "observer"],
                name="observationdraft_one_per_observer_and_wave",
            )
        ]

    def __str__(self):
        return f"draft {self.person_id} {self.course_id} {self.wave} by {self.observer_id}"
