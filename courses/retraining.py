"""Re-training: a published change that everyone who completed the course must learn again.

A trainer ticks "requires re-training" on the course, lesson, quiz or scenario they change (the
mark is `training.course_tree.RetrainingMark`, on every page of the course tree that learners
take). The mark travels with that revision (so it also works when a senior trainer approves the
change later) and is consumed once, when that revision is published:
`courses.updates.retraining_require` stores a `RetrainingRequirement` and gives each person who
had completed the course the items that are new or changed for them (`RetrainingItem`). The
course completion itself never goes away.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class RetrainingRequirement(models.Model):
    """One published change that requires re-training in a course, with its due date."""

    course = models.ForeignKey(
        "courses.CoursePage",
        on_delete=models.CASCADE,
        related_name="retraining_requirements",
        verbose_name=_("course"),
    )
    # The page whose publication carried the mark (the course itself or one of its items).
    page = models.ForeignKey(
        "wagtailcore.Page", on_delete=models.CASCADE, related_name="+", verbose_name=_("change")
    )
    revision = models.OneToOneField(
        "wagtailcore.Revision",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    days = models.PositiveSmallIntegerField(_("days to re-train"))
    due_on = models.DateField(_("due date"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("published"), default=timezone.now)

    class Meta:
        verbose_name = _("re-training requirement")
        verbose_name_plural = _("re-training requirements")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.course} · {self.page} · {self.due_on}"


class RetrainingItem(models.Model):
    """One item one person must (re)do for a requirement; done when they pass it again."""

    class Change(models.TextChoices):
        NEW = "new", _("new")
        CHANGED = "changed", _("changed")

    requirement = models.ForeignKey(
        RetrainingRequirement, on_delete=models.CASCADE, related_name="items"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="retraining_items"
    )
    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="+")
    change = models.CharField(max_length=8, choices=Change.choices)
    done_at = models.DateTimeField(_("done"), null=True, blank=True)

    class Meta:
        verbose_name = _("re-training item")
        verbose_name_plural = _("re-training items")
        constraints = [
            models.UniqueConstraint(
                fields=["requirement", "user", "page"], name="retraining_item_once"
            )
        ]
        indexes = [models.Index(fields=["user", "done_at"], name="retraining_item_open")]

    def __str__(self):
        return f"{self.user} · {self.page}"
