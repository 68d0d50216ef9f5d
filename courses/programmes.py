"""Programmes: learning paths that order courses over days (e.g. the two-week onboarding).

A programme is assignable like a course: `training.assignments` reads its progress through
the same duck-typed protocol (`progress_for`, `resume_url_for`, `last_activity_for`).
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.models import Page
from wagtail.search import index

from courses.models import CourseKind, CoursePage, LoggedInPageMixin
from training.models.ordering import PositionedOrderable
from training.slugs import ReadableSlugMixin


class ProgrammePage(LoggedInPageMixin, ReadableSlugMixin, Page):
    """A learning path: courses in order, each scheduled over a range of days."""

    kind = models.CharField(
        _("kind"), max_length=16, choices=CourseKind.choices, default=CourseKind.ONBOARDING
    )
    intro = models.TextField(
        _("introduction"), blank=True, help_text=_("What the programme prepares people for.")
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("kind"),
        FieldPanel("intro"),
        InlinePanel("programme_courses", heading=_("Courses by day"), label=_("Course"), min_num=1),
    ]
    search_fields = [*Page.search_fields, index.SearchField("intro"), index.FilterField("kind")]

    parent_page_types = ["courses.CourseCatalogPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")

    def scheduled(self) -> list[ProgrammeCourse]:
        """The programme's entries in order: live courses, and days described by a note."""
        # Entries made in code may lack a sort order: then the order they were made in.
        items = self.programme_courses.select_related("course").order_by("sort_order", "pk")
        return [item for item in items if item.course is None or item.course.live]

    def courses(self) -> list[CoursePage]:
        return [item.course.specific for item in self.scheduled() if item.course is not None]

    def completed_course_ids(self, user) -> set[int]:
        from courses.progress import passed_activity_ids

        # Course records in the learning record, the same source as course prerequisites.
        return passed_activity_ids(user=user, pages=self.courses())

    @property
    def duration_days(self) -> int:
        return max((item.end_day for item in self.scheduled()), default=0)

    # What `training.assignments` asks of any assignable page (it does not import courses).
    is_assignable = True

    def progress_for(self, user) -> tuple[int, int]:
        """(done, total) required items over all the programme's courses.

        Counted in lessons rather than courses, so that the learner's bar moves with every
        lesson; it is full exactly when every course is complete.
        """
        return self.progress_for_users([user])[user.pk]

    def progress_for_users(self, users) -> dict[int, tuple[int, int]]:
        """progress_for for many people at once, by user id.

        A completed programme counts in full: courses added to it later reopen nothing."""
        from courses.progress import courses_progress_by_user

        users = list(users)
        progress = courses_progress_by_user(users=users, courses=self.courses())
        completed = set(
            ProgrammeCompletion.objects.filter(programme=self, user__in=users).values_list(
                "user_id", flat=True
            )
        )
        return {
            user_id: (total, total) if user_id in completed else (done, total)
            for user_id, (done, total) in progress.items()
        }

    def completed_by(self, user) -> bool:
        return ProgrammeCompletion.objects.filter(programme=self, user=user).exists()

    def updates_for_users(self, users) -> dict:
        """Re-training owed in the programme's courses, by user id."""
        from courses.updates import course_updates_by_user

        return course_updates_by_user(users=users, courses=self.courses())

    def courses_completed_for(self, user) -> tuple[int, int]:
        """(completed courses, courses) of the programme for this learner."""
        return len(self.completed_course_ids(user)), len(self.courses())

    def resume_url_for(self, user) -> str:
        from courses.progress import retraining_page_ids

        done = self.completed_course_ids(user)
        for course in self.courses():
            if course.pk not in done or retraining_page_ids(user=user, course=course):
                return course.resume_url_for(user)
        return self.url

    def last_activity_for(self, user) -> datetime.datetime | None:
        times = [course.last_activity_for(user) for course in self.courses()]
        times = [when for when in times if when is not None]
        return max(times, default=None)

    def timeline_for(self, user) -> list[dict]:
        """Day ranges in order, each with its courses and the learner's progress in them."""
        from courses.progress import course_prerequisites_missing
        from courses.updates import course_updates_by_user

        done_courses = self.completed_course_ids(user)
        updates = {
            course.pk: course_updates_by_user(users=[user], courses=[course]).get(user.pk)
            for course in self.courses()
        }
        stages: list[dict] = []
        for item in self.scheduled():
            entry: dict = {"item": item, "course": None}
            if item.course is not None:
                course = item.course.specific
                done, total = course.progress_for(user)
                completed = course.pk in done_courses
                missing = (
                    [] if completed else course_prerequisites_missing(user=user, course=course)
                )
                entry.update(
                    course=course,
                    done=done,
                    total=total,
                    percent=round(100 * done / total) if total else 0,
                    completed=completed,
                    update=updates.get(course.pk),
                    missing=missing,
                    resume_url=course.resume_url_for(user),
                )
            key = (item.start_day, item.end_day)
            if not stages or stages[-1]["days"] != key:
                stages.append({"days": key, "start": key[0], "end": key[1], "entries": []})
            stages[-1]["entries"].append(entry)
        return stages

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        done, total = self.courses_completed_for(request.user)
        if self.completed_by(request.user):
            done = total  # completed stays completed, whatever was added since
        context.update(
            crumbs=self.breadcrumbs(),
            stages=self.timeline_for(request.user),
            progress_done=done,
            progress_total=total,
            progress_percent=round(100 * done / total) if total else 0,
            resume_url=self.resume_url_for(request.user) if done < total else "",
        )
        return context


