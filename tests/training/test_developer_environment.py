"""A developer's checkout just works (`.env` from `make run`); production still needs a key."""

import os
import stat
import subprocess
import sys
from pathlib import Path

from training.devenv import parse_env_file, write_env_file

ROOT = Path(__file__).resolve().parents[2]
SHOW_SETTINGS = (
    "from django.conf import settings; print(settings.DEBUG, settings.SECRET_KEY, sep='|')"
)


def manage(*args, env):
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DEBUG", "SECRET_KEY", "ENV_FILE", "DJANGO_SETTINGS_MODULE"}
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_setup_writes_a_private_env_file_with_debug_and_a_fresh_secret_key(tmp_path):
    first, second = tmp_path / "a.env", tmp_path / "b.env"

    assert write_env_file(first) and write_env_file(second)

    values = parse_env_file(first.read_text())
    assert values["DEBUG"] == "1"
    assert len(values["SECRET_KEY"]) >= 50
    assert values["SECRET_KEY"] != parse_env_file(second.read_text())["SECRET_KEY"]
    assert stat.S_IMODE(first.stat().st_mode) == 0o600


def test_an_existing_env_file_is_never_overwritten(tmp_path):
    path = tmp_path / ".env"
    path.write_text("SECRET_KEY=mine\n")

    assert not write_env_file(path)
    assert path.read_text() == "SECRET_KEY=mine\n"


def test_manage_py_reads_the_env_file_without_debug_in_front(tmp_path):
    path = tmp_path / ".env"
    write_env_file(path)
    key = parse_env_file(path.read_text())["SECRET_KEY"]

    result = manage("shell", "-c", SHOW_SETTINGS, env={"ENV_FILE": str(path)})

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == f"True|{key}"


def test_variables_set_in_the_environment_win_over_the_file(tmp_path):
    path = tmp_path / ".env"
    path.write_text("DEBUG=1\nSECRET_KEY='from-the-file'\n")

    result = manage(
        "shell", "-c", SHOW_SETTINGS, env={"ENV_FILE": str(path), "SECRET_KEY": "from-env" * 8}
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "True|" + "from-env" * 8


def test_without_an_env_file_debug_is_off_and_a_secret_key_is_required(tmp_path):
    result = manage("check", env={"ENV_FILE": str(tmp_path / "missing.env")})

    assert result.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is off" in result.stderr


def test_the_test_suites_settings_never_read_the_env_file(tmp_path):
    path = tmp_path / ".env"
    path.write_text("DEBUG=1\nSECRET_KEY=from-the-file\n")

    result = manage(
        "shell",
        "-c",
        SHOW_SETTINGS,
        env={"ENV_FILE": str(path), "DJANGO_SETTINGS_MODULE": "training.test_settings"},
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "False|test-only-secret-key"


def test_the_env_file_is_ignored_by_git():
    result = subprocess.run(
        ["git", "check-ignore", "-q", ".env"], cwd=ROOT, capture_output=True, timeout=30
    )
    assert result.returncode == 0
