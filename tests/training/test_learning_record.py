"""The learning record: one writer, idempotent per source, and the three indexed reads."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.factories import TeamFactory, make_person
from training.models import EvaluationWave, LearningRecord, RecordKind
from training.records import (
    record_result,
    records_for_course,
    records_for_person,
    records_for_team,
)
from training.roles import Role

pytestmark = pytest.mark.django_db

TZ = timezone.get_default_timezone()
QUIZ_DETAILS = {
    "attempt": 2,
    "marks": 9.0,
    "max_marks": 10.0,
    "pass_mark": 80,
    "provisional": False,
}


def at(day: int, hour: int = 10) -> datetime.datetime:
    return datetime.datetime(2026, 5, day, hour, tzinfo=TZ)


@pytest.fixture
def course():
    # Any saved model can be a course or a source; a Wagtail page is what courses will be.
    from wagtail.models import Page

    return Page.objects.get(depth=1).add_child(instance=Page(title="入职培训", slug="onboarding"))


def test_recording_the_same_source_twice_updates_the_one_record(course):
    learner = make_person()
    source = TeamFactory(name="stand-in source")  # any saved object can be the source

    first = record_result(
        user=learner,
        source=source,
        kind=RecordKind.QUIZ,
        course=course,
        score=0.4,
        passed=False,
        completed_at=at(1),
    )
    second = record_result(
        user=learner,
        source=source,
        kind=RecordKind.QUIZ,
        course=course,
        score=0.9,
        passed=True,
        completed_at=at(2),
        details=QUIZ_DETAILS,
        wave=EvaluationWave.MID_TERM,
    )

    assert first.pk == second.pk
    assert LearningRecord.objects.count() == 1
    stored = LearningRecord.objects.get()
    assert (stored.score, stored.passed, stored.wave) == (0.9, True, "mid_term")
    assert stored.details == QUIZ_DETAILS
    assert stored.source == source


def test_different_sources_make_different_records(course):
    learner = make_person()
    for name in ("a", "b", "c"):
        record_result(
            user=learner, source=TeamFactory(name=name), kind=RecordKind.LESSON, course=course
        )
    assert LearningRecord.objects.filter(user=learner).count() == 3


@pytest.mark.parametrize(
    "bad", [{"score": 1.5}, {"score": -0.1}, {"kind": "exam"}, {"wave": "someday"}]
)
def test_bad_values_are_refused_and_nothing_is_written(course, bad):
    learner = make_person()
    kwargs = {"user": learner, "source": TeamFactory(), "kind": RecordKind.QUIZ, **bad}
    with pytest.raises(ValueError):
        record_result(**kwargs)
    assert not LearningRecord.objects.exists()


def test_the_record_keeps_the_team_the_person_was_in(course):
    old_team, new_team = TeamFactory(name="售前组"), TeamFactory(name="售后组")
    learner = make_person(team=old_team)
    record = record_result(
        user=learner, source=TeamFactory(), kind=RecordKind.LESSON, completed_at=at(3)
    )
    learner.profile.team = new_team
    learner.profile.save()
    record.refresh_from_db()
    assert record.team == old_team


def test_person_course_and_team_window_reads(course):
    team, other_team = TeamFactory(name="一组"), TeamFactory(name="二组")
    manager = make_person(Role.MANAGER, team=team)
    alice, bob = make_person(team=team), make_person(team=team)
    carol = make_person(team=other_team)
    for i, (person, day) in enumerate([(alice, 1), (alice, 5), (bob, 10), (carol, 5)]):
        record_result(
            user=person,
            source=TeamFactory(name=f"s{i}"),
            kind=RecordKind.QUIZ,
            course=course,
            completed_at=at(day),
            score=0.5,
        )

    assert [r.completed_at for r in records_for_person(viewer=alice, person=alice)] == [
        at(5),
        at(1),
    ]
    # A manager sees the course's records of their own team, not the other team's.
    assert {r.user for r in records_for_course(viewer=manager, course=course)} == {alice, bob}
    window = records_for_team(viewer=manager, team=team, start=at(2), end=at(11))
    assert {(r.user, r.completed_at) for r in window} == {(alice, at(5)), (bob, at(10))}


def test_learners_cannot_read_other_people_or_teams(course):
    team = TeamFactory()
    alice, bob = make_person(team=team), make_person(team=team)
    with pytest.raises(PermissionDenied):
        records_for_person(viewer=alice, person=bob)
    with pytest.raises(PermissionDenied):
        records_for_team(viewer=alice, team=team, start=at(1), end=at(30))
    record_result(user=bob, source=TeamFactory(), kind=RecordKind.QUIZ, course=course)
    assert not records_for_course(viewer=alice, course=course).exists()


def test_the_three_reads_use_their_indexes(course):
    """Each read is served by an index that starts with its filter column."""
    learner = make_person()
    record_result(user=learner, source=TeamFactory(), kind=RecordKind.QUIZ, course=course)
    index_columns = {idx.name: idx.fields for idx in LearningRecord._meta.indexes}
    assert index_columns["record_user_when"][0] == "user"
    assert index_columns["record_course_when"][0] == "course"
    assert index_columns["record_team_when"] == ["team", "completed_at"]
    with CaptureQueriesContext(connection) as ctx:
        list(records_for_person(viewer=learner, person=learner))
    assert any("training_learningrecord" in q["sql"] for q in ctx.captured_queries)
    if connection.vendor == "sqlite":
        sql, params = records_for_person(viewer=learner, person=learner).query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
            plan = " ".join(str(row) for row in cursor.fetchall())
        assert "record_user_when" in plan
