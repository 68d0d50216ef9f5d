"""Course content as Wagtail pages: catalogue → course → module → lesson.

Trainers write these pages in the Wagtail admin (or the manual importer creates them);
learners read the published versions, logged in.
"""

from functools import cached_property

from django import forms
from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from courses.blocks import LessonStreamBlock
from courses.fields import ChoiceListField
from courses.forms import CoursePageForm
from courses.search import cjk_spaced
from training.course_tree import RetrainingMark
from training.models import Position, Tier
from training.pages import is_published_path
from training.slugs import ReadableSlugMixin


class CourseKind(models.TextChoices):
    ONBOARDING = "onboarding", _("Onboarding training")
    IN_SERVICE = "in_service", _("In-service training")
    SPECIAL_TOPIC = "special_topic", _("Special-topic training")


class LoggedInPageMixin:
    """Course pages are for the training team's own people: anonymous visitors log in first."""

    def serve(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        # Wagtail serves a live page under an unpublished course; learners must not reach it.
        if not is_published_path(self):
            raise Http404
        return super().serve(request, *args, **kwargs)

    def breadcrumbs(self):
        """Live catalogue, course and module pages above this one, top first."""
        return (
            Page.objects.ancestor_of(self)
            .type(CourseCatalogPage, CoursePage, ModulePage)
            .live()
            .order_by("depth")
        )


class CourseCatalogPage(LoggedInPageMixin, ReadableSlugMixin, Page):
    intro = models.TextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["courses.CoursePage", "courses.ProgrammePage"]
    max_count = 1
    # The admin lists the children in the order learners meet them (chapter 1 first), not
    # newest first; trainers move them with the listing's "Sort" mode.
    admin_default_ordering = "ord"

    class Meta:
        verbose_name = _("course catalogue")
        verbose_name_plural = _("course catalogues")

    def get_context(self, request, *args, **kwargs):
        from courses.selectors import catalog_courses_by_kind, course_search

        context = super().get_context(request, *args, **kwargs)
        query = request.GET.get("q", "").strip()[:100]
        context["search_query"] = query
        if query:
            context["search_results"] = course_search(user=request.user, query=query)
        else:
            context["course_groups"] = catalog_courses_by_kind(user=request.user, catalog=self)
            context["programmes"] = (
                Page.objects.child_of(self).live().type(ProgrammePage).specific().order_by("path")
            )
        return context


class CoursePage(LoggedInPageMixin, RetrainingMark, ReadableSlugMixin, Page):
    kind = models.CharField(
        _("kind"), max_length=16, choices=CourseKind.choices, default=CourseKind.ONBOARDING
    )
    summary = models.TextField(
        _("summary"), help_text=_("Two or three sentences: what the learner will be able to do.")
    )
    cover_image = models.ForeignKey(
        "wagtailimages.Image",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("cover image"),
    )
    intended_positions = ChoiceListField(
        _("intended positions"),
        item_choices=Position.choices,
        help_text=_("Empty: every position."),
    )
    intended_tiers = ChoiceListField(
        _("intended tiers"), item_choices=Tier.choices, help_text=_("Empty: every tier.")
    )
    estimated_hours = models.DecimalField(
        _("estimated hours"),
        max_digits=5,
        decimal_places=1,
        default=1,
        validators=[MinValueValidator(0), MaxValueValidator(1000)],
    )
    prerequisites = ParentalManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        related_name="required_by",
        verbose_name=_("prerequisites"),
        help_text=_("Courses a learner should finish before this one."),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("kind"),
        FieldPanel("summary"),
        FieldPanel("cover_image"),
        MultiFieldPanel(
            [
                FieldPanel("intended_positions"),
                FieldPanel("intended_tiers"),
                FieldPanel("estimated_hours"),
                FieldPanel("prerequisites", widget=forms.CheckboxSelectMultiple),
            ],
            heading=_("Audience and planning"),
        ),
        RetrainingMark.retraining_panel,
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("search_text"),
        index.FilterField("kind"),
    ]

    parent_page_types = ["courses.CourseCatalogPage"]
    subpage_types = ["courses.ModulePage", "quizzes.QuizPage", "roleplay.ScenarioPage"]
    base_form_class = CoursePageForm
    # The admin lists the children in the order learners meet them (chapter 1 first), not
    # newest first; trainers move them with the listing's "Sort" mode.
    admin_default_ordering = "ord"

    class Meta:
        verbose_name = _("course")
        verbose_name_plural = _("courses")

    def search_text(self) -> str:
        return cjk_spaced(f"{self.title}\n{self.summary}")

    def clean(self):
        super().clean()
        from courses.prerequisites import prerequisite_problem

        # The editor's form checks the ticked courses first (courses.forms); this guards saves
        # made in code.
        problem = prerequisite_problem(course=self, chosen=self.prerequisites.all())
        if problem:
            raise ValidationError({"prerequisites": problem})

    # What `training.assignments` asks of any assignable page (it does not import courses).
    is_assignable = True

    def progress_for(self, user) -> tuple[int, int]:
        from courses.progress import course_progress

        return course_progress(user=user, course=self)

    def progress_for_users(self, users) -> dict[int, tuple[int, int]]:
        """progress_for for many people at once, by user id."""
        from courses.progress import courses_progress_by_user

        return courses_progress_by_user(users=users, courses=[self])

    def updates_for_users(self, users) -> dict:
        """Re-training owed after a change, by user id (`training.assignments.TrainingUpdate`)."""
        from courses.updates import course_updates_by_user

        return course_updates_by_user(users=users, courses=[self])

    def resume_url_for(self, user) -> str:
        from courses.progress import course_resume_lesson

        lesson = course_resume_lesson(user=user, course=self)
        return lesson.url if lesson else self.url

    def prerequisites_missing_for(self, user) -> list:
        from courses.progress import course_prerequisites_missing

        return course_prerequisites_missing(user=user, course=self)

    def last_activity_for(self, user):
        from courses.progress import course_last_opened

        return course_last_opened(user=user, course=self)

    def modules(self):
        """Live modules in tree order."""
        return ModulePage.objects.child_of(self).live().order_by("path")

    def lessons(self):
        """Live lessons of live modules, in tree order (module by module)."""
        lessons = LessonPage.objects.descendant_of(self).live().order_by("path")
        hidden = ModulePage.objects.child_of(self).not_live().values_list("path", flat=True)
        for path in hidden:
            lessons = lessons.exclude(path__startswith=path)
        return lessons

    def live_prerequisites(self):
        return self.prerequisites.live().order_by("title")

    def intended_position_labels(self) -> list[str]:
        return self._meta.get_field("intended_positions").labels(self.intended_positions)

    def intended_tier_labels(self) -> list[str]:
        return self._meta.get_field("intended_tiers").labels(self.intended_tiers)

    def get_context(self, request, *args, **kwargs):
        from courses.selectors import course_outline, learner_course_state

        context = super().get_context(request, *args, **kwargs)
        outline = course_outline(course=self)
        lessons = [lesson for entry in outline for lesson in entry["lessons"]]
        if request.user.is_authenticated:
            context.update(learner_course_state(user=request.user, course=self))
        context.update(
            crumbs=self.breadcrumbs(),
            outline=outline,
            lesson_count=len(lessons),
            first_lesson=lessons[0] if lessons else None,
            prerequisites=self.live_prerequisites(),
        )
        return context


