"""Reading Word (.docx) manuals into elements, with the standard library only.

A .docx file is a zip holding WordprocessingML: `word/document.xml` (the paragraphs),
`word/styles.xml` (which style is a heading, in any UI language: "heading 1", "标题 1", or
an outline level), `word/numbering.xml` (bullets versus numbers) and `docProps/core.xml`
(the document title). Paragraph numbers in problems count the document's paragraphs,
table cells included, from 1.
"""

from __future__ import annotations

import io
import re
import zipfile
from xml.etree import ElementTree
from xml.parsers import expat

from django.utils.translation import gettext

from courses.importers.manual_outline import Element, ReadDocument
from training.importers.errors import ImportRejected
from training.importers.upload import MB, ZipLimits, unpack_zip

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
DC = "{http://purl.org/dc/elements/1.1/}"
# What the parts read below may unpack to, counted as they are decompressed.
MAX_UNPACKED_BYTES = 50 * MB
MAX_PART_BYTES = 20 * MB
_PARTS = ("word/document.xml", "word/styles.xml", "word/numbering.xml", "docProps/core.xml")
# ElementTree holds every element of a part: counted first, as the XML streams past. A
# manual of a few hundred pages has a few hundred thousand.
MAX_XML_ELEMENTS = 1_000_000

_HEADING_NAME = re.compile(r"^(?:heading|标题|標題|überschrift|titre)\s*(\d)$", re.IGNORECASE)
_TITLE_NAMES = {"title", "标题", "標題"}
_TOC_NAME = re.compile(r"^(?:toc|目录|目錄)\s*(?:heading|标题)?\s*\d*$", re.IGNORECASE)
# Runs of these elements are not text the reader sees.
_SKIPPED = {f"{W}del", f"{W}moveFrom", f"{W}instrText", f"{W}delText", f"{W}fldData"}


def _damaged() -> ImportRejected:
    return ImportRejected.single(
        gettext(
            "The Word file is damaged or is not a .docx document. Open it in Word, save it "
            "again as .docx (Word Document) and try again."
        )
    )


