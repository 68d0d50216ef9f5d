#!/usr/bin/env bash
# `make run`: the app with demo content on the embedded default (SQLite, Celery on the
# filesystem broker, e-mail to the console), served on http://127.0.0.1:8000.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh

export DEBUG=${DEBUG:-1}
export DJANGO_SETTINGS_MODULE=training.settings
PY=.venv/bin/python
mkdir -p var/celery/queue var/celery/processed var/log

echo "==> migrating the database (var/db.sqlite3)"
$PY manage.py migrate --noinput
echo "==> loading demo content"
$PY manage.py load_demo
$PY manage.py load_demo_courses
$PY manage.py load_demo_training
$PY manage.py load_demo_quizzes
$PY manage.py load_demo_roleplay
$PY manage.py load_demo_certification

pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT INT TERM

echo "==> starting the Celery worker and beat (logs in var/log/)"
.venv/bin/celery -A training worker --loglevel=INFO --concurrency=2 >var/log/worker.log 2>&1 &
pids+=($!)
.venv/bin/celery -A training beat --loglevel=INFO >var/log/beat.log 2>&1 &
pids+=($!)

echo "==> serving on http://127.0.0.1:8000 (Ctrl-C stops everything)"
$PY manage.py runserver 127.0.0.1:8000
