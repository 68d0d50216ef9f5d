"""Agents' monthly KPIs from a file: English or Chinese headers, CSV (any encoding Excel
writes) or XLSX, rates as fractions or percentages, blank = not measured, all or nothing
with line-numbered problems, and a second import updates rather than duplicates."""

import datetime
import io

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from evaluation.models import AgentKpi
from tests.evaluation.kpi_files import EN_HEADER, ZH_HEADER, csv_bytes, xlsx_bytes
from tests.factories import make_person

pytestmark = pytest.mark.django_db


@pytest.fixture
def agents():
    return {number: agent(number) for number in ("K001", "K002", "K003")}


def agent(number: str, **kwargs):
    person = make_person(**kwargs)
    person.profile.employee_no = number
    person.profile.save()
    return person


def run(tmp_path, data: bytes, name="kpis.csv", *args) -> str:
    path = tmp_path / name
    path.write_bytes(data)
    out = io.StringIO()
    call_command("import_kpis", str(path), *args, stdout=out)
    return out.getvalue()


def refused(tmp_path, data: bytes, name="kpis.csv") -> str:
    before = AgentKpi.objects.count()
    with pytest.raises(CommandError) as error:
        run(tmp_path, data, name)
    assert AgentKpi.objects.count() == before
    return str(error.value)


def stored(person, month="2026-03") -> dict[str, float]:
    first = datetime.date.fromisoformat(f"{month}-01")
    return {kpi.metric: kpi.value for kpi in AgentKpi.objects.filter(person=person, month=first)}


@pytest.mark.parametrize(
    "row",
    [
        ["0.95", "45", "0.9", "0.02", "0.99"],
        ["95", "45", "90", "2", "99"],
        ["95%", "45", "90%", "2%", "99 %"],
        ["95", "45", "90", "0.02", "0.99"],  # one scale per column is enough
    ],
    ids=["fractions", "percentages", "percent signs", "mixed columns"],
)
def test_an_english_file_stores_rates_as_fractions_whichever_way_they_are_written(
    tmp_path, agents, row
):
    output = run(tmp_path, csv_bytes(EN_HEADER, [["K001", "2026-03", *row]]))

    assert stored(agents["K001"]) == pytest.approx(
        {
            "csat": 0.95,
            "first_response_s": 45,
            "resolution_rate": 0.9,
            "complaint_rate": 0.02,
            "order_accuracy": 0.99,
        }
    )
    assert "Created: 5" in output
    assert "Updated: 0" in output
    assert set(AgentKpi.objects.values_list("source", flat=True)) == {"file"}


def test_chinese_headers_in_a_gbk_csv_with_spaces_around_them_are_read(tmp_path, agents):
    header = [f" {name} " for name in ZH_HEADER]
    data = csv_bytes(header, [["K001", "2026-03", "92%", "50", "88%", "3%", "97%"]], encoding="gbk")

    run(tmp_path, data)

    assert stored(agents["K001"]) == pytest.approx(
        {
            "csat": 0.92,
            "first_response_s": 50,
            "resolution_rate": 0.88,
            "complaint_rate": 0.03,
            "order_accuracy": 0.97,
        }
    )


def test_a_utf8_csv_with_a_byte_order_mark_and_full_width_brackets_is_read(tmp_path, agents):
    header = [name.replace("(", "（").replace(")", "）") for name in ZH_HEADER]
    row = ["K002", "2026-02", "0.9", "40", "", "", ""]
    data = csv_bytes(header, [row], encoding="utf-8-sig")

    run(tmp_path, data)

    assert stored(agents["K002"], "2026-02") == {"csat": 0.9, "first_response_s": 40}


def test_an_xlsx_with_months_as_text_or_as_the_dates_excel_makes_of_them(tmp_path, agents):
    rows = [
        ["K001", "2026-01", 0.93, 41, 0.9, 0.01, 0.98],
        ["K001", datetime.datetime(2026, 2, 1), 0.94, 39, 0.91, 0.01, 0.98],
    ]

    output = run(tmp_path, xlsx_bytes(ZH_HEADER, rows), "kpis.xlsx")

    assert stored(agents["K001"], "2026-01")["csat"] == 0.93
    assert stored(agents["K001"], "2026-02")["first_response_s"] == 39
    assert "Created: 10" in output


def test_importing_again_updates_each_value_and_never_duplicates_it(tmp_path, agents):
    run(tmp_path, csv_bytes(EN_HEADER, [["K001", "2026-03", "0.9", "50", "", "", ""]]))

    corrected = [["K001", "2026-03", "0.92", "50", "0.8", "", ""]]
    output = run(tmp_path, csv_bytes(EN_HEADER, corrected))

    assert "Created: 1" in output  # resolution rate
    assert "Updated: 1" in output  # CSAT
    assert "Unchanged: 1" in output  # first response
    assert AgentKpi.objects.count() == 3
    assert stored(agents["K001"]) == {"csat": 0.92, "first_response_s": 50, "resolution_rate": 0.8}


