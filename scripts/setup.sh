#!/usr/bin/env bash
# Create .venv and install the project into it; does nothing when already up to date.
# Also writes this checkout's .env (DEBUG=1, a new SECRET_KEY) the first time.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}
mkdir -p var/log

# Runs a long command with its output in a log, printing how long it has run so far.
with_ticker() {  # log-file command...
  local log=$1 t0=$SECONDS status=0
  shift
  "$@" >"$log" 2>&1 &
  local pid=$!
  # Ctrl-C while waiting: stop the command too, not only this script.
  trap 'kill "$pid" 2>/dev/null; exit 130' INT TERM
  while kill -0 "$pid" 2>/dev/null; do
    sleep 1
    if (( (SECONDS - t0) % 15 == 0 )) && kill -0 "$pid" 2>/dev/null; then
      echo "      … $((SECONDS - t0)) s"
    fi
  done
  wait "$pid" || status=$?
  trap - INT TERM
  if [ "$status" -ne 0 ]; then
    echo "!!! failed (exit status $status); the last lines of $log:" >&2
    tail -n 25 "$log" >&2
    return "$status"
  fi
}

if [ ! -x .venv/bin/python ]; then
  echo "      creating .venv with $("$PYTHON" --version 2>&1)"
  "$PYTHON" -m venv .venv
fi
stamp=.venv/.installed
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
  echo "      installing Python packages from pyproject.toml (about 2 minutes the first time;"
  echo "      details in var/log/install.log)"
  with_ticker var/log/install.log bash -c \
    '.venv/bin/python -m pip install --upgrade pip && .venv/bin/python -m pip install -e ".[dev]"'
  touch "$stamp"
fi
# Translations are compiled from the committed .po files (pure Python, no gettext needed).
.venv/bin/python scripts/i18n.py compile
# A developer's settings, read by manage.py and celery (training/devenv.py); never overwritten.
.venv/bin/python -c 'from training.devenv import write_env_file
if write_env_file():
    print("      wrote .env (DEBUG=1 and a new SECRET_KEY) for this checkout")'
