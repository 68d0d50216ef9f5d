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

running() {  # pgid: a process of the group still runs (one that exited but is not yet
  # collected by its parent, a zombie, does not count)
  ps -eo pgid=,stat= | awk -v g="$1" '$1 == g && $2 !~ /^Z/ { found = 1 } END { exit !found }'
}

ours() {  # pgid: the group still holds make run's manage.py runserver or celery
  pgrep -g "$1" -f 'manage.py runserver|celery -A training' >/dev/null 2>&1
}

groups=()
for pidfile in "$RUN_DIR"/web.pid "$RUN_DIR"/worker.pid "$RUN_DIR"/beat.pid; do
  [ -f "$pidfile" ] || continue
  pgid=$(cat "$pidfile")
  name=$(basename "$pidfile" .pid)
  if [[ "$pgid" =~ ^[0-9]+$ ]] && running "$pgid" && ours "$pgid"; then
    say "stopping the $name (process group $pgid)"
    if [ "$name" = web ]; then
      kill -TERM -- "-$pgid" 2>/dev/null  # runserver and its auto-reloader's child
    else
      kill -TERM "$pgid" 2>/dev/null  # celery's main process stops its own pool (warm)
    fi
    groups+=("$pgid")
  fi
  rm -f "$pidfile"
done

wait_for_groups() {  # seconds: until no group runs; leaves those still running in $alive
  local tenths=$(($1 * 10))
  for _ in $(seq 1 "$tenths"); do
    alive=()
    for pgid in "${groups[@]}"; do
      running "$pgid" && alive+=("$pgid")
    done
    [ ${#alive[@]} -eq 0 ] && return 0
    sleep 0.1
  done
  return 1
}

# A worker finishes the task in hand first; whatever still runs after 15 s is ended.
alive=()
if [ ${#groups[@]} -gt 0 ] && ! wait_for_groups 15; then
  for pgid in "${alive[@]}"; do kill -TERM -- "-$pgid" 2>/dev/null; done
  if ! wait_for_groups 3; then
    for pgid in "${alive[@]}"; do kill -KILL -- "-$pgid" 2>/dev/null; done
  fi
fi
if [ ${#groups[@]} -eq 0 ]; then
  say "Agent Academy is not running (nothing to stop)."
else
  say "Stopped."
fi
