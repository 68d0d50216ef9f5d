"""Readable identifiers from Chinese titles: pinyin slugs for page URLs and scenario keys.

"退换货政策" becomes "tui-huan-huo-zheng-ce", not "%E9%80%80%E6%8D%A2…". pypinyin ships its
dictionary inside the package, so nothing is fetched at run time.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from urllib.parse import unquote

from django.utils.text import slugify
from pypinyin import lazy_pinyin
from wagtail.admin.forms import WagtailAdminPageForm


def pinyin_slug(text: str, *, max_length: int = 80, separator: str = "-") -> str:
    """Lower-case ASCII words of the text joined by `separator`, Chinese as toneless pinyin;
    "" when nothing readable is left. Cut at a word boundary within `max_length`."""
    words: list[str] = []
    for segment in lazy_pinyin(text or ""):
        words.extend(w for w in slugify(segment).split("-") if w)
    slug = ""
    for word in words:
        longer = f"{slug}{separator}{word}" if slug else word
        if len(longer) > max_length:
            break
        slug = longer
    if not slug and words:
        slug = words[0][:max_length]
    return slug


def unique_slug(base: str, taken: Collection[str], *, max_length: int = 80) -> str:
    """`base`, or `base-2`, `base-3`… : the first not in `taken`, within `max_length`."""
    if base not in taken:
        return base
    number = 2
    while True:
        suffix = f"-{number}"
        candidate = f"{base[: max_length - len(suffix)].rstrip('-_')}{suffix}"
        if candidate not in taken:
            return candidate
        number += 1


_READABLE = re.compile(r"^[a-z0-9][a-z0-9_-]*$")


def is_readable_slug(slug: str) -> bool:
    """Whether the slug is already plain lower-case ASCII (not Chinese, not percent-encoded)."""
    return bool(slug) and bool(_READABLE.match(unquote(slug))) and "%" not in slug


class ReadableSlugPageForm(WagtailAdminPageForm):
    """The editor's form for a page with readable slugs: a new page learns its parent before
    the form cleans it, so its slug is made readable and unique among its siblings there (the
    page itself only knows its parent once it is in the tree)."""

    def __init__(self, *args, parent_page=None, **kwargs):
        super().__init__(*args, parent_page=parent_page, **kwargs)
        if parent_page is not None and self.instance.pk is None and not self.instance.path:
            self.instance._cached_parent_obj = parent_page


class ReadableSlugMixin:
    """For page models: a new page whose slug is empty or Chinese (Wagtail fills it from the
    title as typed) gets the pinyin of it instead, unique among its siblings — in the editor,
    the importers and the demo alike, since every save cleans the page first. A page that
    already has a slug keeps it: people have bookmarked its address."""

    slug_max_length = 80
    base_form_class = ReadableSlugPageForm

    def full_clean(self, *args, **kwargs):
        self.make_slug_readable()
        super().full_clean(*args, **kwargs)

    def minimal_clean(self):
        # What saving a draft runs instead of full_clean.
        self.make_slug_readable()
        super().minimal_clean()

    def make_slug_readable(self) -> None:
        if self.slug and is_readable_slug(self.slug):
            return
        if self.pk is not None and self.slug:
            stored = type(self).objects.filter(pk=self.pk).values_list("slug", flat=True).first()
            if stored == self.slug:
                return  # an existing address, left as it is
        parent = getattr(self, "_cached_parent_obj", None)
        if parent is None and self.path:
            parent = self.get_parent()
        if parent is None:
            return  # Wagtail cleans again on save, once the page is in the tree
        base = pinyin_slug(unquote(self.slug or ""), max_length=self.slug_max_length)
        base = base or pinyin_slug(self.title or "", max_length=self.slug_max_length)
        if not base:
            return  # nothing readable: Wagtail's own default applies
        siblings = parent.get_children().filter(slug__startswith=base)
        if self.pk is not None:
            siblings = siblings.exclude(pk=self.pk)
        self.slug = unique_slug(
            base, set(siblings.values_list("slug", flat=True)), max_length=self.slug_max_length
        )
