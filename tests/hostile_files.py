"""Hostile upload files, built in the tests: spreadsheets, Word files and YAML that a small
download turns into hours of work or gigabytes of memory, the way an outside review did."""

from __future__ import annotations

import io
import signal
import struct
import time
import tracemalloc
import zipfile
import zlib
from contextlib import contextmanager
from dataclasses import dataclass
from xml.sax.saxutils import escape

_SHEET_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"

XLSX_PARTS = {
    "[Content_Types].xml": (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" '
        'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>'
    ),
    "_rels/.rels": (
        f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{_PKG_REL_NS}">'
        f'<Relationship Id="rId1" Type="{_REL_NS}/officeDocument" Target="xl/workbook.xml"/>'
        "</Relationships>"
    ),
    "xl/workbook.xml": (
        f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{_SHEET_NS}" '
        f'xmlns:r="{_REL_NS}"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/>'
        "</sheets></workbook>"
    ),
    "xl/_rels/workbook.xml.rels": (
        f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{_PKG_REL_NS}">'
        f'<Relationship Id="rId1" Type="{_REL_NS}/worksheet" '
        'Target="worksheets/sheet1.xml"/></Relationships>'
    ),
}


def _column_letter(index: int) -> str:
    letters = ""
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


Cells = list[str] | dict[int, str]  # texts from column A, or column number → text


def sheet_xml(rows: dict[int, Cells], *, dimension: str = "A1:XFD1048576") -> str:
    """A worksheet of inline strings: row number → its cells."""
    body = []
    for number, cells in sorted(rows.items()):
        by_column = cells if isinstance(cells, dict) else dict(enumerate(cells, start=1))
        body.append(f'<row r="{number}">')
        for column, text in sorted(by_column.items()):
            reference = f"{_column_letter(column)}{number}"
            body.append(f'<c r="{reference}" t="inlineStr"><is><t>{escape(text)}</t></is></c>')
        body.append("</row>")
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{_SHEET_NS}">'
        f'<dimension ref="{dimension}"/><sheetData>{"".join(body)}</sheetData></worksheet>'
    )


def xlsx_declaring(rows: dict[int, Cells], *, dimension: str = "A1:XFD1048576") -> bytes:
    """A few kilobytes of .xlsx, written by hand, whose sheet declares `dimension`.

    openpyxl trusts the declared size and pads every row to it: 16 384 columns by
    1 048 576 rows for the default.
    """
    return xlsx_of({"xl/worksheets/sheet1.xml": sheet_xml(rows, dimension=dimension)})


SHARED_STRINGS_TYPE = (
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
)


def xlsx_of(parts: dict[str, str]) -> bytes:
    """An .xlsx of the minimal parts and `parts` (a sheet at xl/worksheets/sheet1.xml, and
    xl/sharedStrings.xml if given, which the workbook then declares)."""
    all_parts = dict(XLSX_PARTS)
    if "xl/sharedStrings.xml" in parts:
        override = (
            f'<Override PartName="/xl/sharedStrings.xml" ContentType="{SHARED_STRINGS_TYPE}"/>'
        )
        all_parts["[Content_Types].xml"] = all_parts["[Content_Types].xml"].replace(
            "</Types>", override + "</Types>"
        )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in (all_parts | parts).items():
            archive.writestr(name, text)
    return buffer.getvalue()


@dataclass(frozen=True)
class Bomb:
    """A zip member of `size` zero bytes that declares itself `declared_size` bytes."""

    size: int
    declared_size: int = 1024


def zip_with(parts: dict[str, bytes | Bomb]) -> bytes:
    """A zip written byte by byte, so that a member can lie about its unpacked size."""
    out = io.BytesIO()
    central = []
    for name, content in parts.items():
        if isinstance(content, Bomb):
            compressed, crc, declared = _zeros_deflated(content.size), 0, content.declared_size
        else:
            compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
            compressed = compressor.compress(content) + compressor.flush()
            crc, declared = zlib.crc32(content), len(content)
        encoded = name.encode()
        offset = out.tell()
        out.write(
            struct.pack(
                "<4s2B4HL2L2H",
                b"PK\x03\x04",
                20,
                0,
                0,
                8,
                0,
                0x21,
                crc,
                len(compressed),
                declared,
                len(encoded),
                0,
            )  # fmt: skip
        )
        out.write(encoded + compressed)
        central.append(
            struct.pack(
                "<4s4B4HL2L5H2L",
                b"PK\x01\x02",
                20,
                0,
                20,
                0,
                0,
                8,
                0,
                0x21,
                crc,
                len(compressed),
                declared,
                len(encoded),
                0,
                0,
                0,
                0,
                0,
                offset,
            )  # fmt: skip
            + encoded
        )
    start = out.tell()
    directory = b"".join(central)
    out.write(directory)
    out.write(
        struct.pack(
            "<4s4H2LH", b"PK\x05\x06", 0, 0, len(central), len(central), len(directory), start, 0
        )
    )
    return out.getvalue()


def _zeros_deflated(size: int) -> bytes:
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = bytes(1024 * 1024)
    chunks = [compressor.compress(block) for _ in range(size // len(block))]
    return b"".join(chunks) + compressor.flush()


@dataclass
class Cost:
    seconds: float = 0.0
    peak_bytes: int = 0


class TookTooLong(BaseException):
    """Not an Exception: code under test that catches every Exception must not swallow it."""


@contextmanager
def measured(*, give_up_after: float = 30):
    """The wall time and the peak of Python's allocations inside the block, which is
    stopped with TookTooLong after `give_up_after` seconds (a hang fails, not blocks)."""

    def stop(_signum, _frame):
        raise TookTooLong(f"still working after {give_up_after} s")

    cost = Cost()
    previous = signal.signal(signal.SIGALRM, stop)
    # Again every second, in case code under test swallowed the first one.
    signal.setitimer(signal.ITIMER_REAL, give_up_after, 1.0)
    tracemalloc.start()
    started = time.monotonic()
    try:
        yield cost
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        cost.seconds = time.monotonic() - started
        cost.peak_bytes = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
