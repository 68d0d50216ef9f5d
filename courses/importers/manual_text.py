"""Reading Markdown and plain-text manuals into elements (headings, paragraphs, list items).

Inline Markdown (bold, italic, code, links, images, HTML tags) is reduced to its text: the
importer makes a draft for a trainer to polish, and lesson text is rebuilt as rich text.
"""

from __future__ import annotations

import re

from courses.importers.manual_headings import list_item_marker
from courses.importers.manual_outline import Element, ReadDocument

_ATX = re.compile(r"^ {0,3}(#{1,6})(?:\s+(.*?))?\s*#*\s*$")
_SETEXT = re.compile(r"^ {0,3}(=+|-+)\s*$")
_FENCE = re.compile(r"^ {0,3}(```|~~~)")
_RULE = re.compile(r"^ {0,3}([-*_])(\s*\1){2,}\s*$")
_BULLET = re.compile(r"^\s*[-*+•·]\s+(.*)$")
_ORDERED = re.compile(r"^\s*(\d{1,3})[.)]\s+(.*)$")
_QUOTE = re.compile(r"^ {0,3}>\s?")
_TABLE_SEPARATOR = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")
_HTML_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)

_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_LINK = re.compile(r"\[([^\]]+)\]\([^)]*\)")
_REFERENCE_LINK = re.compile(r"\[([^\]]+)\]\[[^\]]*\]")
_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>")
_EMPHASIS = (
    re.compile(r"\*\*(.+?)\*\*"),
    re.compile(r"__(.+?)__"),
    re.compile(r"(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?![\w*])"),
    re.compile(r"(?<![\w_])_(?!\s)(.+?)(?<!\s)_(?![\w_])"),
    re.compile(r"~~(.+?)~~"),
    re.compile(r"`([^`]+)`"),
)
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>~])")
# Sentence-final punctuation: a line ending in it ends the paragraph in plain text.
_PARAGRAPH_END = tuple("。！？!?；;：:.…」』”）)")


def looks_like_markdown(text: str) -> bool:
    """Whether text without a telling extension uses Markdown headings."""
    return any(_ATX.match(line) and line.lstrip().startswith("#") for line in text.splitlines())


def inline_text(text: str) -> str:
    """Markdown inline markup reduced to plain text."""
    text = _IMAGE.sub(r"\1", text)
    text = _LINK.sub(r"\1", text)
    text = _REFERENCE_LINK.sub(r"\1", text)
    text = _TAG.sub("", text)
    for pattern in _EMPHASIS:
        text = pattern.sub(r"\1", text)
    text = _ESCAPE.sub(r"\1", text)
    return re.sub(r"[ \t]+", " ", text).strip()


def _join(previous: str, following: str) -> str:
    """Two wrapped lines of one paragraph: no space between Chinese characters."""
    if previous and following and (ord(previous[-1]) > 0x2E7F or ord(following[0]) > 0x2E7F):
        return previous + following
    return f"{previous} {following}"


class _Builder:
    def __init__(self):
        self.elements: list[Element] = []
        self.paragraph: list[str] = []
        self.paragraph_line = 0

    def add_line(self, text: str, line: int, *, join: bool) -> None:
        if self.paragraph and join:
            self.paragraph[-1] = _join(self.paragraph[-1], text)
            return
        self.end_paragraph()
        self.paragraph = [text]
        self.paragraph_line = line

    def end_paragraph(self) -> None:
        if self.paragraph:
            text = "".join(self.paragraph).strip()
            if text:
                self.elements.append(Element("paragraph", text, self.paragraph_line))
        self.paragraph = []

    def add(self, element: Element) -> None:
        self.end_paragraph()
        if element.text:
            self.elements.append(element)


