"""The demo question banks, practice quizzes and the onboarding exam (`load_demo_quizzes`)."""

import random
from collections import Counter

import pytest
from django.core.management import call_command
from django.urls import reverse
from wagtail.models import Page

from courses.models import CoursePage, LessonPage, ModulePage
from courses.programmes import ProgrammePage
from quizzes.demo import right_response
from quizzes.demo.extra import extra_questions
from quizzes.demo.plan import (
    BANK_FILES,
    BANKS_DIR,
    COURSE_TESTS,
    ESSAY_SHELF,
    EXAM_DRAWS,
    EXAM_FIXED,
    LESSONS_TESTED,
    PRACTICE_QUIZZES,
)
from quizzes.grading import grade
from quizzes.importers import questions_import
from quizzes.importers.gift import parse_gift
from quizzes.models import (
    Answer,
    AttemptState,
    Question,
    QuestionCategory,
    QuizAttempt,
    QuizPage,
    QuizRule,
)
from quizzes.questions import question_problems
from quizzes.responses import clean_response
from quizzes.services import attempt_start, attempt_submit
from training.models import User

DOMAIN = "demo.agentacademy.cn"
GIFT_TYPES = {
    "single_choice",
    "multiple_choice",
    "true_false",
    "short_answer",
    "matching",
    "numerical",
}


def gift_questions():
    return [
        question
        for filename in BANK_FILES
        for question in parse_gift((BANKS_DIR / filename).read_text(encoding="utf-8"))
    ]


def person(local):
    return User.objects.get(email=f"{local}@{DOMAIN}")


def exam() -> QuizPage:
    return QuizPage.objects.get(slug="onboarding-exam")


@pytest.fixture
def demo(db):
    call_command("load_demo")
    call_command("load_demo_training")  # loads the demo courses too
    call_command("load_demo_quizzes")


def test_every_demo_question_keeps_its_types_rules():
    questions = [*gift_questions(), *extra_questions()]
    assert len(questions) >= 60
    for question in questions:
        assert question.name, question.text[:30]
        assert question_problems(question) == [], question.name
        assert question.general_feedback, question.name
    names = [question.name for question in questions]
    assert [name for name, n in Counter(names).items() if n > 1] == []


def test_every_demo_question_names_the_lessons_it_tests_or_none_exists():
    names = {question.name for question in [*gift_questions(), *extra_questions()]}
    assert set(LESSONS_TESTED) <= names
    # No lesson teaches product management or campaign review (yet).
    assert names - set(LESSONS_TESTED) == {"商品管理操作", "活动需要审核"}


def test_choice_options_and_customer_replies_explain_themselves():
    for question in [*gift_questions(), *extra_questions()]:
        if question.qtype in {"single_choice", "multiple_choice", "customer_message"}:
            assert all(answer.feedback for answer in question.answers), question.name
    messages = [q for q in extra_questions() if q.qtype == "customer_message"]
    assert 4 <= len(messages) <= 6
    for message in messages:
        assert 3 <= len(message.answers) <= 4
        assert sum(1 for a in message.answers if a.fraction >= 0.999) == 1, message.name
        assert message.extra["channel"] and message.extra["order_number"], message.name
    assert {m.extra["channel"] for m in messages} == {"live_chat", "phone", "email", "social"}


def test_the_right_answer_is_not_where_a_guesser_would_look_first():
    """In the banks as written, the right option's place varies (shuffling is per quiz, and a
    quiz may turn it off)."""
    places = Counter()
    for question in [*gift_questions(), *extra_questions()]:
        if question.qtype in {"single_choice", "customer_message"}:
            rights = [i for i, a in enumerate(question.answers) if a.fraction >= 0.999]
            assert len(rights) == 1, question.name
            places[rights[0]] += 1
            places["last" if rights[0] == len(question.answers) - 1 else "not last"] += 1
    total = places["last"] + places["not last"]
    assert {0, 1, 2, 3} <= set(places)
    assert max(places[i] for i in range(4)) <= total / 2
    assert places["last"] <= total / 2


