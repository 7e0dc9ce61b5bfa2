"""Benchmark: staging on text Parquet against the same data in typed Parquet columns.

    .venv/bin/python benchmarks/typed_staging.py --scale 30

Reuses (or generates) bench.py's cached raw folder for the scale, writes a typed copy of it
beside (python_tests/typed_parquet.py: a column is typed only when every value's text
round-trips through the type; here up to 0.1% of a column's values may fail and are
written as null, so the generator's few hostile values (a 2024-02-30) do not keep a whole
column text: those rows are rejected as missing instead of unparseable), then runs `dbt build`
(seeds excluded) on each folder and prints, per folder, the build's wall and CPU seconds and
dbt's execution_time (run_results.json) of the slowest staging base models. A benchmark, not
a test: numbers go to benchmarks/README.md by hand.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))
sys.path.insert(0, str(PROJECT / "benchmarks"))

import bench  # noqa: E402

from python_tests.typed_parquet import typed_copy  # noqa: E402

MODELS = ("base_telephony__calls", "base_telephony__call_scores", "base_crm__leads")


def model_times(work: Path) -> dict[str, float]:
    results = json.loads((work / "target" / "run_results.json").read_text())["results"]
    return {r["unique_id"].rsplit(".", 1)[-1]: r["execution_time"] for r in results}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=30)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument(
        "--folders", nargs="+", choices=("text", "typed"), default=["text", "typed"]
    )
    args = parser.parse_args(argv)
    base, _, _ = bench.raw_folders(args.scale, args.seed, False)
    scale_dir = bench.CACHE / bench._scale_name(args.scale)
    typed = scale_dir / "typed"
    stamp = (base / "_manifest.json").read_text()
    if not (typed / "_manifest.json").exists() or (typed / "_manifest.json").read_text() != stamp:
        shutil.rmtree(typed, ignore_errors=True)
        types = typed_copy(base, typed, tolerance=0.001)
        (typed / "_manifest.json").write_text(stamp)
        for table, columns in types.items():
            print(table, {c: t for c, t in columns.items() if t != "VARCHAR"}, flush=True)
    work = scale_dir / "typed_staging"
    for name in args.folders:
        folder = base if name == "text" else typed
        measured = bench.dbt("build", folder, work, name)
        times = model_times(work / name)
        line = {
            "scale": args.scale,
            "folder": name,
            "ok": measured.ok,
            "build_wall_s": measured.wall,
            "build_cpu_s": measured.cpu,
            **{m: round(times.get(m, float("nan")), 2) for m in MODELS},
        }
        print(json.dumps(line), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
