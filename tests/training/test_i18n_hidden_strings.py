"""`scripts/i18n.py check` fails on a string marked for translation that makemessages never
extracts — it would stay in English for a Chinese user (found: "not done" and "target" in
the evaluation report)."""

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
spec = importlib.util.spec_from_file_location("i18n_script", ROOT / "scripts" / "i18n.py")
i18n = importlib.util.module_from_spec(spec)
spec.loader.exec_module(i18n)


def test_a_gettext_call_inside_an_f_string_is_reported(tmp_path):
    source = tmp_path / "module.py"
    source.write_text(
        "from django.utils.translation import gettext as _\n"
        "def label(done):\n"
        "    return f\"survey: {_('done') if done else _('not done')}\"\n",
        encoding="utf-8",
    )
    found = i18n.hidden_strings([source])
    assert len(found) == 2 and all("inside an f-string" in line for line in found)


def test_a_translation_function_under_an_unknown_name_is_reported(tmp_path):
    source = tmp_path / "module.py"
    source.write_text(
        "from django.utils.translation import gettext as t, gettext_lazy as _\n"
        "LABEL = t('Evaluation')\n",
        encoding="utf-8",
    )
    [line] = i18n.hidden_strings([source])
    assert "imported as 't'" in line


def test_strings_marked_the_way_makemessages_reads_them_pass(tmp_path):
    source = tmp_path / "module.py"
    source.write_text(
        "from django.utils.translation import gettext as _\n"
        "def label(state, name):\n"
        "    text = _('%(name)s: %(state)s') % {'name': name, 'state': _(state)}\n"
        "    return f'{text} ({name})'\n",
        encoding="utf-8",
    )
    assert i18n.hidden_strings([source]) == []


def test_the_project_marks_no_string_where_makemessages_misses_it():
    assert i18n.hidden_strings() == []
