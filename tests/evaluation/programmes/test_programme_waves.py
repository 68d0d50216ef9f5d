"""A programme is evaluated once: its completion is a learning record, it schedules one set of
waves, and its courses schedule none of their own for the people taking them in it — while a
course taken on its own keeps its waves."""

import datetime
import io

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone

from courses.programmes import ProgrammeCompletion
from evaluation.models import EvaluationPlan, WaveInstance
from tests.evaluation.programmes.helpers import assign, finish
from tests.factories import make_person
from training.models import LearningRecord, RecordKind

pytestmark = pytest.mark.django_db

TZ = timezone.get_default_timezone()
WHEN = datetime.datetime(2026, 3, 2, 10, tzinfo=TZ)


def waves_of(person):
    return sorted(
        (wave.course_id, wave.wave) for wave in WaveInstance.objects.filter(person=person)
    )


def test_completing_an_assigned_programme_gives_one_set_of_waves_not_one_per_course(
    programme, basics, talk, trainer
):
    learner = make_person(name="李娜")
    assign(programme, trainer, learner)
    with time_machine.travel(WHEN, tick=False):
        finish(learner, basics)
        assert waves_of(learner) == []  # the first course is evaluated with the programme
        finish(learner, talk)

    assert waves_of(learner) == sorted(
        (programme.pk, wave) for wave in ("short_term", "mid_term", "long_term")
    )
    short = WaveInstance.objects.get(person=learner, wave="short_term")
    assert short.completed_on == WHEN.date()
    record = LearningRecord.objects.get(user=learner, kind=RecordKind.PROGRAMME)
    assert (record.course_id, record.activity_id) == (programme.pk, str(programme.pk))
    assert record.passed and record.score == 1.0
    assert record.get_kind_display() in ("Programme completed", "完成培训计划")


def test_the_last_course_completes_the_programme_even_unassigned_and_is_not_evaluated_again(
    programme, basics, talk
):
    learner = make_person(name="张伟")
    with time_machine.travel(WHEN, tick=False):
        finish(learner, basics)  # on its own so far: the course keeps its waves
        finish(learner, talk)  # completes the programme: the programme's waves, not talk's
    assert {course for course, _wave in waves_of(learner)} == {basics.pk, programme.pk}


def test_a_course_taken_on_its_own_keeps_its_own_waves(basics, talk, programme):
    learner = make_person(name="王芳")
    with time_machine.travel(WHEN, tick=False):
        finish(learner, talk)
    assert {course for course, _wave in waves_of(learner)} == {talk.pk}
    assert not LearningRecord.objects.filter(user=learner, kind=RecordKind.PROGRAMME).exists()


def test_a_programme_whose_plan_is_off_leaves_its_courses_evaluated_on_their_own(
    programme, basics, talk, trainer
):
    EvaluationPlan.objects.create(course=programme, active=False)
    learner = make_person(name="赵敏")
    assign(programme, trainer, learner)
    with time_machine.travel(WHEN, tick=False):
        finish(learner, basics)
        finish(learner, talk)
    assert {course for course, _wave in waves_of(learner)} == {basics.pk, talk.pk}


def test_completing_again_records_and_schedules_nothing_more(programme, basics, talk, trainer):
    learner = make_person(name="刘洋")
    assign(programme, trainer, learner)
    with time_machine.travel(WHEN, tick=False):
        finish(learner, basics)
        finish(learner, talk)
        finish(learner, talk)
    records = LearningRecord.objects.filter(user=learner, kind=RecordKind.PROGRAMME)
    assert records.count() == 1
    assert WaveInstance.objects.filter(person=learner).count() == 3
    with time_machine.travel(WHEN + datetime.timedelta(days=1), tick=False):
        call_command("schedule_evaluation_waves", stdout=io.StringIO())
    assert WaveInstance.objects.filter(person=learner).count() == 3


def test_programmes_completed_before_get_their_waves_from_the_command(
    programme, basics, talk, trainer
):
    learner = make_person(name="孙丽")
    assign(programme, trainer, learner)
    with time_machine.travel(WHEN, tick=False):
        finish(learner, basics)
        finish(learner, talk)
    # As the data migration leaves an older completion: a record, no waves yet.
    WaveInstance.objects.filter(person=learner).delete()
    assert ProgrammeCompletion.objects.filter(user=learner, programme=programme).exists()
    with time_machine.travel(WHEN + datetime.timedelta(days=3), tick=False):
        call_command("schedule_evaluation_waves", stdout=io.StringIO())
    assert {course for course, _wave in waves_of(learner)} == {programme.pk}


def test_the_data_migration_records_programmes_completed_before_once(
    programme, basics, talk, trainer
):
    import importlib

    from django.apps import apps

    migration = importlib.import_module("courses.migrations.0007_programme_completion_records")
    learner = make_person(name="周杰")
    with time_machine.travel(WHEN, tick=False):
        finish(learner, basics)
        finish(learner, talk)
    records = LearningRecord.objects.filter(user=learner, kind=RecordKind.PROGRAMME)
    records.delete()  # as before programme completions were recorded

    migration.records_for_completions(apps, None)
    migration.records_for_completions(apps, None)

    record = records.get()
    assert (record.course_id, record.activity_id, record.passed) == (
        programme.pk,
        str(programme.pk),
        True,
    )
    assert record.completed_at == WHEN
