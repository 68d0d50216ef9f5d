"""The HR roster import: all or nothing, by employee number, CSV or XLSX, Chinese or English."""

import csv
import datetime
import io
import os

import openpyxl
import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from tests.factories import TeamFactory, make_person
from training.importers.errors import ImportProblem, ImportRejected, format_problems
from training.importers.roster import parse_date, roster_import_file
from training.importers.tabular import MAX_FILE_BYTES
from training.models import AgentProfile, Position, Team, Tier, User
from training.roles import Role

pytestmark = pytest.mark.django_db

ZH_HEADER = ["工号", "姓名", "邮箱", "团队", "岗位", "级别", "入职日期", "角色"]
EN_HEADER = ["employee_no", "name", "email", "team", "position", "tier", "hire_date", "role"]
POSITIONS = ["一线客服", "二线客服", "投诉处理专员", "客服主管", "培训师", "数据分析员"]
TIERS = ["初级", "中级", "高级"]
DATE_STYLES = ["{:%Y-%m-%d}", "{:%Y/%m/%d}", "{d.year}年{d.month}月{d.day}日"]


@pytest.fixture(autouse=True)
def _english():
    # Messages are asserted in English; the product's default language is Chinese.
    with translation.override("en"):
        yield


def thirty_people() -> list[list]:
    """30 people in three teams: 27 learners, one manager per team."""
    rows = []
    for n in range(1, 31):
        team = f"售后{(n - 1) % 3 + 1}组"
        role = "主管" if n in (1, 2, 3) else "学员"
        position = "客服主管" if role == "主管" else POSITIONS[n % 3]
        hired = datetime.date(2025, 1, 1) + datetime.timedelta(days=7 * n)
        rows.append(
            [f"K{n:04d}", f"员工{n}", f"agent{n}@shop.example.cn", team, position, TIERS[n % 3]]
            + [hired, role]
        )
    return rows


