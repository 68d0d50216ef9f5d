"""The evaluation report's figures on constructed data with known answers: L1–L3 per wave,
response rates, coverage, the L4 effect against a comparison group, statuses against the
thresholds and "not enough data"."""

import datetime

import pytest
from django.utils import timezone

from evaluation import report_figures as rf
from evaluation.models import WaveInstance, WaveStatus
from evaluation.report import course_report
from tests.evaluation.report_helpers import (
    at,
    close_waves,
    complete,
    kpis,
    observe,
    quiz,
    survey,
)
from tests.factories import TeamFactory, make_person
from training.models import Position
from training.roles import Role

pytestmark = pytest.mark.django_db


def cell(report, key, wave):
    return next(row for row in report.rows if row.key == key).cells[wave]


@pytest.fixture
def cohort(course):
    """Six agents of one team completed the course ten days ago; one colleague has not."""
    team = TeamFactory(name="售后一组")
    manager = make_person(Role.MANAGER, team=team)
    people = [make_person(team=team) for _ in range(6)]
    make_person(team=team)  # same position, not trained
    quiz_page = TeamFactory(name="结业测验")  # a stand-in for the course's quiz
    done_on = timezone.localdate() - datetime.timedelta(days=10)
    for i, person in enumerate(people):
        complete(person, course, done_on)
        quiz(person, course, quiz_page, 0.9, when=at(done_on))
        happy = i < 5
        survey(
            person,
            course,
            content=5 if happy else 2,
            trainer=4 if happy else 2,
            recommend=10 if happy else 3,
        )
        quiz(person, course, quiz_page, 0.81, wave="mid_term")
        quiz(person, course, quiz_page, 0.72, wave="long_term")
    for i, person in enumerate(people[:5]):  # 4 of 5 observed pass at mid-term
        observe(person, course, wave="mid_term", score=0.9 if i < 4 else 0.5, passed=i < 4)
        observe(person, course, wave="mid_term", score=1.0, passed=True, role="self")
    for person in people[:3]:  # too few at long-term
        observe(person, course, wave="long_term", score=1.0, passed=True)
    close_waves(course, people, "short_term")
    return {"manager": manager, "people": people, "team": team}


def test_level_1_satisfaction_per_dimension_share_and_recommend(cohort, course):
    report = course_report(viewer=cohort["manager"], course=course)
    content = cell(report, "dimension_content", "short_term")
    assert content.value == pytest.approx(27 / 6)  # five 5s and one 2
    assert (content.n, content.status) == (6, rf.GOOD)
    trainer = cell(report, "dimension_trainer", "short_term")
    assert trainer.value == pytest.approx(22 / 6)  # 3.67: watch (3.5 ≤ x < 4)
    assert trainer.status == rf.WATCH
    satisfied = cell(report, "satisfied", "short_term")
    assert satisfied.value == pytest.approx(5 / 6) and satisfied.status == rf.GOOD
    recommend = cell(report, "recommend", "short_term")
    assert recommend.value == pytest.approx(4 / 6) and recommend.n == 6
    assert cell(report, "satisfied", "mid_term") is None  # no survey asked then


def test_level_2_end_score_retest_and_retention(cohort, course):
    report = course_report(viewer=cohort["manager"], course=course)
    end = cell(report, "end_score", "short_term")
    assert end.value == pytest.approx(0.9) and end.n == 6 and end.status == rf.GOOD
    mid = cell(report, "retention", "mid_term")
    assert mid.value == pytest.approx(0.9) and mid.status == rf.GOOD
    long = cell(report, "retention", "long_term")
    assert long.value == pytest.approx(0.8) and long.status == rf.WATCH
    assert cell(report, "retest", "mid_term").value == pytest.approx(0.81)


