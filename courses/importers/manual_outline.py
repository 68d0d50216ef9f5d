"""What a manual is read into: the course outline, the elements a file's reader gives, and
the problems found, located the way that reader counts; with the limits of one manual.

A `ManualOutline` (course → modules → lessons, their content as `Block`s) is what the
trainer checks in the preview and what `manual_writer` turns into draft pages; it survives
a trip through JSON (`to_dict`/`from_dict`) so an import job writes exactly what was shown.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext

from training.importers.errors import ImportProblem, ImportRejected

# A manual becomes one course: a few dozen chapters of a few sections each. Past these it
# is a mistake (every line a heading) or not a manual, and writing it would take minutes.
MAX_MODULES = 100
MAX_LESSONS = 500
# Paragraphs (or lines of text) a manual may have: a thousand pages and more. Counted before
# the outline is worked out, which takes seconds per hundred thousand.
MAX_PARAGRAPHS = 50_000
MAX_TITLE_LENGTH = 255  # Wagtail page titles
MAX_HEADING_LENGTH = 200  # the lesson heading block

# A block of lesson content: ("heading", level 2–4, text), ("paragraph", text) or
# ("list", ordered, [item, …]). Plain tuples, so an outline survives a trip through JSON.
Block = tuple


@dataclass
class LessonOutline:
    title: str
    blocks: list[Block] = field(default_factory=list)
    number: str = ""


@dataclass
class ModuleOutline:
    title: str
    intro_blocks: list[Block] = field(default_factory=list)
    lessons: list[LessonOutline] = field(default_factory=list)
    number: str = ""


@dataclass
class ManualOutline:
    title: str
    intro: list[Block] = field(default_factory=list)
    modules: list[ModuleOutline] = field(default_factory=list)

    @property
    def lesson_count(self) -> int:
        return sum(len(module.lessons) for module in self.modules)

    def to_dict(self) -> dict:
        """The outline as JSON-ready data (see `from_dict`)."""
        return {
            "title": self.title,
            "intro": [list(block) for block in self.intro],
            "modules": [
                {
                    "title": module.title,
                    "number": module.number,
                    "intro_blocks": [list(block) for block in module.intro_blocks],
                    "lessons": [
                        {
                            "title": lesson.title,
                            "number": lesson.number,
                            "blocks": [list(block) for block in lesson.blocks],
                        }
                        for lesson in module.lessons
                    ],
                }
                for module in self.modules
            ],
        }

    @classmethod
    def from_dict(cls, data: dict) -> ManualOutline:
        def blocks(items):
            return [_block_from_json(item) for item in items]

        return cls(
            title=data["title"],
            intro=blocks(data["intro"]),
            modules=[
                ModuleOutline(
                    title=module["title"],
                    number=module.get("number", ""),
                    intro_blocks=blocks(module["intro_blocks"]),
                    lessons=[
                        LessonOutline(
                            title=lesson["title"],
                            number=lesson.get("number", ""),
                            blocks=blocks(lesson["blocks"]),
                        )
                        for lesson in module["lessons"]
                    ],
                )
                for module in data["modules"]
            ],
        )


def _block_from_json(item: list) -> Block:
    if item[0] == "list":
        return ("list", bool(item[1]), [str(entry) for entry in item[2]])
    if item[0] == "heading":
        return ("heading", int(item[1]), str(item[2]))
    return ("paragraph", str(item[1]))


@dataclass
class Element:
    """One piece of a document as its reader saw it, before the structure is worked out.

    `line` is the line number (text files) or paragraph number (Word). `level` is the
    heading level given by markup, None for running text or unmarked headings.
    """

    kind: str  # "heading", "paragraph" or "item"
    text: str
    line: int
    level: int | None = None
    ordered: bool = True  # items
    number: int | None = None  # items: the number written before them, if any
    is_title: bool = False  # a Word "Title" paragraph


@dataclass
class ReadDocument:
    elements: list[Element]
    unit: str  # "line" or "paragraph": what Element.line counts
    title: str = ""  # from document properties, if any


class Problems:
    """The problems found so far, located the way the file's reader counts."""

    def __init__(self, unit: str = "line"):
        self.unit = unit
        self.items: list[ImportProblem] = []

    def add(self, message: str, *, line: int | None = None, field: str = "") -> None:
        if line is not None and self.unit == "paragraph":
            where = gettext("paragraph %(number)s") % {"number": line}
            self.items.append(ImportProblem(None, f"{where}, {field}" if field else where, message))
        else:
            self.items.append(ImportProblem(line, field, message))

    def raise_if_any(self) -> None:
        if self.items:
            raise ImportRejected(self.items)
