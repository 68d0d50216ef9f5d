"""A drill's header joins what it has with " · " and leaves no stray separator where a part
(the order number, the mood, the tier) is missing."""

import re

import pytest
from django.urls import reverse

from roleplay.files import scenario_import
from roleplay.models import ScenarioAttempt
from tests.factories import make_person
from tests.roleplay.conftest import scenario_bytes
from training.models import AgentProfile

pytestmark = pytest.mark.django_db

def play_page(client, **changes) -> str:
    page, _scenario, _created = scenario_import(data=scenario_bytes(**changes), filename="s.yaml")
    response = client.post(page.url, {"mode": "practice"})
    attempt = ScenarioAttempt.objects.get(uuid=response.url.rstrip("/").split("/")[-1])
    return client.get(reverse("scenario_attempt", args=[attempt.uuid])).content.decode()

def order_line(html: str) -> str | None:
    found = re.search(r"<p[^>]*data-order-line>(.*?)</p>", html, re.S)
    return found.group(1).strip() if found else None

def test_a_drill_without_an_order_number_has_no_leading_separator(learner_client, course):
    html = play_page(learner_client, order={"product": "空气炸锅", "status": "已发货"})
    assert order_line(html) == "空气炸锅 · 已发货"

def test_a_drill_with_an_order_number_lists_all_three(learner_client, course):
    learner_client.cookies["django_language"] = "en"
    html = play_page(learner_client)
    assert order_line(html) == "Order number TB-0087 · 空气炸锅 · 已发货"

def test_a_drill_without_an_order_has_no_order_line(learner_client, course):
    html = play_page(learner_client, order={}, slug="no-order")
    assert order_line(html) is None

def test_my_training_names_the_person_without_empty_parts(client):
    learner = make_person(name="张晓雨")
    AgentProfile.objects.filter(user=learner).update(tier="")
    client.force_login(learner)
    html = client.get(reverse("my_training")).content.decode()
    line = re.search(r"<p[^>]*data-profile-line>(.*?)</p>", html, re.S).group(1)
    team = AgentProfile.objects.get(user=learner).team.name
    assert line.startswith("张晓雨 · ") and line.endswith(f" · {team}")
    assert "·  ·" not in line and "· ·" not in line
