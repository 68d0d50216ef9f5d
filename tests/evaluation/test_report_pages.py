"""The evaluation report's pages and downloads: the viewer's scope (managers their teams),
learners refused, filters, phone-ready tables, links from the shared pages and a bounded
number of queries."""

import csv
import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from evaluation.report import course_report
from tests.evaluation.report_helpers import close_waves, complete, observe, quiz, survey
from tests.factories import TeamFactory, make_person
from tests.training.test_phone_tables import assert_phone_ready
from training.roles import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_teams(course):
    mine, theirs = TeamFactory(name="售后一组"), TeamFactory(name="售前二组")
    manager = make_person(Role.MANAGER, team=mine, name="王芳")
    done_on = timezone.localdate() - datetime.timedelta(days=5)
    ours = [make_person(team=mine, name=f"我组{i}") for i in range(2)]
    others = [make_person(team=theirs, name=f"他组{i}") for i in range(3)]
    for person in ours + others:
        complete(person, course, done_on)
        survey(person, course, content=5, trainer=5, recommend=10)
    return {"manager": manager, "mine": mine, "theirs": theirs, "ours": ours, "others": others}


def test_a_manager_sees_only_their_teams_people_and_figures(client, two_teams, course):
    client.force_login(two_teams["manager"])
    html = client.get(reverse("evaluation_report", args=[course.pk])).content.decode()
    assert "我组0" in html and "我组1" in html
    assert "他组0" not in html
    assert "n = 2" in html  # the survey's n is the manager's two people, not five
    assert assert_phone_ready(html) >= 20


def test_a_team_outside_the_scope_shows_nobody(client, two_teams, course):
    client.force_login(two_teams["manager"])
    url = reverse("evaluation_report", args=[course.pk])
    response = client.get(url, {"team": two_teams["theirs"].pk})
    assert response.status_code == 200
    assert "他组0" not in response.content.decode()
    assert client.get(url, {"team": 999999}).status_code == 200


def test_bad_filters_are_refused_with_a_clear_message(client, two_teams, course):
    client.force_login(two_teams["manager"])
    url = reverse("evaluation_report", args=[course.pk])
    response = client.get(url, {"start": "2026-13-01"})
    assert response.status_code == 400
    assert "Completed from" in response.content.decode()
    response = client.get(url, {"start": "2026-05-01", "end": "2026-04-01"})
    assert response.status_code == 400 and "after the last" in response.content.decode()


def test_the_export_has_the_same_scope(client, two_teams, course):
    client.force_login(two_teams["manager"])
    url = reverse("evaluation_report_export", args=[course.pk, "people", "csv"])
    text = client.get(url).content.decode("utf-8-sig")
    names = [row[2] for row in csv.reader(io.StringIO(text))][1:]
    assert sorted(names) == ["我组0", "我组1"]
    url = reverse("evaluation_report_export", args=[course.pk, "overview", "xlsx"])
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")


def test_the_overview_export_lists_each_figure_with_its_n_and_status(client, two_teams, course):
    client.force_login(make_person(Role.TRAINER))
    url = reverse("evaluation_report_export", args=[course.pk, "overview", "csv"])
    rows = list(csv.reader(io.StringIO(client.get(url).content.decode("utf-8-sig"))))
    satisfied = next(r for r in rows if r[1].startswith("Satisfied") and r[2].startswith("Short"))
    assert satisfied[3:] == ["100 %", "n = 5", "Good"]


def test_a_learner_may_not_see_reports(client, two_teams, course):
    client.force_login(two_teams["ours"][0])
    assert client.get(reverse("evaluation_report", args=[course.pk])).status_code == 403
    assert client.get(reverse("evaluation_reports")).status_code == 403
    url = reverse("evaluation_report_export", args=[course.pk, "people", "csv"])
    assert client.get(url).status_code == 403


def test_the_list_links_each_course_completed_in_scope(client, two_teams, course):
    client.force_login(two_teams["manager"])
    html = client.get(reverse("evaluation_reports")).content.decode()
    assert reverse("evaluation_report", args=[course.pk]) in html
    assert assert_phone_ready(html) == 2
    loner = make_person(Role.MANAGER, team=TeamFactory())
    client.force_login(loner)
    html = client.get(reverse("evaluation_reports")).content.decode()
    assert reverse("evaluation_report", args=[course.pk]) not in html


def test_the_team_page_and_my_work_link_the_reports(client, two_teams):
    client.force_login(two_teams["manager"])
    assert reverse("evaluation_reports") in client.get(reverse("team_home")).content.decode()
    client.force_login(make_person(Role.TRAINER))
    assert reverse("evaluation_reports") in client.get(reverse("trainer_home")).content.decode()
    # and 培训评估 → 评估报告 in the admin menu
    assert (
        reverse("evaluation_reports") in client.get(reverse("wagtailadmin_home")).content.decode()
    )


def _cohort(course, size):
    team = TeamFactory()
    manager = make_person(Role.MANAGER, team=team)
    quiz_page = TeamFactory()
    done_on = timezone.localdate() - datetime.timedelta(days=5)
    people = [make_person(team=team) for _ in range(size)]
    for person in people:
        complete(person, course, done_on)
        quiz(person, course, quiz_page, 0.9)
        survey(person, course, content=4, trainer=4, recommend=9)
        observe(person, course, wave="mid_term", score=1.0, passed=True)
    close_waves(course, people, "short_term")
    return manager


def test_the_number_of_queries_does_not_grow_with_the_cohort(course):
    small, large = _cohort(course, 3), _cohort(course, 30)
    counts = []
    for viewer in (small, large):
        with CaptureQueriesContext(connection) as queries:
            report = course_report(viewer=viewer, course=course)
        counts.append(len(queries))
    assert len(report.people) == 30
    assert counts[0] == counts[1] <= 10, counts


def test_the_report_speaks_chinese(client, settings, two_teams, course):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
    client.force_login(two_teams["manager"])
    html = client.get(reverse("evaluation_report", args=[course.pk])).content.decode()
    assert "评估报告" in html and "四个层级 × 三个评估阶段" in html
    assert "数据不足" in html and "n = 2" in html  # two people are too few for a figure
    assert "Not enough data" not in html
    # The report's own words, not those of the same English in another app's catalogue.
    assert ">层级<" in html and "标题层级" not in html
    assert "满意度（目标 ≥ 90 %）" in html  # the KPI row's label


def test_a_name_that_looks_like_a_formula_is_written_as_text(client, course):
    team = TeamFactory()
    manager = make_person(Role.MANAGER, team=team)
    person = make_person(team=team, name='=HYPERLINK("http://evil","x")')
    complete(person, course, timezone.localdate() - datetime.timedelta(days=2))
    client.force_login(manager)
    url = reverse("evaluation_report_export", args=[course.pk, "people", "csv"])
    rows = list(csv.reader(io.StringIO(client.get(url).content.decode("utf-8-sig"))))
    assert rows[1][2].startswith("'=")
