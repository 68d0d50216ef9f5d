"""Template helpers for the evaluation report: a figure's badge class and status in words."""

from django import template

from evaluation.report_exports import status_label

register = template.Library()

BADGES = {"good": "badge--ok", "watch": "badge--warn", "bad": "badge--bad", "none": "badge--info"}


@register.filter
def badge_class(figure) -> str:
    return BADGES.get(getattr(figure, "status", "none"), "badge--info")


@register.filter
def status_text(figure) -> str:
    return status_label(getattr(figure, "status", "none"))


@register.filter
def cell(row, wave):
    """The figure of one row for one wave (None where the wave does not measure it)."""
    return row.cells.get(wave)


@register.filter
def person_wave(person, wave):
    return person.waves.get(wave)


@register.filter
def percent(value) -> str:
    return f"{value * 100:.0f} %" if value is not None else "—"


@register.filter
def retest_of(person, wave):
    return person.retest.get(wave)
