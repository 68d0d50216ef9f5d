"""Demo question banks and quizzes for `load_demo_quizzes`.

The banks are GIFT files in `banks/` (imported as a trainer would import them) plus the
ordering and customer-message questions of `extra.py`. The quizzes go into the demo
onboarding courses: a practice quiz per course, and the onboarding exam (上岗考核) in a
course of its own that fills the final-assessment days of the two-week programme.

Courses are found by slug, or by title when a trainer changed the slug; what is missing is
skipped, so the banks load on a database without courses. The course pages are reached through
the course tree that `courses` declares (`training.course_tree`), never by model name.
"""

from __future__ import annotations

import datetime
import random
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from wagtail.models import Page

from quizzes.bank import questions_save
from quizzes.demo.extra import extra_questions
from quizzes.demo.plan import (
    BANK_FILES,
    BANKS_DIR,
    CATEGORY_DESCRIPTIONS,
    COURSE_TEST_SETTINGS,
    COURSE_TESTS,
    DEMO_EXAM_FAILED_FIRST,
    DEMO_EXAM_PASSED,
    DEMO_TRAINER,
    DOMAIN,
    EXAM,
    EXAM_COURSE,
    EXAM_SETTINGS,
    LESSONS_TESTED,
    ONBOARDING_COURSES,
    PRACTICE_QUIZZES,
    PRACTICE_SETTINGS,
    PROGRAMME_SLUG,
    QuizSpec,
)
from quizzes.importers import questions_import
from quizzes.importers.gift import parse_gift
from quizzes.models import Question, QuestionCategory, QuizAttempt, QuizPage, QuizRule
from quizzes.questions import (
    CUSTOMER,
    MATCHING,
    MULTIPLE,
    NUMERICAL,
    ORDERING,
    SHORT,
    SINGLE,
    TRUE_FALSE,
    QuestionData,
)
from quizzes.services import attempt_start, attempt_submit
from training.course_tree import course_tree
from training.models import RecordKind, User
from training.records import first_passes


def _top_category(name: str) -> QuestionCategory | None:
    return QuestionCategory.objects.filter(parent__isnull=True, name=name).first()


def _category_questions(category: QuestionCategory | None):
    if category is None:
        return Question.objects.none()
    return Question.objects.filter(category_id__in=category.descendant_ids())


def _import_bank(filename: str, category_name: str, user: User | None) -> int:
    """Import one GIFT file unless its questions are already in the bank (matched by name)."""
    data = (BANKS_DIR / filename).read_bytes()
    names = {q.name for q in parse_gift(data.decode("utf-8"))}
    existing = _category_questions(_top_category(category_name)).filter(name__in=names)
    if existing.exists():
        return 0
    return len(questions_import(data=data, filename=filename, format="gift", user=user))


def _save_extra(user: User | None) -> int:
    """Save the ordering and customer-message questions that are not in the bank yet."""
    missing: list[QuestionData] = []
    for data in extra_questions():
        category = _top_category(data.category[0])
        if not _category_questions(category).filter(name=data.name).exists():
            missing.append(data)
    return len(questions_save(questions=missing, user=user)) if missing else 0


def _describe_categories() -> None:
    for name, description in CATEGORY_DESCRIPTIONS.items():
        QuestionCategory.objects.filter(parent__isnull=True, name=name, description="").update(
            description=description
        )


def _lesson(course_slug: str, module_slug: str, lesson_slug: str):
    course = _course((course_slug, ""))
    if course is None:
        return None
    module = course_tree().module_model.objects.child_of(course).filter(slug=module_slug).first()
    if module is None:
        return None
    return course_tree().lesson_model.objects.child_of(module).filter(slug=lesson_slug).first()


def _link_lessons() -> int:
    """Link each demo question without lessons to the lessons it tests, where they exist."""
    linked = 0
    questions = Question.objects.filter(name__in=LESSONS_TESTED, lessons__isnull=True)
    for question in questions:
        lessons = [_lesson(*path) for path in LESSONS_TESTED[question.name]]
        lessons = [lesson for lesson in lessons if lesson is not None]
        if lessons:
            question.lessons.set(lessons)
            question.save()
            linked += 1
    return linked


