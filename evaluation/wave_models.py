"""Evaluation plans and wave instances (imported into `evaluation.models`).

See `evaluation.plans` for what a plan says and `evaluation.waves` for the life of a wave.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from evaluation import plans
from training.models import EvaluationWave


class EvaluationPlan(models.Model):
    """When a course's evaluation waves open and close (days after completion) and what each
    asks for (instrument keys, see `evaluation.instruments`)."""

    course = models.OneToOneField(
        "wagtailcore.Page",
        on_delete=models.CASCADE,
        related_name="evaluation_plan",
        verbose_name=_("course"),
    )
    active = models.BooleanField(
        _("evaluate this course"),
        default=True,
        help_text=_(
            "When off, completing the course opens no evaluation waves from now on; waves "
            "already under way run their course."
        ),
    )
    short_closes_days = models.PositiveSmallIntegerField(
        _("short-term: closes after (days)"),
        default=plans.DEFAULT_DAYS[plans.SHORT][1],
        help_text=_("Opens on the day of completion; 0 to 7 days."),
    )
    mid_opens_days = models.PositiveSmallIntegerField(
        _("mid-term: opens after (days)"),
        default=plans.DEFAULT_DAYS[plans.MID][0],
        help_text=_("90 to 183 days (3 to 6 months)."),
    )
    mid_closes_days = models.PositiveSmallIntegerField(
        _("mid-term: closes after (days)"),
        default=plans.DEFAULT_DAYS[plans.MID][1],
        help_text=_("90 to 183 days, not before it opens."),
    )
    long_opens_days = models.PositiveSmallIntegerField(
        _("long-term: opens after (days)"),
        default=plans.DEFAULT_DAYS[plans.LONG][0],
        help_text=_("365 to 395 days (a year on)."),
    )
    long_closes_days = models.PositiveSmallIntegerField(
        _("long-term: closes after (days)"),
        default=plans.DEFAULT_DAYS[plans.LONG][1],
        help_text=_("365 to 395 days, not before it opens."),
    )
    short_instruments = models.JSONField(
        _("short-term asks for"), default=plans.default_short, blank=True
    )
    mid_instruments = models.JSONField(
        _("mid-term asks for"), default=plans.default_mid, blank=True
    )
    long_instruments = models.JSONField(
        _("long-term asks for"), default=plans.default_long, blank=True
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("evaluation plan")
        verbose_name_plural = _("evaluation plans")

    def __str__(self):
        return str(self.course) if self.course_id else str(_("evaluation plan"))

    def days(self, wave: str) -> tuple[int, int]:
        """(opens, closes) in days after completion; the window includes both days."""
        return {
            plans.SHORT: (plans.SHORT_OPENS, self.short_closes_days),
            plans.MID: (self.mid_opens_days, self.mid_closes_days),
            plans.LONG: (self.long_opens_days, self.long_closes_days),
        }[wave]

    def instrument_keys(self, wave: str) -> list[str]:
        """The keys of the instruments this wave asks for."""
        return list(
            {
                plans.SHORT: self.short_instruments,
                plans.MID: self.mid_instruments,
                plans.LONG: self.long_instruments,
            }[wave]
            or []
        )

    def clean(self):
        errors = {}

        def within(field: str, value: int, bounds: tuple[int, int]) -> None:
            if value is not None and not bounds[0] <= value <= bounds[1]:
                errors[field] = _("Between %(low)d and %(high)d days.") % {
                    "low": bounds[0],
                    "high": bounds[1],
                }

        within("short_closes_days", self.short_closes_days, plans.SHORT_CLOSES_RANGE)
        within("mid_opens_days", self.mid_opens_days, plans.MID_OPENS_RANGE)
        within("mid_closes_days", self.mid_closes_days, plans.MID_CLOSES_RANGE)
        within("long_opens_days", self.long_opens_days, plans.LONG_OPENS_RANGE)
        within("long_closes_days", self.long_closes_days, plans.LONG_CLOSES_RANGE)
        for opens, closes in [
            ("mid_opens_days", "mid_closes_days"),
            ("long_opens_days", "long_closes_days"),
        ]:
            low, high = getattr(self, opens), getattr(self, closes)
            if low is not None and high is not None and high < low and closes not in errors:
                errors[closes] = _("A wave cannot close before it opens.")
        for field in ("short_instruments", "mid_instruments", "long_instruments"):
            value = getattr(self, field)
            if not isinstance(value, list) or not all(isinstance(k, str) for k in value):
                errors[field] = _("A list of instruments.")
        if errors:
            raise ValidationError(errors)


class WaveStatus(models.TextChoices):
    PENDING = "pending", _("Not open yet")
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class WaveInstance(models.Model):
    """One wave of one person's completed course: when it opens and closes, and where it is.

    Satisfies `evaluation.instruments.WaveOf` (`person`, `course`, `wave`). Dates are counted
    from the day the course was completed, by the course's plan at that moment."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="evaluation_waves",
        verbose_name=_("person"),
    )
    course = models.ForeignKey(
        "wagtailcore.Page",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("course"),
    )
    wave = models.CharField(
        _("evaluation wave"),
        max_length=16,
        choices=[(value, label) for value, label in EvaluationWave.choices if value],
    )
    completed_on = models.DateField(_("course completed on"))
    opens_on = models.DateField(_("opens on"))
    closes_on = models.DateField(_("closes on"), help_text=_("The last day it is open."))
    status = models.CharField(
        _("status"), max_length=8, choices=WaveStatus.choices, default=WaveStatus.PENDING
    )
    opened_at = models.DateTimeField(_("opened at"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("reminded at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["opens_on", "pk"]
        verbose_name = _("evaluation wave")
        verbose_name_plural = _("evaluation waves")
        constraints = [
            models.UniqueConstraint(
                fields=["person", "course", "wave"], name="wave_one_per_person_course"
            ),
            models.CheckConstraint(
                condition=models.Q(closes_on__gte=models.F("opens_on")),
                name="wave_closes_after_it_opens",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "opens_on"], name="wave_status_opens"),
            models.Index(fields=["status", "closes_on"], name="wave_status_closes"),
        ]

    def __str__(self):
        return f"{self.person_id} {self.course_id} {self.wave} {self.opens_on}–{self.closes_on}"

    @property
    def is_open(self) -> bool:
        return self.status == WaveStatus.OPEN

    def is_open_on(self, day) -> bool:
        """Whether the wave's window holds `day` and it has not been closed."""
        return self.status != WaveStatus.CLOSED and self.opens_on <= day <= self.closes_on
