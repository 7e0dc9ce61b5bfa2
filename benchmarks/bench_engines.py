"""Benchmark: the same full build on DuckDB and on a local Spark (session mode), side by side.

    .venv/bin/python benchmarks/bench_engines.py --scale 1 --scale 30 [--engine duckdb]

For each scale it generates raw exports with the deterministic generator (Parquet, every column
as text), then times a full `dbt build` (models, data tests, unit tests; seeds excluded) on them:

- DuckDB reads the files directly (`raw_data_dir`), into a throw-away warehouse file;
- Spark (the `spark` output of profiles.yml, `local[2]`) cannot read a folder of exports
  (`raw_data_dir` is DuckDB-only), so the files are registered as the raw schema's tables
  (`create table raw.<source>__<table> using parquet location ...`) in a Spark session started
  first; dbt-spark's `session` mode then runs in the same process and finds that session and
  its tables (its catalog lives as long as the process).

Prints, per engine and scale, the wall-clock seconds and the CPU seconds of the build (the dbt
process and, for Spark, its Java process), and the build's PASS/WARN/ERROR line. The build at
scale 1 is mostly fixed overhead (Spark's start, one job per model and test); the difference
between two scales is the part that grows with the data. Needs requirements-spark.txt and Java
for Spark (`make spark` installs both). The machine is shared: run it under the CPU lock and
read the numbers as noisy.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
RAW_SCHEMA = "raw"


def _generate(raw: Path, scale: float) -> float:
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "generator", "--out", str(raw), "--scale", str(scale)]
        + ["--generator-version", "3", "--jobs", str(os.cpu_count() or 1)]
        + ["--format", "parquet", "--quiet"],
        cwd=PROJECT_DIR,
        check=True,
    )
    return time.perf_counter() - started


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _dbt_env(workdir: Path, target: str) -> dict[str, str]:
    return {
        **os.environ,
        "DBT_PROFILES_DIR": str(PROJECT_DIR),
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
        "DBT_TARGET": target,
        "DBT_DUCKDB_PATH": str(workdir / "warehouse.duckdb"),
        "DBT_TARGET_PATH": str(workdir / "target"),
        "DBT_LOG_PATH": str(workdir / "logs"),
        "SPARK_WAREHOUSE_DIR": str(workdir / "spark-warehouse"),
        "SPARK_LOCAL_DIRS": str(workdir / "spark-tmp"),
    }


def _summary(output: str) -> str:
    lines = [line for line in output.splitlines() if "Done. PASS" in line]
    return lines[-1].split("Done. ", 1)[-1] if lines else "no summary (see the log)"


def bench_duckdb(raw: Path, workdir: Path) -> dict:
    """A full build reading the exports directly; CPU of the dbt process."""
    command = [str(Path(sys.executable).parent / "dbt"), "build", "--exclude", "resource_type:seed"]
    command += ["--vars", json.dumps({"raw_data_dir": str(raw)})]
    cpu, started = _children_cpu(), time.perf_counter()
    done = subprocess.run(
        command, cwd=PROJECT_DIR, env=_dbt_env(workdir, "duckdb"), capture_output=True, text=True
    )
    wall = time.perf_counter() - started
    (workdir / "build.log").write_text(done.stdout + done.stderr)
    return {
        "wall": wall,
        "cpu": _children_cpu() - cpu,
        "exit": done.returncode,
        "summary": _summary(done.stdout),
    }


def bench_spark(raw: Path, workdir: Path) -> dict:
    """A full build in a child process (this script, --spark-child); it reports its own CPU."""
    command = [sys.executable, __file__, "--spark-child", str(raw), str(workdir)]
    started = time.perf_counter()
    env = _dbt_env(workdir, "spark")
    done = subprocess.run(command, cwd=PROJECT_DIR, env=env, capture_output=True, text=True)
    wall = time.perf_counter() - started
    (workdir / "build.log").write_text(done.stdout + done.stderr)
    report = [line for line in done.stdout.splitlines() if line.startswith("BENCH ")]
    result = json.loads(report[-1][6:]) if report else {"cpu": float("nan")}
    return {
        "wall": wall,
        "cpu": result["cpu"],
        "exit": done.returncode,
        "summary": _summary(done.stdout),
    }


def _process_cpu(pid: int) -> float:
    """CPU seconds (user + system) a running process has used so far, from /proc."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def spark_child(raw: Path, workdir: Path) -> int:
    """Start Spark as the `spark` output would, register the exports, run dbt in-process."""
    from dbt.cli.main import dbtRunner
    from pyspark.sql import SparkSession

    settings = {
        "spark.master": "local[2]",
        "spark.driver.memory": os.environ.get("SPARK_DRIVER_MEMORY", "1g"),
        "spark.sql.catalogImplementation": "in-memory",
        "spark.sql.warehouse.dir": os.environ["SPARK_WAREHOUSE_DIR"],
        "spark.sql.session.timeZone": "UTC",
        "spark.ui.enabled": "false",
    }
    builder = SparkSession.builder.appName("sales_kpi_bench")
    for key, value in settings.items():
        builder = builder.config(key, value)
    spark = builder.getOrCreate()
    spark.sparkContext.setLogLevel("ERROR")
    spark.sql(f"create database if not exists {RAW_SCHEMA}")
    for path in sorted(raw.glob("*.parquet")):
        # Spark reads a table from a folder: one per export.
        folder = workdir / "spark-raw" / path.stem
        folder.mkdir(parents=True, exist_ok=True)
        shutil.copy(path, folder / path.name)
        spark.sql(f"create table {RAW_SCHEMA}.{path.stem} using parquet location '{folder}'")

    result = dbtRunner().invoke(["build", "--exclude", "resource_type:seed"])
    jvm = spark.sparkContext._gateway.proc.pid  # noqa: SLF001 - the JVM pyspark started
    own = resource.getrusage(resource.RUSAGE_SELF)
    cpu = own.ru_utime + own.ru_stime + _process_cpu(jvm)
    print("BENCH " + json.dumps({"cpu": cpu}), flush=True)
    spark.stop()
    return 0 if result.success else 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, action="append", help="repeatable; default 1")
    parser.add_argument("--engine", choices=["duckdb", "spark"], action="append")
    parser.add_argument("--keep", type=Path, help="keep the raw files, logs and warehouses here")
    parser.add_argument("--spark-child", nargs=2, type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.spark_child:
        return spark_child(*args.spark_child)

    # Absolute: Spark reads a relative table location against its warehouse, not this folder.
    root = (args.keep or Path(tempfile.mkdtemp(prefix="sales_kpi_bench_engines_"))).resolve()
    failed = False
    print("engine  scale  build_wall_s  build_cpu_s  result")
    for scale in args.scale or [1.0]:
        raw = root / f"scale-{scale:g}" / "raw"
        generated = _generate(raw, scale)
        print(f"# scale {scale:g}: raw exports generated in {generated:.1f} s ({raw})")
        for engine in args.engine or ["duckdb", "spark"]:
            workdir = root / f"scale-{scale:g}" / engine
            workdir.mkdir(parents=True, exist_ok=True)
            run = bench_duckdb if engine == "duckdb" else bench_spark
            result = run(raw, workdir)
            failed = failed or result["exit"] != 0
            print(
                f"{engine:7} {scale:5g}  {result['wall']:12.1f}  {result['cpu']:11.1f}  "
                f"{result['summary']}",
                flush=True,
            )
    if not args.keep:
        shutil.rmtree(root, ignore_errors=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
