"""From a document's elements to a course outline: which headings are chapters (→ modules),
sections (→ lessons) and headings inside a lesson, and what text belongs where.

How a document's structure is read:

- The heading levels come from markup (Word heading styles, Markdown `#`) and from the
  numbering in the heading text (第1章 / 第一章, 1.1, 1.1.1, 一、, （一）). Numbering wins
  where the two disagree, so "### 2.1.1" under "### 2.1" is still a level deeper. Plain
  text (or a document with no heading markup) is read from its numbering alone.
- The highest level a document uses is the chapter level (→ modules), the next one the
  section level (→ lessons); deeper levels become headings inside the lesson body.
- A single unnumbered heading above everything else (a Markdown `#` title, Word's Title
  style) is the document title: it names the course.
- Text before the first chapter (a preface, an editor's note) is the course introduction.
  Text between a chapter heading and its first section is the module introduction.
- A chapter with text but no sections becomes one lesson named after the chapter (the
  text is the lesson); a chapter with neither is reported as a problem, since it is almost
  always a misread heading or a table of contents.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from django.utils.translation import gettext

from courses.importers.manual_headings import (
    KIND_ORDER,
    Numbering,
    heading_numbering,
    is_toc_line,
    list_item_marker,
    plain_heading,
    split_heading,
    split_inline_list,
)
from courses.importers.manual_outline import (
    MAX_HEADING_LENGTH,
    MAX_LESSONS,
    MAX_MODULES,
    MAX_PARAGRAPHS,
    MAX_TITLE_LENGTH,
    Block,
    LessonOutline,
    ManualOutline,
    ModuleOutline,
    Problems,
    ReadDocument,
)
from training.importers.errors import ImportRejected


@dataclass
class _Heading:
    numbering: Numbering | None
    title: str
    line: int
    level: int | None  # markup level
    key: tuple = ()
    rank: int = 0


@dataclass
class _Text:
    kind: str  # "paragraph" or "item"
    text: str
    line: int
    ordered: bool = True
    number: int | None = None


def build_outline(document: ReadDocument) -> ManualOutline:
    """The outline of a document's elements; raises ImportRejected with every problem."""
    if len(document.elements) > MAX_PARAGRAPHS:
        raise ImportRejected.single(
            gettext(
                "The manual has %(count)s paragraphs; one course holds at most %(limit)s. "
                "Split the manual and import each part."
            )
            % {"count": len(document.elements), "limit": MAX_PARAGRAPHS}
        )
    problems = Problems(document.unit)
    tokens = _tokens(document)
    title = document.title
    headings = [token for token in tokens if isinstance(token, _Heading)]
    styled_titles = [
        element for element in document.elements if element.is_title and element.text.strip()
    ]
    if styled_titles:
        title = styled_titles[0].text.strip()
    title_heading = _rank_headings(headings, allow_title=not styled_titles)
    if title_heading is not None:
        title = title_heading.title
        tokens.remove(title_heading)

    outline = ManualOutline(title=title)
    module: ModuleOutline | None = None
    lesson: LessonOutline | None = None
    module_lines: dict[int, int] = {}
    pending: list[_Text | _Heading] = []  # content of the current container

    def flush():
        target = (
            lesson.blocks
            if lesson is not None
            else module.intro_blocks
            if module is not None
            else outline.intro
        )
        target.extend(_blocks(pending))
        pending.clear()

    for token in tokens:
        if isinstance(token, _Heading) and token.rank <= 2:
            flush()
            if len(token.title) > MAX_TITLE_LENGTH:
                problems.add(
                    gettext(
                        "This heading is %(length)s characters long; a page title can have "
                        "at most %(limit)s. Is it a heading run together with its text?"
                    )
                    % {"length": len(token.title), "limit": MAX_TITLE_LENGTH},
                    line=token.line,
                    field=gettext("heading"),
                )
            number = token.numbering.label if token.numbering else ""
            if token.rank == 1:
                module = ModuleOutline(title=token.title, number=number)
                module_lines[id(module)] = token.line
                outline.modules.append(module)
                lesson = None
            elif module is None:
                pending.append(token)  # a section before any chapter: part of the intro
            else:
                lesson = LessonOutline(title=token.title, number=number)
                module.lessons.append(lesson)
        else:
            pending.append(token)
    flush()

    if not outline.modules:
        problems.add(
            gettext(
                "No chapter headings were found. Mark chapters and sections as headings "
                "(Heading 1 / Heading 2 in Word, # / ## in Markdown) or number them "
                "(第1章 or 第一章, then 1.1, 1.2 …)."
            )
        )
    for module in outline.modules:
        if module.lessons:
            continue
        if module.intro_blocks:
            # A chapter with text but no sections: the text is its one lesson.
            module.lessons.append(LessonOutline(module.title, module.intro_blocks, module.number))
            module.intro_blocks = []
        else:
            problems.add(
                gettext("The chapter “%(title)s” has no sections and no text.")
                % {"title": module.title},
                line=module_lines[id(module)],
                field=gettext("heading"),
            )
    _refuse_if_too_big(outline)
    problems.raise_if_any()
    return outline


