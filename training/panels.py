"""Panels that apps add to training's shared pages, through Wagtail's hook registry.

"My work" (the trainer's home) shows what waits for the trainer; apps say what, without
training importing them:

    @hooks.register("trainer_home_panels")
    def essays_waiting(request):
        return WaitingWork(title=..., count=..., summary=..., url=..., link_label=...)

A hook returns a `WaitingWork`, or None to show nothing to this person.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest
from wagtail import hooks

TRAINER_HOME_PANELS = "trainer_home_panels"


@dataclass(frozen=True)
class WaitingWork:
    """Work waiting for a trainer: how much, what it is, and where to do it."""

    title: str
    count: int
    summary: str
    url: str
    link_label: str
    order: int = 100


def trainer_home_panels(request: HttpRequest) -> list[WaitingWork]:
    """Every registered panel for this request, in their order."""
    panels = [panel for fn in hooks.get_hooks(TRAINER_HOME_PANELS) if (panel := fn(request))]
    return sorted(panels, key=lambda panel: (panel.order, panel.title))
