import nh3
from django import template
from django.utils.html import escape, linebreaks
from django.utils.safestring import mark_safe

register = template.Library()

# What imported HTML question text may keep (Moodle's [html] format); the rest is removed.
ALLOWED_TAGS = {"b", "strong", "i", "em", "u", "br", "p", "ul", "ol", "li", "code", "sub", "sup"}


@register.filter
def question_text(text: str, text_format: str = "plain"):
    """A question's text as HTML: sanitised when written as HTML, else escaped paragraphs."""
    if text_format == "html":
        return mark_safe(nh3.clean(text or "", tags=ALLOWED_TAGS, attributes={}))  # noqa: S308
    return mark_safe(linebreaks(escape(text or "")))  # noqa: S308

