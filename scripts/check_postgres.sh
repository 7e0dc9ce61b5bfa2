#!/usr/bin/env bash
# Portability check (`make portability`): builds the project on a throw-away PostgreSQL cluster
# and on DuckDB from the same bundled seeds, compares the marts (scripts/compare_engines.py),
# and tears the cluster down. Needs the PostgreSQL server binaries (initdb, pg_ctl), found with
# pg_config or in /usr/lib/postgresql/<version>/bin; PG_BIN=/path/to/bin overrides.
#
# The cluster listens on 127.0.0.1 only, on a free port, with a random password; its data and
# both builds live in a temporary folder that is removed on exit. Its session time zone is
# deliberately not UTC: no figure may depend on it. As root, the cluster runs as the user
# PG_OS_USER (default postgres), since initdb refuses root.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
VENV="${VENV:-$ROOT/.venv}"
PG_OS_USER="${PG_OS_USER:-postgres}"
PG_TIMEZONE="${PG_TIMEZONE:-America/Los_Angeles}"

# --- dbt with the Postgres adapter -------------------------------------------------------------
if [[ ! -x "$VENV/bin/dbt" ]]; then
    make -C "$ROOT" .venv/bin/.installed
fi
if ! "$VENV/bin/python" -c "import dbt.adapters.postgres, psycopg2" 2>/dev/null; then
    echo "Installing the Postgres adapter (requirements-postgres.txt) into $VENV"
    "$VENV/bin/pip" install --quiet --disable-pip-version-check -r "$ROOT/requirements-postgres.txt"
fi

# --- PostgreSQL server binaries (installed with apt-get when missing and run as root) ----------
find_pg_bin() {
    if command -v pg_config >/dev/null && [[ -x "$(pg_config --bindir)/initdb" ]]; then
        pg_config --bindir
    else
        ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true
    fi
}
if [[ -z "${PG_BIN:-}" ]]; then
    PG_BIN="$(find_pg_bin)"
    if [[ -z "$PG_BIN" ]]; then
        # shellcheck source=scripts/os_package.sh
        source "$ROOT/scripts/os_package.sh"
        os_package_install postgresql
        PG_BIN="$(find_pg_bin)"
    fi
fi
if [[ -z "$PG_BIN" || ! -x "$PG_BIN/initdb" || ! -x "$PG_BIN/pg_ctl" ]]; then
    echo "PostgreSQL server binaries (initdb, pg_ctl) not found; set PG_BIN=/path/to/bin." >&2
    exit 2
fi

WORK="$(mktemp -d "${TMPDIR:-/tmp}/sales_kpi_pg.XXXXXX")"
as_pg() {
    if [[ "$(id -u)" == 0 ]]; then
        runuser -u "$PG_OS_USER" -- "$@"
    else
        "$@"
    fi
}
if [[ "$(id -u)" == 0 ]]; then
    if ! id "$PG_OS_USER" >/dev/null 2>&1; then
        echo "Running as root: initdb needs a non-root user; set PG_OS_USER (no user '$PG_OS_USER')." >&2
        rm -rf "$WORK"
        exit 2
    fi
    chown "$PG_OS_USER" "$WORK"
fi

PGDATA_DIR="$WORK/pgdata"
cleanup() {
    if [[ -f "$PGDATA_DIR/postmaster.pid" ]]; then
        as_pg "$PG_BIN/pg_ctl" -D "$PGDATA_DIR" -m immediate -w stop >/dev/null 2>&1 || true
    fi
    rm -rf "$WORK"
}
trap cleanup EXIT

# --- throw-away cluster on 127.0.0.1 ------------------------------------------------------------
PORT="$("$VENV/bin/python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
PASSWORD="$("$VENV/bin/python" -c 'import secrets; print(secrets.token_hex(16))')"
(umask 077 && printf '%s\n' "$PASSWORD" >"$WORK/pwfile")
[[ "$(id -u)" == 0 ]] && chown "$PG_OS_USER" "$WORK/pwfile"
as_pg "$PG_BIN/initdb" -D "$PGDATA_DIR" -U postgres --pwfile="$WORK/pwfile" \
    --auth-host=scram-sha-256 --auth-local=scram-sha-256 -E UTF8 --locale=C >"$WORK/initdb.log" 2>&1 \
    || { cat "$WORK/initdb.log" >&2; exit 1; }
as_pg "$PG_BIN/pg_ctl" -D "$PGDATA_DIR" -l "$WORK/postgres.log" -w -t 60 start \
    -o "-c listen_addresses=127.0.0.1 -p $PORT -k $WORK -c fsync=off -c TimeZone=$PG_TIMEZONE" >/dev/null \
    || { cat "$WORK/postgres.log" >&2; exit 1; }
echo "PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$PORT (data in $WORK)"

export DBT_PROFILES_DIR="$ROOT" DBT_SEND_ANONYMOUS_USAGE_STATS=false
export PGHOST=127.0.0.1 PGPORT="$PORT" PGUSER=postgres PGPASSWORD="$PASSWORD" PGDATABASE=sales_kpi PGSCHEMA=public
"$VENV/bin/python" - <<'PY'
import psycopg2

connection = psycopg2.connect(dbname="postgres")
connection.autocommit = True
connection.cursor().execute("create database sales_kpi")
connection.close()
PY

# --- the two builds of the seeds (side by side) ------------------------------------------------
cd "$ROOT"
echo "Building on Postgres and on DuckDB (logs: $WORK/{postgres,duckdb}/build.log) ..."
mkdir -p "$WORK/postgres" "$WORK/duckdb"
DBT_TARGET=postgres DBT_TARGET_PATH="$WORK/postgres/target" DBT_LOG_PATH="$WORK/postgres/logs" \
    "$VENV/bin/dbt" build >"$WORK/postgres/build.log" 2>&1 &
pg_build=$!
DBT_TARGET=duckdb DBT_DUCKDB_PATH="$WORK/duckdb/warehouse.duckdb" DBT_TARGET_PATH="$WORK/duckdb/target" \
    DBT_LOG_PATH="$WORK/duckdb/logs" "$VENV/bin/dbt" build >"$WORK/duckdb/build.log" 2>&1 &
duck_build=$!
status=0
wait "$pg_build" || { echo "dbt build on Postgres failed:" >&2; tail -n 60 "$WORK/postgres/build.log" >&2; status=1; }
wait "$duck_build" || { echo "dbt build on DuckDB failed:" >&2; tail -n 60 "$WORK/duckdb/build.log" >&2; status=1; }
if [[ $status != 0 ]]; then
    exit 1
fi
echo "Postgres: $(grep -a 'Done\. PASS' "$WORK/postgres/build.log" | tail -n 1 | sed 's/.*Done\. //')"
echo "DuckDB:   $(grep -a 'Done\. PASS' "$WORK/duckdb/build.log" | tail -n 1 | sed 's/.*Done\. //')"

# --- the marts agree ------------------------------------------------------------------------------
"$VENV/bin/python" "$ROOT/scripts/compare_engines.py" \
    --duckdb "$WORK/duckdb/warehouse.duckdb" \
    --manifest "$WORK/duckdb/target/manifest.json" \
    --pg-dsn "host=127.0.0.1 port=$PORT user=postgres dbname=sales_kpi"
