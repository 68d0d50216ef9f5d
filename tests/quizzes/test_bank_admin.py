"""The question bank in the Wagtail admin: trainers write, check and review questions."""

import pytest
from django.urls import reverse
from django.utils import translation
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from quizzes.bank import category_for_path, question_snapshot, questions_save
from quizzes.models import AttemptQuestion, AttemptState, Question, QuestionCategory, QuizAttempt
from quizzes.questions import AnswerData, QuestionData
from tests.factories import make_person
from training.roles import Role

pytestmark = pytest.mark.django_db

INDEX = "/cms/question-bank/questions/"
ADD = "/cms/question-bank/questions/new/"


@pytest.fixture(autouse=True)
def _english(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def trainer(client):
    user = make_person(Role.TRAINER)
    client.force_login(user)
    return user


@pytest.fixture
def category():
    return category_for_path(["售后服务", "退款"])


def question_in(category, name="退款时效", review_needed=False):
    data = QuestionData(
        qtype="single_choice",
        name=name,
        text="退款多久到账？",
        answers=[AnswerData("1–3 个工作日", 1.0), AnswerData("当天", 0.0)],
    )
    question = questions_save(questions=[data], category=category)[0]
    if review_needed:
        Question.objects.filter(pk=question.pk).update(
            review_needed=True, review_reason="Lesson “退款” was changed."
        )
        question.refresh_from_db()
    return question


def question_post(category, qtype, answers, **fields):
    return nested_form_data(
        {
            "category": category.pk,
            "qtype": qtype,
            "name": fields.pop("name", "配对：渠道与时效"),
            "text": fields.pop("text", "把渠道和首次响应时限配对。"),
            "text_format": "plain",
            "default_mark": "1",
            "shuffle_options": "on",
            "general_feedback": "",
            "channel": "",
            "customer_name": "",
            "order_number": "",
            "order_product": "",
            "order_status": "",
            "order_date": "",
            "response_template": "",
            "grader_info": "",
            "tags": fields.pop("tags", ""),
            "review_reason": "",
            "answers": inline_formset(
                [
                    {
                        "text": text,
                        "fraction": fraction,
                        "feedback": "",
                        "match_text": match,
                        "tolerance": "",
                    }
                    for text, fraction, match in answers
                ]
            ),
            **fields,
        }
    )


def test_a_trainer_creates_a_matching_question_through_the_form(client, trainer, category):
    page = client.get(ADD)
    assert page.status_code == 200
    assert "Customer and order" in page.text and "Essay" in page.text

    response = client.post(
        ADD,
        question_post(
            category,
            "matching",
            [("在线消息", "0", "60 秒"), ("邮件", "0", "4 小时"), ("", "0", "24 小时")],
            tags="响应时效, 服务标准",
        ),
    )

    assert response.status_code == 302
    question = Question.objects.get(name="配对：渠道与时效")
    assert question.qtype == "matching"
    assert question.category == category
    assert question.created_by == trainer
    assert [(a.text, a.match_text) for a in question.answers.all()] == [
        ("在线消息", "60 秒"),
        ("邮件", "4 小时"),
        ("", "24 小时"),
    ]
    assert sorted(t.name for t in question.tags.all()) == ["响应时效", "服务标准"]


def test_multiple_choice_credits_not_adding_up_is_refused_and_nothing_saved(
    client, trainer, category
):
    response = client.post(
        ADD,
        question_post(
            category,
            "multiple_choice",
            [("道歉", "0.5", ""), ("确认问题", "0.3", ""), ("争辩", "-1", "")],
            name="安抚顾客",
        ),
    )

    assert response.status_code == 200
    assert (
        "The credits of the right options must add up to 100% (they add up to 80.0%)."
        in response.text
    )
    assert not Question.objects.filter(name="安抚顾客").exists()


def test_true_false_rows_may_be_typed_in_chinese(client, trainer, category):
    response = client.post(
        ADD,
        question_post(
            category, "true_false", [("对", "1", ""), ("错", "0", "")], name="退款原路返回"
        ),
    )

    assert response.status_code == 302
    question = Question.objects.get(name="退款原路返回")
    assert [a.text for a in question.answers.all()] == ["true", "false"]


def test_the_listing_filters_and_shows_review_and_item_analysis_flags(client, trainer, category):
    easy = question_in(category, name="人人都会")
    other = question_in(category_for_path(["产品知识"]), name="别的分类")
    question_in(category, name="待复核", review_needed=True)
    quiz = _quiz()
    for _attempt in range(3):
        _graded(quiz, easy, mark=1.0)

    listing = client.get(INDEX)
    assert listing.status_code == 200
    assert 'data-flag="too_easy"' in listing.text and "Too easy" in listing.text
    assert 'data-figure="facility">100.0%' in listing.text
    assert 'data-flag="review_needed"' in listing.text
    assert "售后服务 / 退款" in listing.text

    by_category = client.get(INDEX, {"category": category_for_path(["售后服务"]).pk})
    assert "人人都会" in by_category.text and "别的分类" not in by_category.text
    needing_review = client.get(INDEX, {"review_needed": "true"})
    assert "待复核" in needing_review.text and "人人都会" not in needing_review.text
    searched = client.get(INDEX, {"q": "分类"})
    assert "别的分类" in searched.text and "人人都会" not in searched.text
    assert other.pk


def test_the_listing_reads_figures_with_a_bounded_number_of_queries(
    client, trainer, category, django_assert_max_num_queries
):
    quiz = _quiz()
    for n in range(12):
        question = question_in(category, name=f"题目{n}")
        _graded(quiz, question, mark=1.0)
    client.get(INDEX)  # warm caches (content types, permissions)

    with django_assert_max_num_queries(30):
        client.get(INDEX)


def test_mark_as_reviewed_clears_the_flag(client, trainer, category):
    question = question_in(category, review_needed=True)
    url = reverse("quizzes_question_reviewed", args=[question.pk])

    assert client.get(url).status_code == 200
    response = client.post(url, {"next": "https://elsewhere.example/"})

    assert response.status_code == 302 and response["Location"] == INDEX
    question.refresh_from_db()
    assert not question.review_needed


def test_a_category_with_questions_is_not_deleted(client, trainer, category):
    question_in(category)
    url = reverse("quizzes_categories:delete", args=[category.pk])

    page = client.get(url)
    assert "still holds 1 question. Move or delete it first." in page.text
    assert "Back to the categories" in page.text
    client.post(url)

    assert QuestionCategory.objects.filter(pk=category.pk).exists()
    empty = category_for_path(["空分类"])
    client.post(reverse("quizzes_categories:delete", args=[empty.pk]))
    assert not QuestionCategory.objects.filter(pk=empty.pk).exists()


def test_a_question_a_quiz_uses_is_not_deleted(
    client, trainer, category, django_capture_on_commit_callbacks
):
    from quizzes.models import QuizRule

    question = question_in(category)
    quiz = _quiz()
    quiz.rules = [QuizRule(question=question)]
    # Wagtail updates its reference index once the transaction commits.
    with django_capture_on_commit_callbacks(execute=True):
        quiz.save_revision().publish()
    url = reverse("quizzes_questions:delete", args=[question.pk])

    refusal = client.get(url).text
    assert "退款测验" in refusal and "Back to the questions" in refusal
    client.post(url)
    assert Question.objects.filter(pk=question.pk).exists()

    # The trainer takes it out of the quiz and publishes the quiz again.
    quiz.rules = []
    with django_capture_on_commit_callbacks(execute=True):
        quiz.save_revision().publish()
    client.post(url)
    assert not Question.objects.filter(pk=question.pk).exists()


def test_categories_are_listed_as_a_tree_with_question_counts(client, trainer, category):
    question_in(category)
    page = client.get("/cms/question-bank/categories/")

    assert page.status_code == 200
    text = page.text
    assert text.index("售后服务") < text.index("退款")


@pytest.mark.parametrize("role", [Role.LEARNER, Role.MANAGER])
def test_learners_and_managers_get_no_access(client, category, role):
    question = question_in(category)
    client.force_login(make_person(role))
    urls = [
        INDEX,
        ADD,
        reverse("quizzes_questions:edit", args=[question.pk]),
        reverse("quizzes_question_preview", args=[question.pk]),
        reverse("quizzes_question_reviewed", args=[question.pk]),
        reverse("quizzes_statistics"),
        reverse("quizzes_bank_import"),
        "/cms/question-bank/categories/",
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code in (302, 403), url
        assert not response.get("Location", "").startswith("/cms/question-bank"), url
    client.post(reverse("quizzes_question_reviewed", args=[question.pk]))
    assert Question.objects.filter(pk=question.pk).exists()


def test_the_admin_menu_shows_the_bank_to_trainers(client, trainer):
    home = client.get("/cms/")
    assert "Question bank" in home.text
    assert INDEX in home.text and reverse("quizzes_statistics") in home.text


# --- helpers ------------------------------------------------------------------------------


def _quiz():
    from courses.models import CoursePage, ModulePage
    from courses.services import catalog_ensure
    from quizzes.models import QuizPage

    catalog = catalog_ensure(title="课程中心")
    course = CoursePage(title="售后", slug="after-sales", kind="onboarding", summary="售后")
    catalog.add_child(instance=course)
    module = ModulePage(title="退款", slug="refunds")
    course.add_child(instance=module)
    quiz = QuizPage(title="退款测验", slug="refund-quiz")
    module.add_child(instance=quiz)
    return quiz


def _graded(quiz, question, mark):
    attempt = QuizAttempt.objects.create(
        quiz=quiz,
        user=make_person(),
        number=1,
        state=AttemptState.GRADED,
        marks=mark + 1,
        max_marks=2,
    )
    AttemptQuestion.objects.create(
        attempt=attempt,
        position=1,
        slot=1,
        question=question,
        snapshot=question_snapshot(question),
        mark=mark,
        max_mark=1,
    )


def test_editing_keeps_the_answers_and_unticking_review_clears_the_reason(
    client, trainer, category
):
    question = question_in(category, review_needed=True)
    right, wrong = question.answers.all()
    url = reverse("quizzes_questions:edit", args=[question.pk])
    assert client.get(url).status_code == 200
    data = question_post(
        category, "single_choice", [], name="退款时效（新）", text="退款一般几天到账？"
    )
    data.update(
        nested_form_data(
            {
                "answers": inline_formset(
                    [
                        {"id": right.pk, "text": right.text, "fraction": "1", "feedback": "对"},
                        {"id": wrong.pk, "text": "当天", "fraction": "0", "feedback": ""},
                        {"text": "一个月", "fraction": "0", "feedback": ""},
                    ],
                    initial=2,
                )
            }
        )
    )

    response = client.post(url, data)

    assert response.status_code == 302
    question.refresh_from_db()
    assert question.name == "退款时效（新）"
    assert [(a.text, a.feedback) for a in question.answers.all()] == [
        ("1–3 个工作日", "对"),
        ("当天", ""),
        ("一个月", ""),
    ]
    assert (question.review_needed, question.review_reason) == (False, "")