def read_docx(data: bytes) -> ReadDocument:
    """The elements of a .docx file; raises ImportRejected if it cannot be read."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError):
        raise _damaged() from None
    with archive:
        try:
            names = set(archive.namelist())
        except (zipfile.BadZipFile, OSError, ValueError):
            raise _damaged() from None
        if "word/document.xml" not in names:
            if any(name.startswith(("xl/", "ppt/")) for name in names):
                raise ImportRejected.single(
                    gettext(
                        "This is an Excel or PowerPoint file, not a Word document. Upload the "
                        "manual as .docx, Markdown or plain text."
                    )
                )
            raise _damaged()
        # Only the parts read here are unpacked, counting the bytes actually decompressed:
        # the sizes a zip declares can lie.
        parts = unpack_zip(
            archive,
            limits=ZipLimits(total=MAX_UNPACKED_BYTES, member=MAX_PART_BYTES),
            too_large=gettext(
                "The Word file unpacks to more than %(limit)s MB of text; a manual holds far "
                "less. Save it again in Word, or split it, and try again."
            ),
            damaged=_damaged(),
            names=set(_PARTS),
        )
    document = _xml(parts, "word/document.xml", required=True)
    styles = _xml(parts, "word/styles.xml")
    numbering = _xml(parts, "word/numbering.xml")
    core = _xml(parts, "docProps/core.xml")

    style_info = _styles(styles)
    bullet_lists = _bullet_lists(numbering)
    body = document.find(f"{W}body")
    if body is None:
        raise _damaged()
    elements: list[Element] = []
    counter = [0]
    _read_blocks(body, elements, counter, style_info, bullet_lists)
    title = ""
    if core is not None:
        title = (core.findtext(f"{DC}title") or "").strip()
    return ReadDocument(elements, "paragraph", title)


def _xml(parts: dict[str, bytes], name: str, *, required: bool = False):
    raw = parts.get(name)
    if raw is None:
        if required:
            raise _damaged()
        return None
    if b"<!DOCTYPE" in raw or b"<!ENTITY" in raw:
        raise _damaged()  # Word never writes these; refusing them rules out entity expansion
    _count_elements(raw)
    try:
        # Safe without defusedxml: no DTD means no entities, and expat fetches nothing.
        return ElementTree.fromstring(raw)  # noqa: S314
    except ElementTree.ParseError:
        raise _damaged() from None


def _count_elements(raw: bytes) -> None:
    count = [0]

    def start(_tag, _attributes):
        count[0] += 1
        if count[0] > MAX_XML_ELEMENTS:
            raise ImportRejected.single(
                gettext(
                    "The Word file is too complex to import: more than %(limit)s elements in "
                    "one part. Save it again in Word, or split it, and try again."
                )
                % {"limit": MAX_XML_ELEMENTS}
            )

    parser = expat.ParserCreate()  # builds nothing; `start` may raise to stop it
    parser.StartElementHandler = start
    try:
        parser.Parse(raw, True)
    except expat.ExpatError:
        raise _damaged() from None


def _styles(styles) -> dict[str, tuple[str, int | None]]:
    """styleId → ("heading" | "title" | "toc" | "other", heading level)."""
    info: dict[str, tuple[str, int | None]] = {}
    if styles is None:
        return info
    raw: dict[str, tuple[str, int | None, str | None]] = {}
    for style in styles.iter(f"{W}style"):
        style_id = style.get(f"{W}styleId") or ""
        name_element = style.find(f"{W}name")
        name = (name_element.get(f"{W}val") if name_element is not None else "") or ""
        outline = style.find(f"{W}pPr/{W}outlineLvl")
        outline_level = _int(outline.get(f"{W}val")) if outline is not None else None
        based = style.find(f"{W}basedOn")
        raw[style_id] = (name, outline_level, based.get(f"{W}val") if based is not None else None)
    for style_id in raw:
        info[style_id] = _classify_style(style_id, raw)
    return info


def _classify_style(style_id: str, raw: dict) -> tuple[str, int | None]:
    seen = set()
    current: str | None = style_id
    while current and current in raw and current not in seen:
        seen.add(current)
        name, outline_level, based = raw[current]
        for candidate in (name, current):
            kind = _classify_name(candidate)
            if kind is not None:
                return kind
        if outline_level is not None and outline_level < 9:
            return "heading", outline_level + 1
        current = based
    return "other", None


def _classify_name(name: str) -> tuple[str, int | None] | None:
    compact = name.strip()
    match = _HEADING_NAME.match(compact) or _HEADING_NAME.match(compact.replace(" ", ""))
    if match is None:
        match = re.match(r"^(?:Heading|标题)(\d)$", compact)
    if match:
        return "heading", int(match.group(1))
    if compact.lower() in _TITLE_NAMES:
        return "title", None
    if _TOC_NAME.match(compact):
        return "toc", None
    return None


def _bullet_lists(numbering) -> set[str]:
    """numIds whose first level is a bullet list (the others are numbered)."""
    if numbering is None:
        return set()
    bullet_abstract = set()
    for abstract in numbering.iter(f"{W}abstractNum"):
        fmt = abstract.find(f"{W}lvl/{W}numFmt")
        if fmt is not None and fmt.get(f"{W}val") == "bullet":
            bullet_abstract.add(abstract.get(f"{W}abstractNumId"))
    bullets = set()
    for num in numbering.iter(f"{W}num"):
        abstract_id = num.find(f"{W}abstractNumId")
        if abstract_id is not None and abstract_id.get(f"{W}val") in bullet_abstract:
            bullets.add(num.get(f"{W}numId"))
    return bullets


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None


def _read_blocks(container, elements, counter, style_info, bullet_lists) -> None:
    for child in container:
        if child.tag == f"{W}p":
            counter[0] += 1
            element = _paragraph(child, counter[0], style_info, bullet_lists)
            if element is not None:
                elements.append(element)
        elif child.tag == f"{W}tbl":
            for row in child.iter(f"{W}tr"):
                cells = []
                first = counter[0] + 1
                for cell in row.findall(f"{W}tc"):
                    texts = []
                    for paragraph in cell.iter(f"{W}p"):
                        counter[0] += 1
                        texts.append(_text(paragraph).strip())
                    cells.append(" ".join(text for text in texts if text))
                row_text = " | ".join(cell for cell in cells if cell)
                if row_text:
                    elements.append(Element("paragraph", row_text, first))
        elif child.tag == f"{W}sdt":
            gallery = child.find(f"{W}sdtPr/{W}docPartObj/{W}docPartGallery")
            if gallery is not None and "contents" in (gallery.get(f"{W}val") or "").lower():
                counter[0] += len(child.findall(f".//{W}p"))
                continue  # a table of contents
            content = child.find(f"{W}sdtContent")
            if content is not None:
                _read_blocks(content, elements, counter, style_info, bullet_lists)
        elif child.tag in (f"{W}customXml", f"{W}ins", f"{W}smartTag"):
            _read_blocks(child, elements, counter, style_info, bullet_lists)


def _paragraph(paragraph, number: int, style_info, bullet_lists) -> Element | None:
    text = re.sub(r"[ \t\u3000]+", " ", _text(paragraph)).strip()
    if not text:
        return None
    properties = paragraph.find(f"{W}pPr")
    style_id = ""
    outline_level = None
    num_id = None
    if properties is not None:
        style = properties.find(f"{W}pStyle")
        style_id = style.get(f"{W}val") if style is not None else ""
        outline = properties.find(f"{W}outlineLvl")
        outline_level = _int(outline.get(f"{W}val")) if outline is not None else None
        num = properties.find(f"{W}numPr/{W}numId")
        num_id = num.get(f"{W}val") if num is not None else None
    kind, level = style_info.get(style_id) or _classify_name(style_id) or ("other", None)
    if outline_level is not None and outline_level < 9:
        kind, level = "heading", outline_level + 1
    if kind == "toc":
        return None
    if kind == "title":
        return Element("heading", text, number, level=0, is_title=True)
    if kind == "heading":
        return Element("heading", text, number, level=level)
    if num_id is not None and num_id != "0":
        return Element("item", text, number, ordered=num_id not in bullet_lists)
    return Element("paragraph", text, number)


def _text(node) -> str:
    parts: list[str] = []
    _collect(node, parts)
    return "".join(parts)


def _collect(node, parts: list[str]) -> None:
    for child in node:
        tag = child.tag
        if tag in _SKIPPED:
            continue
        if tag == f"{W}t":
            parts.append(child.text or "")
        elif tag == f"{W}tab":
            parts.append("\t")
        elif tag in (f"{W}br", f"{W}cr"):
            parts.append(" ")
        else:
            _collect(child, parts)
