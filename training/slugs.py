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
