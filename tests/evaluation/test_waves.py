"""A cohort completes a course; its evaluation waves are scheduled, open when they fall due
(the re-test and the observation assigned, learner and manager told once), remind before they
close and close at the end of their window — with the clock moved, as the daily round would
find it."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from evaluation.models import EvaluationPlan, WaveInstance, WaveStatus
from evaluation.tasks import evaluation_daily
from tests.courses.conftest import catalog, course, publish_child  # noqa: F401
from tests.evaluation.waves_helpers import (
    COMPLETED,
    complete_course,
    day,
    observation,  # noqa: F401
)
from tests.factories import TeamFactory, make_person
from tests.quizzes.conftest import bank, make_quiz  # noqa: F401
from training.models import LearningRecord, Notification, RecordKind
from training.notifications import Event
from training.records import record_result
from training.roles import Role

D = datetime.date


@pytest.fixture
def team(db):
    return TeamFactory(name="售后一组")


@pytest.fixture
def manager(team):
    return make_person(role=Role.MANAGER, team=team, name="王主管")


@pytest.fixture
def cohort(team, manager):
    return [make_person(team=team, name=name) for name in ("李娜", "张伟")]


@pytest.fixture
def end_quiz(make_quiz):  # noqa: F811
    return make_quiz(max_attempts=1, pass_mark=60)


@pytest.fixture
def completed(cohort, course, end_quiz):  # noqa: F811
    for person in cohort:
        complete_course(person, course, end_quiz)
    return cohort


def told(user, event=Event.EVALUATION_WAVE_OPEN):
    return list(Notification.objects.filter(user=user, event=event))


def run_daily_on(n: int):
    with time_machine.travel(day(n, hour=1), tick=False):
        return evaluation_daily()


def wave(person, name):
    return WaveInstance.objects.get(person=person, wave=name)


def test_completing_the_course_schedules_three_waves_with_their_dates(completed, course):  # noqa: F811
    for person in completed:
        waves = {w.wave: w for w in WaveInstance.objects.filter(person=person, course=course)}
        assert {name: (w.opens_on, w.closes_on) for name, w in waves.items()} == {
            "short_term": (D(2026, 3, 2), D(2026, 3, 9)),
            "mid_term": (D(2026, 5, 31), D(2026, 6, 30)),  # day 90 to day 120
            "long_term": (D(2027, 3, 2), D(2027, 4, 1)),  # day 365 to day 395
        }
        assert all(w.completed_on == COMPLETED.date() for w in waves.values())


def test_a_completion_recorded_again_changes_no_wave(completed, course):  # noqa: F811
    person = completed[0]
    before = list(WaveInstance.objects.filter(person=person).values())
    # The plan changes afterwards; the completion is written again (a re-run, a regrade).
    EvaluationPlan.objects.create(course=course, mid_closes_days=150)
    record = LearningRecord.objects.get(user=person, kind=RecordKind.COURSE)
    with time_machine.travel(day(5), tick=False):
        record_result(
            user=person,
            source=record.source,
            kind=RecordKind.COURSE,
            activity=course,
            course=course,
            completed_at=record.completed_at,
            score=1.0,
            passed=True,
        )
    assert list(WaveInstance.objects.filter(person=person).values()) == before


def test_a_switched_off_plan_schedules_nothing(cohort, course, end_quiz):  # noqa: F811
    EvaluationPlan.objects.create(course=course, active=False)
    complete_course(cohort[0], course, end_quiz)
    assert not WaveInstance.objects.filter(person=cohort[0]).exists()


def test_at_ninety_days_the_mid_term_wave_opens_assigns_and_tells_each_once(
    client, completed, manager, end_quiz, observation  # noqa: F811
):
    learner = completed[0]
    assert run_daily_on(89)["notified"] == 0
    assert wave(learner, "mid_term").status == WaveStatus.PENDING

    result = run_daily_on(90)
    assert wave(learner, "mid_term").status == WaveStatus.OPEN
    assert wave(learner, "short_term").status == WaveStatus.CLOSED
    # Each learner about the re-test; the manager about each learner's observation.
    assert result["notified"] == 4
    (note,) = told(learner)
    assert "平台操作" in note.title and "2026-06-30" in note.body
    assert len(told(manager)) == 2
    assert all("/team/" in n.url for n in told(manager))

    # A second run (or a retried one) tells nobody again.
    assert run_daily_on(90)["notified"] == 0
    assert run_daily_on(91)["notified"] == 0
    assert len(told(learner)) == 1 and len(told(manager)) == 2

    # My training lists the re-test, with the quiz to take and the closing date.
    client.force_login(learner)
    with time_machine.travel(day(91), tick=False):
        html = client.get(reverse("my_training")).content.decode()
    assert "Evaluation tasks" in html
    assert "Retention re-test" in html and f'href="{end_quiz.url}"' in html
    assert "Open until 2026-06-30" in html
    assert "On-the-job observation" not in html  # the supervisor's, not the learner's

    # The manager's home (My team) lists the observations waiting for them.
    client.force_login(manager)
    with time_machine.travel(day(91), tick=False):
        html = client.get(reverse("team_home")).content.decode()
    assert "Evaluations waiting for you" in html
    assert f'href="/observe/{learner.pk}/"' in html and "李娜" in html and "张伟" in html
    # …and each member's page, with the link.
    with time_machine.travel(day(91), tick=False):
        html = client.get(reverse("team_member", args=[learner.pk])).content.decode()
    assert "Training evaluation" in html and f'href="/observe/{learner.pk}/"' in html


def test_a_late_round_opens_what_is_still_open_and_closes_what_has_passed(
    completed, manager, observation  # noqa: F811
):
    learner = completed[0]
    # Nothing ran for 100 days: the short-term wave is past, the mid-term one still open.
    result = run_daily_on(100)
    assert wave(learner, "short_term").status == WaveStatus.CLOSED
    assert wave(learner, "short_term").opened_at is None
    assert wave(learner, "mid_term").status == WaveStatus.OPEN
    assert result["notified"] == 4



def test_a_round_that_comes_after_the_window_closes_the_wave_without_announcing_it(
    completed, manager, observation  # noqa: F811
):
    learner = completed[0]
    run_daily_on(130)  # no round ran since the completion; day 120 was the mid-term's last
    for name in ("short_term", "mid_term"):
        late = wave(learner, name)
        assert late.status == WaveStatus.CLOSED and late.closed_at is not None
        assert late.opened_at is None
    assert wave(learner, "long_term").status == WaveStatus.PENDING
    assert told(learner) == [] and told(manager) == []


def test_reminded_once_before_closing_of_what_is_not_done(
    completed, manager, observation  # noqa: F811
):
    learner, colleague = completed
    run_daily_on(90)
    observation.add(colleague.pk)  # the manager observed one of them already
    assert run_daily_on(116)["reminded"] == 0  # 4 days before it closes
    assert run_daily_on(117)["reminded"] == 3  # both learners; the manager for one
    assert run_daily_on(118)["reminded"] == 0
    reminders = told(manager, Event.EVALUATION_WAVE_REMINDER)
    assert len(reminders) == 1 and learner.get_full_name() in reminders[0].title


def test_the_wave_closes_after_its_last_day_and_what_was_not_done_stays_not_answered(
    client, completed, manager, observation  # noqa: F811
):
    learner = completed[0]
    run_daily_on(90)
    assert run_daily_on(120)["closed"] == 0  # day 120 is its last day
    assert run_daily_on(121)["closed"] == 2
    closed = wave(learner, "mid_term")
    assert closed.status == WaveStatus.CLOSED
    client.force_login(manager)
    with time_machine.travel(day(122), tick=False):
        html = client.get(reverse("team_member", args=[learner.pk])).content.decode()
        assert "Not answered" in html
        home = client.get(reverse("team_home")).content.decode()
        assert "Evaluations waiting for you" not in home
    client.force_login(learner)
    with time_machine.travel(day(122), tick=False):
        assert "Evaluation tasks" not in client.get(reverse("my_training")).content.decode()


@pytest.fixture
def survey():
    """A learner instrument of the short-term wave, standing in for wt-instr's survey."""
    from evaluation import instruments as registry
    from evaluation.instruments import Instrument

    instrument = Instrument(
        key="survey",
        label="Satisfaction survey",
        level=1,
        who="learner",
        applies=lambda wave_of: wave_of.wave == "short_term",
        url=lambda wave_of: "/survey/",
        done=lambda wave_of: False,
    )
    real = registry._registry.get("survey")
    registry.instrument_register(instrument)
    yield instrument
    # Put the real instrument back: later tests (the report's) read the registry.
    if real is not None:
        registry.instrument_register(real)
    else:
        registry._registry.pop("survey", None)


