"""A trainer puts a quiz into a course through the Wagtail admin."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from courses.services import SENIOR_TRAINER
from quizzes.models import QuizPage
from tests.factories import make_person
from training.roles import Role


@pytest.fixture(autouse=True)
def _english(client, settings):
    # The assertions read the English wording; the site's default is Chinese.
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


@pytest.fixture
def admin_client(client):
    # A senior trainer: may add pages to the course tree and publish them.
    person = make_person(role=Role.TRAINER, email="senior@example.com")
    person.groups.add(Group.objects.get(name=SENIOR_TRAINER))
    client.force_login(person)
    return client


def quiz_form(rules, **fields):
    return nested_form_data(
        {
            "title": "退款流程测验",
            "slug": "refund-test",
            "intro": "",
            "pass_mark": 80,
            "max_attempts": 2,
            "review_policy": "after_submit",
            "shuffle_options": "on",
            "required": "on",
            "rules": inline_formset(rules),
            **fields,
        }
    )


def add_url(module):
    return reverse("wagtailadmin_pages:add", args=["quizzes", "quizpage", module.pk])


@pytest.mark.django_db
def test_a_quiz_with_fixed_and_random_questions_is_created_in_a_module(admin_client, course, bank):
    module = course.modules().first()
    category = bank[0].category
    data = quiz_form(
        [
            {"question": bank[0].pk, "draw": 1, "include_subcategories": "on"},
            {"category": category.pk, "draw": 3, "include_subcategories": "on"},
        ],
        **{"action-publish": "publish"},
    )
    response = admin_client.post(add_url(module), data)
    assert response.status_code == 302, response.context["form"].errors
    quiz = QuizPage.objects.get(slug="refund-test")
    assert quiz.live and quiz.get_parent().pk == module.pk
    assert quiz.question_count() == 4
    assert quiz.course.pk == course.pk


@pytest.mark.django_db
def test_a_draw_larger_than_the_category_is_refused(admin_client, course, bank):
    module = course.modules().first()
    data = quiz_form(
        [{"category": bank[0].category.pk, "draw": 50, "include_subcategories": "on"}],
        **{"action-publish": "publish"},
    )
    response = admin_client.post(add_url(module), data)
    assert response.status_code == 200
    assert "only 5 questions" in response.content.decode()
    assert not QuizPage.objects.exists()


@pytest.mark.django_db
def test_a_rule_must_be_a_question_or_a_category_not_both(admin_client, course, bank):
    module = course.modules().first()
    data = quiz_form(
        [{"question": bank[0].pk, "category": bank[0].category.pk, "draw": 1}],
        **{"action-publish": "publish"},
    )
    response = admin_client.post(add_url(module), data)
    assert response.status_code == 200
    assert "not both" in response.content.decode()
    assert not QuizPage.objects.exists()


@pytest.mark.django_db
def test_rules_made_in_code_keep_the_order_they_were_given(make_quiz, bank):
    # Demo content and importers make rules without a position; PostgreSQL would otherwise
    # return rows that tie on sort_order in any order.
    from quizzes.models import QuizRule

    given = list(reversed(bank))
    quiz = make_quiz(rules=[QuizRule(question=q) for q in given])

    rules = list(QuizPage.objects.get(pk=quiz.pk).rules.all())
    assert [rule.question_id for rule in rules] == [q.pk for q in given]
    assert [rule.sort_order for rule in rules] == list(range(len(given)))
