"""The demo organisation's year of evaluation history: on first run, a manager's report of
the in-service course shows all four levels, with an effect where the training helped and
none where it did not, and only the manager's own team."""

import datetime
import re

import pytest
from django.core.management import call_command
from django.utils import timezone, translation
from wagtail.models import Page

from evaluation.models import AgentKpi, Observation, SurveyResponse, WaveInstance, WaveStatus
from evaluation.plans import LONG, MID, SHORT
from evaluation.report import course_report
from evaluation.report_figures import MIN_N, NONE
from training.models import LearningRecord, User

DEMO_LOADERS = (
    "load_demo",
    "load_demo_courses",
    "load_demo_training",
    "load_demo_quizzes",
    "load_demo_roleplay",
    "load_demo_certification",
    "load_demo_evaluation",
)
MAIN_COURSE = "complaints-and-emotion-management"


@pytest.fixture
def demo(db):
    for command in DEMO_LOADERS:
        call_command(command, verbosity=0)


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def person(local):
    return User.objects.get(email=f"{local}@demo.agentacademy.cn")


def course():
    return Page.objects.get(slug=MAIN_COURSE).specific


def cell(report, key, wave):
    return next(row for row in report.rows if row.key == key).cells[wave]


def interval(figure):
    """The 95 % interval as the report writes it: "-13.0 s (95 % CI -16.3 s … -9.9 s)"."""
    low, high = re.findall(r"[-+−]?\d+(?:\.\d+)?", figure.text.split("CI")[1])
    return float(low.replace("−", "-")), float(high.replace("−", "-"))


def assert_shown(figure):
    assert figure is not None and figure.status != NONE and figure.n >= MIN_N, figure


# The demo takes a while to load: each test reads several things a manager would notice.


def test_a_manager_sees_four_levels_an_honest_effect_and_only_their_team(demo):
    report = course_report(viewer=person("manager"), course=course())

    for key in ("satisfied", "dimension_content", "recommend", "end_score", "response_survey"):
        assert_shown(cell(report, key, SHORT))
    for key in ("retest", "retention", "transfer", "self_score", "gap", "response_observation"):
        assert_shown(cell(report, key, MID))
    assert 0.8 <= cell(report, "retention", MID).value < 1  # a little was forgotten
    assert cell(report, "gap", MID).value < 0  # agents rate themselves above their supervisor
    rates = [
        cell(report, f"response_{key}", wave).value
        for key, wave in (("survey", SHORT), ("retest", MID), ("self_assessment", MID))
    ]
    assert all(0.5 < rate <= 1 for rate in rates) and min(rates) < 1  # some left unanswered

    first_response = cell(report, "kpi_first_response_s", MID)
    assert_shown(first_response)
    assert first_response.value < 0 and interval(first_response)[1] < 0  # clearly faster
    complaints = cell(report, "kpi_complaint_rate", MID)
    assert complaints.value < 0 and interval(complaints)[1] < 0  # clearly fewer complaints
    csat = cell(report, "kpi_csat", MID)
    assert_shown(csat)
    low, high = interval(csat)
    assert low < 0 < high  # no clear change

    # Nobody from 郑伟's team, and he sees nobody from 王芳's.
    assert len(report.people) >= 10
    assert {row.team_name for row in report.people} == {"售后服务一组"}
    other = course_report(viewer=person("manager2"), course=course())
    assert {row.team_name for row in other.people} == {"在线客服二组"}
    assert not {row.person.pk for row in report.people} & {row.person.pk for row in other.people}

    # The cohort of a year ago: its long-term wave is done too.
    today = timezone.localdate()
    report = course_report(
        viewer=person("manager"),
        course=course(),
        start=today - datetime.timedelta(days=450),
        end=today - datetime.timedelta(days=366),
    )

    assert report.people
    for key in ("retest", "retention", "transfer", "self_score", "response_retest"):
        assert_shown(cell(report, key, LONG))
    first_response = cell(report, "kpi_first_response_s", LONG)
    assert_shown(first_response)
    assert interval(first_response)[1] < 0
    long_waves = WaveInstance.objects.filter(person__in=[p.person for p in report.people])
    assert set(long_waves.values_list("status", flat=True)) == {WaveStatus.CLOSED}


def test_the_waves_stand_as_today_and_loading_again_changes_nothing(demo):
    # The most recent completions have their short-term survey open, as the daily round
    # leaves it; the waves whose window has passed are closed.
    today = timezone.localdate()
    waves = WaveInstance.objects.filter(course=course())
    assert waves.filter(wave=SHORT, status=WaveStatus.OPEN, closes_on__gte=today).exists()
    assert not waves.filter(closes_on__lt=today).exclude(status=WaveStatus.CLOSED).exists()
    assert not waves.filter(opens_on__gt=today).exclude(status=WaveStatus.PENDING).exists()
    # ...and so do the demo people's: 陈明's survey, 赵敏's mid-term re-test and her
    # supervisor's observation are waiting today.
    assert WaveInstance.objects.filter(
        person=person("agent"), wave=SHORT, status=WaveStatus.OPEN
    ).exists()
    assert WaveInstance.objects.filter(
        person=person("certified"), wave=MID, status=WaveStatus.OPEN
    ).exists()
    assert (
        not WaveInstance.objects.filter(closes_on__lt=today)
        .exclude(status=WaveStatus.CLOSED)
        .exists()
    )

    def state():
        report = course_report(viewer=person("admin"), course=course())
        return (
            User.objects.count(),
            LearningRecord.objects.count(),
            AgentKpi.objects.count(),
            WaveInstance.objects.count(),
            SurveyResponse.objects.count(),
            Observation.objects.count(),
            [(row.key, [c.text if c else None for c in row.cells.values()]) for row in report.rows],
        )

    before = state()
    call_command("load_demo_evaluation", verbosity=0)
    assert state() == before