def test_level_3_transfer_self_and_gap_with_not_enough_data(cohort, course):
    report = course_report(viewer=cohort["manager"], course=course)
    moved = cell(report, "transfer", "mid_term")
    assert (moved.value, moved.n, moved.status) == (pytest.approx(0.8), 5, rf.GOOD)
    gap = cell(report, "gap", "mid_term")
    # supervisor − self: four at 0.9 − 1.0, one at 0.5 − 1.0 → mean −0.18: watch
    assert gap.value == pytest.approx(-0.18) and gap.status == rf.WATCH
    long = cell(report, "transfer", "long_term")
    assert long.status == rf.NONE and long.n == 3 and long.text == "Not enough data"


def test_response_rate_over_closed_waves_and_coverage(cohort, course):
    report = course_report(viewer=cohort["manager"], course=course)
    responses = cell(report, "response_survey", "short_term")
    assert (responses.value, responses.n) == (1.0, 6)
    assert cell(report, "response_survey", "mid_term") is None  # not closed, not asked
    # 6 of the 7 agents in the position; their manager is not an agent to cover.
    assert report.coverage.n == 7 and report.coverage.value == pytest.approx(6 / 7)
    assert report.coverage.status == rf.WATCH  # 70 % ≤ 86 % < 90 %


def test_trainers_and_administrators_in_a_team_are_not_agents_to_cover(cohort, course):
    """A trainer and an administrator with profiles in the team (in the course's position)
    are neither covered nor missing, like the team's manager."""
    make_person(Role.TRAINER, team=cohort["team"])
    make_person(Role.ADMINISTRATOR, team=cohort["team"])
    report = course_report(viewer=cohort["manager"], course=course)
    assert report.coverage.n == 7 and report.coverage.value == pytest.approx(6 / 7)


def test_coverage_counts_the_positions_the_course_is_for(cohort, course):
    """A course for first- and second-line agents: the second-line agents who have not taken
    it are not covered, though no second-line agent completed it."""
    course.intended_positions = [Position.FIRST_LINE, Position.SECOND_LINE]
    course.save_revision().publish()
    for _ in range(3):
        person = make_person(team=cohort["team"])
        person.profile.position = Position.SECOND_LINE
        person.profile.save()
    other = make_person(team=cohort["team"])
    other.profile.position = Position.COMPLAINT_SPECIALIST  # the course is not for her
    other.profile.save()

    report = course_report(viewer=cohort["manager"], course=course)

    assert (report.coverage.n, report.coverage.value) == (10, pytest.approx(6 / 10))
    assert report.coverage.status == rf.BAD  # < 70 %
    assert report.coverage_positions == ["First-line agent", "Second-line agent"]


def test_a_figure_from_too_few_people_is_not_enough_data(course):
    team = TeamFactory()
    manager = make_person(Role.MANAGER, team=team)
    person = make_person(team=team)
    complete(person, course, timezone.localdate() - datetime.timedelta(days=3))
    survey(person, course, content=5, trainer=5, recommend=10)
    report = course_report(viewer=manager, course=course)
    figure = cell(report, "satisfied", "short_term")
    assert figure.status == rf.NONE and figure.n == 1
    effect = cell(report, "kpi_csat", "mid_term")
    assert effect.status == rf.NOT_DUE  # three days on, the mid-term is months away


def test_cohort_dates_narrow_the_people(cohort, course):
    old = timezone.localdate() - datetime.timedelta(days=400)
    report = course_report(viewer=cohort["manager"], course=course, start=old, end=old)
    assert report.people == []
    assert cell(report, "end_score", "short_term").status == rf.NONE


@pytest.fixture
def kpi_study(course):
    """Ten agents trained in June 2025 and ten colleagues in the same position never trained:
    CSAT 0.80 → 0.92 for the trained, 0.80 → 0.82 for the others (an effect of +10 pp);
    ten second-line agents who are not comparable, with a big rise, are left out."""
    trainer = make_person(Role.TRAINER)
    done_on = datetime.date(2025, 6, 15)
    before = {datetime.date(2025, m, 1): 0.80 for m in (3, 4, 5)}
    trained, others = [], []
    for _ in range(10):
        person = make_person()
        complete(person, course, done_on)
        kpis(person, {**before, **{datetime.date(2025, m, 1): 0.92 for m in (9, 10, 11, 12)}})
        trained.append(person)
        other = make_person()
        kpis(other, {**before, **{datetime.date(2025, m, 1): 0.82 for m in (9, 10, 11, 12)}})
        others.append(other)
        unlike = make_person()
        unlike.profile.position = Position.SECOND_LINE
        unlike.profile.save()
        kpis(unlike, {**before, **{datetime.date(2025, m, 1): 0.99 for m in (9, 10, 11, 12)}})
    return trainer, done_on


