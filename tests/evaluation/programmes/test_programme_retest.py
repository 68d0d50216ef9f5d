"""A programme's re-test is its final assessment — the quizzes of its last course passed, not
those of every course: in the programme's mid-term wave the learner re-takes that quiz once,
past its attempt limit, the re-take is tagged with the wave, and the re-test is done."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from evaluation.models import WaveInstance
from evaluation.retest import RETEST, retests
from evaluation.waves import waves_open_due
from quizzes.models import QuizPage, QuizRule
from quizzes.services import attempt_start, attempt_submit, quiz_closed_reason
from tests.courses.conftest import publish_child
from tests.evaluation.programmes.helpers import assign, finish
from tests.evaluation.waves_helpers import pass_quiz
from tests.factories import make_person
from training.models import EvaluationWave, LearningRecord, RecordKind
from training.waves import retest_open

pytestmark = pytest.mark.django_db

TZ = timezone.get_default_timezone()
WHEN = datetime.datetime(2026, 3, 2, 10, tzinfo=TZ)


def at(days):
    return WHEN + datetime.timedelta(days=days)


def add_quiz(course, bank, slug):
    quiz = QuizPage(title=f"{course.title}测验", slug=slug, max_attempts=1, pass_mark=60)
    quiz.rules = [QuizRule(question=q) for q in bank]
    return publish_child(course.modules().last(), quiz)


def test_the_programmes_retest_is_its_last_courses_quiz_taken_once_in_the_wave(
    programme, basics, talk, trainer, bank
):
    practice, final = add_quiz(basics, bank, "basics-quiz"), add_quiz(talk, bank, "talk-quiz")
    learner = make_person(name="李娜")
    assign(programme, trainer, learner)
    with time_machine.travel(WHEN, tick=False):
        finish(learner, basics)
        pass_quiz(learner, practice)
        finish(learner, talk)
        pass_quiz(learner, final)
    wave = WaveInstance.objects.get(person=learner, course=programme, wave="mid_term")
    assert not WaveInstance.objects.filter(person=learner, course__in=[basics, talk]).exists()

    with time_machine.travel(at(95), tick=False):
        waves_open_due()
        wave.refresh_from_db()
        assert [r.activity_id for r in retests(wave)] == [str(final.pk)]  # not the practice
        assert RETEST.url(wave) == final.url and not RETEST.done(wave)
        assert retest_open(user=learner, activity=final)
        assert not retest_open(user=learner, activity=practice)
        assert quiz_closed_reason(quiz=final, user=learner) is None  # past its one attempt

        retake = attempt_submit(attempt=attempt_start(quiz=final, user=learner))
        record = LearningRecord.objects.get(source_id=str(retake.pk), kind=RecordKind.QUIZ)
        assert record.wave == EvaluationWave.MID_TERM and record.course_id == talk.pk
        assert RETEST.done(wave)
        assert not retest_open(user=learner, activity=final)  # once a wave
