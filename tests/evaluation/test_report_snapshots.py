"""Pre-computed evaluation reports: a snapshot is the report computed fresh; a record
arriving refreshes it (one queued refresh per course for a burst); pages served from
snapshots read a few queries whatever the cohort; a manager never reads another team's
people; the nightly round is idempotent; the page says when its figures were computed."""

import csv
import datetime
import io
from unittest import mock

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from evaluation.models import ReportSnapshot
from evaluation.report import compute_report
from evaluation.report_scope import EVERYONE, team_scope
from evaluation.snapshots import served_report, snapshots_refresh_nightly
from tests.evaluation.report_helpers import close_waves, complete, kpis, observe, quiz, survey
from tests.factories import TeamFactory, make_person
from training.roles import Role

pytestmark = pytest.mark.django_db

DONE_ON = timezone.localdate() - datetime.timedelta(days=5)


def _team(course, name, size, *, prefix):
    team = TeamFactory(name=name)
    manager = make_person(Role.MANAGER, team=team, name=f"{prefix}主管")
    people = [make_person(team=team, name=f"{prefix}{i}") for i in range(size)]
    quiz_page = TeamFactory()
    for person in people:
        complete(person, course, DONE_ON)
        quiz(person, course, quiz_page, 0.9)
        survey(person, course, content=5, trainer=4, recommend=9)
        observe(person, course, wave="mid_term", score=1.0, passed=True)
    close_waves(course, people, "short_term")
    return team, manager, people


@pytest.fixture
def two_teams(course):
    mine = _team(course, "售后一组", 5, prefix="我组")
    theirs = _team(course, "售前二组", 6, prefix="他组")
    return {"mine": mine, "theirs": theirs}


def test_a_snapshot_is_the_report_computed_fresh(course, two_teams):
    trainer = make_person(Role.TRAINER)
    first = served_report(viewer=trainer, course=course)
    assert not first.from_snapshot
    served = served_report(viewer=trainer, course=course)
    assert served.from_snapshot
    fresh = compute_report(course=course, scope=EVERYONE)
    assert served.report == fresh  # every field, compared as dataclasses
    assert len(served.report.people) == 11 and served.report.coverage.n >= 11
    # and the team one, as its manager reads it
    team, manager, _people = two_teams["mine"]
    served_report(viewer=manager, course=course)
    served = served_report(viewer=manager, course=course)
    assert served.from_snapshot
    fresh = compute_report(course=course, scope=team_scope(team))
    assert served.report == fresh


def test_a_record_arriving_shows_on_the_next_read_after_its_refresh(
    client, course, two_teams, django_capture_on_commit_callbacks
):
    trainer = make_person(Role.TRAINER)
    client.force_login(trainer)
    url = reverse("evaluation_report", args=[course.pk])
    assert "新人" not in client.get(url).content.decode()
    newcomer = make_person(team=two_teams["mine"][0], name="新人")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        complete(newcomer, course, DONE_ON)
    assert callbacks  # the refresh was queued on commit and ran (Celery is eager in tests)
    snapshot = ReportSnapshot.objects.get(course=course, scope="all", language="en")
    assert not snapshot.stale and not snapshot.refresh_queued
    assert snapshot.cohort_size == 12
    with mock.patch("evaluation.snapshots.snapshot_compute") as computed:
        html = client.get(url).content.decode()
    computed.assert_not_called()  # served from the refreshed snapshot
    assert "新人" in html


def test_a_burst_of_records_queues_one_refresh_per_course(
    course, two_teams, django_capture_on_commit_callbacks
):
    served_report(viewer=make_person(Role.TRAINER), course=course)
    people = two_teams["mine"][2] + two_teams["theirs"][2]
    quiz_page = TeamFactory()
    with (
        mock.patch("evaluation.tasks.reports_refresh_course.delay") as delay,
        django_capture_on_commit_callbacks(execute=True),
    ):
        for person in people:
            for _ in range(3):
                quiz(person, course, quiz_page, 0.5, wave="mid_term", passed=False)
    assert delay.call_args_list == [mock.call(course.pk)]
    assert ReportSnapshot.objects.get(course=course, scope="all").stale


def test_a_stale_snapshot_is_not_served(course, two_teams):
    trainer = make_person(Role.TRAINER)
    served_report(viewer=trainer, course=course)
    ReportSnapshot.objects.update(stale=True)
    served = served_report(viewer=trainer, course=course)
    assert not served.from_snapshot
    assert not ReportSnapshot.objects.get(course=course, scope="all").stale


def _cohort(course, size):
    team = TeamFactory()
    manager = make_person(Role.MANAGER, team=team)
    quiz_page = TeamFactory()
    people = [make_person(team=team) for _ in range(size)]
    for person in people:
        complete(person, course, DONE_ON)
        quiz(person, course, quiz_page, 0.9)
        survey(person, course, content=4, trainer=4, recommend=9)
        kpis(person, {DONE_ON.replace(day=1): 0.9})
    close_waves(course, people, "short_term")
    return manager


