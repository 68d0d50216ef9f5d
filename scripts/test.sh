#!/usr/bin/env bash
# `make test`: everything that must pass before a change goes in.
#
#   setup            .venv and the project's dependencies (scripts/setup.sh)
#   debian packages  postgresql redis-server chromium fonts-noto-cjk gettext, and pango for
#                    WeasyPrint's PDFs, installed with apt-get when missing; without apt only
#                    SQLite runs (in CI that fails)
#   postgresql       a throw-away cluster on 127.0.0.1:5432 (another port when 5432 is taken
#                    by a server this script cannot use), removed on exit
#   redis            a throw-away redis-server on 127.0.0.1:6379 (or one already running)
#   ruff, i18n       lint; translation catalogues complete (scripts/i18n.py check)
#   import layers    the apps' import contracts in pyproject.toml (lint-imports)
#   pytest sqlite    the whole suite, with the browser tests (screenshots in test-artifacts/)
#                    and the real-worker tests (Redis database 15)
#   pytest postgres  the whole suite but the browser tests, with the real-worker tests (Redis
#                    database 14); it runs beside the SQLite run, its output shown after
#
# Environment: CI=true makes missing services a failure instead of a reduced run;
# TEST_POSTGRES_URL=postgres://user:pass@host:port/any uses that server (the role needs
# CREATEDB) instead of starting one.
set -uo pipefail
cd "$(dirname "$0")/.."

PY=.venv/bin/python
PACKAGES=(postgresql redis-server chromium fonts-noto-cjk gettext libpango-1.0-0 libpangoft2-1.0-0)
IN_CI=false
[ "${CI:-}" = "true" ] && IN_CI=true
started=$SECONDS

say() { printf '\n==> %s\n' "$*"; }
warn() { printf '!!! %s\n' "$*" >&2; }

# --- stage bookkeeping -------------------------------------------------------------------
summary=()
failures=0
record() {  # name result seconds [note]
  summary+=("$(printf '  %-18s %-8s %4ss  %s' "$1" "$2" "$3" "${4:-}")")
  if [ "$2" = FAIL ]; then failures=$((failures + 1)); fi
}
print_summary() {
  say "summary ($((SECONDS - started))s)"
  printf '%s\n' "${summary[@]}"
  if [ "$failures" -eq 0 ]; then
    echo "make test: passed"
  else
    echo "make test: FAILED ($failures stage(s))"
  fi
}
stage() {  # name command...: runs the command, records ok/FAIL with its duration
  local name=$1 t0=$SECONDS
  shift
  say "$name"
  if "$@"; then
    record "$name" ok $((SECONDS - t0))
  else
    local status=$?
    record "$name" FAIL $((SECONDS - t0)) "exit status $status"
  fi
}
unavailable() {  # name seconds reason: a service this machine cannot provide
  if $IN_CI; then
    warn "$3 (CI=true: this is a failure)"
    record "$1" FAIL "$2" "$3"
  else
    warn "$3"
    record "$1" SKIPPED "$2" "$3"
  fi
}

