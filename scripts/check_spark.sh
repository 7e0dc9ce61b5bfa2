#!/usr/bin/env bash
# Spark check (`make spark`): builds the whole project (seeds, staging and its ledger,
# intermediates, marts, contracts, data and unit tests: one `dbt build`) on a local Spark
# session (dbt-spark `session` mode, the `spark` output of profiles.yml, Parquet tables) and on
# DuckDB from the same bundled seeds, side by side, then compares every mart
# (scripts/compare_engines.py). Everything lives in target/spark_check/ (git-ignored), emptied first.
#
# Needs Java (17): installed with apt-get when missing and run as root. Installs
# requirements-spark.txt into .venv when the adapter is missing. SPARK_DRIVER_MEMORY
# (default 1g) sizes the local Spark; SPARK_CHECK_TIMEOUT (default 1800 s) stops a build that
# hangs. Exits non-zero when a build fails or a mart differs, and leaves no Spark (Java) or dbt
# process behind: the builds' process trees are ended on exit, whatever happened.
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
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
java_version="$("$JAVA" -version 2>&1 | head -n 1)"
echo "Java: $java_version"
if ! grep -qE '"(1\.8|11|17)[."]' <<<"$java_version"; then
    echo "Warning: Spark 3.5 supports Java 8, 11 and 17 (openjdk-17-jre-headless); found: $java_version" >&2
fi

# A throw-away folder inside the repo's ignored target/ (no machine path): the Spark warehouse
# (Parquet tables, in-memory catalog: no metastore), its scratch space, both dbt targets and
# logs. Emptied at the start; removed when the check passes, kept (with the build logs) when
# it fails.
WORK="${SPARK_CHECK_DIR:-$ROOT/target/spark_check}"
rm -rf "$WORK"
mkdir -p "$WORK/spark/tmp" "$WORK/duckdb"

export DBT_PROFILES_DIR="$ROOT" DBT_SEND_ANONYMOUS_USAGE_STATS=false
export SPARK_WAREHOUSE_DIR="$WORK/spark/warehouse" SPARK_LOCAL_DIRS="$WORK/spark/tmp"
export _JAVA_OPTIONS="${_JAVA_OPTIONS:-} -Djava.io.tmpdir=$WORK/spark/tmp"
TIMEOUT="${SPARK_CHECK_TIMEOUT:-1800}"

# --- no process left behind ---------------------------------------------------------------------
# Each build is a process tree (timeout, dbt, and for Spark the Java process pyspark starts);
# on exit (passed, failed, interrupted) every process of these trees that still runs is ended.
build_pids=()
descendants() {
    local child
    for child in $(ps -o pid= --ppid "$1" 2>/dev/null); do
        descendants "$child"
        echo "$child"
    done
}
end_builds() {
    local pid pids=()
    for pid in "${build_pids[@]}"; do
        pids+=($(descendants "$pid") "$pid")
    done
    if ((${#pids[@]})); then
        kill "${pids[@]}" 2>/dev/null || true
        sleep 2
        kill -9 "${pids[@]}" 2>/dev/null || true
    fi
}
result="FAILED"
started=$SECONDS
finish() {
    local status=$?
    end_builds
    if [[ $status == 0 && $result == "PASSED" ]]; then
        rm -rf "$WORK"
        echo "make spark: PASSED in $SECONDS s (Spark and DuckDB agree on every mart)"
    else
        [[ $status == 0 ]] && status=1
        echo "make spark: FAILED after $SECONDS s ($result_detail; logs kept in $WORK)" >&2
    fi
    exit "$status"
}
result_detail="interrupted"
trap finish EXIT
trap 'exit 130' INT TERM

# --- the two builds of the seeds (side by side) ------------------------------------------------
cd "$ROOT"
echo "Building on Spark (local session) and on DuckDB (logs: $WORK/{spark,duckdb}/build.log) ..."
# The Spark build runs dbt in-process (scripts/spark_build.py) so that the same Spark session can
# write the marts that are views (no files of their own) as Parquet for the comparison.
DBT_TARGET=spark DBT_TARGET_PATH="$WORK/spark/target" DBT_LOG_PATH="$WORK/spark/logs" \
    timeout --kill-after=30 "$TIMEOUT" "$VENV/bin/python" "$ROOT/scripts/spark_build.py" \
    >"$WORK/spark/build.log" 2>&1 &
spark_build=$!
build_pids+=("$spark_build")
DBT_TARGET=duckdb DBT_DUCKDB_PATH="$WORK/duckdb/warehouse.duckdb" DBT_TARGET_PATH="$WORK/duckdb/target" \
    DBT_LOG_PATH="$WORK/duckdb/logs" timeout --kill-after=30 "$TIMEOUT" "$VENV/bin/dbt" build \
    >"$WORK/duckdb/build.log" 2>&1 &
duck_build=$!
build_pids+=("$duck_build")
status=0
spark_status=0
wait "$spark_build" || spark_status=$?
duck_status=0
wait "$duck_build" || duck_status=$?
summary() { grep -a 'Done\. PASS' "$1" | tail -n 1 | sed 's/.*Done\. //'; }
if [[ $spark_status != 0 ]]; then
    echo "dbt build on Spark failed (exit $spark_status$([[ $spark_status == 124 ]] && echo ": timed out after $TIMEOUT s")):" >&2
    grep -av "^\s*at \|WARN\|^\s*$" "$WORK/spark/build.log" | tail -n 80 >&2
    status=1
fi
if [[ $duck_status != 0 ]]; then
    echo "dbt build on DuckDB failed (exit $duck_status):" >&2
    tail -n 60 "$WORK/duckdb/build.log" >&2
    status=1
fi
echo "Spark:  $(summary "$WORK/spark/build.log")"
echo "DuckDB: $(summary "$WORK/duckdb/build.log")"
grep -a '^Views written as Parquet' "$WORK/spark/build.log" || true
echo "Both builds: $((SECONDS - started)) s"
if [[ $status != 0 ]]; then
    result_detail="a build failed"
    exit 1
fi

# --- the marts agree ------------------------------------------------------------------------------
result_detail="marts differ"
"$VENV/bin/python" "$ROOT/scripts/compare_engines.py" \
    --duckdb "$WORK/duckdb/warehouse.duckdb" \
    --manifest "$WORK/duckdb/target/manifest.json" \
    --spark-warehouse "$SPARK_WAREHOUSE_DIR"
result="PASSED"
