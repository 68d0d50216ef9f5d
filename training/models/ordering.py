"""Children of a page or snippet that keep the order they were given, on every database."""

from __future__ import annotations

from django.db.models import Max
from wagtail.models import Orderable


class PositionedOrderable(Orderable):
    """An Orderable that goes last among its siblings when saved without a position.

    Wagtail's editor numbers inline children itself; children made in code (demo content,
    importers, tests) arrive with no `sort_order`, and rows that tie on it come back in any
    order PostgreSQL likes. `sort_parent` names the ParentalKey the siblings share.
    """

    sort_parent: str = ""

    class Meta(Orderable.Meta):
        abstract = True

    def save(self, *args, **kwargs):
        if self.sort_order is None and self.sort_parent:
            parent_id = getattr(self, self._meta.get_field(self.sort_parent).attname)
            siblings = type(self)._default_manager.filter(**{self.sort_parent: parent_id})
            if self.pk is not None:
                siblings = siblings.exclude(pk=self.pk)
            top = siblings.aggregate(top=Max("sort_order"))["top"]
            self.sort_order = 0 if top is None else top + 1
        super().save(*args, **kwargs)
