"""A list of choices stored as JSON: multiple choices without ArrayField or a join table."""

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class ChoiceListField(models.JSONField):
    """A list of values from `item_choices`, edited as check boxes; works on SQLite and PostgreSQL.

    The choices are not part of the migration state (they do not change the column).
    """

    def __init__(self, *args, item_choices=None, **kwargs):
        self.item_choices = list(item_choices or [])
        kwargs.setdefault("default", list)
        kwargs.setdefault("blank", True)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        if kwargs.get("default") is list:
            del kwargs["default"]
        if kwargs.get("blank") is True:
            del kwargs["blank"]
        return name, path, args, kwargs

    def validate(self, value, model_instance):
        super().validate(value, model_instance)
        if value in self.empty_values:
            return
        allowed = {choice for choice, _label in self.item_choices}
        if not isinstance(value, list) or not set(value) <= allowed:
            raise ValidationError(
                _("Choose from: %(choices)s."),
                code="invalid_choice",
                params={"choices": ", ".join(sorted(allowed))},
            )

    def formfield(self, **kwargs):
        return forms.TypedMultipleChoiceField(
            choices=self.item_choices,
            required=not self.blank,
            label=self.verbose_name,
            help_text=self.help_text,
            widget=forms.CheckboxSelectMultiple,
        )

    def labels(self, value) -> list[str]:
        """The display labels of `value`, in the order of the choices."""
        chosen = set(value or [])
        return [str(label) for choice, label in self.item_choices if choice in chosen]
