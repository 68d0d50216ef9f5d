"""A cohort that completes a course with a quiz, for the evaluation-wave tests."""

import datetime

import pytest
import time_machine
from django.http import QueryDict
from django.utils import timezone

from courses.progress import lesson_complete
from evaluation import instruments as registry
from evaluation.instruments import Instrument
from quizzes.services import attempt_start, attempt_submit
from quizzes.views import responses_from_form
from tests.quizzes.test_attempts import right_answers

TZ = timezone.get_default_timezone()
COMPLETED = datetime.datetime(2026, 3, 2, 10, tzinfo=TZ)


def day(n: int, hour: int = 10) -> datetime.datetime:
    """`n` days after the cohort completed the course."""
    return COMPLETED + datetime.timedelta(days=n) + datetime.timedelta(hours=hour - 10)


def pass_quiz(person, quiz, *, now=None):
    attempt = attempt_start(quiz=quiz, user=person, now=now)
    form = QueryDict(mutable=True)
    for name, value in right_answers(attempt).items():
        form.setlist(name, value if isinstance(value, list) else [value])
    return attempt_submit(attempt=attempt, responses=responses_from_form(attempt, form), now=now)


def complete_course(person, course, quiz, when=COMPLETED):
    """Every lesson, then the end-of-course quiz, passed at `when` (time moved there)."""
    with time_machine.travel(when, tick=False):
        for lesson in course.lessons():
            lesson_complete(user=person, lesson=lesson)
        return pass_quiz(person, quiz)


@pytest.fixture
def observation():
    """A supervisor instrument standing in for wt-instr's observation checklist: done when a
    test says so."""
    done: set[int] = set()
    instrument = Instrument(
        key="observation",
        label="On-the-job observation",
        level=3,
        who="supervisor",
        applies=lambda wave_of: wave_of.wave != "short_term",
        url=lambda wave_of: f"/observe/{wave_of.person.pk}/",
        done=lambda wave_of: wave_of.person.pk in done,
    )
    real = registry._registry.get("observation")
    registry.instrument_register(instrument)
    yield done
    # Put the real instrument back: later tests (the report's) read the registry.
    if real is not None:
        registry.instrument_register(real)
    else:
        registry._registry.pop("observation", None)