@pytest.mark.django_db
@pytest.mark.parametrize("filename", list(BANK_FILES))
def test_every_bank_file_imports_with_the_question_importer(filename):
    imported = questions_import(
        data=(BANKS_DIR / filename).read_bytes(), filename=filename, format="gift"
    )
    assert len(imported) >= 10
    assert {q.category.lineage()[0].name for q in imported} == {BANK_FILES[filename]}


def test_each_category_has_the_advertised_mix(demo):
    for name in BANK_FILES.values():
        category = QuestionCategory.objects.get(parent__isnull=True, name=name)
        questions = Question.objects.filter(category_id__in=category.descendant_ids())
        types = Counter(questions.values_list("qtype", flat=True))
        assert 10 <= sum(types.values()) <= 16, name
        assert set(types) >= GIFT_TYPES, (name, types)
        assert types["ordering"] == 1, name
        assert types["multiple_choice"] >= 2, name
        assert category.description, name
    essays = Question.objects.filter(qtype="essay")
    assert essays.count() == 1
    assert str(essays.get().category) == f"投诉处理 / {ESSAY_SHELF}"
    assert Question.objects.filter(qtype="customer_message").count() == 6
    # Multiple choice: the right options add up to 100 %, every wrong one takes marks away.
    for question in Question.objects.filter(qtype="multiple_choice"):
        fractions = [float(a.fraction) for a in question.answers.all()]
        assert sum(f for f in fractions if f > 0) == pytest.approx(1, abs=1e-4), question.name
        assert all(f != 0 for f in fractions), question.name


def test_the_loader_runs_twice_without_duplicating_anything(demo):
    def counts():
        return [
            model.objects.count()
            for model in (Question, Answer, QuestionCategory, Page, QuizRule, QuizAttempt)
        ] + [Question.lessons.through.objects.count()]

    before = counts()
    call_command("load_demo_quizzes")
    assert counts() == before


def test_without_courses_only_the_banks_load_and_the_quizzes_follow_later(db):
    call_command("load_demo_quizzes")
    questions = Question.objects.count()
    assert questions == len(gift_questions()) + len(extra_questions())
    assert not QuizPage.objects.exists()

    call_command("load_demo_courses")
    call_command("load_demo_quizzes")
    assert Question.objects.count() == questions
    assert QuizPage.objects.live().count() == len(PRACTICE_QUIZZES) + len(COURSE_TESTS) + 1
    assert Question.objects.filter(lessons__isnull=False).distinct().count() == len(LESSONS_TESTED)


def test_practice_quizzes_close_their_modules_and_do_not_count_towards_the_course(demo):
    for spec in PRACTICE_QUIZZES:
        quiz = QuizPage.objects.get(slug=spec.slug)
        module = ModulePage.objects.get(slug=spec.module, pk=quiz.get_parent().pk)
        assert quiz.live and not quiz.required
        assert quiz.time_limit_minutes is None and quiz.max_attempts == 0
        assert quiz.review_policy == "after_submit"
        assert module.get_children().last().pk == quiz.pk
        assert quiz.course.slug == spec.course[0]


