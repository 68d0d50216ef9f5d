"""Icons are inline SVG, never emoji or dingbats: those need a font that has the glyph, and
where none has it (many office PCs) they show as empty boxes."""

import re
from pathlib import Path

import pytest
from django.template import Context, Template, TemplateSyntaxError

ROOT = Path(__file__).resolve().parents[2]
# Emoji and pictographs, dingbats (✓ ✗ ★), arrows-as-pictographs (⬇), variation selector 16.
PICTOGRAPH = re.compile("[\u2600-\u27bf\u2b00-\u2bff\U0001f000-\U0001faff\ufe0f]")
SOURCES = ("training", "courses", "quizzes", "roleplay", "certification", "templates", "static")
# Words an importer accepts in a file people fill in (✓ for "true"); never shown to anyone.
INPUT_VOCABULARY = {Path("quizzes/importers/xlsx_columns.py")}


def render(source: str) -> str:
    return Template("{% load icons %}" + source).render(Context())


def test_an_icon_is_inline_svg_hidden_from_screen_readers_and_styled_by_class_only():
    html = render('{% icon "lock" %}')
    assert html.startswith('<svg class="icon icon--lock"')
    assert 'aria-hidden="true"' in html and 'focusable="false"' in html
    assert "style=" not in html  # the Content-Security-Policy allows no inline style
    assert 'stroke="currentColor"' in html  # drawn in the colour of the text beside it


def test_an_unknown_icon_is_an_error_not_a_gap_in_the_page():
    with pytest.raises(TemplateSyntaxError, match="No icon named 'padlock'"):
        render('{% icon "padlock" %}')


def test_no_template_script_or_module_shows_an_emoji_or_dingbat():
    found = []
    for top in SOURCES:
        for path in (ROOT / top).rglob("*"):
            if path.suffix not in {".html", ".py", ".js", ".css", ".txt"}:
                continue
            if path.relative_to(ROOT) in INPUT_VOCABULARY or "migrations" in path.parts:
                continue
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                if PICTOGRAPH.search(line):
                    found.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()[:80]}")
    assert not found, "use {% icon %} instead:\n" + "\n".join(found)
