"""The course tree as the items inside it see it: the one base producers build on.

Quizzes and role-play scenarios are pages inside a course, but producers never import each
other (nor does `training` import them). So `courses` declares its tree here when it starts
(`CoursesConfig.ready`), and everything else asks through this module: which course an item
belongs to, the breadcrumbs above it, whether it may be played, the catalogue's address,
and the re-training mark every item can carry.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.models import Page

from training.pages import is_published_path


@dataclass(frozen=True)
class CourseTree:
    """The page models of the course tree, as the app that owns them declares them."""

    catalogue_model: type[Page]
    course_model: type[Page]
    module_model: type[Page]
    lesson_model: type[Page]
    programme_model: type[Page]
    # Puts a course on a programme's open days (the last day range with a note and no course
    # yet) and publishes the programme; False when it has none or holds the course already.
    programme_fill_open_days: Callable[..., bool]
    # The ids of the live programmes that hold a course (by the course's id), and the ids of
    # a programme's live courses in the programme's order: what evaluation asks to evaluate a
    # programme once rather than each of its courses.
    programmes_holding: Callable[[int], list[int]]
    programme_course_ids: Callable[[int], list[int]]

    @property
    def evaluated_models(self) -> tuple[type[Page], ...]:
        """The pages that are completed as a whole, and so evaluated: courses, programmes."""
        return (self.course_model, self.programme_model)

    def is_programme(self, page: Page | int) -> bool:
        """Whether the page (or the page with this id) is a programme (a specific page is
        answered without a query)."""
        if isinstance(page, self.programme_model):
            return True
        if isinstance(page, Page) and type(page) is not Page:
            return False  # another specific page type
        return self.programme_model.objects.filter(pk=getattr(page, "pk", page)).exists()

    @property
    def crumb_models(self) -> tuple[type[Page], ...]:
        return (self.catalogue_model, self.course_model, self.module_model)


_declared: list[CourseTree] = []


def declare_course_tree(tree: CourseTree) -> None:
    """Called once by the app that owns the course pages, when it starts."""
    _declared[:] = [tree]


def course_tree() -> CourseTree:
    if not _declared:
        raise ImproperlyConfigured("No app has declared the course tree (courses not installed?)")
    return _declared[0]


def is_open_to_learners(page: Page) -> bool:
    """Any page of the tree (a lesson a question tests, say) is published, and so is every
    page above it: learners may open it. Items answer the same for themselves (`is_playable`)."""
    return is_published_path(page)


def catalogue_url() -> str | None:
    """The live course catalogue's URL, or None before there is one."""
    page = course_tree().catalogue_model.objects.live().first()
    return page.url if page else None


class RetrainingMark(models.Model):
    """The "this change requires re-training within N days" mark a trainer sets on a course or
    on any item in it (lesson, quiz, scenario).

    It travels with the revision and is consumed once, when that revision is published
    (`courses.updates` handles the publish: everyone who completed the course gets the item).
    """

    retraining_required = models.BooleanField(
        _("requires re-training"),
        default=False,
        help_text=_(
            "Tick when everyone who has already completed the course must learn this change "
            "(e.g. a new refund policy). They get only the new or changed items. Applied once, "
            "when this version is published."
        ),
    )
    retraining_days = models.PositiveSmallIntegerField(
        _("days to re-train"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
        help_text=_("How many days people have, counted from publishing."),
    )

    retraining_panel = MultiFieldPanel(
        [FieldPanel("retraining_required"), FieldPanel("retraining_days")],
        heading=_("Re-training"),
    )

    class Meta:
        abstract = True

    def clean(self):
        super().clean()
        if self.retraining_required and not self.retraining_days:
            raise ValidationError(
                {"retraining_days": _("Say within how many days people must re-train.")}
            )


class CourseItemMixin(RetrainingMark):
    """The base of a page that lives inside a course and is taken by learners (quiz, scenario).

    It knows its course, the breadcrumbs above it, and whether learners may play it: only
    when it and every page above it are published (Wagtail would serve a live page under an
    unpublished course). Like a lesson, it can carry the re-training mark (`RetrainingMark`;
    put `retraining_panel` in its editor).
    """

    # What `courses` asks of an item that counts towards completing a course.
    counts_towards_course = True

    class Meta:
        abstract = True

    @cached_property
    def course(self) -> Page | None:
        """The course this item belongs to (the nearest course above it)."""
        return course_tree().course_model.objects.ancestor_of(self).first()

    def breadcrumbs(self):
        """Live catalogue, course and module pages above this item, top first."""
        return (
            Page.objects.ancestor_of(self)
            .type(*course_tree().crumb_models)
            .live()
            .order_by("depth")
        )

    def is_playable(self) -> bool:
        """Published, in a published course: learners may open it and take it."""
        return is_open_to_learners(self)

    def is_offered(self) -> bool:
        """Whether this site offers the item to learners now. An item that needs something the
        site has not set up (a scenario with an AI customer and no language model) is not
        listed in its course and does not count towards completing it. True by default."""
        return True

    def assessment_criteria(self) -> list[tuple[str, str]]:
        """The criteria an assessed attempt is scored on, as (key, name): the keys of its
        learning record's `details["criteria"]` (training.record_details). Readers that set
        a minimum per criterion (certification) ask here. None by default."""
        return []
