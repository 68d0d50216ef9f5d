"""A trainer picks a quiz's questions from a searchable, filterable chooser, not a dropdown."""

import re

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import translation

from courses.services import SENIOR_TRAINER
from quizzes.bank import category_for_path
from quizzes.models import Question
from tests.factories import make_person
from training.roles import Role

pytestmark = pytest.mark.django_db

CHOOSE = "/cms/question-bank/choose/"
RESULTS = "/cms/question-bank/choose/results/"


@pytest.fixture(autouse=True)
def _english(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def trainer_client(client):
    person = make_person(role=Role.TRAINER, email="senior@example.com")
    person.groups.add(Group.objects.get(name=SENIOR_TRAINER))
    client.force_login(person)
    return client


def add_questions(category, names, *, text="顾客问怎么办？", qtype="single_choice"):
    Question.objects.bulk_create(
        Question(category=category, name=name, text=text, qtype=qtype) for name in names
    )


@pytest.fixture
def shelves():
    """售后服务 / 退款 (with a subcategory 极速退款), 物流 — and a big bank behind them."""
    refunds = category_for_path(["售后服务", "退款"])
    fast = category_for_path(["售后服务", "退款", "极速退款"])
    logistics = category_for_path(["物流"])
    add_questions(refunds, ["退款时效", "退款原路返回"])
    add_questions(fast, ["极速退款条件"], text="哪些订单可以极速退款？")
    add_questions(logistics, ["物流停滞"], text="包裹三天没有更新，怎么回复退款问题？")
    add_questions(logistics, [f"物流题 {n:04d}" for n in range(2000)])
    return {"refunds": refunds, "fast": fast, "logistics": logistics}


def html_of(response) -> str:
    # The modal arrives as JSON; its results panel, refreshed on each filter, as plain HTML.
    if response["Content-Type"].startswith("application/json"):
        return response.json()["html"]
    return response.content.decode()


def listed(response) -> list[str]:
    html = html_of(response)
    return re.findall(r"data-chooser-modal-choice[^>]*>\s*([^<]+?)\s*<", html)


def test_the_chooser_lists_a_category_with_its_subcategories(trainer_client, shelves):
    response = trainer_client.get(RESULTS, {"category": shelves["refunds"].pk})
    assert sorted(listed(response)) == sorted(["退款时效", "退款原路返回", "极速退款条件"])


def test_a_search_term_matches_the_title_or_the_text(trainer_client, shelves):
    assert sorted(listed(trainer_client.get(RESULTS, {"q": "退款"}))) == sorted(
        ["退款时效", "退款原路返回", "极速退款条件", "物流停滞"]
    )
    both = trainer_client.get(RESULTS, {"q": "退款", "category": shelves["logistics"].pk})
    assert listed(both) == ["物流停滞"]


def test_a_bank_of_two_thousand_questions_is_shown_a_page_at_a_time(
    trainer_client, shelves, django_assert_max_num_queries
):
    with django_assert_max_num_queries(25):
        response = trainer_client.get(CHOOSE)
    assert response.status_code == 200
    assert len(listed(response)) == 20
    html = html_of(response)
    # The modal offers the filters; each row says where the question lives.
    assert 'name="category"' in html and 'name="q"' in html and 'name="qtype"' in html
    assert "售后服务 / 退款 / 极速退款" in html
    last = trainer_client.get(RESULTS, {"category": shelves["logistics"].pk, "p": 101})
    assert listed(last) == ["物流题 1999"]


def test_choosing_a_question_returns_it_to_the_quiz_editor(trainer_client, shelves):
    question = Question.objects.get(name="退款时效")
    response = trainer_client.get(f"{CHOOSE}chosen/{question.pk}/")
    assert response.json()["result"]["title"] == "退款时效"
    assert response.json()["result"]["id"] == str(question.pk)


def test_the_quiz_editor_picks_questions_with_the_chooser(trainer_client, course, shelves):
    module = course.modules().first()
    response = trainer_client.get(
        reverse("wagtailadmin_pages:add", args=["quizzes", "quizpage", module.pk])
    )
    html = response.content.decode()
    assert f'data-chooser-url="{CHOOSE}"' in html
    # No dropdown listing the whole bank.
    assert "物流题 0001" not in html
