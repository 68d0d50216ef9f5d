"""The learner's home lists results with a score or a verdict; lessons, done many a day, are
summed up in one line instead of pushing quiz and role-play results off the list."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import TeamFactory, make_person
from training.models import RecordKind
from training.records import record_result

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


def lesson_done(learner, lesson, when):
    # Any saved object stands in for the lesson and its progress (see test_learning_record).
    record_result(
        user=learner,
        source=TeamFactory(),
        kind=RecordKind.LESSON,
        activity=lesson,
        activity_title=lesson.name,
        completed_at=when,
        score=1.0,
        passed=True,
    )


def test_quiz_and_role_play_results_stay_after_many_lessons(client):
    learner = make_person()
    now = timezone.now()
    record_result(
        user=learner,
        source=TeamFactory(),
        kind=RecordKind.QUIZ,
        activity_title="入职上岗考核",
        completed_at=now - datetime.timedelta(days=3),
        score=0.65,
        passed=False,
    )
    record_result(
        user=learner,
        source=TeamFactory(),
        kind=RecordKind.ROLEPLAY,
        activity_title="快递丢件的愤怒顾客",
        completed_at=now - datetime.timedelta(days=2),
        score=0.9,
        passed=True,
    )
    lessons = [TeamFactory(name=f"第{n}课") for n in range(14)]
    for n, lesson in enumerate(lessons):  # twelve this week, two a month ago
        lesson_done(learner, lesson, now - datetime.timedelta(days=30 if n < 2 else 1))
    lesson_done(learner, lessons[5], now)  # the same lesson again counts once

    client.force_login(learner)
    html = client.get(reverse("my_training")).content.decode()

    results = html[html.index("data-results") :]
    assert "入职上岗考核" in results and "65%" in results
    assert "快递丢件的愤怒顾客" in results and "90%" in results
    assert "第3课" not in results and "Lesson completed" not in results
    assert "12 lessons completed in the last 7 days" in html
    assert "(14 in all)" in html


def test_a_newcomer_is_told_there_are_no_results_yet(client):
    client.force_login(make_person())
    html = client.get(reverse("my_training")).content.decode()
    assert "No results yet." in html and "data-lessons-summary" not in html