def _catalog():
    return course_tree().catalogue_model.objects.first()


def _course(ref: tuple[str, str]):
    catalog = _catalog()
    if catalog is None:
        return None
    courses = course_tree().course_model.objects.child_of(catalog)
    slug, title = ref
    return courses.filter(slug=slug).first() or (
        courses.filter(title=title).first() if title else None
    )


def _publish_new(parent: Page, page: Page) -> Page:
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def _question_named(name: str) -> Question:
    return Question.objects.filter(name=name).order_by("pk").first()


def _rules(spec: QuizSpec) -> list[QuizRule]:
    rules = []
    for rule in spec.rules:
        if rule[0] == "draw":
            _kind, category, count = rule
            rules.append(
                QuizRule(
                    category=_top_category(category),
                    draw=count,
                    include_subcategories=False,
                    mark=Decimal(1),
                )
            )
        else:
            rules.append(QuizRule(question=_question_named(rule[1])))
    # The order the plan gives is the order the quiz shows: say so, for every database.
    for position, quiz_rule in enumerate(rules):
        quiz_rule.sort_order = position
    return rules


def _quiz_ensure(spec: QuizSpec, settings: dict) -> tuple[QuizPage | None, bool]:
    """The quiz, created and published as the last child of its module (or course) if missing."""
    course = _course(spec.course)
    if course is None:
        return None, False
    parent = course
    if spec.module:
        modules = course_tree().module_model.objects.child_of(course)
        module = modules.filter(slug=spec.module).first()
        parent = module or course
    existing = QuizPage.objects.descendant_of(course).filter(slug=spec.slug).first()
    if existing is not None:
        return existing, False
    rules = _rules(spec)
    intro = spec.intro.format(count=sum(rule.count for rule in rules))
    quiz = QuizPage(title=spec.title, slug=spec.slug, intro=intro, **settings)
    quiz.rules = rules
    return _publish_new(parent, quiz), True


def _exam_course_ensure() -> tuple[object | None, bool]:
    """The course that holds the onboarding exam, after the four onboarding courses."""
    catalog = _catalog()
    if catalog is None:
        return None, False
    course = _course((EXAM_COURSE["slug"], EXAM_COURSE["title"]))
    if course is not None:
        return course, False
    course = _publish_new(
        catalog,
        course_tree().course_model(
            title=EXAM_COURSE["title"],
            slug=EXAM_COURSE["slug"],
            kind="onboarding",
            summary=EXAM_COURSE["summary"],
            estimated_hours=Decimal(EXAM_COURSE["hours"]),
            intended_positions=EXAM_COURSE["positions"],
            intended_tiers=[],
        ),
    )
    prerequisites = [c for c in map(_course, ONBOARDING_COURSES) if c is not None]
    if prerequisites:
        course.prerequisites.set(prerequisites)
        course.save_revision().publish()
    return course, True


def _programme_link(course) -> bool:
    """Put the exam course on the programme's final-assessment days (a day range that has a
    note but no course yet). False when there is no programme or it is linked already."""
    tree = course_tree()
    programme = tree.programme_model.objects.filter(slug=PROGRAMME_SLUG).first()
    if programme is None:
        return False
    return tree.programme_fill_open_days(programme=programme, course=course)


def _course_passed_at(user: User, courses) -> datetime.datetime | None:
    """When the user had passed all these courses (per the learning record); None if not."""
    passes = first_passes(users=[user], activities=courses, kind=RecordKind.COURSE)
    passes = passes.get(user.pk, {})
    if len(passes) < len({course.pk for course in courses}):
        return None
    return max(passes.values())


def right_response(snapshot: dict, layout: dict):
    """The full-marks response to a question, in answer keys (as the attempt services take it;
    the attempt page speaks tokens instead, see `quizzes.responses.present`)."""
    answers = snapshot["answers"]
    qtype = snapshot["type"]
    if qtype in {SINGLE, CUSTOMER, TRUE_FALSE}:
        return next(a["key"] for a in answers if a["fraction"] >= 0.999)
    if qtype == MULTIPLE:
        return [a["key"] for a in answers if a["fraction"] > 0]
    if qtype in {SHORT, NUMERICAL}:
        return next(a["text"] for a in answers if a["fraction"] >= 0.999)
    if qtype == MATCHING:
        choices = layout["choices"]
        return {a["key"]: str(choices.index(a["match"])) for a in answers if a["text"].strip()}
    if qtype == ORDERING:
        return {a["key"]: str(place) for place, a in enumerate(answers, start=1)}
    return ""


