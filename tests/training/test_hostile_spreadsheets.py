"""Hostile spreadsheets are refused in seconds and in little memory, with a message that says
what is wrong, and nobody is created: a sheet that declares or runs to a million rows, cells
far to the right, a zip whose parts lie about their size or that holds thousands of parts."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from tests.factories import make_person
from tests.hostile_files import (
    XLSX_PARTS,
    Bomb,
    measured,
    sheet_xml,
    xlsx_declaring,
    xlsx_of,
    zip_with,
)
from training.importers.errors import ImportRejected, format_problems
from training.importers.roster import roster_import_file
from training.importers.tabular import (
    MAX_COLUMNS,
    MAX_ROW_CELLS,
    MAX_SHEET_CELLS,
    MAX_SHEET_ROWS,
)
from training.models import AgentProfile, User
from training.roles import Role

pytestmark = pytest.mark.django_db

ROSTER_URL = "/cms/roster/import/"
HEADER = ["工号", "姓名", "邮箱", "团队", "岗位", "级别", "入职日期", "角色"]
PERSON = ["H001", "张伟", "zw@shop.example.cn", "售后一组", "一线客服", "初级", "2025-03-01"]
PERSON += ["学员"]
SECONDS = 5  # the admin must answer well inside the web server's 30 s timeout
PEAK_BYTES = 100 * 1024 * 1024


@pytest.fixture(autouse=True)
def _english():
    # Messages are asserted in English; the product's default language is Chinese.
    with translation.override("en"):
        yield


def refused(data: bytes, name: str = "roster.xlsx") -> tuple[str, object]:
    people = User.objects.count()
    with measured() as cost, pytest.raises(ImportRejected) as rejected:
        roster_import_file(name=name, data=data)
    assert User.objects.count() == people
    assert cost.seconds < SECONDS
    assert cost.peak_bytes < PEAK_BYTES
    return format_problems(rejected.value.problems), cost


def test_a_sheet_that_runs_to_its_last_row_is_refused_in_seconds():
    data = xlsx_declaring({1: HEADER, 2: PERSON, 1_048_576: ["H999"]})

    message, _cost = refused(data)

    assert f"The sheet goes on past row {MAX_SHEET_ROWS} (blank rows count too)" in message
    assert not AgentProfile.objects.exists()


def test_cells_in_the_last_column_are_ignored_like_any_unknown_column():
    far_right = {column: "x" for column in range(MAX_COLUMNS + 1, 16_385, 997)}
    rows = {1: HEADER, 2: dict(enumerate(PERSON, start=1)) | far_right}
    rows |= {line: {16_384: "x"} for line in range(3, 2_000)}
    data = xlsx_declaring(rows)

    with measured() as cost:
        result = roster_import_file(name="roster.xlsx", data=data)

    assert result.created == ["H001"]
    assert cost.seconds < SECONDS


def test_a_row_of_two_million_cells_is_refused_before_any_is_built():
    # 57 KB of .xlsx; openpyxl would hold the whole row: a gigabyte, a quarter of a minute.
    row = '<row r="2">' + "<c><v>1</v></c>" * 1_900_000 + "</row>"
    sheet = sheet_xml({1: HEADER}).replace("</sheetData>", row + "</sheetData>")

    message, _cost = refused(xlsx_of({"xl/worksheets/sheet1.xml": sheet}))

    assert f"line 2: This row holds more than {MAX_ROW_CELLS} cells." in message


def test_two_million_shared_texts_are_refused_before_they_are_loaded():
    texts = "<si><t>a</t></si>" * 1_700_000
    strings = (
        f'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">{texts}</sst>'
    )

    message, _cost = refused(
        xlsx_of(
            {"xl/worksheets/sheet1.xml": sheet_xml({1: HEADER}), "xl/sharedStrings.xml": strings}
        )
    )

    assert f"The sheet holds more than {MAX_SHEET_CELLS} cells" in message


def test_an_xlsx_part_that_lies_about_its_size_is_never_unpacked_whole():
    # 300 MB of zeros in 300 KB, declared as 1 KB: openpyxl would read it in one go.
    parts = {name: text.encode() for name, text in XLSX_PARTS.items()}
    parts["xl/workbook.xml"] = Bomb(size=300 * 1024 * 1024, declared_size=1024)
    parts["xl/worksheets/sheet1.xml"] = b"<worksheet/>"

    message, cost = refused(zip_with(parts))

    assert "not a valid .xlsx workbook" in message
    assert cost.peak_bytes < 20 * 1024 * 1024


def test_an_xlsx_that_unpacks_past_the_limit_is_refused_as_it_unpacks():
    parts = {name: text.encode() for name, text in XLSX_PARTS.items()}
    # Honest about its size this time: 60 MB of zeros, declared as 60 MB.
    parts["xl/sharedStrings.xml"] = Bomb(size=60 * 1024 * 1024, declared_size=60 * 1024 * 1024)
    parts["xl/worksheets/sheet1.xml"] = b"<worksheet/>"

    message, _cost = refused(zip_with(parts))

    assert "The workbook unpacks to more than 30 MB" in message


def test_an_xlsx_of_thousands_of_parts_is_refused():
    parts = {name: text.encode() for name, text in XLSX_PARTS.items()}
    parts |= {f"xl/media/image{n}.png": b"" for n in range(2000)}

    message, _cost = refused(zip_with(parts))

    assert "an archive of 2004 parts" in message


def test_the_admin_upload_refuses_the_million_row_sheet_within_seconds(
    client, settings, django_capture_on_commit_callbacks
):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.force_login(make_person(Role.ADMINISTRATOR))
    people = User.objects.count()
    data = xlsx_declaring({1: HEADER, 2: PERSON, 1_048_576: ["H999"]})

    with measured() as cost:
        # The upload answers with its import job's page; the job (run here) reads the sheet.
        with django_capture_on_commit_callbacks(execute=True):
            upload = client.post(ROSTER_URL, {"roster": SimpleUploadedFile("roster.xlsx", data)})
        response = client.get(upload["Location"])

    assert upload.status_code == 302
    assert response.status_code == 200
    assert "The sheet goes on past row" in response.text
    assert cost.seconds < SECONDS
    assert User.objects.count() == people