def write_roster(path, header, rows, *, encoding="utf-8-sig"):
    """A CSV or XLSX roster at `path`; dates become text in CSV and date cells in XLSX."""
    if path.suffix == ".xlsx":
        workbook = openpyxl.Workbook()
        sheet = workbook.active
        sheet.append(header)
        for row in rows:
            sheet.append(row)
        workbook.save(path)
    else:
        with path.open("w", encoding=encoding, newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(header)
            for i, row in enumerate(rows):
                style = DATE_STYLES[i % len(DATE_STYLES)]
                writer.writerow(
                    [
                        style.format(cell, d=cell) if isinstance(cell, datetime.date) else cell
                        for cell in row
                    ]
                )
    return path


def run(path) -> str:
    out = io.StringIO()
    call_command("import_roster", str(path), stdout=out)
    return out.getvalue()


def snapshot():
    return sorted(
        (p.employee_no, p.user.name, p.user.email, p.team_id, p.position, p.tier, p.hire_date)
        + (p.updated_at, tuple(sorted(p.user.groups.values_list("name", flat=True))))
        for p in AgentProfile.objects.select_related("user")
    )


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_thirty_people_are_created_in_their_teams_and_a_second_run_changes_nothing(
    tmp_path, suffix, mailoutbox, django_capture_on_commit_callbacks
):
    path = write_roster(tmp_path / f"roster{suffix}", ZH_HEADER, thirty_people())

    with django_capture_on_commit_callbacks(execute=True):
        output = run(path)

    assert "Created 30: K0001, K0002" in output
    assert AgentProfile.objects.count() == 30
    assert Team.objects.count() == 3
    team_2 = Team.objects.get(name="售后2组")
    assert sorted(team_2.members.values_list("employee_no", flat=True)) == [
        f"K{n:04d}" for n in range(2, 31, 3)
    ]
    k7 = AgentProfile.objects.select_related("user", "team").get(employee_no="K0007")
    assert (k7.user.name, k7.team.name) == ("员工7", "售后1组")
    assert k7.user.email == "agent7@shop.example.cn"
    assert (k7.position, k7.tier) == (Position.SECOND_LINE, Tier.INTERMEDIATE)
    assert k7.hire_date == datetime.date(2025, 2, 19)
    assert k7.user.role_names == {Role.LEARNER}
    manager = User.objects.get(profile__employee_no="K0002")
    assert manager.role_names == {Role.MANAGER}
    assert list(manager.managed_teams.values_list("name", flat=True)) == ["售后2组"]
    assert not manager.has_usable_password()
    assert sorted(mail.to[0] for mail in mailoutbox) == sorted(
        f"agent{n}@shop.example.cn" for n in range(1, 31)
    )

    before = snapshot()
    with django_capture_on_commit_callbacks(execute=True):
        output = run(path)

    assert "Created 0\nUpdated 0\nUnchanged 30" in output
    assert snapshot() == before
    assert len(mailoutbox) == 30


def test_a_roster_with_two_bad_lines_is_refused_whole(tmp_path, mailoutbox):
    rows = thirty_people()[:6]
    rows[1][2] = "not-an-address"  # line 3
    rows[4][7] = "超级用户"  # line 6
    path = write_roster(tmp_path / "roster.csv", ZH_HEADER, rows)

    with pytest.raises(CommandError) as refused:
        run(path)

    message = str(refused.value)
    assert "nothing was changed" in message
    assert "line 3, 邮箱: “not-an-address” is not a valid e-mail address." in message
    assert "line 6, 角色: “超级用户” is not known." in message
    assert "line 2" not in message and "line 4" not in message
    assert not AgentProfile.objects.exists()
    assert not User.objects.exists()
    assert not Team.objects.exists()
    assert mailoutbox == []


def test_blank_lines_are_skipped_and_line_numbers_stay_true_to_the_file(tmp_path):
    rows = thirty_people()[:3]
    rows[2][6] = "2024-02-30"
    path = tmp_path / "roster.csv"
    lines = [",".join(ZH_HEADER), "", *(",".join(map(str, row)) for row in rows[:2]), ",,,", ""]
    lines.append(",".join(map(str, rows[2])))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")

    with pytest.raises(ImportRejected) as refused:
        roster_import_file(name=path.name, data=path.read_bytes())

    assert refused.value.problems == [
        ImportProblem(7, "入职日期", "“2024-02-30” is not a date; write it as 2024-03-01.")
    ]


def test_every_kind_of_bad_row_is_named_with_its_line_and_field(tmp_path):
    make_person(email="taken@shop.example.cn").profile  # noqa: B018
    taken_by = AgentProfile.objects.get().employee_no
    rows = thirty_people()[:8]
    rows[0][0] = ""  # line 2: missing employee number
    rows[1][0] = "K0003"  # line 3: employee number repeated on line 4
    rows[3][2] = "AGENT2@shop.example.cn"  # line 5: e-mail repeated from line 3
    rows[4][2] = "taken@shop.example.cn"  # line 6: belongs to someone else in the database
    rows[5][4] = "保安"  # line 7: unknown position
    rows[6][5] = "特级"  # line 8: unknown tier
    rows[7][6] = "下周一"  # line 9: not a date
    path = write_roster(tmp_path / "roster.xlsx", EN_HEADER, rows)

    with pytest.raises(ImportRejected) as refused:
        roster_import_file(name=path.name, data=path.read_bytes())

    assert [(p.line, p.field) for p in refused.value.problems] == [
        (2, "employee_no"),
        (4, "employee_no"),
        (5, "email"),
        (6, "email"),
        (7, "position"),
        (8, "tier"),
        (9, "hire_date"),
    ]
    by_line = {p.line: p.message for p in refused.value.problems}
    assert by_line[4] == "“K0003” already appears on line 3."
    assert by_line[6] == f"This e-mail address already belongs to employee {taken_by}."
    assert AgentProfile.objects.count() == 1


def test_a_missing_column_is_named(tmp_path):
    header = [h for h in ZH_HEADER if h != "角色"]
    path = write_roster(tmp_path / "roster.csv", header, [row[:7] for row in thirty_people()[:2]])

    with pytest.raises(CommandError) as refused:
        run(path)

    assert "line 1, 角色: The column is missing." in str(refused.value)
    assert not User.objects.exists()


def test_a_second_import_updates_name_team_and_role_by_employee_number(
    tmp_path, mailoutbox, django_capture_on_commit_callbacks
):
    rows = thirty_people()[:4]
    with django_capture_on_commit_callbacks(execute=True):
        run(write_roster(tmp_path / "first.csv", ZH_HEADER, rows))
    rows[3][1:8] = ["王芳", "agent4@shop.example.cn", "投诉组", "投诉处理专员", "高级"] + [
        datetime.date(2025, 1, 29),
        "培训师",
    ]

    with django_capture_on_commit_callbacks(execute=True):
        output = run(write_roster(tmp_path / "second.xlsx", ZH_HEADER, rows))

    assert "Created 0\nUpdated 1: K0004\nUnchanged 3" in output
    profile = AgentProfile.objects.select_related("user", "team").get(employee_no="K0004")
    assert (profile.user.name, profile.team.name) == ("王芳", "投诉组")
    assert (profile.position, profile.tier) == (Position.COMPLAINT_SPECIALIST, Tier.SENIOR)
    assert profile.user.role_names == {Role.TRAINER}
    assert len(mailoutbox) == 4  # nobody is invited twice


def test_english_codes_and_labels_are_accepted_in_any_case(tmp_path):
    rows = [
        ["E1", "Ann", "ann@x.cn", "A", "first_line", "JUNIOR", "2024/3/1", "Learner"],
        ["E2", "Bob", "bob@x.cn", "A", "Second-line agent", "intermediate", "", "MANAGER"],
        ["E3", "Cy", "cy@x.cn", "", "data analyst", "Senior", "2024年3月1日", "administrator"],
    ]
    path = write_roster(tmp_path / "roster.csv", EN_HEADER, rows, encoding="utf-8")

    result = roster_import_file(name=path.name, data=path.read_bytes())

    assert result.created == ["E1", "E2", "E3"]
    assert AgentProfile.objects.get(employee_no="E2").position == Position.SECOND_LINE
    assert AgentProfile.objects.get(employee_no="E2").hire_date is None
    assert User.objects.get(email="cy@x.cn").role_names == {Role.ADMINISTRATOR}


def test_a_gbk_csv_from_excel_is_read(tmp_path):
    path = write_roster(tmp_path / "roster.csv", ZH_HEADER, thirty_people()[:5], encoding="gbk")
    with pytest.raises(UnicodeDecodeError):
        path.read_bytes().decode("utf-8")

    result = roster_import_file(name=path.name, data=path.read_bytes())

    assert len(result.created) == 5
    assert User.objects.get(email="agent1@shop.example.cn").name == "员工1"
    assert Team.objects.filter(name="售后1组").exists()


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("roster.csv", os.urandom(4096) + b"\x00\x01", "not a readable text file"),
        ("roster.xlsx", b"PK\x03\x04" + os.urandom(2048), "not a valid .xlsx workbook"),
        ("roster.xlsx", "工号,姓名\n".encode(), "not a valid .xlsx workbook"),
        ("roster.exe", b"MZ\x90\x00", "Only CSV and XLSX files can be imported"),
        ("roster.xls", b"\xd0\xcf\x11\xe0", "Old Excel files (.xls) are not supported"),
        ("roster.csv", b"", "The file is empty."),
        ("roster.csv", b"a" * (MAX_FILE_BYTES + 1), "The file is 5.1 MB, over the limit of 5.0 MB"),
    ],
)
def test_a_hostile_upload_gets_a_clear_error(name, data, message):
    with pytest.raises(ImportRejected) as refused:
        roster_import_file(name=name, data=data)

    assert message in format_problems(refused.value.problems)
    assert not User.objects.exists()


