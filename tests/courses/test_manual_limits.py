"""A manual becomes one course of at most MAX_MODULES chapters and MAX_LESSONS sections, and a
Word file is unpacked under a running limit: hostile manuals are refused in seconds and little
memory, with a message that names the limit, and no page is created."""

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation
from wagtail.models import Page

from courses.importers.manual import parse_manual
from courses.importers.manual_docx import MAX_XML_ELEMENTS
from courses.importers.manual_outline import MAX_LESSONS, MAX_MODULES, MAX_PARAGRAPHS
from tests.courses.fixtures.manuals import docx_paragraph, make_docx
from tests.hostile_files import Bomb, measured, zip_with
from training.importers.errors import ImportRejected, format_problems

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def command_refuses(tmp_path, name: str, data: bytes) -> str:
    path = tmp_path / name
    path.write_bytes(data)
    pages = Page.objects.count()
    with measured() as cost, pytest.raises(CommandError) as refused:
        call_command("import_manual", str(path), "--kind", "onboarding")
    assert Page.objects.count() == pages
    assert cost.seconds < 20  # 40 000 headings take a few seconds to read, not minutes
    assert cost.peak_bytes < 400 * 1024 * 1024
    return str(refused.value)


def test_a_docx_of_40_000_headings_creates_nothing(tmp_path, catalog):
    paragraphs = [docx_paragraph("手册", "Title")]
    for chapter in range(1, 41):
        paragraphs.append(docx_paragraph(f"第{chapter}章", "Heading1"))
        paragraphs += [docx_paragraph(f"{chapter}.{n}", "Heading2") for n in range(1, 1001)]
    data = make_docx(paragraphs)
    assert len(data) < 200 * 1024

    message = command_refuses(tmp_path, "manual.docx", data)

    assert (
        f"The manual has 40000 sections; a course made from one can have at most "
        f"{MAX_LESSONS} lessons." in message
    )


def test_a_markdown_manual_of_a_million_headings_is_refused_before_it_is_read(tmp_path, catalog):
    # 5 MB: reading it took half a minute and a gigabyte.
    text = "# 手册\n" + "## A\n" * 1_000_000

    message = command_refuses(tmp_path, "manual.md", text.encode())

    assert (
        f"The manual has 1000001 lines of text; one course holds at most {MAX_PARAGRAPHS}."
        in message
    )


def test_a_docx_of_three_million_empty_paragraphs_is_refused_before_it_is_parsed(tmp_path, catalog):
    data = make_docx(["<w:p/>"] * 3_000_000)
    assert len(data) < 50 * 1024

    with measured() as cost:
        message = command_refuses(tmp_path, "manual.docx", data)

    assert f"too complex to import: more than {MAX_XML_ELEMENTS} elements" in message
    assert cost.peak_bytes < 100 * 1024 * 1024


def test_a_markdown_manual_of_too_many_chapters_is_refused():
    text = "# 手册\n\n" + "".join(f"## 第{n}章\n\n正文。\n\n" for n in range(1, MAX_MODULES + 2))

    with pytest.raises(ImportRejected) as refused:
        parse_manual(text.encode(), "manual.md")

    assert f"The manual has {MAX_MODULES + 1} chapters" in format_problems(refused.value.problems)


def test_a_manual_at_the_limits_is_read():
    chapters = MAX_LESSONS // 5
    text = "# 手册\n\n" + "".join(
        f"## 第{c}章\n\n" + "".join(f"### {c}.{n} 节\n\n正文。\n\n" for n in range(1, 6))
        for c in range(1, chapters + 1)
    )

    outline = parse_manual(text.encode(), "manual.md")

    assert (len(outline.modules), outline.lesson_count) == (chapters, MAX_LESSONS)


def test_a_docx_whose_text_lies_about_its_size_is_refused_in_little_memory(tmp_path, catalog):
    # 300 MB of zeros in 300 KB, declared as 1 KB: read in one go, it takes 300 MB or more.
    data = zip_with(
        {
            "[Content_Types].xml": b"<Types/>",
            "word/document.xml": Bomb(size=300 * 1024 * 1024, declared_size=1024),
        }
    )

    with measured() as cost:
        message = command_refuses(tmp_path, "manual.docx", data)

    assert "damaged or is not a .docx" in message
    assert cost.peak_bytes < 20 * 1024 * 1024


def test_a_docx_that_unpacks_past_the_limit_is_refused_as_it_unpacks(tmp_path, catalog):
    data = zip_with(
        {
            "[Content_Types].xml": b"<Types/>",
            "word/document.xml": Bomb(size=30 * 1024 * 1024, declared_size=30 * 1024 * 1024),
        }
    )

    message = command_refuses(tmp_path, "manual.docx", data)

    assert "The Word file unpacks to more than 20 MB of text" in message


def test_a_docx_of_thousands_of_parts_is_refused(tmp_path, catalog):
    parts = {"word/document.xml": b"<w:document/>"}
    parts |= {f"word/media/image{n}.png": b"" for n in range(1500)}

    message = command_refuses(tmp_path, "manual.docx", zip_with(parts))

    assert "The file is an archive of 1501 parts" in message
