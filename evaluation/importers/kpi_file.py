"""The KPI file: CSV or XLSX, one row per agent and month, English or Chinese headers.

    employee_no, month, csat, first_response_s, resolution_rate, complaint_rate, order_accuracy
    工号, 月份, 满意度, 首次响应时长(秒), 解决率, 投诉率, 订单准确率

Every one of the seven columns must be there, under one of its two names (spaces around a
header, a byte-order mark, English capitals and full-width brackets are tolerated); other
columns, such as the agent's name, are ignored. The file is read by training's upload
reader (size, encoding including GBK, XLSX unpacking limits) and checked by
`kpi_rows_validate`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.utils.translation import gettext

from evaluation.importers.kpi_rows import COLUMNS, EMPLOYEE_NO, MONTH, KpiBatch, kpi_rows_validate
from evaluation.kpis import METRICS
from training.importers.errors import ImportProblem, ImportRejected
from training.importers.tabular import Cell, Row, cell_text, read_table

CHINESE_HEADERS: dict[str, str] = {
    EMPLOYEE_NO: "工号",
    MONTH: "月份",
    **{code: info.chinese_header for code, info in METRICS.items()},
}
ENGLISH_HEADERS: dict[str, str] = {column: column for column in COLUMNS}


def _key(text: str) -> str:
    text = text.replace("\ufeff", "").strip().casefold()
    return text.replace("（", "(").replace("）", ")").replace(" ", "")


_HEADER_KEYS = {
    _key(spelling): column
    for headers in (ENGLISH_HEADERS, CHINESE_HEADERS)
    for column, spelling in headers.items()
}


@dataclass
class ParsedKpiFile:
    """The rows of a KPI file keyed by column, with the file's own header spellings."""

    headers: dict[str, str]
    rows: list[tuple[int, dict[str, Cell]]] = field(default_factory=list)
    problems: list[ImportProblem] = field(default_factory=list)


def kpi_file_parse(*, rows: list[Row]) -> ParsedKpiFile:
    """Map the header to columns; report missing and repeated columns."""
    header, *body = rows
    positions: dict[str, int] = {}
    headers: dict[str, str] = {}
    problems: list[ImportProblem] = []
    for index, cell in enumerate(header.cells):
        text = cell_text(cell).replace("\ufeff", "")
        column = _HEADER_KEYS.get(_key(text))
        if column is None:
            continue  # the agent's name, a team: ignored
        if column in positions:
            problems.append(ImportProblem(header.line, text, gettext("This column appears twice.")))
            continue
        positions[column] = index
        headers[column] = text
    chinese = any(re.search(r"[\u4e00-\u9fff]", cell_text(cell)) for cell in header.cells)
    expected = CHINESE_HEADERS if chinese else ENGLISH_HEADERS
    missing = [column for column in COLUMNS if column not in positions]
    for column in missing:
        headers[column] = expected[column]
        problems.append(
            ImportProblem(header.line, expected[column], gettext("The column is missing."))
        )
    if missing:
        message = gettext("The header must name these columns: %(columns)s") % {
            "columns": ", ".join(expected.values())
        }
        problems.append(ImportProblem(header.line, "", message))
    parsed = ParsedKpiFile(headers=headers, problems=problems)
    for row in body:
        values = {
            column: row.cells[index] if index < len(row.cells) else None
            for column, index in positions.items()
        }
        parsed.rows.append((row.line, values))
    return parsed


def kpi_file_read(*, name: str, data: bytes) -> ParsedKpiFile:
    """Read and map a KPI file; ImportRejected for an unreadable file or a wrong header."""
    parsed = kpi_file_parse(rows=read_table(name=name, data=data))
    if parsed.problems:
        raise ImportRejected(parsed.problems)
    if not parsed.rows:
        raise ImportRejected.single(gettext("The file has a header but no rows of KPIs."))
    return parsed


def _line(line: int) -> str:
    return gettext("line %(line)s") % {"line": line}


def kpi_file_validate(parsed: ParsedKpiFile) -> KpiBatch:
    """The file's values, or ImportRejected listing every problem by line and column."""
    return kpi_rows_validate(rows=parsed.rows, headers=parsed.headers, refer=_line)
