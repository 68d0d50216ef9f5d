"""Level 4's monthly series in the report (what its charts draw): the cohort's and the
comparison group's mean per month from 3 months before the training to month 15, read with
the effects' own KPI query; colleagues count in the comparison group only until they are
trained themselves."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from evaluation.report import course_report
from tests.evaluation.report_helpers import complete, kpis
from tests.factories import make_person
from training.roles import Role

pytestmark = pytest.mark.django_db

DONE_ON = datetime.date(2025, 6, 15)


def month(year, number):
    return datetime.date(year, number, 1)


@pytest.fixture
def study(course):
    """Ten agents trained in June 2025 (CSAT 80 % → 92 %), ten colleagues never trained
    (80 % → 82 %), and one colleague trained in August 2025 (a comparison only before)."""
    trainer = make_person(Role.TRAINER)
    months = [month(2025, m) for m in (3, 4, 5)] + [month(2025, m) for m in (9, 10, 11, 12)]
    for _ in range(10):
        person = make_person()
        complete(person, course, DONE_ON)
        kpis(person, {m: 0.80 if m.month < 6 else 0.92 for m in months})
        kpis(person, {month(2025, 5): 50.0, month(2025, 9): 40.0}, metric="first_response_s")
        other = make_person()
        kpis(other, {m: 0.80 if m.month < 6 else 0.82 for m in months})
    late = make_person()
    complete(late, course, datetime.date(2025, 8, 20))
    kpis(late, {month(2025, 5): 0.50, month(2025, 9): 0.10})
    return trainer


def trend(report, code):
    return next(t for t in report.trends if t.code == code)


def report_for(viewer, course):
    return course_report(
        viewer=viewer, course=course, start=DONE_ON, end=DONE_ON + datetime.timedelta(days=1)
    )


def test_each_kpi_has_its_months_from_three_before_to_month_fifteen(study, course):
    csat = trend(report_for(study, course), "csat")
    assert csat.anchor == month(2025, 6)
    assert csat.months[0] == month(2025, 3) and csat.months[-1] == month(2026, 9)
    assert len(csat.months) == 19
    by_month = dict(zip(csat.months, zip(csat.trained, csat.trained_n, strict=True), strict=True))
    assert by_month[month(2025, 4)] == (pytest.approx(0.80), 10)
    assert by_month[month(2025, 10)] == (pytest.approx(0.92), 10)
    assert by_month[month(2025, 7)] == (None, 0)  # no figures that month
    assert csat.target == 0.9 and csat.target_text == "≥ 90 %"


def test_a_colleague_counts_in_the_comparison_group_until_trained(study, course):
    csat = trend(report_for(study, course), "csat")
    comparison = dict(
        zip(csat.months, zip(csat.comparison, csat.comparison_n, strict=True), strict=True)
    )
    # May: ten untrained colleagues at 80 % and the later-trained one at 50 %.
    assert comparison[month(2025, 5)][1] == 11
    assert comparison[month(2025, 5)][0] == pytest.approx((10 * 0.80 + 0.50) / 11)
    # September: the late one was trained in August; only the ten remain.
    assert comparison[month(2025, 9)] == (pytest.approx(0.82), 10)


def test_seconds_are_kept_as_seconds_and_kpis_without_figures_are_empty(study, course):
    report = report_for(study, course)
    first_response = trend(report, "first_response_s")
    assert not first_response.is_rate and first_response.target == 60.0
    assert first_response.trained[2] == pytest.approx(50.0)
    assert first_response.trained[6] == pytest.approx(40.0)
    assert first_response.has_data
    assert not trend(report, "order_accuracy").has_data


def test_the_series_cost_no_query_of_their_own(study, course):
    with CaptureQueriesContext(connection) as queries:
        report = report_for(study, course)
    assert len(report.trends) == 5
    kpi_reads = [q for q in queries.captured_queries if "evaluation_agentkpi" in q["sql"]]
    assert len(kpi_reads) == 1


def test_an_empty_cohort_has_no_series(study, course):
    old = datetime.date(2020, 1, 1)
    assert course_report(viewer=study, course=course, start=old, end=old).trends == []
