"""Wagtail's inspect view with every value in words a trainer reads.

Wagtail shows a value as Python prints it: `True`, `None`, `['first_line', 'second_line']`.
Here yes/no is 是/否, nothing is "—", a list is its items' labels joined, and a field with
choices shows its label.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.views import generic

EMPTY = "—"


def readable(value, choices=None) -> str | object:
    """A field's value for people: labels for codes, 是/否, "—" for nothing."""
    labels = {str(code): label for code, label in (choices or [])}
    if value is None or value in ("", "-") or value == []:
        return EMPTY
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, list | tuple):
        return ", ".join(str(labels.get(str(item), item)) for item in value)
    if labels and str(value) in labels:
        return labels[str(value)]
    return value


class ReadableInspectView(generic.InspectView):
    """Set `field_choices` to name the choices of fields that store codes without declaring
    them (e.g. a JSON list of positions)."""

    field_choices: dict[str, list[tuple[str, str]]] = {}

    def get_field_display_value(self, field_name, field):
        value = super().get_field_display_value(field_name, field)
        choices = self.field_choices.get(field_name)
        if choices is None and isinstance(field, models.Field) and field.choices:
            choices = field.choices
        return readable(value, choices)