def _refuse_if_too_big(outline: ManualOutline) -> None:
    """Refuse a manual with more chapters or sections than one course holds."""
    if len(outline.modules) > MAX_MODULES:
        raise ImportRejected.single(
            gettext(
                "The manual has %(count)s chapters; a course made from one can have at most "
                "%(limit)s. Check that only chapter titles are marked as Heading 1 (or #), or "
                "split the manual."
            )
            % {"count": len(outline.modules), "limit": MAX_MODULES}
        )
    if outline.lesson_count > MAX_LESSONS:
        raise ImportRejected.single(
            gettext(
                "The manual has %(count)s sections; a course made from one can have at most "
                "%(limit)s lessons. Check that only section titles are marked as Heading 2 "
                "(or ##), or split the manual."
            )
            % {"count": outline.lesson_count, "limit": MAX_LESSONS}
        )


def _tokens(document: ReadDocument) -> list[_Text | _Heading]:
    """Headings (split where several were run together) and running text, in order."""
    elements = [element for element in document.elements if not element.is_title]
    marked = [element for element in elements if element.kind == "heading"]
    # Without heading markup (or with only a title), headings are read from numbering.
    detect_plain = len(marked) <= 1
    tokens: list[_Text | _Heading] = []
    chapter: int | None = None
    for element in elements:
        text = element.text.strip()
        if not text:
            continue
        numbering: Numbering | None = None
        is_heading = element.kind == "heading"
        if is_heading:
            numbering, rest = heading_numbering(text, in_heading=True)
        elif element.kind == "paragraph" and detect_plain and not is_toc_line(text):
            numbering = plain_heading(text, chapter=chapter)
            if numbering is not None:
                is_heading = True
                _numbering, rest = heading_numbering(text, in_heading=False)
        if is_heading:
            if numbering is not None and numbering.kind == "chapter":
                chapter = numbering.number[0]
            if numbering is None:
                parts = split_heading(rest, None)
            else:
                parts = split_heading(rest, numbering)
            for index, part in enumerate(parts):
                title = part.title or (part.numbering.label if part.numbering else "")
                level = element.level if index == 0 else None
                tokens.append(_Heading(part.numbering, title, element.line, level))
                if part.body:
                    tokens.extend(_text_tokens(part.body, element.line))
        elif element.kind == "item":
            tokens.append(_Text("item", text, element.line, element.ordered, element.number))
        else:
            tokens.extend(_text_tokens(text, element.line))
    return tokens


def _text_tokens(text: str, line: int) -> list[_Text]:
    """A paragraph of running text: a list item if numbered, split if it runs a list inline."""
    marker = list_item_marker(text)
    if marker is not None:
        number, rest = marker
        inline = split_inline_list(text)
        if inline is None or inline[0]:
            return [_Text("item", rest.strip(), line, True, number)]
        return [_Text("item", item, line, True, index) for index, item in enumerate(inline[1], 1)]
    inline = split_inline_list(text)
    if inline is None:
        return [_Text("paragraph", text, line)]
    lead, items = inline
    tokens = [_Text("paragraph", lead, line)] if lead else []
    tokens.extend(_Text("item", item, line, True, index) for index, item in enumerate(items, 1))
    return tokens


