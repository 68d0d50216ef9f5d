#!/usr/bin/env bash
# `make stop`: stop the web server, Celery worker and beat that `make run` started, by the
# process groups recorded in var/run/<name>.pid. Only processes of this checkout's `make run`
# are touched (a group whose leader is no longer ours, its pid reused, is left alone).
set -uo pipefail
cd "$(dirname "$0")/.."
RUN_DIR=var/run
quiet=false
[ "${1:-}" = "--quiet" ] && quiet=true
say() { $quiet || echo "$@"; }

ours() {  # pgid: the group still holds make run's manage.py runserver or celery
  pgrep -g "$1" -f 'manage.py runserver|celery -A training' >/dev/null 2>&1
}

groups=()
for pidfile in "$RUN_DIR"/web.pid "$RUN_DIR"/worker.pid "$RUN_DIR"/beat.pid; do
  [ -f "$pidfile" ] || continue
  pgid=$(cat "$pidfile")
  name=$(basename "$pidfile" .pid)
  if [[ "$pgid" =~ ^[0-9]+$ ]] && kill -0 -- "-$pgid" 2>/dev/null && ours "$pgid"; then
    say "stopping the $name (process group $pgid)"
    kill -TERM -- "-$pgid" 2>/dev/null
    groups+=("$pgid")
  fi
  rm -f "$pidfile"
done

# The worker finishes the task in hand (warm shut-down); after 10 s everything is killed.
for _ in $(seq 1 20); do
  alive=()
  for pgid in "${groups[@]}"; do
    kill -0 -- "-$pgid" 2>/dev/null && alive+=("$pgid")
  done
  [ ${#alive[@]} -eq 0 ] && break
  sleep 0.5
done
for pgid in "${alive[@]:-}"; do
  [ -n "$pgid" ] && kill -KILL -- "-$pgid" 2>/dev/null
done
if [ ${#groups[@]} -eq 0 ]; then
  say "Agent Academy is not running (nothing to stop)."
else
  say "Stopped."
fi
