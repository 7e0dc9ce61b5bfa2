"""Benchmark (`make bench`): generator, full build, run, floor and incremental run, per scale.

    .venv/bin/python benchmarks/bench.py --scales 1 30 300 1000 --repeats 3
    .venv/bin/python benchmarks/bench.py --scales 1000 --steps generate   # generation only

For each scale the raw exports are generated once with the streaming generator (version 3,
Parquet) and cached in benchmarks/.cache/ (git-ignored; reused while the generator version,
seed and scale match), with a copy one day longer for the incremental run. Then, for each
repeat, interleaved across scales (scale 1, 30, ..., then again), it measures:

- build: `dbt build` (seeds excluded) into a new DuckDB file;
- run: `dbt run` alone into another new file;
- floor: the same compiled models (the build's manifest) executed in DAG order in one DuckDB
  process, no dbt: what the engine alone costs;
- incremental: after the build, the raw folder gains one day (`--append-day`) and `dbt build`
  runs again without --full-refresh on the built warehouse;
- peak memory: the largest resident set of the whole process tree, sampled every 50 ms.

Each as wall seconds and CPU seconds (user + system of the process tree); the minimum over
the repeats is reported, with the ratios build/floor and incremental/build. Speed and memory
are measured here, never by timed tests. Results: printed, and appended as JSON lines to
benchmarks/.cache/results.jsonl.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import threading
import time
from dataclasses import asdict, dataclass
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
CACHE = PROJECT / "benchmarks" / ".cache"
# DuckDB's memory limit in every build and in the floor (the target: peak <= 4 GB at scale 1000,
# the dbt process included); DBT_DUCKDB_MEMORY_LIMIT overrides it.
MEMORY_LIMIT = "3GB"
STEPS = ("generate", "build", "run", "floor", "incremental")
PAGE = os.sysconf("SC_PAGE_SIZE")


@dataclass
class Measure:
    wall: float
    cpu: float
    peak_mb: float
    ok: bool
    note: str = ""


def _children(pid: int) -> list[int]:
    """pid and all its descendants (from /proc)."""
    parents: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as fh:
                ppid = int(fh.read().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        parents.setdefault(ppid, []).append(int(entry))
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        todo.extend(parents.get(p, []))
    return out


def _tree_rss(pid: int) -> int:
    total = 0
    for p in _children(pid):
        try:
            with open(f"/proc/{p}/statm", encoding="ascii") as fh:
                total += int(fh.read().split()[1]) * PAGE
        except (OSError, IndexError, ValueError):
            continue
    return total


def measure(
    command: list[str], env: dict[str, str] | None = None, log: Path | None = None
) -> Measure:
    """Run a command; wall and CPU seconds of its process tree and its peak tree RSS."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    out = open(log, "w", encoding="utf-8") if log else subprocess.DEVNULL  # noqa: SIM115
    proc = subprocess.Popen(command, cwd=PROJECT, env=env, stdout=out, stderr=subprocess.STDOUT)
    peak = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, _tree_rss(proc.pid))
            done.wait(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    code = proc.wait()
    done.set()
    sampler.join()
    wall = time.perf_counter() - started
    if log:
        out.close()  # type: ignore[union-attr]
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return Measure(round(wall, 2), round(cpu, 2), round(peak / 2**20), code == 0)


# -- data -------------------------------------------------------------------------------------
def _scale_name(scale: float) -> str:
    return f"scale-{scale:g}"


def raw_folders(scale: float, seed: int, plus_day: bool) -> tuple[Path, Path, Measure | None]:
    """The cached raw folder for a scale and its one-day-longer copy (generating them when
    missing or stale); the generation's measure when it ran."""
    from generator.stream import GENERATOR_VERSION

    base = CACHE / _scale_name(scale) / "base"
    plus = CACHE / _scale_name(scale) / "plus1"
    generated = None
    manifest = base / "_manifest.json"
    fresh = False
    if manifest.exists():
        m = json.loads(manifest.read_text())
        fresh = (m["generator_version"], m["seed"], m["scale"]) == (GENERATOR_VERSION, seed, scale)
    if not fresh:
        shutil.rmtree(base, ignore_errors=True)
        shutil.rmtree(plus, ignore_errors=True)
        generated = generate(scale, seed, base)
    if plus_day and not (plus / "_manifest.json").exists():
        shutil.copytree(base, plus, dirs_exist_ok=True)
        append = measure(
            [sys.executable, "-m", "generator", "--generator-version", "3", "--out", str(plus)]
            + ["--append-day", "--quiet", "--jobs", str(os.cpu_count() or 1)]
        )
        if not append.ok:
            raise SystemExit(f"--append-day failed for scale {scale:g}")
    return base, plus, generated


def generate(scale: float, seed: int, out: Path) -> Measure:
    command = [sys.executable, "-m", "generator", "--generator-version", "3", "--format"]
    command += ["parquet", "--flat", "--quiet", "--out", str(out), "--scale", f"{scale:g}"]
    command += ["--jobs", str(os.cpu_count() or 1)]
    result = measure(command + ["--seed", str(seed)])
    if not result.ok:
        raise SystemExit(f"the generator failed at scale {scale:g}")
    rows = sum(json.loads((out / "_manifest.json").read_text())["rows"].values())
    result.note = (
        f"{rows} rows, {rows / result.wall:,.0f} rows/s wall, {rows / result.cpu:,.0f} rows/s CPU"
    )
    return result


# -- dbt and the floor ------------------------------------------------------------------------
def dbt_env(work: Path, name: str) -> dict[str, str]:
    return {
        **os.environ,
        "DBT_PROFILES_DIR": str(PROJECT),
        "DBT_DUCKDB_PATH": str(work / name / "sales_kpi.duckdb"),
        "DBT_TARGET_PATH": str(work / name / "target"),
        "DBT_LOG_PATH": str(work / name / "logs"),
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
        # The memory target (peak <= 4 GB at scale 1000): DuckDB spills to disk above this.
        "DBT_DUCKDB_MEMORY_LIMIT": os.environ.get("DBT_DUCKDB_MEMORY_LIMIT", MEMORY_LIMIT),
    }


def dbt(verb: str, raw: Path, work: Path, name: str, fresh: bool = True) -> Measure:
    if fresh:
        shutil.rmtree(work / name, ignore_errors=True)
    (work / name).mkdir(parents=True, exist_ok=True)
    command = [str(Path(sys.executable).parent / "dbt"), verb, "--exclude", "resource_type:seed"]
    command += ["--vars", json.dumps({"raw_data_dir": str(raw)})]
    return measure(command, dbt_env(work, name), work / name / f"{verb}.log")


def floor(manifest: Path, work: Path) -> Measure:
    """The compiled models in DAG order in one DuckDB process (see run_floor)."""
    shutil.rmtree(work / "floor", ignore_errors=True)
    (work / "floor").mkdir(parents=True)
    command = [sys.executable, __file__, "--run-floor", str(manifest), str(work / "floor")]
    return measure(command, log=work / "floor.log")


def run_floor(manifest_path: Path, folder: Path) -> int:
    import duckdb

    manifest = json.loads(manifest_path.read_text())
    models = {k: v for k, v in manifest["nodes"].items() if v["resource_type"] == "model"}
    order: list[str] = []
    seen: set[str] = set()

    def visit(key: str) -> None:
        if key in seen or key not in models:
            return
        seen.add(key)
        for dep in models[key]["depends_on"]["nodes"]:
            visit(dep)
        order.append(key)

    for key in sorted(models):
        visit(key)
    database = models[order[0]]["database"]
    limit = os.environ.get("DBT_DUCKDB_MEMORY_LIMIT", MEMORY_LIMIT)
    con = duckdb.connect(str(folder / f"{database}.duckdb"), config={"memory_limit": limit})
    for key in order:
        node = models[key]
        kind = node["config"]["materialized"]
        if kind == "ephemeral":
            continue
        schema = f'"{node["database"]}"."{node["schema"]}"'
        con.execute(f"create schema if not exists {schema}")
        relation = node["relation_name"]
        sql = node["compiled_code"]
        what = "view" if kind == "view" else "table"
        con.execute(f"create or replace {what} {relation} as (\n{sql}\n)")
    con.close()
    return 0


# -- the benchmark ----------------------------------------------------------------------------
def machine() -> str:
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    import duckdb

    return (
        f"{platform.machine()}, {os.cpu_count()} cores, {mem:.0f} GiB, Python "
        f"{platform.python_version()}, duckdb {duckdb.__version__}, load {os.getloadavg()[0]:.1f}"
    )


def bench(scales: list[float], repeats: int, steps: set[str], seed: int) -> list[dict]:
    results: dict[float, dict[str, list[Measure]]] = {s: {} for s in scales}
    folders = {}
    for scale in scales:
        base, plus, generated = raw_folders(scale, seed, "incremental" in steps)
        folders[scale] = (base, plus)
        if generated:
            results[scale]["generate"] = [generated]
            print(
                f"scale {scale:g}: generated in {generated.wall} s, peak {generated.peak_mb} MB, {generated.note}",
                flush=True,
            )
    for r in range(repeats):
        for scale in scales:
            base, plus = folders[scale]
            work = CACHE / _scale_name(scale) / "work"
            raw = work / "raw"
            work.mkdir(parents=True, exist_ok=True)
            res = results[scale]

            _point(raw, base)
            if steps & {"build", "floor", "incremental"}:
                res.setdefault("build", []).append(dbt("build", raw, work, "build"))
                manifest = work / "build" / "target" / "manifest.json"
                shutil.copy(manifest, work / "manifest.json")
                print(node_profile(work / "build" / "target" / "run_results.json"), flush=True)
            if "run" in steps:
                res.setdefault("run", []).append(dbt("run", raw, work, "run"))
            if "floor" in steps:
                res.setdefault("floor", []).append(floor(work / "manifest.json", work))
            if "incremental" in steps:
                _point(raw, plus)
                res.setdefault("incremental", []).append(
                    dbt("build", raw, work, "build", fresh=False)
                )
                _point(raw, base)
            last = {k: asdict(v[-1]) for k, v in res.items()}
            print(f"repeat {r + 1} scale {scale:g}: {json.dumps(last)}", flush=True)
    rows = []
    for scale in scales:
        best = {k: _best(v) for k, v in results[scale].items()}
        raw_rows = sum(
            json.loads((folders[scale][0] / "_manifest.json").read_text())["rows"].values()
        )
        rows.append(
            {"scale": scale, "raw_rows": raw_rows, **{k: asdict(v) for k, v in best.items()}}
        )
    return rows


def node_profile(run_results: Path, top: int = 12) -> str:
    """Where a dbt build's time went: node seconds per kind (models, data tests, unit tests),
    and the slowest nodes (dbt's execution_time, wall seconds on one of the threads)."""
    if not run_results.exists():
        return "no run_results.json"
    results = json.loads(run_results.read_text())["results"]
    kinds: dict[str, float] = {}
    for r in results:
        kind = r["unique_id"].split(".")[0]
        kinds[kind] = kinds.get(kind, 0.0) + r["execution_time"]
    slowest = sorted(results, key=lambda r: -r["execution_time"])[:top]
    lines = ["node seconds: " + ", ".join(f"{k} {v:.1f}" for k, v in sorted(kinds.items()))]
    lines += [f"  {r['execution_time']:6.2f} s  {r['unique_id']}" for r in slowest]
    return "\n".join(lines)


def _point(link: Path, target: Path) -> None:
    """The raw folder the project reads: a link, moved to the one-day-longer copy and back."""
    if link.is_symlink() or link.exists():
        link.unlink()
    link.symlink_to(target, target_is_directory=True)


def _best(ms: list[Measure]) -> Measure:
    ok = [m for m in ms if m.ok] or ms
    return Measure(
        min(m.wall for m in ok),
        min(m.cpu for m in ok),
        max(m.peak_mb for m in ms),
        all(m.ok for m in ms),
        ms[0].note,
    )


def report(rows: list[dict], repeats: int) -> None:
    def cell(row: dict, step: str) -> str:
        m = row.get(step)
        if not m:
            return "-"
        flag = "" if m["ok"] else " FAILED"
        return f"{m['cpu']:.1f} / {m['wall']:.1f}{flag}"

    def ratio(row: dict, a: str, b: str) -> str:
        if a in row and b in row and row[b]["cpu"] and row[b]["wall"]:
            return f"{row[a]['cpu'] / row[b]['cpu']:.2f} / {row[a]['wall'] / row[b]['wall']:.2f}"
        return "-"

    print(f"\nmin of {repeats} interleaved runs; CPU s / wall s; machine: {machine()}")
    print(
        "| scale | raw rows | build | run | floor | incremental | build/floor "
        "| incremental/build | build CPU s per M rows | peak MB |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|")
    for row in rows:
        peak = max((v["peak_mb"] for k, v in row.items() if isinstance(v, dict)), default=0)
        per_million = (
            f"{row['build']['cpu'] / row['raw_rows'] * 1e6:.2f}" if "build" in row else "-"
        )
        print(
            f"| {row['scale']:g} | {row['raw_rows']:,} | {cell(row, 'build')} | {cell(row, 'run')} | "
            f"{cell(row, 'floor')} | {cell(row, 'incremental')} | {ratio(row, 'build', 'floor')} | "
            f"{ratio(row, 'incremental', 'build')} | {per_million} | {peak:.0f} |"
        )
    print(
        "targets (issue 16): at scale 300 build <= 40 CPU s and <= 1.3x the floor; incremental "
        "<= 10% of the build; peak <= 4 GB at scale 1000; build CPU per M rows flat from 30 to 1000"
    )
    for row in rows:
        if "generate" in row:
            g = row["generate"]
            print(
                f"generate scale {row['scale']:g}: {g['cpu']:.1f} s CPU / {g['wall']:.1f} s wall, peak {g['peak_mb']:.0f} MB; {g['note']}"
            )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", nargs="+", type=float, default=[1, 30, 300, 1000])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument(
        "--steps",
        nargs="+",
        choices=STEPS,
        default=list(STEPS),
        help="what to measure (generate: only make sure the cached raw data exist)",
    )
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--regenerate", action="store_true", help="ignore the cached raw data")
    parser.add_argument("--run-floor", nargs=2, type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.run_floor:
        return run_floor(*args.run_floor)
    sys.path.insert(0, str(PROJECT))
    CACHE.mkdir(parents=True, exist_ok=True)
    if args.regenerate:
        for scale in args.scales:
            shutil.rmtree(CACHE / _scale_name(scale), ignore_errors=True)
    steps = set(args.steps)
    rows = bench(args.scales, args.repeats if steps - {"generate"} else 0, steps, args.seed)
    report(rows, args.repeats)
    with (CACHE / "results.jsonl").open("a", encoding="utf-8") as fh:
        stamp = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
        for row in rows:
            fh.write(
                json.dumps({"at": stamp, "machine": machine(), "repeats": args.repeats, **row})
                + "\n"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