def _rank_headings(headings: list[_Heading], *, allow_title: bool) -> _Heading | None:
    """Give every heading its rank (1 = chapter); return the document-title heading, if any."""
    if not headings:
        return None
    kind_levels: dict[str, list[int]] = {}
    for heading in headings:
        if heading.numbering is not None:
            levels = kind_levels.setdefault(heading.numbering.kind, [])
            if heading.level is not None:
                levels.append(heading.level)
    kind_level = {
        kind: Counter(levels).most_common(1)[0][0] if levels else None
        for kind, levels in kind_levels.items()
    }
    known = {kind: level for kind, level in kind_level.items() if level is not None}
    kind_order = _kind_order(headings)
    kind_key: dict[str, tuple] = {}
    for kind, level in kind_level.items():
        order = kind_order[kind]
        if level is not None:
            kind_key[kind] = (level, order)
        elif not known:
            kind_key[kind] = (0, order)
        else:
            # Seen only without markup (e.g. run into another heading's line): place it
            # below the nearest higher kind that has markup.
            above = [lvl for other, lvl in known.items() if kind_order[other] < order]
            kind_key[kind] = (
                (max(above) + 0.5, order) if above else (min(known.values()) - 0.5, order)
            )
    level_key = {}
    for kind, level in known.items():
        level_key.setdefault(level, kind_key[kind])
        level_key[level] = min(level_key[level], kind_key[kind])
    for heading in headings:
        if heading.numbering is not None:
            heading.key = kind_key[heading.numbering.kind]
        elif heading.level is not None:
            heading.key = level_key.get(heading.level, (heading.level, -1))
        else:
            heading.key = (0, -1)

    title = None
    if allow_title:
        first = headings[0]
        smallest = min(heading.key for heading in headings)
        unmarked_rest = all(heading.level is None for heading in headings[1:])
        if (
            first.numbering is None
            and (
                (first.key == smallest and sum(h.key == smallest for h in headings) == 1)
                or (first.level is not None and unmarked_rest)
            )
            and len(headings) > 1
        ):
            title = first
    keys = sorted({heading.key for heading in headings if heading is not title})
    rank_of = {key: index + 1 for index, key in enumerate(keys)}
    for heading in headings:
        heading.rank = rank_of.get(heading.key, 0)
    return title


_FAMILIES = (("part", "chapter", "section"), ("cn_item", "cn_paren"), KIND_ORDER[5:10])


def _below(kind: str, other: str) -> bool:
    """Whether `kind` always sits below `other` in a hierarchy, whatever the document."""
    if other in _FAMILIES[0]:
        return kind not in _FAMILIES[0] or _FAMILIES[0].index(kind) > _FAMILIES[0].index(other)
    if kind == "paren_num":
        return other != "paren_num"
    for family in _FAMILIES[1:]:
        if kind in family and other in family:
            return family.index(kind) > family.index(other)
    return False


def _kind_order(headings: list[_Heading]) -> dict[str, int]:
    """The depth of each numbering kind, by how the document nests them.

    Whether 一、 sits above or below 1.1 differs between documents; follow the document: a
    kind first met inside another one is below it. Kinds met at the same depth share the
    same rank.
    """
    stack: list[str] = []
    depth: dict[str, int] = {}
    for heading in headings:
        if heading.numbering is None:
            continue
        kind = heading.numbering.kind
        if kind in stack:
            del stack[stack.index(kind) + 1 :]
        else:
            for index, open_kind in enumerate(stack):
                if _below(open_kind, kind):
                    del stack[index:]
                    break
            stack.append(kind)
        depth.setdefault(kind, len(stack))
    return depth


def _blocks(tokens: list[_Text | _Heading]) -> list[Block]:
    """Lesson blocks: headings, paragraphs, and runs of list items merged into lists."""
    blocks: list[Block] = []
    for token in tokens:
        if isinstance(token, _Heading):
            text = token.title
            if len(text) > MAX_HEADING_LENGTH or token.rank < 2:
                blocks.append(("paragraph", text))
            else:
                blocks.append(("heading", min(max(token.rank - 1, 2), 4), text))
            continue
        if token.kind == "paragraph":
            blocks.append(("paragraph", token.text))
            continue
        previous = blocks[-1] if blocks else None
        restarts = token.number == 1
        if (
            previous is not None
            and previous[0] == "list"
            and previous[1] == token.ordered
            and not restarts
        ):
            previous[2].append(token.text)
        else:
            blocks.append(("list", token.ordered, [token.text]))
    return blocks
