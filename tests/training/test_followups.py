"""Follow-ups run on every write of the learning record, inside its transaction."""

import pytest
from django.db import connection

from tests.factories import TeamFactory, make_person
from training.followups import followups_for, register_followup, unregister_followup
from training.models import LearningRecord, RecordKind
from training.records import record_result

pytestmark = pytest.mark.django_db


@pytest.fixture
def calls():
    """A follow-up for quiz records that notes each call and whether it ran in a transaction."""
    seen = []

    def note(record, *, created):
        seen.append((record.pk, created, connection.in_atomic_block))

    register_followup(RecordKind.QUIZ)(note)
    yield seen
    unregister_followup(note)


def test_a_follow_up_runs_once_per_write_inside_the_transaction(calls):
    learner, source = make_person(), TeamFactory(name="attempt")
    first = record_result(user=learner, source=source, kind=RecordKind.QUIZ, score=0.4)
    again = record_result(user=learner, source=source, kind=RecordKind.QUIZ, score=0.9)
    assert calls == [(first.pk, True, True), (again.pk, False, True)]
    # Registered for quizzes only: a lesson record does not run it.
    record_result(user=learner, source=TeamFactory(name="lesson"), kind=RecordKind.LESSON)
    assert len(calls) == 2


def test_a_failing_follow_up_rolls_the_write_back():
    def fails(record, *, created):
        raise RuntimeError("the follow-up broke")

    register_followup()(fails)  # every kind
    try:
        with pytest.raises(RuntimeError):
            record_result(user=make_person(), source=TeamFactory(), kind=RecordKind.LESSON)
    finally:
        unregister_followup(fails)
    assert not LearningRecord.objects.exists()


def test_registering_twice_runs_once_and_unknown_kinds_are_refused(calls):
    note = followups_for(RecordKind.QUIZ)[-1]
    register_followup(RecordKind.QUIZ)(note)
    record_result(user=make_person(), source=TeamFactory(), kind=RecordKind.QUIZ)
    assert len(calls) == 1
    with pytest.raises(ValueError):
        register_followup("exam")


def test_courses_register_course_completion_for_the_kinds_that_make_up_a_course():
    from courses.followups import course_completion

    for kind in (RecordKind.LESSON, RecordKind.QUIZ, RecordKind.ROLEPLAY):
        assert course_completion in followups_for(kind)
    assert course_completion not in followups_for(RecordKind.COURSE)
