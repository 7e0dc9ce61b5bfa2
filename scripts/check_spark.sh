#!/usr/bin/env bash
# Spark check (`make spark`): builds the whole project (seeds, staging and its ledger,
# intermediates, marts, contracts, data and unit tests: one `dbt build`) on a local Spark
# session (dbt-spark `session` mode, the `spark` output of profiles.yml, Parquet tables) and on
# DuckDB from the same bundled seeds, side by side, then compares every mart
# (scripts/compare_engines.py). Everything lives in a temporary folder removed on exit.
#
# Needs Java (17): installed with apt-get when missing and run as root. Installs
# requirements-spark.txt into .venv when the adapter is missing. SPARK_DRIVER_MEMORY
# (default 1g) sizes the local Spark.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
VENV="${VENV:-$ROOT/.venv}"
# shellcheck source=scripts/os_package.sh
source "$ROOT/scripts/os_package.sh"

# --- dbt with the Spark adapter ----------------------------------------------------------------
if [[ ! -x "$VENV/bin/dbt" ]]; then
    make -C "$ROOT" .venv/bin/.installed
fi
if ! "$VENV/bin/python" -c "import dbt.adapters.spark, pyspark" 2>/dev/null; then
    echo "Installing the Spark adapter and pyspark (requirements-spark.txt) into $VENV"
    "$VENV/bin/pip" install --quiet --disable-pip-version-check -r "$ROOT/requirements-spark.txt"
fi

# --- Java ---------------------------------------------------------------------------------------
if ! command -v java >/dev/null && [[ -z "${JAVA_HOME:-}" ]]; then
    os_package_install openjdk-17-jre-headless
fi

WORK="$(mktemp -d "${TMPDIR:-/tmp}/sales_kpi_spark.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$WORK/spark/tmp" "$WORK/duckdb"

export DBT_PROFILES_DIR="$ROOT" DBT_SEND_ANONYMOUS_USAGE_STATS=false
export SPARK_WAREHOUSE_DIR="$WORK/spark/warehouse" SPARK_LOCAL_DIRS="$WORK/spark/tmp"
export _JAVA_OPTIONS="${_JAVA_OPTIONS:-} -Djava.io.tmpdir=$WORK/spark/tmp"

# --- the two builds of the seeds (side by side) ------------------------------------------------
cd "$ROOT"
echo "Building on Spark (local session) and on DuckDB (logs: $WORK/{spark,duckdb}/build.log) ..."
start=$SECONDS
DBT_TARGET=spark DBT_TARGET_PATH="$WORK/spark/target" DBT_LOG_PATH="$WORK/spark/logs" \
    "$VENV/bin/dbt" build >"$WORK/spark/build.log" 2>&1 &
spark_build=$!
DBT_TARGET=duckdb DBT_DUCKDB_PATH="$WORK/duckdb/warehouse.duckdb" DBT_TARGET_PATH="$WORK/duckdb/target" \
    DBT_LOG_PATH="$WORK/duckdb/logs" "$VENV/bin/dbt" build >"$WORK/duckdb/build.log" 2>&1 &
duck_build=$!
status=0
wait "$spark_build" || { echo "dbt build on Spark failed:" >&2; grep -av "^\s*at \|WARN\|^\s*$" "$WORK/spark/build.log" | tail -n 80 >&2; status=1; }
wait "$duck_build" || { echo "dbt build on DuckDB failed:" >&2; tail -n 60 "$WORK/duckdb/build.log" >&2; status=1; }
if [[ $status != 0 ]]; then
    exit 1
fi
echo "Spark:  $(grep -a 'Done\. PASS' "$WORK/spark/build.log" | tail -n 1 | sed 's/.*Done\. //')"
echo "DuckDB: $(grep -a 'Done\. PASS' "$WORK/duckdb/build.log" | tail -n 1 | sed 's/.*Done\. //')"
echo "Both builds: $((SECONDS - start)) s"

# --- the marts agree ------------------------------------------------------------------------------
"$VENV/bin/python" "$ROOT/scripts/compare_engines.py" \
    --duckdb "$WORK/duckdb/warehouse.duckdb" \
    --manifest "$WORK/duckdb/target/manifest.json" \
    --spark-warehouse "$SPARK_WAREHOUSE_DIR"