# --- throw-away services, removed on exit -------------------------------------------------
PG_BIN=""
PG_DIR=""
AS_PG=()
REDIS_PID=""
REDIS_DIR=""
PG_PID=""  # the PostgreSQL pytest run, beside the SQLite one
PG_LOG=""
cleanup() {
  if [ -n "$PG_PID" ] && kill -0 "$PG_PID" 2>/dev/null; then
    kill "$PG_PID" 2>/dev/null
    wait "$PG_PID" 2>/dev/null
  fi
  [ -n "$PG_LOG" ] && rm -f "$PG_LOG"
  if [ -n "$REDIS_PID" ]; then
    kill "$REDIS_PID" 2>/dev/null
    wait "$REDIS_PID" 2>/dev/null
  fi
  [ -n "$REDIS_DIR" ] && rm -rf "$REDIS_DIR"
  if [ -n "$PG_DIR" ]; then
    (cd / && "${AS_PG[@]}" "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m immediate -w stop) \
      >/dev/null 2>&1
    rm -rf "$PG_DIR"
  fi
}
trap cleanup EXIT
trap 'echo; warn "interrupted"; exit 130' INT TERM

port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
free_port() {
  local port=$1
  while port_busy "$port"; do port=$((port + 1)); done
  echo "$port"
}

# --- setup ---------------------------------------------------------------------------------
say "setup: .venv and dependencies"
t0=$SECONDS
if ! bash scripts/setup.sh; then
  record setup FAIL $((SECONDS - t0))
  print_summary
  exit 1
fi
record setup ok $((SECONDS - t0))

# --- Debian packages -------------------------------------------------------------------------
FULL_RUN=true  # false: no PostgreSQL and Redis, SQLite only
ensure_packages() {
  local t0=$SECONDS missing=() package sudo=()
  if command -v dpkg-query >/dev/null; then
    for package in "${PACKAGES[@]}"; do
      dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "ok installed" ||
        missing+=("$package")
    done
  else
    missing=("${PACKAGES[@]}")
  fi
  if [ ${#missing[@]} -eq 0 ]; then
    record "debian packages" ok $((SECONDS - t0)) "all present"
    return
  fi
  if ! command -v apt-get >/dev/null; then
    FULL_RUN=false
    unavailable "debian packages" $((SECONDS - t0)) \
      "no apt-get on this machine: cannot install ${missing[*]}; running on SQLite only"
    return
  fi
  if [ "$(id -u)" -ne 0 ]; then
    if sudo -n true 2>/dev/null; then
      sudo=(sudo -n)
    else
      FULL_RUN=false
      unavailable "debian packages" $((SECONDS - t0)) \
        "missing ${missing[*]} and no root or password-less sudo to install them; SQLite only"
      return
    fi
  fi
  say "installing missing Debian packages: ${missing[*]} (apt-get update first)"
  if "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq &&
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive \
      apt-get install -y -qq --no-install-recommends "${missing[@]}"; then
    record "debian packages" ok $((SECONDS - t0)) "installed ${missing[*]}"
  else
    record "debian packages" FAIL $((SECONDS - t0)) "apt-get could not install ${missing[*]}"
  fi
}
say "debian packages: ${PACKAGES[*]}"
ensure_packages

# --- PostgreSQL ------------------------------------------------------------------------------
POSTGRES_URL=""
DB_NAME="academy_$$"  # the tests use test_academy_<pid>: runs side by side do not collide

# Prints a DATABASE_URL for $DB_NAME on the server at $1 if it lets us in with a role that may
# create databases, and is not another run's throw-away cluster (which goes when that run ends).
usable_postgres() {
  "$PY" - "$1" "$DB_NAME" <<'PY'
import sys
from urllib.parse import urlsplit, urlunsplit

import psycopg

url, db_name = sys.argv[1], sys.argv[2]
try:
    with psycopg.connect(url, connect_timeout=3) as conn:
        cluster = conn.execute("SHOW cluster_name").fetchone()[0]
        may_create = conn.execute(
            "SELECT rolsuper OR rolcreatedb FROM pg_roles WHERE rolname = current_user"
        ).fetchone()[0]
except psycopg.Error:
    sys.exit(1)
if cluster == "agent-academy-test" or not may_create:
    sys.exit(1)
parts = urlsplit(url)
print(urlunsplit(parts._replace(scheme="postgres", path=f"/{db_name}")))
PY
}

start_postgresql() {
  local port=5432 url
  if [ -n "${TEST_POSTGRES_URL:-}" ]; then
    if url=$(usable_postgres "$TEST_POSTGRES_URL"); then
      POSTGRES_URL=$url
      PG_NOTE="TEST_POSTGRES_URL"
      return 0
    fi
    warn "TEST_POSTGRES_URL does not connect with a role that may create databases"
    return 1
  fi
  PG_BIN=$(find /usr/lib/postgresql -mindepth 2 -maxdepth 2 -name bin 2>/dev/null |
    sort -V | tail -n 1)
  if [ -z "$PG_BIN" ] || [ ! -x "$PG_BIN/initdb" ]; then
    warn "no PostgreSQL server under /usr/lib/postgresql/*/bin"
    return 1
  fi
  if port_busy 5432; then
    if url=$(usable_postgres "postgres://postgres@127.0.0.1:5432/postgres"); then
      POSTGRES_URL=$url
      PG_NOTE="reused the server on 127.0.0.1:5432"
      say "reusing the PostgreSQL server already on 127.0.0.1:5432"
      return 0
    fi
    port=$(free_port 5433)
    say "127.0.0.1:5432 is taken by a server this script cannot use; using port $port instead"
  fi
  PG_DIR=$(mktemp -d -t agent-academy-pg.XXXXXX)
  if [ "$(id -u)" -eq 0 ]; then
    chown postgres:postgres "$PG_DIR" || return 1
    AS_PG=(runuser -u postgres --)
  fi
  # Durability is worthless for a cluster that lives for one run, and costs seconds.
  local options="-c listen_addresses=127.0.0.1 -p $port -c unix_socket_directories=$PG_DIR"
  options+=" -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
  options+=" -c cluster_name=agent-academy-test"
  if ! (cd / && "${AS_PG[@]}" "$PG_BIN/initdb" -D "$PG_DIR/data" -U postgres -A trust \
    -E UTF8 --locale=C.UTF-8) >"$PG_DIR/initdb.log" 2>&1; then
    cat "$PG_DIR/initdb.log"
    return 1
  fi
  if ! (cd / && "${AS_PG[@]}" "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" \
    -w -t 30 -o "$options" start) >/dev/null; then
    cat "$PG_DIR/server.log"
    return 1
  fi
  # The suite connects as an ordinary role that may create its test database, as in production.
  (cd / && "${AS_PG[@]}" "$PG_BIN/psql" -h 127.0.0.1 -p "$port" -U postgres -d postgres \
    -v ON_ERROR_STOP=1 -qc "CREATE ROLE academy LOGIN CREATEDB") || return 1
  POSTGRES_URL="postgres://academy@127.0.0.1:$port/$DB_NAME"
  PG_NOTE="throw-away cluster on 127.0.0.1:$port"
}

PG_NOTE=""
if $FULL_RUN; then
  say "postgresql"
  t0=$SECONDS
  if start_postgresql; then
    record postgresql ok $((SECONDS - t0)) "$PG_NOTE"
  else
    record postgresql FAIL $((SECONDS - t0)) "could not start"
  fi
else
  unavailable postgresql 0 "SQLite only on this machine: the PostgreSQL run is left out"
fi

# --- Redis -------------------------------------------------------------------------------------
REDIS_URL_FOR_TESTS=""

# A Redis at 127.0.0.1:$1 that answers and is not another run's throw-away server.
usable_redis() {
  "$PY" - "$1" <<'PY'
import sys

import redis

client = redis.Redis(
    host="127.0.0.1", port=int(sys.argv[1]), socket_connect_timeout=3, socket_timeout=3
)
try:
    client.ping()
except redis.RedisError:
    sys.exit(1)
try:
    folder = client.config_get("dir").get("dir", "")
except redis.RedisError:
    folder = ""  # CONFIG may be disabled on a shared server; it answered, so use it
sys.exit(1 if "agent-academy-redis." in folder else 0)
PY
}

redis_answers() {  # port: PING over plain bash, for waiting on a server just started
  (exec 3<>"/dev/tcp/127.0.0.1/$1" && printf 'PING\r\n' >&3 &&
    read -r -t 2 reply <&3 && [[ $reply == +PONG* ]]) 2>/dev/null
}

start_redis() {
  local port=6379 i
  if ! command -v redis-server >/dev/null; then
    warn "redis-server is not installed"
    return 1
  fi
  if port_busy 6379; then
    if usable_redis 6379; then
      REDIS_URL_FOR_TESTS="redis://127.0.0.1:6379/15"
      REDIS_NOTE="reused the server on 127.0.0.1:6379"
      say "reusing the Redis server already on 127.0.0.1:6379 (database 15)"
      return 0
    fi
    port=$(free_port 6380)
    say "127.0.0.1:6379 is taken by a server this script cannot use; using port $port instead"
  fi
  REDIS_DIR=$(mktemp -d -t agent-academy-redis.XXXXXX)
  redis-server --bind 127.0.0.1 --port "$port" --save '' --appendonly no --daemonize no \
    --dir "$REDIS_DIR" >"$REDIS_DIR/redis.log" 2>&1 &
  REDIS_PID=$!
  for i in $(seq 50); do
    if redis_answers "$port"; then
      REDIS_URL_FOR_TESTS="redis://127.0.0.1:$port/15"
      REDIS_NOTE="throw-away server on 127.0.0.1:$port"
      return 0
    fi
    if ! kill -0 "$REDIS_PID" 2>/dev/null; then break; fi
    sleep 0.2
  done
  cat "$REDIS_DIR/redis.log"
  return 1
}

REDIS_NOTE=""
if $FULL_RUN; then
  say "redis"
  t0=$SECONDS
  if start_redis; then
    record redis ok $((SECONDS - t0)) "$REDIS_NOTE"
  else
    record redis FAIL $((SECONDS - t0)) "could not start"
  fi
else
  unavailable redis 0 "SQLite only on this machine: the real-worker tests are skipped"
fi

# --- checks and the suite ------------------------------------------------------------------------
stage ruff .venv/bin/ruff check .
stage "import layers" .venv/bin/lint-imports --no-cache
stage i18n "$PY" scripts/i18n.py check

rm -rf test-artifacts
mkdir -p test-artifacts
PYTEST=("$PY" -m pytest -q -rfEs)
pytest_sqlite() {
  if [ -n "$REDIS_URL_FOR_TESTS" ]; then
    env -u DATABASE_URL REDIS_URL="$REDIS_URL_FOR_TESTS" "${PYTEST[@]}"
  else
    env -u DATABASE_URL -u REDIS_URL "${PYTEST[@]}"
  fi
}
pytest_postgres() {
  # The browser tests ran on SQLite; they test pages, not the database. Its own Redis
  # database: the real-worker tests of the two runs must not take each other's tasks.
  if [ -n "$REDIS_URL_FOR_TESTS" ]; then
    env DATABASE_URL="$POSTGRES_URL" REDIS_URL="${REDIS_URL_FOR_TESTS%/*}/14" \
      "${PYTEST[@]}" -m "not browser"
  else
    env -u REDIS_URL DATABASE_URL="$POSTGRES_URL" "${PYTEST[@]}" -m "not browser"
  fi
}

# The two runs go side by side (each is one Python process; the machine has two cores or
# more): PostgreSQL's output is kept in a log and shown when SQLite's run has finished.
PG_T0=$SECONDS
if [ -n "$POSTGRES_URL" ]; then
  PG_LOG=$(mktemp -t agent-academy-pytest-pg.XXXXXX)
  say "pytest postgresql: started beside the SQLite run (its output follows SQLite's)"
  pytest_postgres >"$PG_LOG" 2>&1 &
  PG_PID=$!
fi
stage "pytest sqlite" pytest_sqlite
if [ -n "$PG_PID" ]; then
  say "pytest postgresql"
  if wait "$PG_PID"; then
    status=0
  else
    status=$?
  fi
  cat "$PG_LOG"
  PG_PID=""
  if [ "$status" -eq 0 ]; then
    record "pytest postgresql" ok $((SECONDS - PG_T0)) "beside the SQLite run"
  else
    record "pytest postgresql" FAIL $((SECONDS - PG_T0)) "exit status $status"
  fi
elif $FULL_RUN || $IN_CI; then
  record "pytest postgresql" FAIL 0 "no PostgreSQL server"
else
  record "pytest postgresql" SKIPPED 0 "no PostgreSQL on this machine"
fi

print_summary
[ "$failures" -eq 0 ]