def test_a_page_served_from_a_snapshot_reads_a_few_queries_whatever_the_cohort(client, course):
    small, large = _cohort(course, 3), _cohort(course, 30)
    counts = []
    for viewer in (small, large):
        client.force_login(viewer)
        url = reverse("evaluation_report", args=[course.pk])
        client.get(url)  # computes and stores the snapshot
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200
        counts.append(len(queries))
    assert "30 people completed" in response.content.decode()
    assert counts[0] == counts[1] <= 12, counts


def test_a_managers_page_and_downloads_from_snapshots_name_only_their_team(
    client, two_teams, course
):
    snapshots_refresh_nightly()  # everyone's and each team's snapshots exist
    _team_obj, manager, _people = two_teams["mine"]
    theirs = two_teams["theirs"][0]
    client.force_login(manager)
    url = reverse("evaluation_report", args=[course.pk])
    with mock.patch("evaluation.snapshots.snapshot_compute") as computed:
        html = client.get(url).content.decode()
        people_csv = client.get(
            reverse("evaluation_report_export", args=[course.pk, "people", "csv"])
        ).content.decode("utf-8-sig")
        outside = client.get(url, {"team": theirs.pk}).content.decode()
    computed.assert_not_called()
    assert "我组0" in html and "他组" not in html
    names = [row[2] for row in csv.reader(io.StringIO(people_csv))][1:]
    assert sorted(names) == [f"我组{i}" for i in range(5)]
    assert "他组0" not in outside and "我组0" not in outside
    assert "n = 5" in html


def test_the_nightly_round_is_idempotent(course, two_teams):
    first = snapshots_refresh_nightly()
    keys = sorted(ReportSnapshot.objects.values_list("scope", "language"))
    data = {s.pk: s.data for s in ReportSnapshot.objects.all()}
    second = snapshots_refresh_nightly()
    assert first == second == len(keys)
    # everyone and each team (the two teams and the sources' stand-in teams), in both languages
    assert ("all", "zh-hans") in keys and ("all", "en") in keys
    assert (team_scope(two_teams["mine"][0]).key, "en") in keys
    assert {s.pk: s.data for s in ReportSnapshot.objects.all()} == data


def test_the_page_says_when_its_figures_were_computed(client, two_teams, course, settings):
    client.force_login(two_teams["mine"][1])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
    with translation.override("zh-hans"):
        html = client.get(reverse("evaluation_report", args=[course.pk])).content.decode()
    snapshot = ReportSnapshot.objects.get(language="zh-hans")
    when = timezone.localtime(snapshot.computed_at).strftime("%Y-%m-%d %H:%M")
    assert f"数据更新于 {when}" in html


def test_new_kpis_refresh_the_reports(course, two_teams, django_capture_on_commit_callbacks):
    from evaluation.importers.kpi_rows import KpiValue
    from evaluation.services import kpis_save

    served_report(viewer=make_person(Role.TRAINER), course=course)
    person = two_teams["mine"][2][0]
    with (
        mock.patch("evaluation.tasks.reports_refresh_course.delay") as delay,
        django_capture_on_commit_callbacks(execute=True),
    ):
        kpis_save(
            values=[
                KpiValue(
                    person_id=person.pk, month=DONE_ON.replace(day=1), metric="csat", value=0.9
                )
            ],
            source="file",
        )
    assert delay.call_args_list == [mock.call(course.pk)]
    assert ReportSnapshot.objects.get(course=course, scope="all").stale


def test_a_lesson_leaves_the_reports_as_they_are(course, two_teams):
    from training.models import RecordKind
    from training.records import record_result

    served_report(viewer=make_person(Role.TRAINER), course=course)
    record_result(
        user=two_teams["mine"][2][0],
        source=TeamFactory(),
        kind=RecordKind.LESSON,
        activity=course,
        course=course,
        passed=True,
    )
    assert not ReportSnapshot.objects.get(course=course, scope="all").stale


def test_a_record_marks_only_the_snapshots_its_team_is_in(course, two_teams):
    snapshots_refresh_nightly()
    mine, theirs = two_teams["mine"][0], two_teams["theirs"][0]
    person = two_teams["mine"][2][0]
    with mock.patch("evaluation.tasks.reports_refresh_course.delay"):
        quiz(person, course, TeamFactory(), 0.4, wave="mid_term", passed=False)
    stale = dict(ReportSnapshot.objects.filter(language="en").values_list("scope", "stale"))
    assert stale["all"] and stale[team_scope(mine).key]
    assert not stale[team_scope(theirs).key]
