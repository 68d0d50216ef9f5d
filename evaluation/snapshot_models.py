"""Pre-computed evaluation reports (`evaluation.snapshots`)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ReportSnapshot(models.Model):
    """One course's report for one scope and cohort period, computed ahead of its readers.

    `scope` is `evaluation.report_scope.ReportScope.key` ("all", "teams:3" or "teams:3,7"):
    a reader's scope picks the snapshot, so nobody reads one wider than theirs. The labels in
    `data` are in `language`. `stale` is set when a record of the course arrives (and the
    refresh it queued has not finished); `refresh_queued` keeps a burst of records to one
    queued refresh per course.
    """

    course = models.ForeignKey(
        "wagtailcore.Page", on_delete=models.CASCADE, related_name="+", verbose_name=_("course")
    )
    scope = models.CharField(_("scope"), max_length=255)
    team_ids = models.JSONField(
        _("teams"), null=True, blank=True, help_text=_("Empty for everyone.")
    )
    start = models.DateField(_("completed from"))
    end = models.DateField(_("completed until"))
    language = models.CharField(_("language"), max_length=16)
    data = models.JSONField(_("report"), default=dict)
    headline = models.JSONField(_("headline figures"), default=dict)
    cohort_size = models.PositiveIntegerField(_("people in the cohort"), default=0)
    computed_at = models.DateTimeField(_("computed at"))
    computed_from = models.JSONField(
        _("computed from"),
        default=dict,
        help_text=_("The newest learning record read, and how long the computation took."),
    )
    stale = models.BooleanField(_("stale"), default=False)
    refresh_queued = models.BooleanField(default=False)
    marked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("pre-computed evaluation report")
        verbose_name_plural = _("pre-computed evaluation reports")
        constraints = [
            models.UniqueConstraint(
                fields=["course", "scope", "start", "end", "language"],
                name="report_snapshot_one_per_key",
            ),
        ]
        # The per-team overview reads every course of some scopes for one period.
        indexes = [
            models.Index(fields=["scope", "start", "end", "language"], name="snapshot_scope"),
        ]

    def __str__(self):
        return f"{self.course_id} {self.scope} {self.start}–{self.end} ({self.language})"
