"""Assignments: training (a course or a programme) given to an audience with a due date."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Assignment(models.Model):
    """A course or programme assigned to people, teams, positions and/or tiers.

    Audience: the listed people, plus everyone who matches every filled-in filter among
    teams, positions and tiers (e.g. first-line agents of team A). With `include_new_hires`,
    people who join later (from the roster) and match are assigned automatically — unless
    their due date had passed before the assignment existed (veterans added to the roster).
    Due: a fixed date, or a number of days after each person's hire date.
    """

    page = models.ForeignKey(
        "wagtailcore.Page",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("course or programme"),
    )
    teams = models.ManyToManyField(
        "training.Team", blank=True, related_name="+", verbose_name=_("teams")
    )
    positions = models.JSONField(_("positions"), default=list, blank=True)
    tiers = models.JSONField(_("tiers"), default=list, blank=True)
    people = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="+", verbose_name=_("people")
    )
    due_date = models.DateField(_("due date"), null=True, blank=True)
    due_days_after_hire = models.PositiveSmallIntegerField(
        _("due days after hire date"), null=True, blank=True
    )
    include_new_hires = models.BooleanField(_("also assign to new hires"), default=False)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("assigned by"),
    )
    created_at = models.DateTimeField(_("assigned at"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        constraints = [
            models.CheckConstraint(
                condition=Q(due_date__isnull=True) | Q(due_days_after_hire__isnull=True),
                name="assignment_one_kind_of_due_date",
            )
        ]

    def __str__(self):
        return str(self.page)


class AssignedTraining(models.Model):
    """One person's copy of an assignment, with their own due date.

    One row per person and course/programme: when two assignments give the same training,
    the earlier due date wins. Completion is not stored here; it is read from the learning
    record, so it can never disagree with it.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="assigned_trainings"
    )
    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="+")
    assignment = models.ForeignKey(
        Assignment, on_delete=models.CASCADE, related_name="assigned_trainings"
    )
    due_on = models.DateField(_("due"), null=True, blank=True)
    assigned_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due_on", "assigned_at"]
        verbose_name = _("assigned training")
        verbose_name_plural = _("assigned trainings")
        constraints = [
            models.UniqueConstraint(fields=["user", "page"], name="assigned_training_once")
        ]
        indexes = [models.Index(fields=["page", "due_on"], name="assigned_page_due")]

    def __str__(self):
        return f"{self.user} · {self.page}"
