#!/usr/bin/env bash
# Smoke test of cabledb's BI layer against a real Apache Superset.
#
# Installs Superset into its own virtual environment, prepares a cabledb database and a read-only reader role,
# starts Superset on 127.0.0.1 and drives it through its REST API (scripts/bi_smoke.py): a database connection
# as the reader, a dataset per bi view, the documented queries in SQL Lab, a refused write and a chart checked
# against psql. Not run by CI. Run scripts/bi-smoke.sh --help for the options.
set -euo pipefail

SUPERSET_VERSION=6.1.0
# Superset 6.1.0 needs these beside it to start (rich and cachetools are imported but not declared; a newer
# Flask-Caching breaks it). [postgres] pulls the psycopg2-binary driver its postgresql:// URLs use.
SUPERSET_REQUIREMENTS=("apache-superset[postgres]==${SUPERSET_VERSION}" rich cachetools "flask-caching==2.3.1")

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$SCRIPT_DIR/.." && pwd)

SMOKE_HOME=${CABLEDB_BI_SMOKE_HOME:-$HOME/.cache/cabledb-bi-smoke}
DATABASE_URL=${CABLEDB_DATABASE_URL:-postgresql://postgres@127.0.0.1:5432/cabledb_bi_smoke}
CORPUS=${CABLEDB_BI_SMOKE_CORPUS:-$REPO/../shared/corpus/cablegate-html-dev.tar.xz}
READER=bi_smoke_reader
PORT=8089
PYTHON=${CABLEDB_BI_SMOKE_PYTHON:-python3.11}
START_TIMEOUT=240    # seconds to wait for Superset's /health
INSTALL_ONLY=0
FRESH=0

usage() {
    cat <<EOF
Usage: scripts/bi-smoke.sh [OPTIONS]

Smoke-test cabledb's BI layer with a real Apache Superset ${SUPERSET_VERSION}.

  1. installs Superset into its own virtual environment under the smoke home (once; reused later),
  2. creates the database if absent, upgrades its schema and, if it holds no cables, imports the corpus,
  3. creates (or updates) a read-only role with 'cabledb db create-reader',
  4. starts Superset on 127.0.0.1 (SQLite metadata and a generated SECRET_KEY in the smoke home),
  5. through Superset's REST API: connects as the reader, adds a dataset for every bi view and checks its
     columns and descriptions, runs the documented queries (docs/bi.md, docs/sql.md) in SQL Lab, checks that
     writes are refused, and builds a chart whose data it compares with psql.

It prints PASS/FAIL per check and a summary, and exits 1 when a check fails. Superset is always stopped on exit.

Options:
  --database-url URL   admin URL of the cabledb database (created if absent)
                       [default: \$CABLEDB_DATABASE_URL, else postgresql://postgres@127.0.0.1:5432/cabledb_bi_smoke]
  --corpus FILE        what to import into an empty database [default: ../shared/corpus/cablegate-html-dev.tar.xz]
  --reader NAME        the throwaway read-only role [default: ${READER}]
  --port PORT          Superset's port on 127.0.0.1; the next free one if taken [default: ${PORT}]
  --home DIR           smoke home: Superset's venv, config, metadata DB and logs
                       [default: \$CABLEDB_BI_SMOKE_HOME, else ~/.cache/cabledb-bi-smoke]
  --python EXE         Python that creates Superset's venv (Superset 6.1 supports 3.10-3.12) [default: python3.11]
  --start-timeout SEC  how long to wait for Superset to answer /health [default: ${START_TIMEOUT}]
  --fresh              start from an empty Superset metadata database (the venv is kept)
  --install-only       only install Superset, then exit
  -h, --help           show this help

Environment: CABLEDB runs cabledb (default: "\$REPO/.venv/bin/python -m cabledb"); CABLEDB_BI_SMOKE_HOME,
CABLEDB_DATABASE_URL and CABLEDB_BI_SMOKE_CORPUS give the defaults above.
EOF
}

while [[ $# -gt 0 ]]; do
    case $1 in
        --database-url) DATABASE_URL=$2; shift 2 ;;
        --database-url=*) DATABASE_URL=${1#*=}; shift ;;
        --corpus) CORPUS=$2; shift 2 ;;
        --corpus=*) CORPUS=${1#*=}; shift ;;
        --reader) READER=$2; shift 2 ;;
        --reader=*) READER=${1#*=}; shift ;;
        --port) PORT=$2; shift 2 ;;
        --port=*) PORT=${1#*=}; shift ;;
        --home) SMOKE_HOME=$2; shift 2 ;;
        --home=*) SMOKE_HOME=${1#*=}; shift ;;
        --python) PYTHON=$2; shift 2 ;;
        --python=*) PYTHON=${1#*=}; shift ;;
        --start-timeout) START_TIMEOUT=$2; shift 2 ;;
        --start-timeout=*) START_TIMEOUT=${1#*=}; shift ;;
        --fresh) FRESH=1; shift ;;
        --install-only) INSTALL_ONLY=1; shift ;;
        -h|--help) usage; exit 0 ;;
        *) echo "bi-smoke: unknown option: $1 (see --help)" >&2; exit 2 ;;
    esac
