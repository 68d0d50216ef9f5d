"""Administrators give a helpdesk system its API token in the admin: shown once, revocable,
with when it was last used; nobody else sees the page."""

import json

import pytest

from evaluation.models import KpiApiToken
from tests.factories import make_person
from training.roles import Role

pytestmark = pytest.mark.django_db

URL = "/cms/evaluation/api-tokens/"


@pytest.fixture
def admin(client):
    user = make_person(Role.ADMINISTRATOR)
    client.force_login(user)
    return user


def test_a_new_token_is_shown_once_and_then_only_its_beginning(client, admin):
    response = client.post(URL, {"name": "Helpdesk"})

    page = response.content.decode()
    token = page.split("<code data-token>")[1].split("</code>")[0]
    assert token.startswith("kpi_") and len(token) > 40
    record = KpiApiToken.objects.get()
    assert record.name == "Helpdesk" and record.created_by == admin

    later = client.get(URL).content.decode()
    assert token not in later
    assert f"{record.prefix}…" in later
    assert "never" in later  # not used yet


def test_the_token_shown_opens_the_api_and_revoking_it_closes_it(client, admin):
    page = client.post(URL, {"name": "Helpdesk"}).content.decode()
    token = page.split("<code data-token>")[1].split("</code>")[0]
    push = {
        "data": json.dumps([]),
        "content_type": "application/json",
        "headers": {"Authorization": f"Bearer {token}"},
    }
    assert client.post("/api/kpis/", **push).status_code == 400  # in: an empty list is wrong

    record = KpiApiToken.objects.get()
    client.post(f"{URL}{record.pk}/revoke/")

    record.refresh_from_db()
    assert record.revoked_at is not None
    assert client.post("/api/kpis/", **push).status_code == 401
    assert "Revoked" in client.get(URL).content.decode()


@pytest.mark.parametrize("role", [Role.TRAINER, Role.MANAGER, Role.LEARNER])
def test_only_administrators_manage_tokens(client, role):
    client.force_login(make_person(role))

    response = client.post(URL, {"name": "Sneaky"})

    assert response.status_code in (302, 403)
    assert KpiApiToken.objects.count() == 0


def test_the_evaluation_menu_offers_tokens_to_administrators_only(client, admin):
    assert URL in client.get("/cms/").content.decode()

    client.force_login(make_person(Role.TRAINER))
    assert URL not in client.get("/cms/").content.decode()
