"""The retention re-test (level 2): the end-of-course quiz taken again in the mid-term wave —
past its attempt limit only while the wave is open, tagged with the wave, marking the
instrument done — and retention = re-test score ÷ end score."""

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from evaluation.instruments import instruments_for
from evaluation.levels import mean_retention, retention
from evaluation.models import EvaluationPlan, WaveInstance
from evaluation.retest import RETEST, retests
from evaluation.tasks import evaluation_daily
from quizzes.services import attempt_start, attempt_submit, quiz_closed_reason
from tests.courses.conftest import catalog, course, publish_child  # noqa: F401
from tests.evaluation.waves_helpers import complete_course, day
from tests.factories import make_person
from tests.quizzes.conftest import bank, make_quiz  # noqa: F401
from training.models import EvaluationWave, LearningRecord, RecordKind


@pytest.fixture
def learner(db):
    return make_person(name="李娜")


@pytest.fixture
def mid_wave(learner, course, make_quiz):  # noqa: F811
    quiz = make_quiz(max_attempts=1, pass_mark=60)
    complete_course(learner, course, quiz)
    return quiz, WaveInstance.objects.get(person=learner, wave="mid_term")


def daily(n: int):
    with time_machine.travel(day(n, hour=1), tick=False):
        evaluation_daily()


def test_the_retest_past_the_attempt_limit_is_open_only_while_the_wave_is(
    client, learner, mid_wave
):
    quiz, wave = mid_wave
    with time_machine.travel(day(60), tick=False):
        assert "used all 1 attempts" in quiz_closed_reason(quiz=quiz, user=learner)
        with pytest.raises(PermissionDenied):
            attempt_start(quiz=quiz, user=learner)

    client.force_login(learner)
    with time_machine.travel(day(60), tick=False):
        page = client.get(quiz.url).content.decode()
        assert "data-start-quiz" not in page and "data-retest" not in page

    daily(90)
    with time_machine.travel(day(95), tick=False):
        page = client.get(quiz.url).content.decode()
        assert "Your retention re-test is open" in page and "data-start-quiz" in page
        assert quiz_closed_reason(quiz=quiz, user=learner) is None
        assert not RETEST.done(wave)
        retest = attempt_submit(attempt=attempt_start(quiz=quiz, user=learner))
        assert retest.wave == EvaluationWave.MID_TERM
        record = LearningRecord.objects.get(source_id=str(retest.pk), kind=RecordKind.QUIZ)
        assert record.wave == EvaluationWave.MID_TERM
        assert RETEST.done(wave)
        # Once a wave: the limit holds again after the re-test.
        assert "used all 1 attempts" in quiz_closed_reason(quiz=quiz, user=learner)
        html = client.get(reverse("my_training")).content.decode()
        assert "Retention re-test" in html and "Done" in html
        assert f'href="{quiz.url}"' not in html.split("Evaluation tasks")[1].split("</section>")[0]


def test_the_retest_is_refused_once_the_wave_has_closed(learner, mid_wave):
    quiz, wave = mid_wave
    daily(90)
    daily(121)
    with time_machine.travel(day(122), tick=False):
        assert "used all 1 attempts" in quiz_closed_reason(quiz=quiz, user=learner)


def test_a_retake_is_tagged_by_the_plans_window_not_by_fixed_days(
    learner, course, make_quiz  # noqa: F811
):
    EvaluationPlan.objects.create(course=course, mid_closes_days=100)
    quiz = make_quiz(pass_mark=60)  # no attempt limit
    complete_course(learner, course, quiz)
    with time_machine.travel(day(95), tick=False):
        assert attempt_start(quiz=quiz, user=learner).wave == EvaluationWave.MID_TERM
    # Day 110 is inside the fixed 90–183 days but after this plan's mid-term window.
    with time_machine.travel(day(110), tick=False):
        attempt = attempt_start(quiz=quiz, user=learner)
        assert attempt.wave == EvaluationWave.MID_TERM  # resumed: the one started on day 95
        attempt_submit(attempt=attempt)
        assert attempt_start(quiz=quiz, user=learner).wave == EvaluationWave.NONE


def test_the_retest_asks_for_the_quizzes_passed_in_the_course_and_gives_retention(
    learner, mid_wave
):
    quiz, wave = mid_wave
    assert RETEST in instruments_for(wave)
    short = WaveInstance.objects.get(person=learner, wave="short_term")
    assert RETEST not in instruments_for(short)  # the end score is the short-term's L2
    daily(90)
    with time_machine.travel(day(100), tick=False):
        assert RETEST.url(wave) == quiz.url
        attempt_submit(attempt=attempt_start(quiz=quiz, user=learner))  # nothing answered
    (found,) = retests(wave)
    assert found.end_score == 1.0 and found.retest_score == 0.0 and found.retention == 0.0


def test_a_course_without_a_quiz_has_no_retest(learner, course):  # noqa: F811
    with time_machine.travel(day(0), tick=False):
        for lesson in course.lessons():
            from courses.progress import lesson_complete

            lesson_complete(user=learner, lesson=lesson)
    wave = WaveInstance.objects.get(person=learner, wave="mid_term")
    assert RETEST not in instruments_for(wave)


def test_retention_is_the_retest_score_over_the_end_score():
    assert retention(0.8, 0.6) == pytest.approx(0.75)
    assert retention(0.5, 0.6) == pytest.approx(1.2)  # learned more on the job
    assert retention(None, 0.6) is None and retention(0.8, None) is None
    assert retention(0.0, 0.5) is None
    with pytest.raises(ValueError):
        retention(80, 60)  # percentages, not fractions
    assert mean_retention([(0.8, 0.6), (1.0, 1.0), (0.0, 0.3), (0.9, None)]) == pytest.approx(
        0.875
    )
    assert mean_retention([]) is None


def test_every_attempt_draws_its_questions_afresh(learner, course, bank, make_quiz):  # noqa: F811
    """The re-test is new draws from the same bank, not the end test's questions again."""
    import random

    from quizzes.models import QuizRule

    category = bank[0].category
    quiz = make_quiz(slug="drawn", rules=[QuizRule(category=category, draw=2)], pass_mark=0)
    drawn = set()
    for seed in range(6):
        attempt = attempt_start(quiz=quiz, user=learner, rng=random.Random(seed))
        drawn.add(frozenset(s.question_id for s in attempt.questions.all()))
        attempt_submit(attempt=attempt)
    assert len(drawn) > 1




def test_a_quiz_that_closed_still_opens_for_the_retest_and_it_uses_no_attempt(
    client, learner, course, make_quiz  # noqa: F811
):
    """The exam closed with its course months ago; the mid-term re-test opens it for the
    learner while the wave is open, and the page counts the attempts as before (1 of 1 used,
    and one re-test), not "2 of 1"."""
    quiz = make_quiz(max_attempts=1, pass_mark=60, closes_at=day(30))
    complete_course(learner, course, quiz)
    client.force_login(learner)
    with time_machine.travel(day(60), tick=False):
        assert "closed on" in quiz_closed_reason(quiz=quiz, user=learner)
    daily(90)
    with time_machine.travel(day(95), tick=False):
        assert quiz_closed_reason(quiz=quiz, user=learner) is None
        retest = attempt_submit(attempt=attempt_start(quiz=quiz, user=learner))
        assert retest.wave == EvaluationWave.MID_TERM
        assert "closed on" in quiz_closed_reason(quiz=quiz, user=learner)  # once a wave
        page = client.get(quiz.url).content.decode()
        assert "1 of 1 used" in page and "and 1 retention re-test" in page
        assert "2 of 1 used" not in page
