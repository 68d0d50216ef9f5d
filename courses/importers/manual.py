"""Training manuals (Word, Markdown, plain text) read into a course outline, without the database.

`parse_manual` turns an uploaded file into a `ManualOutline`: chapters become modules,
sections become lessons, deeper headings become headings inside the lesson, and numbered
items "(1)… (2)…" become lists. Every problem in the file is collected and reported
together in an `ImportRejected`; nothing is half-read.

This module recognises the file and reads its text; `manual_docx` and `manual_text` turn it
into elements, `manual_structure` works out the outline (how a document's structure is read
is described there), `manual_outline` holds what it is read into.
"""

from __future__ import annotations

import codecs
import re
from pathlib import PurePath

from django.utils.translation import gettext

from courses.importers.manual_outline import MAX_PARAGRAPHS, ManualOutline
from courses.importers.manual_structure import build_outline
from training.importers.errors import ImportRejected
from training.importers.upload import MB, refuse_if_too_large

MAX_FILE_BYTES = 5 * MB
MARKDOWN_EXTENSIONS = (".md", ".markdown", ".mdown", ".mkd")
TEXT_EXTENSIONS = (".txt", ".text")
DOCX_EXTENSIONS = (".docx", ".docm")

_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_CONTROL_BYTES = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1a\x1c-\x1f]")


def parse_manual(data: bytes, filename: str) -> ManualOutline:
    """The outline of a training manual: its title, intro, modules and lessons.

    Reads .docx (Word), Markdown and plain text (UTF-8 with or without BOM, UTF-16 with BOM,
    or GB18030/GBK). Raises ImportRejected listing every problem when the file cannot be
    turned into a course: empty, too large, not a document, damaged, or without chapters.
    """
    extension = PurePath(filename or "").suffix.lower()
    refuse_if_too_large(len(data), limit=MAX_FILE_BYTES)
    if not data.strip():
        raise ImportRejected.single(gettext("The file is empty."))

    if data.startswith(b"PK\x03\x04") or extension in DOCX_EXTENSIONS:
        from courses.importers.manual_docx import read_docx

        document = read_docx(data)
    elif data.startswith(b"\xd0\xcf\x11\xe0"):
        raise ImportRejected.single(
            gettext(
                "Old Word files (.doc) cannot be imported. Open the file in Word and save it "
                "as .docx, then try again."
            )
        )
    elif data.startswith(b"%PDF"):
        raise ImportRejected.single(
            gettext(
                "PDF files cannot be imported. Save the manual as Word (.docx), Markdown or "
                "plain text and try again."
            )
        )
    else:
        from courses.importers.manual_text import looks_like_markdown, read_markdown, read_text

        text = decode_manual_text(data)
        lines = sum(1 for line in text.splitlines() if line.strip())
        if lines > MAX_PARAGRAPHS:
            raise ImportRejected.single(
                gettext(
                    "The manual has %(count)s lines of text; one course holds at most "
                    "%(limit)s. Split the manual and import each part."
                )
                % {"count": lines, "limit": MAX_PARAGRAPHS}
            )
        if extension in MARKDOWN_EXTENSIONS or (
            extension not in TEXT_EXTENSIONS and looks_like_markdown(text)
        ):
            document = read_markdown(text)
        else:
            document = read_text(text)
    outline = build_outline(document)
    if not outline.title:
        outline.title = PurePath(filename or "").stem or gettext("Imported manual")
    return outline


def decode_manual_text(data: bytes) -> str:
    """Text from UTF-8 (with or without BOM), UTF-16 with BOM, or GB18030/GBK bytes."""
    if data.startswith(codecs.BOM_UTF8):
        candidates = [("utf-8", data[len(codecs.BOM_UTF8) :])]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        candidates = [("utf-16", data)]
    else:
        candidates = [("utf-8", data), ("gb18030", data)]
    if candidates[0][0] != "utf-16" and _CONTROL_BYTES.search(data):
        raise _binary(data[: _CONTROL_BYTES.search(data).start()].count(b"\n") + 1)
    furthest = 0
    for encoding, raw in candidates:
        try:
            text = raw.decode(encoding)
        except UnicodeDecodeError as error:
            furthest = max(furthest, error.start)
            continue
        break
    else:
        line = data[:furthest].count(b"\n") + 1
        raise ImportRejected.single(
            gettext(
                "The text cannot be read: it is neither UTF-8 nor GB18030/GBK. Save the file "
                "as UTF-8 text and try again."
            ),
            line=line,
        )
    bad = _CONTROL_CHARS.search(text)
    if bad:
        raise _binary(text.count("\n", 0, bad.start()) + 1)
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _binary(line: int) -> ImportRejected:
    return ImportRejected.single(
        gettext(
            "This is not a text document (it contains binary data). Upload a Word "
            "(.docx), Markdown (.md) or plain-text (.txt) manual."
        ),
        line=line,
    )
