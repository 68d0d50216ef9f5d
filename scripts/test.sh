#!/usr/bin/env bash
# `make test`: ruff, then the whole suite on SQLite. (PostgreSQL, Redis and the browser
# set-up are added by the test-infrastructure work.)
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/ruff check .
.venv/bin/python -m pytest -q
