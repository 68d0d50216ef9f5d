"""Facts about pages in the course tree that every producer needs, without importing one."""

from wagtail.models import Page


def is_published_path(page: Page) -> bool:
    """True when the page and every page above it (the course, its module) are live.

    Wagtail serves a live page even under an unpublished parent; a quiz or scenario inside a
    course that is not published must not be playable, so producers ask this before serving
    or starting an attempt.
    """
    if not page.live:
        return False
    # The tree's root (depth 1) is not content; everything from the site's home page down is.
    return not Page.objects.ancestor_of(page).filter(depth__gt=1, live=False).exists()
