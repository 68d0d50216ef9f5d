"""A trainer adds a question to a quiz by searching the bank in a chooser, not a dropdown."""

import re

import pytest
from django.core.management import call_command
from django.db.models import Q
from playwright.sync_api import expect

from quizzes.models import Question, QuestionCategory, QuizPage

from .test_smoke_roles import log_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def demo(transactional_db):
    call_command("load_demo", verbosity=0)
    call_command("load_demo_courses", verbosity=0)
    call_command("load_demo_quizzes", verbosity=0)


def test_a_trainer_finds_a_question_by_category_and_search(demo, visit, artifacts):
    quiz = QuizPage.objects.order_by("path").first()
    question = Question.objects.filter(qtype="single_choice").order_by("pk").first()
    category = QuestionCategory.objects.get(pk=question.category_id)
    word = question.name[:2]
    expected = sorted(
        Question.objects.filter(category_id__in=category.descendant_ids())
        .filter(Q(name__icontains=word) | Q(text__icontains=word))
        .values_list("name", flat=True)
    )
    assert 0 < len(expected) < Question.objects.count()

    def journey(page):
        log_in(page, "trainer@demo.agentacademy.cn")
        page.goto(f"/cms/pages/{quiz.pk}/edit/")
        rules = page.locator("#id_rules-FORMS")
        before = rules.locator("> [data-inline-panel-child]:visible").count()
        page.locator("#id_rules-ADD").click()
        added = rules.locator("> [data-inline-panel-child]:visible").nth(before)
        added.locator("[data-chooser-action-choose]").first.click()

        modal = page.locator(".modal-dialog")
        expect(modal).to_be_visible()
        modal.locator("select[name=category]").select_option(str(category.pk))
        modal.locator("input[name=q]").fill(word)
        results = modal.locator("#search-results")
        expect(results.get_by_text(question.name, exact=True)).to_be_visible()
        # Only that shelf's questions with the word in their title or text.
        expect(results.locator("[data-chooser-modal-choice]")).to_have_count(len(expected))
        listed = results.locator("[data-chooser-modal-choice]").all_inner_texts()
        assert sorted(text.strip() for text in listed) == expected
        page.screenshot(path=artifacts / "quiz-question-chooser.png", full_page=True)
        results.get_by_text(question.name, exact=True).click()

        expect(modal).to_be_hidden()
        expect(added.locator("[data-chooser-title]").first).to_have_text(question.name)
        value = added.locator("input[type=hidden][name$='-question']").input_value()
        assert re.fullmatch(r"\d+", value)
        return int(value)

    assert visit(journey) == question.pk