def test_the_short_term_wave_opens_as_the_course_is_completed(
    cohort, course, end_quiz, survey, django_capture_on_commit_callbacks  # noqa: F811
):
    learner = cohort[0]
    # The queued task runs at the moment of completion, as the worker would.
    with (
        time_machine.travel(COMPLETED, tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        complete_course(learner, course, end_quiz)
    short = wave(learner, "short_term")
    assert short.status == WaveStatus.OPEN
    (note,) = told(learner)
    assert "Satisfaction survey" in note.body


def test_the_learner_reads_the_tasks_and_the_notice_in_chinese(client, completed, settings):
    learner = completed[0]
    run_daily_on(90)
    (note,) = told(learner)
    assert note.title == "中期（3–6 个月）培训评估：平台操作"
    assert note.body == "请在 2026-06-30 前完成：保持度复测、自我评估。可在“我的培训”中找到。"
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
    client.force_login(learner)
    with time_machine.travel(day(91), tick=False):
        html = client.get(reverse("my_training")).content.decode()
    assert "评估任务" in html and "保持度复测" in html and "开放至 2026-06-30" in html


def test_what_a_closed_wave_left_undone_counts_as_not_answered(
    completed, course, manager, end_quiz, observation  # noqa: F811
):
    from evaluation.levels import response_rate
    from evaluation.wave_selectors import wave_response_rates
    from tests.evaluation.waves_helpers import pass_quiz

    learner, colleague = completed
    run_daily_on(90)
    with time_machine.travel(day(100), tick=False):
        pass_quiz(learner, end_quiz)  # the re-test, past the attempt limit
    observation.add(learner.pk)
    run_daily_on(121)
    rates = {r.key: (r.answered, r.asked) for r in wave_response_rates(
        viewer=manager, course=course, wave="mid_term"
    )}
    assert rates == {
        "retest": (1, 2),
        "observation": (1, 2),
        "self_assessment": (0, 2),  # the learner never assessed themselves
    }
    assert response_rate(1, 2) == 0.5 and response_rate(0, 0) is None
    with pytest.raises(ValueError):
        response_rate(3, 2)