class ModulePage(LoggedInPageMixin, ReadableSlugMixin, Page):
    """A chapter of a course."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    search_fields = [
        *Page.search_fields,
        index.SearchField("intro"),
        index.SearchField("search_text"),
    ]

    parent_page_types = ["courses.CoursePage"]
    subpage_types = ["courses.LessonPage", "quizzes.QuizPage", "roleplay.ScenarioPage"]
    # The admin lists the children in the order learners meet them (chapter 1 first), not
    # newest first; trainers move them with the listing's "Sort" mode.
    admin_default_ordering = "ord"

    class Meta:
        verbose_name = _("module")
        verbose_name_plural = _("modules")

    @cached_property
    def course(self) -> "CoursePage | None":
        return CoursePage.objects.ancestor_of(self).first()

    def search_text(self) -> str:
        return cjk_spaced(f"{self.title}\n{self.intro}")

    def lessons(self):
        return LessonPage.objects.child_of(self).live().order_by("path")

    def get_context(self, request, *args, **kwargs):
        from courses.selectors import course_outline

        context = super().get_context(request, *args, **kwargs)
        context.update(
            crumbs=self.breadcrumbs(),
            course=self.course,
            outline=course_outline(course=self.course) if self.course else [],
            lessons=self.lessons(),
        )
        return context


class LessonPage(LoggedInPageMixin, RetrainingMark, ReadableSlugMixin, Page):
    body = StreamField(LessonStreamBlock(), verbose_name=_("body"), blank=True)
    estimated_minutes = models.PositiveSmallIntegerField(
        _("estimated minutes"), default=10, validators=[MaxValueValidator(600)]
    )
    required = models.BooleanField(
        pgettext_lazy("lesson", "required"),
        default=True,
        help_text=_("Required lessons count towards completing the course."),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("body"),
        MultiFieldPanel(
            [FieldPanel("estimated_minutes"), FieldPanel("required")], heading=_("Planning")
        ),
        RetrainingMark.retraining_panel,
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("body"),
        index.SearchField("search_text"),
    ]

    parent_page_types = ["courses.ModulePage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("lesson")
        verbose_name_plural = _("lessons")

    @cached_property
    def course(self) -> "CoursePage | None":
        return CoursePage.objects.ancestor_of(self).first()

    @cached_property
    def module(self) -> "ModulePage | None":
        return ModulePage.objects.ancestor_of(self).first()

    def search_text(self) -> str:
        body = self._meta.get_field("body").get_searchable_content(self.body)
        return cjk_spaced("\n".join([self.title, *body]))

    def _course_lessons(self):
        if self.course is None:
            return LessonPage.objects.none()
        return self.course.lessons()

    def previous_lesson(self) -> "LessonPage | None":
        """The live lesson before this one in the course, across module boundaries."""
        return self._course_lessons().filter(path__lt=self.path).order_by("-path").first()

    def next_lesson(self) -> "LessonPage | None":
        """The live lesson after this one in the course, across module boundaries."""
        return self._course_lessons().filter(path__gt=self.path).order_by("path").first()

    def serve(self, request, *args, **kwargs):
        if request.user.is_authenticated and request.method == "GET":
            from courses.progress import lesson_open

            lesson_open(user=request.user, lesson=self)
        return super().serve(request, *args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        from courses.selectors import course_outline, learner_course_state

        context = super().get_context(request, *args, **kwargs)
        outline = course_outline(course=self.course) if self.course else []
        lesson_ids = [lesson.pk for entry in outline for lesson in entry["lessons"]]
        if self.course and request.user.is_authenticated:
            context.update(learner_course_state(user=request.user, course=self.course))
        context.update(
            crumbs=self.breadcrumbs(),
            course=self.course,
            module=self.module,
            outline=outline,
            lesson_number=lesson_ids.index(self.pk) + 1 if self.pk in lesson_ids else None,
            lesson_total=len(lesson_ids),
            previous_lesson=self.previous_lesson(),
            next_lesson=self.next_lesson(),
        )
        return context


class LessonProgress(models.Model):
    """One learner on one lesson: when they first and last opened it, and when they finished."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="lesson_progress"
    )
    lesson = models.ForeignKey(LessonPage, on_delete=models.CASCADE, related_name="progress")
    first_viewed_at = models.DateTimeField(_("first opened"), default=timezone.now)
    last_viewed_at = models.DateTimeField(_("last opened"), default=timezone.now)
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)

    class Meta:
        verbose_name = _("lesson progress")
        verbose_name_plural = _("lesson progress")
        constraints = [
            models.UniqueConstraint(fields=["user", "lesson"], name="lesson_progress_once")
        ]
        indexes = [models.Index(fields=["user", "-last_viewed_at"], name="lesson_progress_recent")]

    def __str__(self):
        return f"{self.user} · {self.lesson}"


class CourseCompletion(models.Model):
    """A learner finished every required item of a course (the source of its course record)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="course_completions"
    )
    course = models.ForeignKey(CoursePage, on_delete=models.CASCADE, related_name="completions")
    completed_at = models.DateTimeField(_("completed"), default=timezone.now)

    class Meta:
        verbose_name = _("course completion")
        verbose_name_plural = _("course completions")
        constraints = [
            models.UniqueConstraint(fields=["user", "course"], name="course_completion_once")
        ]

    def __str__(self):
        return f"{self.user} · {self.course}"


from courses.programmes import ProgrammeCompletion, ProgrammeCourse, ProgrammePage  # noqa: E402,F401
from courses.retraining import RetrainingItem, RetrainingRequirement  # noqa: E402,F401