class ProgrammeCourse(PositionedOrderable):
    """One course in a programme, scheduled from `start_day` to `end_day` (day 1 = first)."""

    sort_parent = "page"
    page = ParentalKey(ProgrammePage, on_delete=models.CASCADE, related_name="programme_courses")
    # Empty for days without a course (e.g. practice on the job and the final assessment).
    course = models.ForeignKey(
        CoursePage,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("course"),
        help_text=_("Leave empty for days of practice or assessment described in the note."),
    )
    start_day = models.PositiveSmallIntegerField(
        _("from day"), default=1, validators=[MinValueValidator(1), MaxValueValidator(366)]
    )
    end_day = models.PositiveSmallIntegerField(
        _("to day"), default=1, validators=[MinValueValidator(1), MaxValueValidator(366)]
    )
    note = models.CharField(
        _("note"),
        max_length=200,
        blank=True,
        help_text=_("How this part is run, e.g. role-play drills or an assessment."),
    )

    panels = [
        FieldPanel("course"),
        FieldPanel("start_day"),
        FieldPanel("end_day"),
        FieldPanel("note"),
    ]

    class Meta(PositionedOrderable.Meta):
        verbose_name = _("programme course")
        verbose_name_plural = _("programme courses")

    def __str__(self):
        return f"{self.page} · {self.course}"

    def clean(self):
        super().clean()
        if self.start_day and self.end_day and self.end_day < self.start_day:
            raise ValidationError({"end_day": _("The last day cannot come before the first.")})
        if self.course_id is None and not self.note:
            raise ValidationError(_("Choose a course or describe the days in the note."))


def programme_fill_open_days(*, programme: ProgrammePage, course: CoursePage) -> bool:
    """Put `course` on the programme's last open days (a day range that has a note but no
    course yet, e.g. the final assessment) and publish the programme.

    False, changing nothing, when the programme holds the course already or has no open days.
    """
    entries = list(programme.programme_courses.order_by("sort_order", "pk"))
    if any(entry.course_id == course.pk for entry in entries):
        return False
    open_days = [entry for entry in entries if entry.course_id is None]
    if not open_days:
        return False
    entry = open_days[-1]
    entry.course = course
    entry.save()
    ProgrammePage.objects.get(pk=programme.pk).save_revision().publish()
    return True


def programmes_holding(course_id: int) -> list[int]:
    """The ids of the live programmes that hold the course (for `training.course_tree`)."""
    pages = ProgrammePage.objects.live().filter(programme_courses__course_id=course_id)
    return sorted(set(pages.values_list("pk", flat=True)))


def programme_course_ids(programme_id: int) -> list[int]:
    """The ids of a programme's live courses in its order; [] for a page that is not a live
    programme (for `training.course_tree`)."""
    programme = ProgrammePage.objects.live().filter(pk=programme_id).first()
    return [course.pk for course in programme.courses()] if programme is not None else []


class ProgrammeCompletion(models.Model):
    """A learner completed every course of a programme: a fact that stays when it changes."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="programme_completions"
    )
    programme = models.ForeignKey(
        ProgrammePage, on_delete=models.CASCADE, related_name="completions"
    )
    completed_at = models.DateTimeField(_("completed"), default=timezone.now)

    class Meta:
        verbose_name = _("programme completion")
        verbose_name_plural = _("programme completions")
        constraints = [
            models.UniqueConstraint(fields=["user", "programme"], name="programme_completion_once")
        ]

    def __str__(self):
        return f"{self.user} · {self.programme}"