def test_the_command_refuses_a_huge_file_without_reading_it_all(tmp_path):
    path = tmp_path / "roster.csv"
    with path.open("wb") as handle:
        handle.truncate(MAX_FILE_BYTES * 4)

    with pytest.raises(CommandError, match="The file is 20.0 MB, over the limit of 5.0 MB"):
        run(path)


def test_new_people_are_invited_and_people_already_known_are_not(
    tmp_path, mailoutbox, django_capture_on_commit_callbacks
):
    known = make_person(team=TeamFactory(name="售后1组"))
    known.profile.employee_no = "K0001"
    known.profile.save()
    rows = thirty_people()[:3]
    rows[0][2] = known.email

    with django_capture_on_commit_callbacks(execute=True):
        output = run(write_roster(tmp_path / "roster.csv", ZH_HEADER, rows))

    assert "Created 2: K0002, K0003" in output
    assert "Updated 1: K0001" in output
    assert sorted(mail.to[0] for mail in mailoutbox) == [
        "agent2@shop.example.cn",
        "agent3@shop.example.cn",
    ]
    assert "/accounts/password/reset/key/" in mailoutbox[0].body


@pytest.mark.parametrize(
    "value",
    [
        "2024-03-01",
        "2024-3-1",
        "2024/03/01",
        "2024/3/1",
        "2024年3月1日",
        "2024 年 3 月 1 日",
        "2024-03-01 00:00:00",
        datetime.date(2024, 3, 1),
        datetime.datetime(2024, 3, 1),
    ],
)
def test_dates_are_read_in_every_accepted_spelling(value):
    assert parse_date(value) == datetime.date(2024, 3, 1)


@pytest.mark.parametrize("value", ["2024.03.01", "03/01/2024", "2024-13-01", "2024-03-01x", 45352])
def test_other_date_spellings_are_refused(value):
    with pytest.raises(ValueError):
        parse_date(value)
