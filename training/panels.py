"""Panels and links that apps add to training's shared pages, through Wagtail's hook registry.

`training` imports no producer app: a shared page asks the hooks registered under its name
(with `wagtail.hooks`) for what their app has to show.

- The learner's home (My training): a hook takes the request and the list so far and appends
  to it, exactly like Wagtail's `construct_homepage_panels`. A panel is a laces `Component`
  (what Wagtail's own panels are) that renders itself and sorts by its `order`; a link is a
  label and a URL.

      @hooks.register(LEARNER_HOME_PANELS)
      def add_practise_again(request, panels):
          panels.append(PractiseAgainPanel(request.user))

- The trainer's home (My work): a hook returns the `WaitingWork` of its app, or None.

      @hooks.register(TRAINER_HOME_PANELS)
      def essays_waiting(request):
          return WaitingWork(title=..., count=..., summary=..., url=..., link_label=...)

- The member page: see `training.member` (MEMBER_PAGE_PANELS, RECORD_LINKS).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest
from django.utils.safestring import SafeString
from wagtail import hooks

LEARNER_HOME_PANELS = "construct_learner_home_panels"
LEARNER_HOME_LINKS = "construct_learner_home_links"
TRAINER_HOME_PANELS = "trainer_home_panels"


@dataclass(frozen=True)
class Link:
    label: str
    url: str
    order: int = 100


@dataclass(frozen=True)
class WaitingWork:
    """Work waiting for a trainer: how much, what it is, and where to do it."""

    title: str
    count: int
    summary: str
    url: str
    link_label: str
    order: int = 100


def panels_html(hook_name: str, request, context: dict) -> list[SafeString]:
    """The panels the apps add under `hook_name`, in order, rendered with `context`."""
    panels: list = []
    for add in hooks.get_hooks(hook_name):
        add(request, panels)
    panels.sort(key=lambda panel: getattr(panel, "order", 100))
    return [html for panel in panels if (html := panel.render_html(context))]


def links(hook_name: str, request) -> list[Link]:
    """The links the apps add under `hook_name`, in order."""
    found: list[Link] = []
    for add in hooks.get_hooks(hook_name):
        add(request, found)
    return sorted(found, key=lambda link: link.order)


def trainer_home_panels(request: HttpRequest) -> list[WaitingWork]:
    """Every registered "My work" panel for this request, in their order."""
    panels = [panel for fn in hooks.get_hooks(TRAINER_HOME_PANELS) if (panel := fn(request))]
    return sorted(panels, key=lambda panel: (panel.order, panel.title))