def wrong_response(snapshot: dict, layout: dict):
    """A response that earns nothing: a wrong option where there is one, else no answer."""
    if snapshot["type"] in {SINGLE, CUSTOMER, TRUE_FALSE}:
        return next((a["key"] for a in snapshot["answers"] if a["fraction"] <= 0), "")
    return ""


def _exam_sitting(
    exam: QuizPage, user: User, started: datetime.datetime, wrong_topic: str = ""
) -> QuizAttempt:
    """One exam attempt by `user`, answered right except the questions of `wrong_topic`."""
    seed = -user.pk if wrong_topic else user.pk  # a retake draws other questions
    attempt = attempt_start(quiz=exam, user=user, now=started, rng=random.Random(seed))
    responses = {}
    for slot in attempt.questions.select_related("question__category"):
        topic = slot.question.category.lineage()[0].name if slot.question else ""
        answer = wrong_response if topic == wrong_topic else right_response
        responses[slot.position] = answer(slot.snapshot, slot.layout)
    return attempt_submit(
        attempt=attempt, responses=responses, now=started + datetime.timedelta(minutes=18)
    )


def _exam_passes_ensure(exam: QuizPage) -> int:
    """A passed exam attempt for each demo person who finished onboarding and has none, dated
    after their last onboarding course, so the demo's on-duty people have passed the exam;
    those in DEMO_EXAM_FAILED_FIRST failed a first attempt just before."""
    courses = [c for c in map(_course, ONBOARDING_COURSES) if c is not None]
    if len(courses) < len(ONBOARDING_COURSES):
        return 0
    passed = 0
    now = timezone.now()
    for local in DEMO_EXAM_PASSED:
        user = User.objects.filter(email=f"{local}@{DOMAIN}").first()
        if user is None or QuizAttempt.objects.filter(quiz=exam, user=user).exists():
            continue
        finished = _course_passed_at(user, courses)
        if finished is None:
            continue
        started = max(
            min(finished + datetime.timedelta(days=1), now - datetime.timedelta(minutes=40)),
            finished + datetime.timedelta(minutes=1),
        )
        failed_topic = DEMO_EXAM_FAILED_FIRST.get(local)
        if failed_topic:
            _exam_sitting(exam, user, started, failed_topic)
            started += datetime.timedelta(minutes=20)
        attempt = _exam_sitting(exam, user, started)
        passed += bool(attempt.passed)
    return passed


@transaction.atomic
def demo_quizzes_load() -> dict[str, int]:
    """Create what is missing of the demo banks and quizzes; returns what was created.

    Idempotent: a bank whose questions are already there (by name) is skipped, as is each
    extra question, quiz page and exam attempt that exists; lessons are linked only to
    questions that have none."""
    created = {
        "question": 0,
        "linked": 0,
        "practice": 0,
        "test": 0,
        "exam": 0,
        "course": 0,
        "programme": 0,
        "passed": 0,
    }
    trainer = User.objects.filter(email=DEMO_TRAINER).first()
    for filename, category in BANK_FILES.items():
        created["question"] += _import_bank(filename, category, trainer)
    created["question"] += _save_extra(trainer)
    _describe_categories()
    created["linked"] = _link_lessons()

    for spec in PRACTICE_QUIZZES:
        _quiz, made = _quiz_ensure(spec, PRACTICE_SETTINGS)
        created["practice"] += made
    for spec in COURSE_TESTS:
        _quiz, made = _quiz_ensure(spec, COURSE_TEST_SETTINGS)
        created["test"] += made

    course, made = _exam_course_ensure()
    created["course"] += made
    if course is not None:
        exam, made = _quiz_ensure(EXAM, EXAM_SETTINGS)
        created["exam"] += made
        created["programme"] += _programme_link(course)
        created["passed"] = _exam_passes_ensure(exam)
    return created
