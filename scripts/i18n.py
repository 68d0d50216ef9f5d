#!/usr/bin/env python
"""Translation catalogues: compile, update, check.

compile  .po -> .mo for every catalogue, django and djangojs (pure Python via polib; no gettext)
update   run makemessages for zh_Hans over the whole project (needs GNU gettext)
check    fail if any catalogue has an untranslated or fuzzy entry, or if makemessages
         would add strings that are not in the catalogue yet (needs GNU gettext)
"""

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
