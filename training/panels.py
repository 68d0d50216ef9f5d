"""What apps add to training's four shared pages: one hook convention, as Wagtail's admin home.

`training` imports no producer app. Each shared page has one hook name; a function registered
under it (with `wagtail.hooks`, usually in the app's `wagtail_hooks.py`) is called with the
page being built and the list of what it shows, and appends to that list — exactly like
Wagtail's `construct_homepage_panels`:

    from training.panels import LEARNER_HOME, Link

    @hooks.register(LEARNER_HOME)
    def add_skill_profile_link(page: SharedPage, items: list) -> None:
        items.append(Link(label=_("My role-play skills"), url=reverse("skill_profile")))

| hook name                | page                            | `page.member`    |
|--------------------------|---------------------------------|------------------|
| `construct_learner_home` | My training (learners)          | None             |
| `construct_trainer_home` | My work (trainers)              | None             |
| `construct_team_page`    | My team (`/team/`)              | None             |
| `construct_member_page`  | a member's page (`/team/<id>/`) | the person shown |

`page` is a `SharedPage`: the request, the viewing user (`page.viewer`) and, on the member
page, the person it is about — already checked: the viewer may see them. A hook decides for
itself whether to add anything (a role check, nothing to show) and appends nothing otherwise.

What a hook may append — every item has an `order` (lower first; ties keep registration order):
- a `Panel`: a laces `Component` (what Wagtail's own panels are) that renders a whole card;
  `SectionPanel` (a heading and the app's own template) and `WaitingWork` (the trainer's
  "N answers wait for you") are the two every page needs. A panel that renders to nothing
  is left out.
- a `Link`: a label and a URL, listed on the page below its panels.
- a `MemberLink` (team page): one column of the members table, with a link per member whose
  URL the app makes from the member's user id (e.g. role-play's skill profile).

Where a learning record can be opened (the member page's timeline) is a separate question,
asked per record: `training.member.RECORD_LINKS`. The whole convention: docs/shared-pages.md.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.http import HttpRequest
from django.template.loader import render_to_string
from laces.components import Component
from wagtail import hooks

from training.models import User

LEARNER_HOME = "construct_learner_home"
TRAINER_HOME = "construct_trainer_home"
TEAM_PAGE = "construct_team_page"
MEMBER_PAGE = "construct_member_page"

SHARED_PAGES = (LEARNER_HOME, TRAINER_HOME, TEAM_PAGE, MEMBER_PAGE)


@dataclass(frozen=True)
class SharedPage:
    """The shared page being built, as every hook receives it."""

    request: HttpRequest
    member: User | None = None  # the person a member page is about; None on the other pages

    @property
    def viewer(self) -> User:
        return self.request.user


class Panel(Component):
    """A card an app adds to a shared page; it renders itself (laces) and sorts by `order`."""

    order = 100


class SectionPanel(Panel):
    """A card with a heading whose body is the app's own template rendered with `context`."""

    template_name = "training/panels/section.html"

    def __init__(
        self, *, heading: str, template_name: str, context: dict | None = None, order: int = 100
    ):
        self.heading = heading
        self.body_template = template_name
        self.context = context or {}
        self.order = order

    def get_context_data(self, parent_context=None):
        request = (parent_context or {}).get("request")
        body = render_to_string(self.body_template, self.context, request=request)
        return {"heading": self.heading, "body": body}


class WaitingWork(Panel):
    """Work waiting for a trainer: how much, what it is, and where to do it (on My work)."""

    template_name = "training/panels/waiting_work.html"

    def __init__(
        self, *, title: str, count: int, summary: str, url: str, link_label: str, order: int = 100
    ):
        self.title, self.count, self.summary = title, count, summary
        self.url, self.link_label, self.order = url, link_label, order
        self.dom_id = f"waiting-{uuid.uuid4().hex[:8]}"

    def get_context_data(self, parent_context=None):
        return {"work": self}


@dataclass(frozen=True)
class Link:
    """A link an app adds to a shared page."""

    label: str
    url: str
    order: int = 100


@dataclass(frozen=True)
class MemberLink:
    """A column of the team page's members table: a link per member, to the app's page."""

    heading: str
    label: str
    url_for: Callable[[int], str]  # the member's user id -> URL
    order: int = 100


@dataclass
class PageItems:
    """What the apps added to one shared page, each kind in its order."""

    panels: list[Any] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    member_links: list[MemberLink] = field(default_factory=list)


def collect(hook_name: str, page: SharedPage) -> PageItems:
    """Ask every hook registered under `hook_name` what it adds to `page`."""
    if hook_name not in SHARED_PAGES:
        raise ValueError(f"{hook_name!r} is not a shared page's hook")
    items: list = []
    for add in hooks.get_hooks(hook_name):
        add(page, items)
    items.sort(key=lambda item: getattr(item, "order", 100))  # stable: ties keep hook order
    found = PageItems()
    for item in items:
        if isinstance(item, MemberLink):
            found.member_links.append(item)
        elif isinstance(item, Link):
            found.links.append(item)
        elif hasattr(item, "render_html"):
            found.panels.append(item)
        else:
            raise TypeError(f"{hook_name} hooks add a Panel, a Link or a MemberLink, not {item!r}")
    return found


def page_context(hook_name: str, page: SharedPage) -> dict:
    """The template context a shared page needs for what the apps add: rendered panels
    (`panels`), `links` and, on the team page, `member_links`."""
    found = collect(hook_name, page)
    parent = {"request": page.request}
    return {
        "panels": [html for panel in found.panels if (html := panel.render_html(parent))],
        "links": found.links,
        "member_links": found.member_links,
    }
