#!/usr/bin/env python
"""Translation catalogues: compile, update, check.

compile  .po -> .mo for every catalogue, django and djangojs (pure Python via polib; no gettext)
update   run makemessages for zh_Hans over the whole project (needs GNU gettext)
check    fail if any catalogue has an untranslated or fuzzy entry, if makemessages
         would add strings that are not in the catalogue yet (needs GNU gettext), or if
         the code marks a string in a way xgettext does not see (inside an f-string, or
         through a name makemessages does not know)
"""

import ast
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
LOCALE = "zh_Hans"
IGNORE = [".venv/*", "var/*", "tests/*", "scripts/*", "staticfiles/*", "node_modules/*"]


def catalogues() -> list[Path]:
    return sorted(
        p for p in ROOT.glob(f"**/locale/{LOCALE}/LC_MESSAGES/*.po") if ".venv" not in p.parts
    )


def compile_all() -> None:
    for po_path in catalogues():
        mo_path = po_path.with_suffix(".mo")
        if not mo_path.exists() or mo_path.stat().st_mtime < po_path.stat().st_mtime:
            polib.pofile(str(po_path)).save_as_mofile(str(mo_path))


def makemessages(cwd: Path) -> None:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "training.settings", "DEBUG": "1"}
    args = [
        sys.executable,
        str(ROOT / "manage.py"),
        "makemessages",
        "-l",
        LOCALE,
        "--no-obsolete",
        "--add-location=file",
    ]
    for pattern in IGNORE:
        args += ["--ignore", pattern]
    subprocess.run(args, cwd=cwd, env=env, check=True, stdout=subprocess.DEVNULL)


def problems() -> list[str]:
    found = []
    for po_path in catalogues():
        po = polib.pofile(str(po_path))
        rel = po_path.relative_to(ROOT)
        found += [f"{rel}: untranslated: {e.msgid!r}" for e in po.untranslated_entries()]
        found += [f"{rel}: fuzzy: {e.msgid!r}" for e in po.fuzzy_entries()]
    return found


# The names makemessages extracts from Python (xgettext --keyword, Django's defaults).
KEYWORDS = {
    "_",
    "gettext",
    "gettext_lazy",
    "gettext_noop",
    "ngettext",
    "ngettext_lazy",
    "pgettext",
    "pgettext_lazy",
    "npgettext",
    "npgettext_lazy",
}
TRANSLATION_MODULES = {"django.utils.translation"}


def _python_sources() -> list[Path]:
    skip = {".venv", "var", "tests", "scripts", "staticfiles", "node_modules", ".git", "migrations"}
    return sorted(p for p in ROOT.rglob("*.py") if not skip & set(p.relative_to(ROOT).parts))


def hidden_strings(paths=None) -> list[str]:
    """Strings marked for translation that xgettext 0.21 never extracts, so they stay in
    English for a Chinese user: a gettext call inside an f-string's braces, and a
    translation function imported under a name makemessages does not know."""
    found = []
    for path in paths or _python_sources():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        rel = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module in TRANSLATION_MODULES:
                for alias in node.names:
                    if alias.asname and alias.asname not in KEYWORDS and "gettext" in alias.name:
                        found.append(
                            f"{rel}:{node.lineno}: {alias.name} imported as {alias.asname!r}: "
                            "makemessages does not extract its strings"
                        )
            if isinstance(node, ast.JoinedStr):
                for inner in ast.walk(node):
                    if (
                        isinstance(inner, ast.Call)
                        and isinstance(inner.func, ast.Name)
                        and inner.func.id in KEYWORDS
                    ):
                        found.append(
                            f"{rel}:{inner.lineno}: {inner.func.id}(...) inside an f-string: "
                            "xgettext does not extract it; translate it outside the f-string"
                        )
    return found


def check() -> int:
    if shutil.which("xgettext") is None:
        print("i18n check: GNU gettext (xgettext) is not installed", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        # Work on a copy so that a check never rewrites the catalogues.
        copy = Path(tmp) / "src"
        skip = shutil.ignore_patterns(".venv", "var", ".git", "node_modules", "test-artifacts")
        shutil.copytree(ROOT, copy, ignore=skip)
        os.symlink(ROOT / ".venv", copy / ".venv")
        makemessages(copy)
        found = []
        for po_path in sorted(copy.glob(f"**/locale/{LOCALE}/LC_MESSAGES/*.po")):
            if ".venv" in po_path.parts:
                continue
            po = polib.pofile(str(po_path))
            rel = po_path.relative_to(copy)
            found += [f"{rel}: untranslated: {e.msgid!r}" for e in po.untranslated_entries()]
            found += [f"{rel}: fuzzy: {e.msgid!r}" for e in po.fuzzy_entries()]
    found += hidden_strings()
    for line in found:
        print(line)
    print(f"i18n check: {len(found)} problem(s)")
    return 1 if found else 0


def main() -> int:
    command = sys.argv[1] if len(sys.argv) > 1 else "compile"
    if command == "compile":
        compile_all()
        return 0
    if command == "update":
        makemessages(ROOT)
        compile_all()
        for line in problems():
            print(line)
        return 0
    if command == "check":
        return check()
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main())
