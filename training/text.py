"""Small text helpers for Python code of every app (templates have `text_tags`)."""

from django.utils.translation import pgettext


def join_names(names) -> str:
    """Names as a list in the reader's language: "甲、乙、丙" in Chinese, "A, B, C" in English."""
    return pgettext("between the names in a list", ", ").join(str(name) for name in names)
