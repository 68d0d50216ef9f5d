"""The course tree as the items inside it see it: the one base producers build on.

Quizzes and role-play scenarios are pages inside a course, but producers never import each
other (nor does `training` import them). So `courses` declares its tree here when it starts
(`CoursesConfig.ready`), and everything else asks through this module: which course an item
belongs to, the breadcrumbs above it, whether it may be played, the catalogue's address.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from django.core.exceptions import ImproperlyConfigured
from wagtail.models import Page

from training.pages import is_published_path


@dataclass(frozen=True)
class CourseTree:
    """The page models of the course tree, as the app that owns them declares them."""

    catalogue_model: type[Page]
    course_model: type[Page]
    module_model: type[Page]
    lesson_model: type[Page]

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


def catalogue_url() -> str | None:
    """The live course catalogue's URL, or None before there is one."""
    page = course_tree().catalogue_model.objects.live().first()
    return page.url if page else None


class CourseItemMixin:
    """The base of a page that lives inside a course and is taken by learners (quiz, scenario).

    It knows its course, the breadcrumbs above it, and whether learners may play it: only
    when it and every page above it are published (Wagtail would serve a live page under an
    unpublished course).
    """

    # What `courses` asks of an item that counts towards completing a course.
    counts_towards_course = True

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
        return is_published_path(self)
