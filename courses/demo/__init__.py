"""Demo course content for `load_demo_courses`: seven courses of all three kinds."""

from decimal import Decimal

from django.db import transaction
from wagtail.models import Page

from courses.demo.further import FURTHER_COURSES
from courses.demo.onboarding import ONBOARDING_COURSES
from courses.models import CourseCatalogPage, CoursePage, LessonPage, ModulePage
from courses.services import catalog_ensure

CATALOG_TITLE = "课程中心"
CATALOG_INTRO = (
    "入职培训、在职培训和专项培训的全部课程。新同事请先完成入职培训，通过考核后方可上岗。"
)
DEMO_COURSES = [*ONBOARDING_COURSES, *FURTHER_COURSES]


def _child(parent: Page, model, slug: str):
    return model.objects.child_of(parent).filter(slug=slug).first()


def _publish_new(parent: Page, page: Page) -> Page:
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


@transaction.atomic
def demo_courses_load() -> dict[str, int]:
    """Create the catalogue and the demo courses that are missing; existing pages are left as
    they are (a trainer may have edited them). Returns how many pages were created, by type.
    Published directly: demo content does not go through the approval workflow."""
    created = {"course": 0, "module": 0, "lesson": 0}
    catalog = catalog_ensure(title=CATALOG_TITLE)
    if not catalog.intro:
        catalog.intro = CATALOG_INTRO
        catalog.save_revision().publish()
    catalog = CourseCatalogPage.objects.get(pk=catalog.pk)

    courses_by_slug: dict[str, CoursePage] = {}
    for spec in DEMO_COURSES:
        course = _child(catalog, CoursePage, spec["slug"])
        if course is None:
            course = _publish_new(
                catalog,
                CoursePage(
                    title=spec["title"],
                    slug=spec["slug"],
                    kind=spec["kind"],
                    summary=spec["summary"],
                    estimated_hours=Decimal(spec["hours"]),
                    intended_positions=spec["positions"],
                    intended_tiers=spec["tiers"],
                ),
            )
            created["course"] += 1
            prerequisites = [courses_by_slug[slug] for slug in spec["prerequisites"]]
            if prerequisites:
                course.prerequisites.set(prerequisites)
                course.save_revision().publish()
        courses_by_slug[spec["slug"]] = course

        for module_spec in spec["modules"]:
            module = _child(course, ModulePage, module_spec["slug"])
            if module is None:
                module = _publish_new(
                    course,
                    ModulePage(
                        title=module_spec["title"],
                        slug=module_spec["slug"],
                        intro=module_spec["intro"],
                    ),
                )
                created["module"] += 1
            for lesson_spec in module_spec["lessons"]:
                if _child(module, LessonPage, lesson_spec["slug"]) is None:
                    _publish_new(
                        module,
                        LessonPage(
                            title=lesson_spec["title"],
                            slug=lesson_spec["slug"],
                            estimated_minutes=lesson_spec["minutes"],
                            required=lesson_spec.get("required", True),
                            body=lesson_spec["body"],
                        ),
                    )
                    created["lesson"] += 1
    return created