def test_the_onboarding_exam_is_published_required_timed_and_closes_the_programme(demo):
    """The exam's settings, its place after the onboarding courses, and draws it can make."""
    quiz = exam()
    assert quiz.live and quiz.required
    assert (quiz.pass_mark, quiz.time_limit_minutes, quiz.max_attempts) == (80, 30, 3)
    assert quiz.review_policy == "after_close"
    course = quiz.course
    assert course.title == "上岗考核" and course.kind == "onboarding"
    assert {c.slug for c in course.prerequisites.all()} == {
        "role-and-service-standards",
        "platform-orders-refunds",
        "communication-and-complaints",
        "customer-information-protection",
    }
    programme = ProgrammePage.objects.get(slug="new-hire-two-weeks")
    last = programme.scheduled()[-1]
    assert last.course.pk == course.pk and "考核" in last.note

    # Its rules can be satisfied by the banks: every draw has enough questions.
    rules = list(quiz.rules.all())
    drawn = {rule.category.name: rule.draw for rule in rules if rule.category_id}
    assert drawn == dict(EXAM_DRAWS)
    fixed = [rule.question for rule in rules if rule.question_id]
    assert [q.name for q in fixed] == EXAM_FIXED
    assert {q.qtype for q in fixed} == {"ordering", "customer_message"}
    for rule in rules:
        rule.clean()  # a draw larger than its category is refused here
        if rule.category_id:
            pool = Question.objects.filter(category=rule.category).exclude(
                pk__in=[q.pk for q in fixed]
            )
            assert pool.count() >= rule.draw, rule.category.name
            assert not pool.filter(qtype="essay").exists()


def test_a_learner_who_finished_onboarding_gets_a_full_exam_and_can_pass_it(demo, client):
    learner = person("certified")
    client.force_login(learner)
    assert client.get(exam().url).status_code == 200
    assert client.get(exam().course.url).status_code == 200
    attempt = attempt_start(quiz=exam(), user=learner, rng=random.Random(7))
    slots = list(attempt.questions.all())
    assert len(slots) == exam().question_count() == 23
    assert len({slot.question_id for slot in slots}) == len(slots)
    assert "essay" not in {slot.snapshot["type"] for slot in slots}
    for slot in slots:
        response = clean_response(
            slot.snapshot, slot.layout, right_response(slot.snapshot, slot.layout)
        )
        assert grade(slot.snapshot, slot.layout, response).fraction == pytest.approx(1)
    responses = {slot.position: right_response(slot.snapshot, slot.layout) for slot in slots}
    attempt = attempt_submit(attempt=attempt, responses=responses)
    assert attempt.state == AttemptState.GRADED and attempt.passed


def test_the_demos_people_on_duty_have_passed_the_exam_and_new_hires_have_not(demo):
    for local in ("certified", "veteran", "complaints"):
        attempt = QuizAttempt.objects.filter(quiz=exam(), user=person(local)).latest("number")
        assert attempt.passed, local
        programme = ProgrammePage.objects.get(slug="new-hire-two-weeks")
        done, total = programme.courses_completed_for(person(local))
        assert done == total == 5, local
    for local in ("agent", "agent2", "newhire"):
        assert not QuizAttempt.objects.filter(user=person(local)).exists()


def test_the_demo_shows_a_failed_exam_with_its_topics_and_lessons_to_read(demo, client):
    failed, passed = QuizAttempt.objects.filter(quiz=exam(), user=person("veteran")).order_by(
        "number"
    )
    assert failed.passed is False and passed.passed is True
    assert failed.submitted_at < passed.started_at
    client.force_login(person("veteran"))
    client.cookies["django_language"] = "en"
    html = client.get(reverse("quiz_attempt_result", args=[failed.uuid])).content.decode()
    topics = html[html.index("data-topics") : html.index("data-next-try")]
    assert "退款与售后流程" in topics and "售后四步法" in topics
    assert "1 attempt left" in html and "You passed this quiz on attempt 2." in html


def test_questions_are_linked_to_the_lessons_they_test(demo):
    question = Question.objects.get(name="在线消息首次响应时限")
    assert [lesson.slug for lesson in question.lessons.all()] == ["response-times"]
    for paths in LESSONS_TESTED.values():
        for course_slug, module_slug, lesson_slug in paths:
            course = CoursePage.objects.get(slug=course_slug)
            module = ModulePage.objects.child_of(course).get(slug=module_slug)
            assert LessonPage.objects.child_of(module).filter(slug=lesson_slug).exists()