def test_a_blank_cell_is_not_measured_and_keeps_the_value_imported_before(tmp_path, agents):
    run(tmp_path, csv_bytes(EN_HEADER, [["K001", "2026-03", "0.9", "50", "0.8", "0.02", "1"]]))

    run(tmp_path, csv_bytes(EN_HEADER, [["K001", "2026-03", "", "45", "", "", ""]]))

    assert stored(agents["K001"]) == {
        "csat": 0.9,
        "first_response_s": 45,
        "resolution_rate": 0.8,
        "complaint_rate": 0.02,
        "order_accuracy": 1.0,
    }


def test_a_file_with_bad_lines_names_each_and_imports_nothing(tmp_path, agents):
    rows = [
        ["K001", "2026-03", "0.95", "45", "0.9", "0.02", "0.99"],  # line 2: fine
        ["K999", "2026-03", "0.95", "45", "", "", ""],  # line 3
        ["K002", "2026/03", "0.95", "45", "", "", ""],  # line 4
        ["K002", "2026-02", "120", "45", "", "", ""],  # line 5
        ["K003", "2026-02", "0.9", "-3", "", "", ""],  # line 6
        ["K003", "2026-01", "0.9", "about 40", "", "", ""],  # line 7
        ["K001", "2026-03", "0.9", "40", "", "", ""],  # line 8: repeats line 2
        ["K002", "2026-01", "", "", "", "-1%", "much"],  # line 9
    ]

    message = refused(tmp_path, csv_bytes(EN_HEADER, rows))

    assert "Problems found: 8" in message
    assert "line 3, employee_no: “K999” is not the employee number of anyone" in message
    assert "line 4, month: “2026/03” is not a month; write it as 2026-03 (YYYY-MM)." in message
    assert "line 5, csat: “120” is outside 0–100 %." in message
    assert "line 6, first_response_s: “-3” is negative" in message
    assert "line 7, first_response_s: “about 40” is not a number of seconds." in message
    assert "line 8, month: Employee K001 and 2026-03 already appear at line 2." in message
    assert "line 9, complaint_rate: “-1%” is outside 0–100 %." in message
    assert "line 9, order_accuracy: “much” is not a rate" in message
    assert "line 2" not in message.replace("at line 2", "")


def test_problems_are_named_with_the_chinese_headers_of_a_chinese_file(tmp_path, agents):
    rows = [["K001", "三月", "95", "45", "", "", ""]]

    message = refused(tmp_path, xlsx_bytes(ZH_HEADER, rows), "kpis.xlsx")

    assert "line 2, 月份: “三月” is not a month" in message


def test_a_month_still_to_come_is_refused_and_the_current_one_taken(tmp_path, agents):
    today = timezone.localdate()
    this_month = f"{today:%Y-%m}"
    next_month = f"{(today.replace(day=28) + datetime.timedelta(days=4)):%Y-%m}"

    message = refused(tmp_path, csv_bytes(EN_HEADER, [["K001", next_month, "0.9", "", "", "", ""]]))
    run(tmp_path, csv_bytes(EN_HEADER, [["K001", this_month, "0.9", "", "", "", ""]]))

    assert f"line 2, month: {next_month} is still to come" in message
    assert stored(agents["K001"], this_month) == {"csat": 0.9}


def test_a_fraction_among_percentages_in_one_column_is_refused_as_ambiguous(tmp_path, agents):
    rows = [
        ["K001", "2026-03", "", "", "", "2.5", ""],
        ["K002", "2026-03", "", "", "", "0.8", ""],  # 0.8 % surely, but reads as 80 %
        ["K003", "2026-03", "", "", "", "0.8%", ""],  # said plainly: fine
    ]

    message = refused(tmp_path, csv_bytes(EN_HEADER, rows))

    assert "Problems found: 1" in message
    assert "line 3, complaint_rate: “0.8” reads as 80 %, but this column holds percentages" in (
        message
    )


def test_a_missing_column_is_named_before_any_row_is_read(tmp_path, agents):
    header = [name for name in ZH_HEADER if name != "投诉率"] + ["姓名"]

    message = refused(tmp_path, csv_bytes(header, [["K001", "2026-03", "", "", "", "", "张伟"]]))

    assert "line 1, 投诉率: The column is missing." in message


def test_not_a_number_nor_infinity_is_a_rate(tmp_path, agents):
    rows = [["K001", "2026-03", "nan", "inf", "", "", ""]]

    message = refused(tmp_path, csv_bytes(EN_HEADER, rows))

    assert "line 2, csat: “nan” is not a rate" in message
    assert "line 2, first_response_s: “inf” is not a number of seconds." in message


def test_a_dry_run_says_what_would_change_and_writes_nothing(tmp_path, agents):
    output = run(
        tmp_path,
        csv_bytes(EN_HEADER, [["K001", "2026-03", "0.9", "50", "", "", ""]]),
        "kpis.csv",
        "--dry-run",
    )

    assert "Would create: 2" in output
    assert "nothing was written" in output
    assert AgentKpi.objects.count() == 0


def test_an_old_excel_file_is_refused_with_what_to_do(tmp_path, agents):
    message = refused(tmp_path, b"\xd0\xcf\x11\xe0" + b"\0" * 100, "kpis.xls")

    assert "Save the file as .xlsx or CSV" in message
