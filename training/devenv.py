"""A developer's checkout just works: `.env` at the repository root, written once by
`make run` / `make install` (git-ignored), holds DEBUG=1 and a generated SECRET_KEY.

`manage.py` and the `celery` command read it before the settings load; the web server in
production (gunicorn, `training.wsgi`) never does, and no deployment has the file, so
production still refuses to start without a real SECRET_KEY. Variables already set in the
environment always win over the file. ENV_FILE names another file; ENV_FILE="" reads none.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# The settings the file is for; the test suite's settings never read it.
SETTINGS_MODULE = "training.settings"


def env_file_path() -> Path | None:
    configured = os.environ.get("ENV_FILE")
    if configured is None:
        return ROOT / ".env"
    return Path(configured) if configured.strip() else None


def parse_env_file(text: str) -> dict[str, str]:
    """KEY=VALUE lines; blank lines and # comments are skipped, one pair of quotes removed."""
    values = {}
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#") or "=" not in line:
            continue
        key, value = line.split("=", 1)
        key = key.strip().removeprefix("export ").strip()
        value = value.strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
            value = value[1:-1]
        if key:
            values[key] = value
    return values


def load_env_file() -> list[str]:
    """Set what the file says where the environment says nothing; returns the names set.

    Does nothing for other settings modules (the test suite) or when there is no file.
    """
    if os.environ.get("DJANGO_SETTINGS_MODULE", SETTINGS_MODULE) != SETTINGS_MODULE:
        return []
    path = env_file_path()
    if path is None or not path.is_file():
        return []
    loaded = []
    for key, value in parse_env_file(path.read_text(encoding="utf-8")).items():
        if key not in os.environ:
            os.environ[key] = value
            loaded.append(key)
    return loaded


def write_env_file(path: Path | None = None) -> bool:
    """Write a development `.env` (DEBUG=1, a new random SECRET_KEY) unless one exists.

    Returns whether it wrote one. The file is readable by its owner only.
    """
    path = path or ROOT / ".env"
    if path.exists():
        return False
    text = (
        "# Written by `make run` for this checkout only (git-ignored). manage.py and celery\n"
        "# read it; variables set in the environment win. Never use it in production.\n"
        "DEBUG=1\n"
        f"SECRET_KEY={secrets.token_urlsafe(50)}\n"
    )
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.write(text)
    return True
