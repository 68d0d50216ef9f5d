"""`{% icon "lock" %}`: the site's icons as inline SVG, drawn in the text colour.

Emoji and dingbats (a padlock, a check mark) depend on the fonts a computer has; where none
has the glyph it shows as an empty box. Inline SVG needs no font, no extra request and no
inline style (the Content-Security-Policy allows none). Icons are decoration: `aria-hidden`
always, and the text beside an icon (or a visually hidden one) carries the meaning.
"""

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

register = template.Library()

# name → SVG shapes on a 24×24 grid, stroked with the current text colour (Lucide-style).
ICONS: dict[str, str] = {
    "check": '<path d="M20 6 9 17l-5-5"/>',
    "cross": '<path d="M18 6 6 18"/><path d="m6 6 12 12"/>',
    "star": (
        '<path d="m12 2.5 2.9 5.9 6.6 1-4.8 4.6 1.1 6.5L12 17.4l-5.8 3.1 1.1-6.5L2.5 9.4l6.6-1z"'
        ' fill="currentColor"/>'
    ),
    "download": '<path d="M12 3v12"/><path d="m7 10 5 5 5-5"/><path d="M5 21h14"/>',
    "lock": '<rect x="4" y="11" width="16" height="10" rx="2"/><path d="M8 11V7a4 4 0 0 1 8 0v4"/>',
    "menu": '<path d="M4 6h16"/><path d="M4 12h16"/><path d="M4 18h16"/>',
}


@register.simple_tag
def icon(name: str, extra_class: str = "") -> str:
    """An icon by name; an unknown name is a template error, not a silent gap."""
    try:
        shapes = ICONS[name]
    except KeyError:
        known = ", ".join(sorted(ICONS))
        raise template.TemplateSyntaxError(f"No icon named {name!r}; known: {known}") from None
    css = f"icon icon--{name} {extra_class}".strip()
    return format_html(
        '<svg class="{}" viewBox="0 0 24 24" width="16" height="16" aria-hidden="true"'
        ' focusable="false" fill="none" stroke="currentColor" stroke-width="2.25"'
        ' stroke-linecap="round" stroke-linejoin="round">{}</svg>',
        css,
        mark_safe(shapes),  # noqa: S308 - constant markup from ICONS above
    )
