"""A helpdesk system pushes KPIs to POST /api/kpis/ with a token an administrator made: the
same rules as the file, all or nothing, problems by index and field, counts back."""

import datetime
import json

import pytest
from django.test import Client

from evaluation.models import AgentKpi, KpiApiToken
from evaluation.tokens import api_token_create
from tests.factories import make_person
from training.roles import Role

pytestmark = pytest.mark.django_db

URL = "/api/kpis/"
MARCH = datetime.date(2026, 3, 1)


@pytest.fixture
def agent():
    person = make_person()
    person.profile.employee_no = "K001"
    person.profile.save()
    return person


@pytest.fixture
def token():
    _token, plain = api_token_create(name="Helpdesk", created_by=make_person(Role.ADMINISTRATOR))
    return plain


def push(rows, token=None, *, body=None, content_type="application/json", **headers):
    # A client that enforces CSRF, as a browser's would: the endpoint must not need it.
    client = Client(enforce_csrf_checks=True, headers={"Accept-Language": "en", **headers})
    if token:
        client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {token}"
    data = body if body is not None else json.dumps(rows)
    return client.post(URL, data, content_type=content_type)


def test_a_push_stores_the_values_and_answers_with_the_counts(agent, token):
    rows = [
        {"employee_no": "K001", "month": "2026-03", "csat": 0.95, "first_response_s": 42},
        {"employee_no": "K001", "month": "2026-02", "csat": "93%", "complaint_rate": None},
    ]

    response = push(rows, token)

    assert response.status_code == 200
    assert response.json() == {"created": 3, "updated": 0, "unchanged": 0, "rows": 2}
    values = {(k.month, k.metric): k.value for k in AgentKpi.objects.filter(person=agent)}
    assert values == {
        (MARCH, "csat"): 0.95,
        (MARCH, "first_response_s"): 42,
        (datetime.date(2026, 2, 1), "csat"): 0.93,
    }
    assert set(AgentKpi.objects.values_list("source", flat=True)) == {"api"}


def test_pushing_again_updates_rather_than_duplicates(agent, token):
    push([{"employee_no": "K001", "month": "2026-03", "csat": 0.9}], token)

    response = push([{"employee_no": "K001", "month": "2026-03", "csat": 0.92}], token)

    assert response.json()["updated"] == 1
    assert AgentKpi.objects.get().value == 0.92


def test_a_push_with_problems_saves_nothing_and_names_each_by_index_and_field(agent, token):
    rows = [
        {"employee_no": "K001", "month": "2026-03", "csat": 0.9},
        {"employee_no": "K404", "month": "2026-3", "first_response_s": -5},
        {"employee_no": "K001", "month": "2026-03", "CSAT": 0.9},
        "not a row",
    ]

    response = push(rows, token)

    assert response.status_code == 400
    problems = response.json()["problems"]
    assert {(p["index"], p["field"]) for p in problems} == {(2, "CSAT"), (3, None)}
    assert AgentKpi.objects.count() == 0

    response = push([rows[0], rows[1], {**rows[0], "csat": 0.5}], token)

    problems = response.json()["problems"]
    assert {(p["index"], p["field"]) for p in problems} == {
        (1, "employee_no"),
        (1, "month"),
        (1, "first_response_s"),
        (2, "month"),  # the same agent and month as index 0
    }
    assert "already appear at index 0" in problems[-1]["message"]
    assert AgentKpi.objects.count() == 0


@pytest.mark.parametrize("header", [None, "Bearer kpi_not-a-token", "Basic a3BpOg=="])
def test_no_token_or_a_wrong_one_is_refused(agent, header):
    headers = {"Authorization": header} if header else {}

    response = push([{"employee_no": "K001", "month": "2026-03", "csat": 0.9}], **headers)

    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert AgentKpi.objects.count() == 0


def test_a_revoked_token_opens_nothing_and_use_is_noted(agent, token):
    push([{"employee_no": "K001", "month": "2026-03", "csat": 0.9}], token)
    record = KpiApiToken.objects.get()
    assert record.last_used_at is not None

    KpiApiToken.objects.update(revoked_at=record.last_used_at)
    response = push([{"employee_no": "K001", "month": "2026-03", "csat": 0.5}], token)

    assert response.status_code == 401
    assert AgentKpi.objects.get().value == 0.9


def test_only_the_hash_of_a_token_is_stored(token):
    record = KpiApiToken.objects.get()

    assert token not in (record.token_hash, record.prefix)
    assert token.startswith(record.prefix)


def test_a_body_over_the_limit_is_refused_unread(agent, token):
    response = push(None, token, body="[" + " " * (6 * 1024 * 1024) + "]")

    assert response.status_code == 413


@pytest.mark.parametrize(
    ("body", "status"),
    [("{not json", 400), ('{"employee_no": "K001"}', 400), ("[]", 400)],
)
def test_a_body_that_is_not_a_list_of_rows_is_refused(agent, token, body, status):
    response = push(None, token, body=body)

    assert response.status_code == status
    assert AgentKpi.objects.count() == 0


def test_only_json_is_taken(agent, token):
    response = push(None, token, body="employee_no=K001", content_type="text/plain")

    assert response.status_code == 415


def test_the_endpoint_takes_posts_only(token):
    client = Client(headers={"Authorization": f"Bearer {token}"})

    assert client.get(URL).status_code == 405
