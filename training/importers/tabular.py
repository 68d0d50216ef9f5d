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
from xml.parsers import expat

from django.utils.translation import gettext

from training.importers.errors import ImportRejected
from training.importers.upload import MB, ZipLimits, refuse_if_too_large, unpack_zip

MAX_FILE_BYTES = 5 * MB
MAX_DATA_ROWS = 20_000
# Rows are counted by their number in the sheet, blank ones too: a sheet can skip to row
# 1 048 576, and walking blank rows costs as much as reading full ones. A few blank rows
# below the data are allowed.
MAX_SHEET_ROWS = MAX_DATA_ROWS + 1 + 1_000
# No import reads more than a few dozen columns; cells to the right of these are ignored,
# like any column the importer does not know.
MAX_COLUMNS = 100
# An XLSX is a zip; refuse archives that unpack to far more than a spreadsheet needs. The
# bytes actually decompressed are counted, not the sizes the zip declares.
MAX_XLSX_UNPACKED_BYTES = 50 * MB
MAX_XLSX_PART_BYTES = 30 * MB  # a sheet, or the text its cells share
MAX_XLSX_OTHER_PART_BYTES = 2 * MB  # styles, settings, themes: small in a workbook of data
# openpyxl builds a whole row, and every cell it reads, as Python objects: cells present in
# the file are counted first, so a small file cannot stand for millions of them.
MAX_ROW_CELLS = 1_000
MAX_SHEET_CELLS = 400_000  # 20 000 rows of 20 columns; shared texts are held to it too
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
    refuse_if_too_large(len(data), limit=MAX_FILE_BYTES)
    rows = _read_xlsx(data) if extension == ".xlsx" else _read_csv(data)
    if not rows:
        raise ImportRejected.single(gettext("The file is empty."))
    if len(rows) - 1 > MAX_DATA_ROWS:
        raise _too_many_rows()
    return rows


def _too_many_rows() -> ImportRejected:
    return ImportRejected.single(
        gettext(
            "The file has more than %(limit)s rows of data; split it into files of at most "
            "%(limit)s rows."
        )
        % {"limit": MAX_DATA_ROWS}
    )


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
            cells = cells[:MAX_COLUMNS]
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
            # Every part openpyxl may read is unpacked once here, under a running limit.
            parts = unpack_zip(
                archive,
                limits=ZipLimits(
                    total=MAX_XLSX_UNPACKED_BYTES,
                    member=MAX_XLSX_PART_BYTES,
                    small_member=MAX_XLSX_OTHER_PART_BYTES,
                    is_large=_is_sheet_or_strings,
                ),
                too_large=gettext(
                    "The workbook unpacks to more than %(limit)s MB; an import file holds "
                    "far less. Save only the data as a new .xlsx file and try again."
                ),
                damaged=not_xlsx,
            )
    except (zipfile.BadZipFile, OSError):
        raise not_xlsx from None
    for name, xml in parts.items():
        if name.startswith("xl/worksheets/"):
            _count_cells(xml, not_xlsx)
        elif name == "xl/sharedStrings.xml":
            _count_shared_texts(xml, not_xlsx)
    del parts
    try:
        workbook = openpyxl.load_workbook(buffer, read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds of errors for damaged files
        raise not_xlsx from None
    rows: list[Row] = []
    try:
        sheet = workbook.worksheets[0]
        # The size a sheet declares (A1:XFD1048576) is not trusted: read the rows present,
        # blank ones counted, each padded to MAX_COLUMNS at most.
        sheet.reset_dimensions()
        values_by_row = sheet.iter_rows(max_col=MAX_COLUMNS, values_only=True)
        for line, values in enumerate(values_by_row, start=1):
            if line > MAX_SHEET_ROWS:
                raise _too_many_sheet_rows()
            cells = tuple(value.strip() if isinstance(value, str) else value for value in values)
            if any(cell not in (None, "") for cell in cells):
                rows.append(Row(line=line, cells=_trim(cells)))
            if len(rows) > MAX_DATA_ROWS + 1:
                break
    except ImportRejected:
        raise
    except Exception:  # a damaged sheet inside a valid zip
        raise not_xlsx from None
    finally:
        workbook.close()
    return rows


def _is_sheet_or_strings(name: str) -> bool:
    return name.startswith("xl/worksheets/") or name == "xl/sharedStrings.xml"


def _count_cells(xml: bytes, not_xlsx: ImportRejected) -> None:
    """Refuse a sheet with a row of more than MAX_ROW_CELLS cells or more than
    MAX_SHEET_CELLS in all, counted as the XML streams past, before openpyxl builds any."""
    counts = {"row": 0, "in_row": 0, "all": 0}

    def start(tag: str, attributes: dict) -> None:
        name = tag.rpartition(" ")[2]
        if name == "row":
            counts["row"] = _int_or(attributes.get("r"), counts["row"] + 1)
            counts["in_row"] = 0
        elif name == "c":
            counts["in_row"] += 1
            counts["all"] += 1
            if counts["in_row"] > MAX_ROW_CELLS:
                raise ImportRejected.single(
                    gettext("This row holds more than %(limit)s cells.") % {"limit": MAX_ROW_CELLS},
                    line=counts["row"],
                )
            if counts["all"] > MAX_SHEET_CELLS:
                raise _too_many_cells()

    _stream(xml, start, not_xlsx)


def _count_shared_texts(xml: bytes, not_xlsx: ImportRejected) -> None:
    """Refuse more shared texts than a sheet may have cells (openpyxl loads them all)."""
    count = [0]

    def start(tag: str, _attributes: dict) -> None:
        if tag.rpartition(" ")[2] == "si":
            count[0] += 1
            if count[0] > MAX_SHEET_CELLS:
                raise _too_many_cells()

    _stream(xml, start, not_xlsx)


def _stream(xml: bytes, start, not_xlsx: ImportRejected) -> None:
    # expat builds nothing: `start` sees each element go by, and may raise to stop.
    parser = expat.ParserCreate(namespace_separator=" ")
    parser.StartElementHandler = start
    try:
        parser.Parse(xml, True)
    except expat.ExpatError:
        raise not_xlsx from None


def _too_many_cells() -> ImportRejected:
    return ImportRejected.single(
        gettext("The sheet holds more than %(limit)s cells; split it into smaller files.")
        % {"limit": MAX_SHEET_CELLS}
    )


def _int_or(text: str | None, default: int) -> int:
    try:
        return int(text) if text else default
    except ValueError:
        return default


def _too_many_sheet_rows() -> ImportRejected:
    return ImportRejected.single(
        gettext(
            "The sheet goes on past row %(limit)s (blank rows count too); a file holds at most "
            "%(rows)s rows of data. Delete the rows below the data, or split the file."
        )
        % {"limit": MAX_SHEET_ROWS, "rows": MAX_DATA_ROWS}
    )


def _trim(cells: tuple[Cell, ...]) -> tuple[Cell, ...]:
    """The cells without the blank ones at the end of the row."""
    end = len(cells)
    while end and cells[end - 1] in (None, ""):
        end -= 1
    return cells[:end]


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