done

if [[ -n ${CABLEDB:-} ]]; then
    read -r -a CABLEDB_CMD <<<"$CABLEDB"
else
    CABLEDB_CMD=("$REPO/.venv/bin/python" -m cabledb)
fi
HELPER_PY="$REPO/.venv/bin/python"        # runs scripts/bi_smoke.py (standard library only)
[[ -x $HELPER_PY ]] || HELPER_PY=$PYTHON
HELPER=("$HELPER_PY" "$SCRIPT_DIR/bi_smoke.py")

mkdir -p "$SMOKE_HOME"
SMOKE_HOME=$(cd "$SMOKE_HOME" && pwd)
VENV=$SMOKE_HOME/venv
LOG=$SMOKE_HOME/logs
mkdir -p "$LOG"
PIP_LOG=$LOG/pip.log
SETUP_LOG=$LOG/setup.log
SERVER_LOG=$LOG/superset-server.log

FAILED=0
PASSED=0
pass() { PASSED=$((PASSED + 1)); printf 'PASS  %s\n' "$*"; }
fail() { FAILED=$((FAILED + 1)); printf 'FAIL  %s\n' "$*"; }
info() { printf '      %s\n' "$*"; }
# A setup step that everything after depends on failed: say why and where the log is, and stop.
abort() {
    fail "$1"
    [[ -n ${2:-} ]] && info "log: $2" && tail -n 15 "$2" | sed 's/^/      | /'
    summary
    exit 1
}
summary() {
    echo
    if [[ $FAILED -eq 0 ]]; then
        echo "SUMMARY: PASS ($PASSED checks passed)"
    else
        echo "SUMMARY: FAIL ($FAILED of $((PASSED + FAILED)) checks failed; logs in $LOG)"
    fi
}
# Run a command as a background child and wait for it: bash runs its signal traps only between commands, and
# `wait` is the one it interrupts, so Ctrl-C or a TERM stops the smoke test (and Superset) at once.
CHILD_PID=
in_child() {
    local status=0
    "$@" &
    CHILD_PID=$!
    wait "$CHILD_PID" || status=$?
    CHILD_PID=
    return "$status"
}
# Run a command with a time limit, its output appended to a log.
logged() {
    local log=$1 limit=$2
    shift 2
    local shown="$*"
    local secret
    for secret in "${ADMIN_PASSWORD:-}" "${READER_PASSWORD:-}"; do
        [[ -n $secret ]] && shown=${shown//"$secret"/"***"}
    done
    echo "+ $shown (at $(date -Is))" >>"$log"
    in_child timeout --kill-after=10 "$limit" "$@" >>"$log" 2>&1 </dev/null
}

# Whatever happens, stop what this script started: the step running now, and Superset.
SERVER_PID=
stop_child() {
    [[ -n $CHILD_PID ]] && kill -TERM "$CHILD_PID" 2>/dev/null && wait "$CHILD_PID" 2>/dev/null
    CHILD_PID=
}
stop_superset() {
    [[ -n $SERVER_PID ]] || return 0
    if kill -0 "$SERVER_PID" 2>/dev/null; then
        kill -TERM "$SERVER_PID" 2>/dev/null || true
        for _ in $(seq 1 30); do
            kill -0 "$SERVER_PID" 2>/dev/null || break
            sleep 1
        done
        kill -0 "$SERVER_PID" 2>/dev/null && kill -KILL "$SERVER_PID" 2>/dev/null || true
    fi
    wait "$SERVER_PID" 2>/dev/null || true
    SERVER_PID=
}
trap 'stop_child; stop_superset' EXIT
trap 'echo "bi-smoke: interrupted" >&2; exit 130' INT
trap 'echo "bi-smoke: terminated" >&2; exit 143' TERM

# -- 1. Superset in its own virtual environment ---------------------------------------------------------------

install_superset() {
    local stamp=$VENV/.cabledb-bi-smoke-installed want
    want="${SUPERSET_REQUIREMENTS[*]}"
    if [[ -f $stamp && $(cat "$stamp") == "$want" && -x $VENV/bin/superset ]]; then
        pass "Superset ${SUPERSET_VERSION} installed (reused $VENV)"
        return
    fi
    if ! command -v "$PYTHON" >/dev/null; then
        abort "Superset install: no $PYTHON (Superset ${SUPERSET_VERSION} needs Python 3.10-3.12; use --python)"
    fi
    if ! "$PYTHON" -c 'import sys; sys.exit(not ((3, 10) <= sys.version_info[:2] <= (3, 12)))'; then
        abort "Superset install: $PYTHON is Python $("$PYTHON" -c 'import platform; print(platform.python_version())'); Superset ${SUPERSET_VERSION} supports 3.10-3.12"
    fi
    local started=$SECONDS
    echo "      installing Superset ${SUPERSET_VERSION} into $VENV (pip output: $PIP_LOG) ..."
    [[ -x $VENV/bin/python ]] || logged "$PIP_LOG" 300 "$PYTHON" -m venv "$VENV" \
        || abort "Superset install: could not create the venv" "$PIP_LOG"
    logged "$PIP_LOG" 600 "$VENV/bin/python" -m pip install --upgrade pip setuptools wheel \
        || abort "Superset install: pip upgrade failed" "$PIP_LOG"
    logged "$PIP_LOG" 3600 "$VENV/bin/python" -m pip install "${SUPERSET_REQUIREMENTS[@]}" \
        || abort "Superset install: pip install failed" "$PIP_LOG"
    logged "$PIP_LOG" 120 "$VENV/bin/python" -c 'import superset, psycopg2' \
        || abort "Superset install: superset or psycopg2 does not import" "$PIP_LOG"
    echo "$want" >"$stamp"
    pass "Superset ${SUPERSET_VERSION} installed in $((SECONDS - started)) s ($VENV)"
}

install_superset
if [[ $INSTALL_ONLY -eq 1 ]]; then
    summary
    exit 0
fi

# -- 2. The cabledb database ------------------------------------------------------------------------------------

psql_admin() { timeout 120 psql -X -q -At -v ON_ERROR_STOP=1 "$DATABASE_URL" "$@"; }

prepare_database() {
    local maint dbname exists cables
    command -v psql >/dev/null || abort "database: psql is not installed (the checks compare with it)"
    dbname=$("${HELPER[@]}" url dbname "$DATABASE_URL")
    maint=$("${HELPER[@]}" url maintenance "$DATABASE_URL")
    exists=$(timeout 60 psql -X -At "$maint" -c "SELECT 1 FROM pg_database WHERE datname = '${dbname//\'/\'\'}'" 2>>"$SETUP_LOG") \
        || abort "database: cannot reach the server at $("${HELPER[@]}" url display "$DATABASE_URL")" "$SETUP_LOG"
    if [[ $exists != 1 ]]; then
        logged "$SETUP_LOG" 60 psql -X -q -v ON_ERROR_STOP=1 "$maint" -c "CREATE DATABASE \"${dbname//\"/\"\"}\"" \
            || abort "database: could not create $dbname" "$SETUP_LOG"
        info "created database $dbname"
    fi
    logged "$SETUP_LOG" 600 "${CABLEDB_CMD[@]}" db upgrade --database-url "$DATABASE_URL" \
        || abort "database: cabledb db upgrade failed" "$SETUP_LOG"
    cables=$(psql_admin -c "SELECT count(*) FROM cable" 2>>"$SETUP_LOG") \
        || abort "database: cannot count the cables" "$SETUP_LOG"
    if [[ $cables -eq 0 ]]; then
        [[ -r $CORPUS ]] || abort "database: empty, and no corpus to import at $CORPUS (use --corpus)"
        info "importing $CORPUS (log: $SETUP_LOG) ..."
        local started=$SECONDS
        # exit status 1 means some records were rejected (kept in import_error); the database is still usable.
        logged "$SETUP_LOG" 3600 "${CABLEDB_CMD[@]}" import --quiet --database-url "$DATABASE_URL" "$CORPUS" \
            || [[ $? -eq 1 ]] || abort "database: cabledb import failed" "$SETUP_LOG"
        cables=$(psql_admin -c "SELECT count(*) FROM cable")
        info "imported $cables cables in $((SECONDS - started)) s"
    fi
    [[ $cables -gt 0 ]] || abort "database: no cables after the import" "$SETUP_LOG"
    pass "database $("${HELPER[@]}" url display "$DATABASE_URL") is current and holds $cables cables"
}

# -- 3. The read-only role --------------------------------------------------------------------------------------

create_reader() {
    local pwfile=$SMOKE_HOME/reader-password
    if [[ ! -s $pwfile ]]; then
        (umask 077 && "${HELPER[@]}" token >"$pwfile")
    fi
    READER_PASSWORD=$(<"$pwfile")
    # Re-running create-reader updates an existing role (privileges, timeout and, with --password-stdin, password).
    logged "$SETUP_LOG" 120 bash -c 'printf "%s\n" "$1" | "${@:2}"' create-reader "$READER_PASSWORD" \
        "${CABLEDB_CMD[@]}" db create-reader "$READER" --password-stdin --database-url "$DATABASE_URL" \
        || abort "reader: cabledb db create-reader $READER failed" "$SETUP_LOG"
    pass "read-only role $READER created/updated with cabledb db create-reader"
}

# -- 4. Superset ------------------------------------------------------------------------------------------------

configure_superset() {
    local config=$SMOKE_HOME/superset_config.py secret_file=$SMOKE_HOME/secret-key
    [[ -s $secret_file ]] || (umask 077 && "${HELPER[@]}" token 42 >"$secret_file")
    [[ $FRESH -eq 1 ]] && rm -f "$SMOKE_HOME/superset.db"
    cat >"$config" <<EOF
# Written by cabledb's scripts/bi-smoke.sh: a throwaway Superset for the BI smoke test.
from pathlib import Path

_home = Path(__file__).resolve().parent
SECRET_KEY = (_home / "secret-key").read_text().strip()
SQLALCHEMY_DATABASE_URI = "sqlite:///" + str(_home / "superset.db")
DATA_DIR = str(_home / "data")
TALISMAN_ENABLED = False
RATELIMIT_STORAGE_URI = "memory://"
SQLLAB_TIMEOUT = 120
SUPERSET_WEBSERVER_TIMEOUT = 120
EOF
    export SUPERSET_CONFIG_PATH=$config SUPERSET_HOME=$SMOKE_HOME FLASK_APP=superset
    ADMIN_USER=admin
    local admin_file=$SMOKE_HOME/admin-password
    [[ -s $admin_file ]] || (umask 077 && "${HELPER[@]}" token >"$admin_file")
    ADMIN_PASSWORD=$(<"$admin_file")

    local started=$SECONDS
    logged "$SETUP_LOG" 900 "$VENV/bin/superset" db upgrade || abort "Superset: superset db upgrade failed" "$SETUP_LOG"
    # create-admin reports an existing user and changes nothing; reset-password makes it match the file.
    logged "$SETUP_LOG" 300 "$VENV/bin/superset" fab create-admin --username "$ADMIN_USER" --firstname Smoke \
        --lastname Test --email admin@example.invalid --password "$ADMIN_PASSWORD" \
        || abort "Superset: could not create the admin user" "$SETUP_LOG"
    logged "$SETUP_LOG" 300 "$VENV/bin/superset" fab reset-password --username "$ADMIN_USER" \
        --password "$ADMIN_PASSWORD" || abort "Superset: could not set the admin password" "$SETUP_LOG"
    logged "$SETUP_LOG" 900 "$VENV/bin/superset" init || abort "Superset: superset init failed" "$SETUP_LOG"
    pass "Superset configured in $((SECONDS - started)) s (db upgrade, admin user, init; $config)"
}

start_superset() {
    PORT=$("${HELPER[@]}" free-port "$PORT")
    BASE_URL=http://127.0.0.1:$PORT
    : >"$SERVER_LOG"
    "$VENV/bin/gunicorn" --bind "127.0.0.1:$PORT" --workers 1 --threads 4 --timeout 180 \
        --access-logfile - "superset.app:create_app()" >>"$SERVER_LOG" 2>&1 &
    SERVER_PID=$!
    local started=$SECONDS
    until "${HELPER[@]}" health "$BASE_URL/health" 2>/dev/null; do
        if ! kill -0 "$SERVER_PID" 2>/dev/null; then
            abort "Superset: the web server exited during start-up" "$SERVER_LOG"
        fi
        if (( SECONDS - started > START_TIMEOUT )); then
            abort "Superset: no answer on $BASE_URL/health within $START_TIMEOUT s" "$SERVER_LOG"
        fi
        sleep 2
    done
    pass "Superset answers $BASE_URL/health after $((SECONDS - started)) s (pid $SERVER_PID, log $SERVER_LOG)"
}

prepare_database
create_reader
configure_superset
start_superset

# -- 5-8. The REST API checks -----------------------------------------------------------------------------------

rm -f "$LOG/api-checks.json"
set +e
in_child "${HELPER[@]}" api --superset "$BASE_URL" --user "$ADMIN_USER" --password-file "$SMOKE_HOME/admin-password" \
    --admin-url "$DATABASE_URL" --reader "$READER" \
    --reader-password-file "$SMOKE_HOME/reader-password" --repo "$REPO" \
    --results "$LOG/api-checks.json"
api_status=$?
set -e
if [[ -f $LOG/api-checks.json ]]; then
    read -r api_pass api_fail < <("${HELPER[@]}" counts "$LOG/api-checks.json")
    PASSED=$((PASSED + api_pass))
    FAILED=$((FAILED + api_fail))
fi
if [[ $api_status -ne 0 && $FAILED -eq 0 ]]; then
    fail "API checks: scripts/bi_smoke.py exited with status $api_status"
fi

stop_superset
summary
[[ $FAILED -eq 0 ]]
