"""Apps add panels and links to the four shared pages through one hook convention
(`training.panels`); training imports none of them and names none of their pages."""

import re
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils.html import format_html
from wagtail import hooks

from tests.factories import TeamFactory, make_person
from training.panels import (
    LEARNER_HOME,
    MEMBER_PAGE,
    TEAM_PAGE,
    TRAINER_HOME,
    Link,
    MemberLink,
    Panel,
    SectionPanel,
    SharedPage,
)
from training.roles import Role

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]


class NoticePanel(Panel):
    def __init__(self, text, order):
        self.text, self.order = text, order

    def render_html(self, parent_context=None):
        return format_html('<section class="card notice">{}</section>', self.text)


def add_notices(page: SharedPage, items: list) -> None:
    items.append(NoticePanel("second", order=20))
    about = f" about {page.member.name}" if page.member else ""
    items.append(NoticePanel(f"first for {page.viewer.name}{about}", order=10))
    items.append(Link(label="Team handbook", url="/handbook/"))


@pytest.fixture
def team():
    return TeamFactory(name="售后服务一组")


@pytest.fixture
def member(team):
    return make_person(team=team, name="张晓雨")


@pytest.mark.parametrize(
    ("hook_name", "role", "url_of"),
    [
        (LEARNER_HOME, Role.LEARNER, lambda member: reverse("my_training")),
        (TRAINER_HOME, Role.TRAINER, lambda member: reverse("trainer_home")),
        (TEAM_PAGE, Role.MANAGER, lambda member: reverse("team_home")),
        (MEMBER_PAGE, Role.MANAGER, lambda member: reverse("team_member", args=[member.pk])),
    ],
)
def test_each_shared_page_shows_what_a_hook_adds_in_its_order(
    client, team, member, hook_name, role, url_of
):
    viewer = member if role == Role.LEARNER else make_person(role, team=team, name="王芳")
    client.force_login(viewer)

    with hooks.register_temporarily(hook_name, add_notices):
        page = client.get(url_of(member)).content.decode()

    about = f" about {member.name}" if hook_name == MEMBER_PAGE else ""
    first, second = page.index(f"first for {viewer.name}{about}"), page.index("second")
    assert first < second
    assert '<a href="/handbook/">Team handbook</a>' in page


def test_a_hook_adds_a_column_of_member_links_to_the_team_page(client, team, member):
    client.force_login(make_person(Role.MANAGER, team=team))

    def add_column(page, items):
        items.append(
            MemberLink(heading="Coaching", label="Notes", url_for=lambda pk: f"/notes/{pk}/")
        )

    with hooks.register_temporarily(TEAM_PAGE, add_column):
        page = client.get(reverse("team_home")).content.decode()

    assert '<th scope="col">Coaching</th>' in page
    assert f'<a href="/notes/{member.pk}/">Notes</a>' in page


def test_a_member_page_hook_is_asked_only_about_people_the_viewer_may_see(client, member):
    asked = []
    client.force_login(make_person(Role.MANAGER, team=TeamFactory()))

    with hooks.register_temporarily(MEMBER_PAGE, lambda page, items: asked.append(page)):
        response = client.get(reverse("team_member", args=[member.pk]))

    assert response.status_code == 404
    assert asked == []


def test_a_hook_that_adds_something_else_is_a_clear_error(client, member):
    client.force_login(member)
    with (
        hooks.register_temporarily(LEARNER_HOME, lambda page, items: items.append("oops")),
        pytest.raises(TypeError, match="Panel, a Link or a MemberLink"),
    ):
        client.get(reverse("my_training"))


def test_role_play_adds_the_skill_profile_link_to_my_training(client, member):
    client.force_login(member)
    page = client.get(reverse("my_training")).content.decode()
    assert f'href="{reverse("skill_profile")}"' in page


def test_role_play_adds_each_members_skill_profile_to_the_team_page(client, team, member):
    client.force_login(make_person(Role.MANAGER, team=team))
    page = client.get(reverse("team_home")).content.decode()
    assert f'href="{reverse("skill_profile_for", args=[member.pk])}"' in page

    # ...and it is role-play's hook that puts it there, not training's template.
    unhooked = [
        fn for fn in hooks.get_hooks(TEAM_PAGE) if fn.__module__ != "roleplay.wagtail_hooks"
    ]
    with _only(TEAM_PAGE, unhooked):
        page = client.get(reverse("team_home")).content.decode()
    assert reverse("skill_profile_for", args=[member.pk]) not in page


def test_quizzes_and_role_play_put_their_sections_on_the_member_page(
    client, settings, team, member
):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.force_login(make_person(Role.MANAGER, team=team))
    page = client.get(reverse("team_member", args=[member.pk])).content.decode()
    quizzes, roleplay = page.index("No quiz attempts yet."), page.index("No assessed role-play")
    assert quizzes < roleplay  # in their order: quizzes 10, role-play 20


def test_a_section_panel_renders_the_apps_template_under_its_heading():
    panel = SectionPanel(
        heading="Coaching notes",
        template_name="training/includes/page_links.html",
        context={"links": [Link(label="Open", url="/x/")]},
    )
    html = panel.render_html({})
    assert "<h2>Coaching notes</h2>" in html
    assert '<a href="/x/">Open</a>' in html


def _producer_url_names() -> set[str]:
    names = set()
    for app in ("courses", "quizzes", "roleplay", "certification"):
        urls = ROOT / app / "urls.py"
        if urls.exists():
            names |= set(re.findall(r"name=\"([\w-]+)\"", urls.read_text()))
    assert "skill_profile_for" in names  # the parse finds what it is looking for
    return names


def test_trainings_templates_name_no_producer_page_nor_load_its_tags():
    producer_names = _producer_url_names()
    templates = list((ROOT / "training" / "templates").rglob("*.html")) + list(
        (ROOT / "templates").rglob("*.html")
    )
    assert templates
    for template in templates:
        text = template.read_text()
        named = set(re.findall(r"\{%\s*url\s+['\"]([\w-]+)['\"]", text))
        assert not named & producer_names, f"{template} links to {named & producer_names}"
        loaded = " ".join(re.findall(r"\{%\s*load\s+([^%]+)%\}", text))
        assert not re.search(r"\b(quiz|roleplay|course|certificat)\w*", loaded), template


class _only:
    """Register exactly `functions` under `hook_name` while inside the block."""

    def __init__(self, hook_name, functions):
        self.hook_name, self.functions = hook_name, functions

    def __enter__(self):
        hooks.search_for_hooks()
        self.saved = hooks._hooks.get(self.hook_name, [])
        hooks._hooks[self.hook_name] = [(fn, 0) for fn in self.functions]

    def __exit__(self, *exc):
        hooks._hooks[self.hook_name] = self.saved
