"""Administrators find the team overview (/team/) from the site header and the admin menu."""

import json
import re

import pytest

from tests.factories import make_person
from training.roles import Role

pytestmark = pytest.mark.django_db


def header_links(page: str) -> list[str]:
    nav = re.search(r'<nav class="site-nav".*?</nav>', page, re.S).group(0)
    return re.findall(r'<a href="([^"]+)"[^>]*>([^<]+)</a>', nav)


def test_an_administrators_header_leads_to_the_team_overview(client):
    client.force_login(make_person(Role.ADMINISTRATOR))

    links = header_links(client.get("/profile/").content.decode())

    assert ("/team/", "团队概况") in links
    overview = client.get("/team/")
    assert overview.status_code == 200
    assert "<h1>团队概况</h1>" in overview.text


def test_a_manager_keeps_my_team_and_a_learner_gets_no_team_link(client):
    client.force_login(make_person(Role.MANAGER))
    assert ("/team/", "我的团队") in header_links(client.get("/profile/").content.decode())
    assert "<h1>我的团队</h1>" in client.get("/team/").text
    assert "团队概况" not in client.get("/profile/").content.decode()

    client.force_login(make_person(Role.LEARNER))
    assert all(url != "/team/" for url, _label in header_links(client.get("/profile/").text))


def admin_menu_urls(page: str) -> list[str]:
    props = re.search(r'id="wagtail-sidebar-props"[^>]*>(.*?)</script>', page, re.S).group(1)
    return re.findall(r'"url": "([^"]+)"', json.dumps(json.loads(props)))


def test_the_admin_menu_links_the_team_overview_for_administrators_only(client):
    client.force_login(make_person(Role.ADMINISTRATOR))
    assert "/team/" in admin_menu_urls(client.get("/cms/").content.decode())

    client.force_login(make_person(Role.TRAINER))
    assert "/team/" not in admin_menu_urls(client.get("/cms/").content.decode())