def read_markdown(text: str) -> ReadDocument:
    """Elements of a Markdown document; line numbers count from 1."""
    text = _HTML_COMMENT.sub(lambda match: "\n" * match.group(0).count("\n"), text)
    lines = text.split("\n")
    builder = _Builder()
    title = ""
    start = 0
    if lines and lines[0].strip() == "---":  # YAML front matter
        for index in range(1, min(len(lines), 60)):
            if lines[index].strip() in ("---", "..."):
                for meta in lines[1:index]:
                    key, _sep, value = meta.partition(":")
                    if key.strip().lower() == "title":
                        title = value.strip().strip("\"'")
                start = index + 1
                break
    fence: str | None = None
    for index in range(start, len(lines)):
        raw = lines[index]
        line_no = index + 1
        if fence is not None:
            if raw.strip().startswith(fence):
                fence = None
                builder.end_paragraph()
            elif raw.strip():
                builder.add(Element("paragraph", raw.rstrip(), line_no))
            continue
        fence_match = _FENCE.match(raw)
        if fence_match:
            fence = fence_match.group(1)
            builder.end_paragraph()
            continue
        if not raw.strip():
            builder.end_paragraph()
            continue
        setext = _SETEXT.match(raw)
        if setext and len(builder.paragraph) == 1 and "\n" not in builder.paragraph[0]:
            heading = inline_text(builder.paragraph[0])
            builder.paragraph = []
            level = 1 if setext.group(1).startswith("=") else 2
            builder.add(Element("heading", heading, builder.paragraph_line, level=level))
            continue
        if _RULE.match(raw):
            builder.end_paragraph()
            continue
        atx = _ATX.match(raw)
        if atx:
            level = len(atx.group(1))
            builder.add(Element("heading", inline_text(atx.group(2) or ""), line_no, level=level))
            continue
        body = _QUOTE.sub("", raw)
        while _QUOTE.match(body):
            body = _QUOTE.sub("", body)
        if body.strip().startswith("|"):
            if _TABLE_SEPARATOR.match(body):
                continue
            cells = [inline_text(cell) for cell in body.strip().strip("|").split("|")]
            builder.add(Element("paragraph", " | ".join(cell for cell in cells if cell), line_no))
            continue
        bullet = _BULLET.match(body)
        if bullet and not _RULE.match(body):
            builder.add(Element("item", inline_text(bullet.group(1)), line_no, ordered=False))
            continue
        ordered = _ORDERED.match(body)
        if ordered:
            number = int(ordered.group(1))
            builder.add(Element("item", inline_text(ordered.group(2)), line_no, number=number))
            continue
        content = inline_text(body)
        if not content:
            builder.end_paragraph()
            continue
        if list_item_marker(content) is not None:
            builder.add(Element("paragraph", content, line_no))
            continue
        previous = builder.paragraph[-1] if builder.paragraph else ""
        builder.add_line(content, line_no, join=not previous.endswith(_PARAGRAPH_END))
    builder.end_paragraph()
    return ReadDocument(builder.elements, "line", title)


def read_text(text: str) -> ReadDocument:
    """Elements of a plain-text document: every paragraph; headings come from numbering.

    A line that ends a sentence ends its paragraph; other lines are joined to the next one
    (text wrapped by an editor), unless the next line starts with a number or the line
    itself is a short numbered line (a heading).
    """
    builder = _Builder()
    closed = True  # the paragraph so far cannot continue on the next line
    for index, raw in enumerate(text.split("\n")):
        content = re.sub(r"[ \t\u3000]+", " ", raw).strip()
        if not content:
            builder.end_paragraph()
            closed = True
            continue
        numbered = _NUMBERED_START.match(content) is not None
        builder.add_line(content, index + 1, join=not closed and not numbered)
        closed = content.endswith(_PARAGRAPH_END) or (numbered and len(content) <= 60)
    builder.end_paragraph()
    elements = builder.elements
    # A short first line standing alone, before any numbered heading, is the title.
    if (
        len(elements) > 1
        and elements[0].kind == "paragraph"
        and len(elements[0].text) <= 40
        and not elements[0].text.endswith(_PARAGRAPH_END)
        and _NUMBERED_START.match(elements[0].text) is None
        and elements[1].line > elements[0].line + 1
    ):
        elements[0].kind, elements[0].level = "heading", 1
    return ReadDocument(elements, "line")


_NUMBERED_START = re.compile(
    r"^(第\s*[0-9零〇一二三四五六七八九十百两]+\s*[章篇节讲课]|第\s*[0-9一二三四五六七八九十]+\s*部分"
    r"|[0-9]+\s*[.．、)）]|[一二三四五六七八九十]+\s*[、.．]|[（(]|[①-⑳])"
)
