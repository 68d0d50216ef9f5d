"""Small text helpers for templates of every app."""

from django import template
from django.utils.html import format_html_join

register = template.Library()

SEPARATOR = " · "


@register.simple_tag
def dotted(*parts):
    """The parts that are not empty, joined by " · " (escaped): a missing part leaves no stray
    separator behind ("· 蓝牙耳机" when a drill has no order number)."""
    shown = [str(part).strip() for part in parts if part is not None]
    return format_html_join(SEPARATOR, "{}", ((part,) for part in shown if part))
