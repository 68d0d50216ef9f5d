"""Apps add panels and links to the learner's home through hooks; training imports none of them."""

import pytest
from django.urls import reverse
from django.utils.html import format_html
from wagtail import hooks

from tests.factories import make_person
from training.panels import LEARNER_HOME_LINKS, LEARNER_HOME_PANELS, Link

pytestmark = pytest.mark.django_db


class NoticePanel:
    def __init__(self, text, order):
        self.text, self.order = text, order

    def render_html(self, parent_context):
        return format_html('<section class="card notice">{}</section>', self.text)


def add_panels(request, panels):
    panels.append(NoticePanel("second", order=20))
    panels.append(NoticePanel(f"first for {request.user.name}", order=10))


def add_link(request, links):
    links.append(Link(label="Team handbook", url="/handbook/"))


def test_my_training_shows_what_the_apps_add_in_their_order(client):
    learner = make_person()
    client.force_login(learner)

    with (
        hooks.register_temporarily(LEARNER_HOME_PANELS, add_panels),
        hooks.register_temporarily(LEARNER_HOME_LINKS, add_link),
    ):
        page = client.get(reverse("my_training")).content.decode()

    first, second = page.index(f"first for {learner.name}"), page.index("second")
    assert first < second
    assert '<a href="/handbook/">Team handbook</a>' in page


def test_role_play_adds_the_skill_profile_link(client):
    client.force_login(make_person())
    page = client.get(reverse("my_training")).content.decode()
    assert f'href="{reverse("skill_profile")}"' in page
