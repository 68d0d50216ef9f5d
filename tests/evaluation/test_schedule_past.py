"""Courses completed before the evaluation waves existed get theirs from a command: those
still to come are scheduled, those past are closed by the next round without a word."""

import io

import pytest
import time_machine
from django.core.management import CommandError, call_command

from evaluation.models import WaveInstance, WaveStatus
from evaluation.tasks import evaluation_daily
from tests.courses.conftest import catalog, course, publish_child  # noqa: F401
from tests.evaluation.waves_helpers import complete_course, day
from tests.factories import make_person
from tests.quizzes.conftest import bank, make_quiz  # noqa: F401
from training.models import Notification


@pytest.fixture
def completed_before(course, make_quiz):  # noqa: F811
    """Two people completed the course; then the waves were lost (as before they existed)."""
    quiz = make_quiz(pass_mark=60)
    people = [make_person(name=name) for name in ("李娜", "张伟")]
    for person in people:
        complete_course(person, course, quiz)
    WaveInstance.objects.all().delete()
    return people


def run(*args) -> str:
    out = io.StringIO()
    with time_machine.travel(day(100), tick=False):
        call_command("schedule_evaluation_waves", *args, stdout=out)
    return out.getvalue()


def test_the_command_schedules_the_waves_of_earlier_completions_once(completed_before):
    assert "Waves to schedule: 6" in run("--dry-run")
    assert not WaveInstance.objects.exists()
    assert "Waves scheduled: 6" in run()
    assert "Waves scheduled: 0" in run()  # idempotent
    assert WaveInstance.objects.filter(wave="mid_term").count() == 2

    with time_machine.travel(day(100, hour=1), tick=False):
        evaluation_daily()
    short = WaveInstance.objects.filter(wave="short_term")
    assert {w.status for w in short} == {WaveStatus.CLOSED}
    assert {w.opened_at for w in short} == {None}
    mid = WaveInstance.objects.filter(wave="mid_term")
    assert {w.status for w in mid} == {WaveStatus.OPEN}
    assert Notification.objects.count() == 2  # the re-test, once to each learner


def test_completions_before_since_are_left_alone(completed_before):
    assert "Waves scheduled: 0" in run("--since", "2026-03-03")
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        run("--since", "3 March")
