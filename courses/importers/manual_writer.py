"""Writing a parsed manual outline as a draft course: course → modules → lessons."""

from __future__ import annotations

from collections.abc import Callable

from django.db import transaction
from django.utils.html import escape
from django.utils.text import slugify
from django.utils.translation import gettext
from wagtail.models import Page

from courses.importers.manual_outline import Block, ManualOutline
from courses.models import CourseKind, CoursePage, LessonPage, ModulePage

SUMMARY_MAX_LENGTH = 1000  # the course summary is meant to be two or three sentences


def lesson_body(blocks: list[Block]) -> list[dict]:
    """Lesson StreamField data: headings as heading blocks; paragraphs and lists between them
    merged into one rich-text block (HTML-escaped <p>, <ul>, <ol>)."""
    body: list[dict] = []
    html: list[str] = []

    def flush():
        if html:
            body.append({"type": "rich_text", "value": "".join(html)})
            html.clear()

    for block in blocks:
        if block[0] == "heading":
            flush()
            level = f"h{min(max(int(block[1]), 2), 4)}"
            body.append({"type": "heading", "value": {"text": block[2], "level": level}})
        elif block[0] == "list":
            tag = "ol" if block[1] else "ul"
            items = "".join(f"<li>{escape(item)}</li>" for item in block[2])
            html.append(f"<{tag}>{items}</{tag}>")
        else:
            html.append(f"<p>{escape(block[1])}</p>")
    flush()
    return body


def blocks_as_text(blocks: list[Block]) -> str:
    """Blocks as plain text for text fields (course summary, module introduction)."""
    paragraphs = []
    for block in blocks:
        if block[0] == "list":
            paragraphs.append(
                "\n".join(
                    f"{index}. {item}" if block[1] else f"• {item}"
                    for index, item in enumerate(block[2], 1)
                )
            )
        else:
            paragraphs.append(block[-1])
    return "\n\n".join(paragraphs)


def _add_draft(parent: Page, page: Page, *, owner, fallback_slug: str) -> Page:
    if not slugify(page.title, allow_unicode=True):
        page.slug = fallback_slug
    page.live = False
    page.has_unpublished_changes = True
    page.owner = owner
    parent.add_child(instance=page)
    page.save_revision(user=owner, log_action=True)
    return page


def outline_page_count(outline: ManualOutline) -> int:
    """How many pages the course will have: the course, its modules and lessons."""
    return 1 + len(outline.modules) + outline.lesson_count


@transaction.atomic
def course_create_from_outline(
    *,
    outline: ManualOutline,
    kind: str,
    title: str | None = None,
    parent: Page | None = None,
    owner=None,
    progress: Callable[[int, int], None] | None = None,
) -> CoursePage:
    """A new draft course (never published) with one draft module per chapter and one draft
    lesson per section, under `parent` (default: the course catalogue).

    All pages are created in one transaction: either the whole course exists afterwards or
    nothing does. Each page has a saved revision so trainers can edit and submit it for
    approval as usual. `progress(done, total)` is told after each page.
    """
    if kind not in CourseKind.values:
        raise ValueError(f"Unknown course kind: {kind!r}")
    if parent is None:
        from courses.services import catalog_ensure

        parent = catalog_ensure()
    total, done = outline_page_count(outline), 0

    def page_written():
        nonlocal done
        done += 1
        if progress is not None:
            progress(done, total)

    summary = blocks_as_text(outline.intro)[:SUMMARY_MAX_LENGTH].strip()
    if not summary:
        summary = gettext("Imported from the training manual “%(title)s”. Describe the course.") % {
            "title": outline.title
        }
    course = _add_draft(
        parent,
        CoursePage(title=(title or outline.title).strip()[:255], kind=kind, summary=summary),
        owner=owner,
        fallback_slug="course",
    )
    page_written()
    for module_number, module_outline in enumerate(outline.modules, 1):
        module = _add_draft(
            course,
            ModulePage(
                title=module_outline.title[:255], intro=blocks_as_text(module_outline.intro_blocks)
            ),
            owner=owner,
            fallback_slug=f"module-{module_number}",
        )
        page_written()
        for lesson_number, lesson_outline in enumerate(module_outline.lessons, 1):
            _add_draft(
                module,
                LessonPage(
                    title=lesson_outline.title[:255], body=lesson_body(lesson_outline.blocks)
                ),
                owner=owner,
                fallback_slug=f"lesson-{lesson_number}",
            )
            page_written()
    return course
