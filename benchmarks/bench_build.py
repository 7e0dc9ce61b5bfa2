"""Benchmark: generate raw exports at a scale factor and time a full `dbt build` on them.

    .venv/bin/python benchmarks/bench_build.py --scale 10 [--format parquet] [--keep DIR]

Prints rows per raw table, wall-clock seconds of the build and the peak resident memory of
the dbt process. Speed and memory are measured here, never in timed tests.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=10.0)
    parser.add_argument("--format", choices=["csv", "parquet"], default="parquet")
    parser.add_argument("--keep", type=Path, help="keep the raw folder and warehouse here")
    args = parser.parse_args()

    workdir = args.keep or Path(tempfile.mkdtemp(prefix="sales_kpi_bench_"))
    raw = workdir / "raw"
    raw.mkdir(parents=True, exist_ok=True)
    python = sys.executable
    started = time.perf_counter()
    subprocess.run(
        [
            python,
            "-m",
            "generator",
            "--out",
            str(raw),
            "--scale",
            str(args.scale),
            "--format",
            args.format,
            "--flat",
            "--quiet",
        ],
        cwd=PROJECT_DIR,
        check=True,
    )
    generated = time.perf_counter() - started

    env = {
        **os.environ,
        "DBT_PROFILES_DIR": str(PROJECT_DIR),
        "DBT_DUCKDB_PATH": str(workdir / "warehouse.duckdb"),
        "DBT_TARGET_PATH": str(workdir / "target"),
        "DBT_LOG_PATH": str(workdir / "logs"),
    }
    dbt = str(Path(python).parent / "dbt")
    command = [
        dbt,
        "build",
        "--exclude",
        "resource_type:seed",
        "--vars",
        json.dumps({"raw_data_dir": str(raw)}),
    ]
    started = time.perf_counter()
    done = subprocess.run(command, cwd=PROJECT_DIR, env=env, capture_output=True, text=True)
    built = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024

    summary = [line for line in done.stdout.splitlines() if "Done." in line]
    print(f"scale={args.scale} format={args.format} raw={raw}")
    print(f"generate_seconds={generated:.1f}")
    print(f"build_seconds={built:.1f} peak_rss_mb={peak_mb:.0f} exit={done.returncode}")
    print(summary[-1] if summary else done.stdout[-2000:])
    return done.returncode


if __name__ == "__main__":
    sys.exit(main())
