"""Reading CSV and XLSX uploads into rows that keep their line numbers.

Shared by every importer that takes a spreadsheet. Anything that is not a readable CSV or
XLSX file is refused with an `ImportRejected` that says why, in words a person can act on.
"""

from __future__ import annotations

import codecs
import csv
import datetime
import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import PurePath

from django.utils.translation import gettext

from training.importers.errors import ImportRejected

MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_DATA_ROWS = 20_000
# An XLSX is a zip; refuse archives that unpack to far more than a spreadsheet needs.
MAX_XLSX_UNPACKED_BYTES = 100 * 1024 * 1024
ACCEPTED_EXTENSIONS = (".csv", ".xlsx")

Cell = str | int | float | datetime.date | datetime.datetime | None

# C0 control characters other than tab, line feed and carriage return never occur in text.
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@dataclass(frozen=True)
class Row:
    """One non-blank row: its line number in the file and its cells, left to right."""

    line: int
    cells: tuple[Cell, ...]


def read_table(*, name: str, data: bytes) -> list[Row]:
    """The non-blank rows of a CSV or XLSX file, header first.

    Raises ImportRejected when the file is too large, empty, of another type, or cannot be
    decoded.
    """
    extension = PurePath(name or "").suffix.lower()
    if extension not in ACCEPTED_EXTENSIONS:
        if extension == ".xls":
            message = gettext(
                "Old Excel files (.xls) are not supported. Save the file as .xlsx or CSV."
            )
        else:
            message = gettext("Only CSV and XLSX files can be imported (got “%(name)s”).") % {
                "name": PurePath(name or "").name
            }
        raise ImportRejected.single(message)
    if len(data) > MAX_FILE_BYTES:
        raise ImportRejected.single(
            gettext("The file is too large (%(size)s MB); the limit is %(limit)s MB.")
            % {
                "size": round(len(data) / 1024 / 1024, 1),
                "limit": MAX_FILE_BYTES // 1024 // 1024,
            }
        )
    rows = _read_xlsx(data) if extension == ".xlsx" else _read_csv(data)
    if not rows:
        raise ImportRejected.single(gettext("The file is empty."))
    if len(rows) - 1 > MAX_DATA_ROWS:
        raise ImportRejected.single(
            gettext("The file has too many rows; the limit is %(limit)s.")
            % {"limit": MAX_DATA_ROWS}
        )
    return rows


def decode_text(data: bytes) -> str:
    """Text from UTF-8 (with or without BOM), UTF-16 with BOM, or GB18030/GBK bytes."""
    not_text = ImportRejected.single(
        gettext(
            "The file is not a readable text file. Save it from Excel as "
            "“CSV UTF-8” or as .xlsx and try again."
        )
    )
    try:
        if data.startswith(codecs.BOM_UTF8):
            text = data[len(codecs.BOM_UTF8) :].decode("utf-8")
        elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            text = data.decode("utf-16")
        elif b"\x00" in data:
            raise not_text
        else:
            try:
                text = data.decode("utf-8")
            except UnicodeDecodeError:
                # What Excel in China writes for "CSV": GBK, of which GB18030 is a superset.
                text = data.decode("gb18030")
    except UnicodeDecodeError:
        raise not_text from None
    if _CONTROL_CHARS.search(text):
        raise not_text
    return text


def _delimiter(text: str) -> str:
    first_line = next((line for line in text.splitlines() if line.strip()), "")
    counts = {delimiter: first_line.count(delimiter) for delimiter in ",;\t"}
    best = max(counts, key=counts.get)
    return best if counts[best] else ","


def _read_csv(data: bytes) -> list[Row]:
    text = decode_text(data)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    rows: list[Row] = []
    previous_end = 0
    try:
        for cells in reader:
            line, previous_end = previous_end + 1, reader.line_num
            if any(cell.strip() for cell in cells):
                rows.append(Row(line=line, cells=tuple(cells)))
            if len(rows) > MAX_DATA_ROWS + 1:
                break
    except csv.Error as error:
        raise ImportRejected.single(
            gettext("The CSV file cannot be read: %(error)s") % {"error": error},
            line=previous_end + 1,
        ) from None
    return rows


def _read_xlsx(data: bytes) -> list[Row]:
    import openpyxl

    not_xlsx = ImportRejected.single(
        gettext("The file is not a valid .xlsx workbook. Open it in Excel and save it again.")
    )
    buffer = io.BytesIO(data)
    if not zipfile.is_zipfile(buffer):
        raise not_xlsx
    try:
        with zipfile.ZipFile(buffer) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError):
        raise not_xlsx from None
    if unpacked > MAX_XLSX_UNPACKED_BYTES:
        raise ImportRejected.single(gettext("The workbook is too large to import."))
    try:
        workbook = openpyxl.load_workbook(buffer, read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds of errors for damaged files
        raise not_xlsx from None
    rows: list[Row] = []
    try:
        sheet = workbook.worksheets[0]
        for line, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            cells = tuple(value.strip() if isinstance(value, str) else value for value in values)
            if any(cell not in (None, "") for cell in cells):
                rows.append(Row(line=line, cells=cells))
            if len(rows) > MAX_DATA_ROWS + 1:
                break
    except Exception:  # a damaged sheet inside a valid zip
        raise not_xlsx from None
    finally:
        workbook.close()
    return rows


def cell_text(value: Cell) -> str:
    """A cell as trimmed text; whole numbers lose the ".0" Excel gives them."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime):
        return value.date().isoformat() if value.time() == datetime.time() else str(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value).strip()
