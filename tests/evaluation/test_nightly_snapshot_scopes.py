"""The nightly refresh computes, per course, only the reports that have a cohort: everyone's,
the teams with someone who completed the course in the period (by the team they are in now)
and the managers' sets holding such a team. A team left out still reads a correct report,
computed when opened; the per-team overview finds every pair it lists computed; a second
run computes the same."""

import datetime
import re
from unittest import mock

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from evaluation.models import ReportSnapshot
from evaluation.report import compute_report
from evaluation.report_scope import ReportScope, team_scope
from evaluation.snapshots import served_report, snapshots_refresh_nightly
from tests.evaluation.report_helpers import close_waves, complete, survey
from tests.factories import TeamFactory, make_person
from training.models import AgentProfile, Position
from training.roles import Role

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
RECENT = TODAY - datetime.timedelta(days=5)
LONG_AGO = TODAY - datetime.timedelta(days=700)  # before the default period (12 months)


def _scopes(course):
    return set(
        ReportSnapshot.objects.filter(course=course).values_list("scope", "language").distinct()
    )


def _page(client, url) -> str:
    """The page's HTML without its (per-response) CSRF tokens."""
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", client.get(url).content.decode())


def _keys(course, language="en"):
    return set(
        ReportSnapshot.objects.filter(course=course, language=language).values_list(
            "scope", flat=True
        )
    )


@pytest.fixture
def centre(course):
    """售后一组 completed the course lately; 售前二组 only long ago (one of five), so its
    report has no cohort but a coverage figure; 投诉组 has one person who completed it long
    ago and again lately (no cohort either, but the overview lists the pair)."""
    course.intended_positions = [Position.FIRST_LINE]
    course.save_revision().publish()
    took = TeamFactory(name="售后一组")
    took_manager = make_person(Role.MANAGER, team=took, name="一组主管")
    took_people = [make_person(team=took, name=f"一组{i}") for i in range(3)]
    for person in took_people:
        complete(person, course, RECENT)
        survey(person, course, content=5, trainer=5, recommend=9)
    close_waves(course, took_people, "short_term")
    skipped = TeamFactory(name="售前二组")
    skipped_manager = make_person(Role.MANAGER, team=skipped, name="二组主管")
    skipped_people = [make_person(team=skipped, name=f"二组{i}") for i in range(5)]
    complete(skipped_people[0], course, LONG_AGO)
    again = TeamFactory(name="投诉组")
    again_person = make_person(team=again, name="投诉一")
    complete(again_person, course, LONG_AGO)
    complete(again_person, course, RECENT)
    return {
        "took": (took, took_manager),
        "skipped": (skipped, skipped_manager),
        "again": (again, again_person),
    }


def test_the_nightly_run_skips_a_team_where_nobody_completed_the_course_in_the_period(
    course, centre
):
    took, skipped = centre["took"][0], centre["skipped"][0]
    done = snapshots_refresh_nightly()
    keys = _keys(course)
    assert {"all", team_scope(took).key, team_scope(centre["again"][0]).key} == keys
    assert team_scope(skipped).key not in keys
    assert _scopes(course) == {(key, lang) for key in keys for lang in ("en", "zh-hans")}
    assert done == 6  # everyone's and two teams', in two languages


def test_a_manager_of_a_skipped_team_reads_the_same_report_computed_when_opened(
    client, course, centre
):
    skipped, manager = centre["skipped"]
    snapshots_refresh_nightly()
    client.force_login(manager)
    html = client.get(reverse("evaluation_report", args=[course.pk])).content.decode()
    assert "0 people completed the course" in html
    assert "20 %" in html and "n = 5" in html  # one of the team's five agents, long ago
    assert "一组" not in html
    served = served_report(viewer=manager, course=course)
    assert served.from_snapshot  # stored when first opened
    fresh = compute_report(course=course, scope=team_scope(skipped))
    assert served.report == fresh
    assert served.report.people == [] and served.report.coverage.value == 0.2


def test_the_overview_lists_the_same_and_computes_nothing_after_the_nightly_run(
    client, course, centre
):
    snapshots_refresh_nightly()
    client.force_login(make_person(Role.TRAINER))
    url = reverse("evaluation_teams")
    with mock.patch(
        "evaluation.team_overview.snapshot_compute", side_effect=AssertionError("computed")
    ):
        first = _page(client, url)
        second = _page(client, url)
    assert first == second
    assert "售后一组" in first and "投诉组" in first and "售前二组" not in first
    assert "Being prepared" not in first
    # What it showed when the nightly run computed every team: the same page.
    skipped = centre["skipped"][0]
    for language in ("en", "zh-hans"):
        with translation.override(language):
            served_report(viewer=centre["skipped"][1], course=course)
    assert team_scope(skipped).key in _keys(course)
    assert _page(client, url) == first


def test_a_team_is_the_one_people_are_in_now(course, centre):
    """Someone who completed the course in 售后一组 and moved to 售前二组: the nightly run
    computes 售前二组's report (its cohort) and leaves out 售后一组 once nobody of it is left."""
    took, skipped = centre["took"][0], centre["skipped"][0]
    AgentProfile.objects.filter(team=took).update(team=skipped)
    snapshots_refresh_nightly()
    keys = _keys(course)
    assert team_scope(skipped).key in keys and team_scope(took).key not in keys
    snapshot = ReportSnapshot.objects.get(
        course=course, scope=team_scope(skipped).key, language="en"
    )
    assert snapshot.cohort_size == 3


def test_a_managers_set_of_teams_is_computed_when_one_of_them_has_a_cohort(course, centre):
    took, skipped = centre["took"][0], centre["skipped"][0]
    empty = TeamFactory(name="空组")
    both = make_person(Role.MANAGER, team=took)
    skipped.managers.add(both)
    neither = make_person(Role.MANAGER, team=empty)
    skipped.managers.add(neither)
    served_report(viewer=both, course=course)  # read lately: the sets are known
    served_report(viewer=neither, course=course)
    both_key = ReportScope(tuple(sorted((took.pk, skipped.pk)))).key
    neither_key = ReportScope(tuple(sorted((skipped.pk, empty.pk)))).key
    snapshots_refresh_nightly()
    assert both_key in _keys(course, "zh-hans") and neither_key not in _keys(course, "zh-hans")
    served = served_report(viewer=neither, course=course)
    assert served.report == compute_report(
        course=course, scope=ReportScope(tuple(sorted((skipped.pk, empty.pk))))
    )


def test_running_the_nightly_refresh_twice_computes_the_same(course, centre):
    # A snapshot of the skipped team read before a late run is dropped, not left behind.
    served_report(viewer=centre["skipped"][1], course=course)
    first = snapshots_refresh_nightly()
    snapshots = {
        (s.scope, s.language): (s.data, s.headline, s.cohort_size)
        for s in ReportSnapshot.objects.filter(course=course)
    }
    second = snapshots_refresh_nightly()
    assert first == second == len(snapshots) == 6
    assert {
        (s.scope, s.language): (s.data, s.headline, s.cohort_size)
        for s in ReportSnapshot.objects.filter(course=course)
    } == snapshots