def test_level_4_difference_in_differences_against_the_same_positions(kpi_study, course):
    trainer, done_on = kpi_study
    report = course_report(
        viewer=trainer, course=course, start=done_on, end=done_on + datetime.timedelta(days=1)
    )
    effect = cell(report, "kpi_csat", "mid_term")
    assert effect.value == pytest.approx(0.10)
    assert effect.n_label == "n = 10 / 10"
    assert effect.text == "+10.0 pp (95 % CI +10.0 pp … +10.0 pp)"
    assert effect.short_text == "+10.0 pp"  # the estimate alone, for the per-team overview
    assert effect.status == rf.GOOD  # 92 % meets the manuals' ≥ 90 %
    assert cell(report, "kpi_csat", "long_term").status == rf.NONE  # no KPIs a year on
    assert cell(report, "kpi_csat", "short_term") is None


def test_effect_status_against_the_target():
    from evaluation.effect import Effect
    from evaluation.kpis import METRICS

    csat = METRICS["csat"]
    improved_below_target = Effect(
        "higher", True, 12, 12, 10, 0.05, 0.01, 0.09, 0.70, 0.80, 0.70, 0.75
    )
    assert rf.effect_figure(improved_below_target, csat).status == rf.WATCH
    worse = Effect("higher", True, 12, 12, 10, -0.05, -0.09, -0.01, 0.90, 0.85, 0.90, 0.90)
    assert rf.effect_figure(worse, csat).status == rf.BAD
    resolution = METRICS["resolution_rate"]  # no target: the verdict decides
    unclear = Effect("higher", True, 12, 12, 10, 0.01, -0.02, 0.04, 0.8, 0.81, 0.8, 0.8)
    assert rf.effect_figure(unclear, resolution).status == rf.WATCH


@pytest.mark.parametrize(
    ("threshold", "value", "status"),
    [
        (rf.SATISFACTION_MEAN, 4.0, rf.GOOD),
        (rf.SATISFACTION_MEAN, 3.99, rf.WATCH),
        (rf.SATISFACTION_MEAN, 3.49, rf.BAD),
        (rf.RETENTION, 0.9, rf.GOOD),
        (rf.RETENTION, 0.85, rf.WATCH),
        (rf.RETENTION, 0.79, rf.BAD),
        (rf.TRANSFER, 0.8, rf.GOOD),
        (rf.TRANSFER, 0.59, rf.BAD),
        (rf.GAP_SIZE, 0.25, rf.BAD),
    ],
)
def test_thresholds(threshold, value, status):
    assert threshold.status(value) == status


def test_a_wave_the_cohort_has_not_reached_reads_not_due_yet_not_missing(cohort, course):
    """Ten days after the training the long-term wave is a year away: its empty cells say
    so, and do not read as answers missing; the mid-term's too, until it opens."""
    report = course_report(viewer=cohort["manager"], course=course)
    first_response = cell(report, "kpi_first_response_s", "long_term")
    assert (first_response.status, first_response.text) == (rf.NOT_DUE, "Not due yet")
    self_score = cell(report, "self_score", "long_term")
    assert self_score.status == rf.NOT_DUE
    # Records already there (three long-term observations) are still counted as such.
    assert cell(report, "transfer", "long_term").status == rf.NONE

    WaveInstance.objects.filter(person=cohort["people"][0], wave="long_term").update(
        status=WaveStatus.OPEN, opens_on=timezone.localdate()
    )
    report = course_report(viewer=cohort["manager"], course=course)
    self_score = cell(report, "self_score", "long_term")
    assert (self_score.status, self_score.text) == (rf.NONE, "Not enough data")
