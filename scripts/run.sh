#!/usr/bin/env bash
# `make run`: the app with demo content on the embedded default (SQLite, Celery on the
# filesystem broker, e-mail to the console), served on http://127.0.0.1:8000.
#
# It runs three processes: the web server (its output, with the e-mails it sends, in this
# terminal), a Celery worker and beat (logs in var/log/). Each runs in a process group of its
# own, whose id is kept in var/run/<name>.pid: Ctrl-C here stops all three, and `make stop`
# (scripts/stop.sh) stops what a run left behind (a closed terminal, a killed shell).
set -euo pipefail
cd "$(dirname "$0")/.."

STEPS=5
step() { printf '\n[%s/%s] %s\n' "$1" "$STEPS" "$2"; }
started=$SECONDS
RUN_DIR=var/run
SERVICES=(web worker beat)

# A run still going (or its leftovers) would hold the port: say so instead of failing later.
for name in "${SERVICES[@]}"; do
  pidfile="$RUN_DIR/$name.pid"
  if [ -f "$pidfile" ] && pgrep -g "$(cat "$pidfile")" -f 'manage.py runserver|celery -A training' >/dev/null; then
    echo "Agent Academy is already running (the $name, process group $(cat "$pidfile"))." >&2
    echo "Stop it with 'make stop' (or Ctrl-C in its terminal), then 'make run' again." >&2
    exit 1
  fi
done

if (exec 3<>/dev/tcp/127.0.0.1/8000) 2>/dev/null; then
  echo "Something else already answers on 127.0.0.1:8000; stop it first." >&2
  exit 1
fi

cat <<'EOF'
Agent Academy: setting up and starting on http://127.0.0.1:8000
The first start on a clean clone takes about 3 minutes (installing Python packages, then
creating the database and the demo content); later starts take about a minute.
Ctrl-C stops everything (or 'make stop' from another terminal).
EOF

step 1 "Installing Python packages (.venv)…"
bash scripts/setup.sh

PY=.venv/bin/python

# Printable certificates (WeasyPrint) need pango and the Chinese fonts from the system.
PDF_PACKAGES=(libpango-1.0-0 libpangoft2-1.0-0 fonts-noto-cjk)
ensure_pdf_libraries() {
  local missing=() package sudo=()
  if command -v dpkg-query >/dev/null; then
    for package in "${PDF_PACKAGES[@]}"; do
      dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "ok installed" ||
        missing+=("$package")
    done
  fi
  if [ ${#missing[@]} -gt 0 ] && command -v apt-get >/dev/null; then
    if [ "$(id -u)" -ne 0 ] && sudo -n true 2>/dev/null; then sudo=(sudo -n); fi
    if [ "$(id -u)" -eq 0 ] || [ ${#sudo[@]} -gt 0 ]; then
      echo "      installing ${missing[*]} for printable certificates (apt-get)…"
      "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null &&
        "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive \
          apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null ||
        echo "!!! apt-get could not install ${missing[*]}" >&2
    fi
  fi
  if ! $PY -c 'import weasyprint' >/dev/null 2>&1; then
    echo "!!! Printable certificates (PDF) will not work: WeasyPrint cannot load its libraries." >&2
    echo "    Install them (as root): apt-get install ${PDF_PACKAGES[*]}" >&2
    echo "    Everything else works; the PDF link says the PDF cannot be made here." >&2
  elif command -v fc-list >/dev/null && ! fc-list :lang=zh family | grep -q .; then
    echo "!!! No Chinese font: certificates would print Chinese as empty boxes." >&2
    echo "    Install one (as root): apt-get install fonts-noto-cjk" >&2
  fi
}
ensure_pdf_libraries

export DJANGO_SETTINGS_MODULE=training.settings
mkdir -p var/celery/queue var/celery/processed var/log "$RUN_DIR"

step 2 "Migrating the database (var/db.sqlite3)…"
$PY manage.py migrate --noinput -v 0

step 3 "Loading the demo people and courses…"
$PY manage.py load_demo
echo "      courses…"
$PY manage.py load_demo_courses

step 4 "Loading demo content: assignments, quizzes, role-play, evaluation, certification…"
# Certification after evaluation: the long-serving agents evaluation adds hold certificates
# moved over from the paper records.
for command in load_demo_training load_demo_quizzes load_demo_roleplay load_demo_evaluation \
  load_demo_certification; do
  echo "      ${command#load_demo_}…"
  $PY manage.py "$command" >var/log/"$command".log 2>&1 || {
    echo "!!! $command failed; see var/log/$command.log" >&2
    tail -n 25 var/log/"$command".log >&2
    exit 1
  }
done

stopping=false
cleanup() {
  $stopping && return
  stopping=true
  trap '' INT TERM  # a second Ctrl-C does not interrupt the clean-up
  echo
  echo "Stopping the web server, the Celery worker and beat…"
  bash scripts/stop.sh --quiet
  echo "Stopped."
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM HUP

# Each service in a session (and process group) of its own: stop.sh ends the whole group,
# the runserver's auto-reloader and the worker's pool processes included.
start() {  # name command...
  local name=$1
  shift
  if command -v setsid >/dev/null; then
    setsid "$@" &
  else  # macOS has no setsid(1)
    $PY -c 'import os, sys; os.setsid(); os.execvp(sys.argv[1], sys.argv[1:])' "$@" &
  fi
  echo $! >"$RUN_DIR/$name.pid"
}

step 5 "Starting the Celery worker and beat (logs in var/log/), then the web server…"
start worker .venv/bin/celery -A training worker --loglevel=INFO --concurrency=2 \
  >var/log/worker.log 2>&1
start beat .venv/bin/celery -A training beat --loglevel=INFO >var/log/beat.log 2>&1
start web $PY manage.py runserver 127.0.0.1:8000

# Ready when the server answers (its checks take a few seconds), or gone if it failed.
web_pid=$(cat "$RUN_DIR/web.pid")
until (exec 3<>/dev/tcp/127.0.0.1/8000) 2>/dev/null; do
  kill -0 "$web_pid" 2>/dev/null || exit 1
  sleep 0.5
done
echo
echo "==> Ready in $((SECONDS - started)) s: http://127.0.0.1:8000  (Ctrl-C stops everything)"
echo "    E-mails sent by the web server (approval requests, password resets) appear below;"
echo "    those the worker sends (invitations, reminders) are in var/log/worker.log."
wait "$web_pid"
