"""Panels and links that apps add to the shared pages, as Wagtail's admin builds its dashboard.

`training` imports no producer app: a page such as the learner's home asks the hooks
registered under its name (with `wagtail.hooks`) to add what their app has to show. A hook
takes the request and the list so far and appends to it (or removes from it), exactly like
Wagtail's `construct_homepage_panels`:

    @hooks.register(LEARNER_HOME_PANELS)
    def add_practise_again(request, panels):
        panels.append(PractiseAgainPanel(request.user))

A panel is a laces `Component` (what Wagtail's own panels are): it renders itself with
`render_html(parent_context)` and sorts by its `order`. A link is a label and a URL.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.safestring import SafeString
from wagtail import hooks

LEARNER_HOME_PANELS = "construct_learner_home_panels"
LEARNER_HOME_LINKS = "construct_learner_home_links"


@dataclass(frozen=True)
class Link:
    label: str
    url: str
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
