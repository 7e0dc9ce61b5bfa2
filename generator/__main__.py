"""CLI: python -m generator --out seeds --scale 1.0 --seed 42 --format csv

Version 1 (the default) simulates the whole range in memory: it writes the bundled seeds.
Version 3 (`--generator-version 3`; 2 is an alias) streams blocks of days in bounded
memory, for large scales and for appending a day (`--through-date`, `--append-day`); see
generator/stream.py.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date, timedelta
from pathlib import Path

from generator.build import generate
from generator.config import GeneratorConfig
from generator.writer import write_all


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m generator",
        description="Write the deterministic raw tables of the sales KPI project.",
    )
    parser.add_argument(
        "--out", type=Path, default=Path("seeds"), help="output folder (default: seeds)"
    )
    parser.add_argument(
        "--scale",
        type=float,
        default=1.0,
        help="volume factor for leads, deals, customers, calls (default 1.0)",
    )
    parser.add_argument("--seed", type=int, default=42, help="random seed (default 42)")
    parser.add_argument(
        "--format",
        choices=("csv", "parquet"),
        default="csv",
        help="csv: <out>/<source>/<source>__<table>.csv; parquet: <out>/<source>__<table>.parquet",
    )
    parser.add_argument(
        "--flat",
        action="store_true",
        help="write CSV files flat in <out> (like a user's export folder)",
    )
    parser.add_argument(
        "--no-mess", action="store_true", help="clean data only: no injected bad rows"
    )
    parser.add_argument("--quiet", action="store_true", help="do not list the files written")
    parser.add_argument(
        "--generator-version",
        type=int,
        choices=(1, 2, 3),
        default=1,
        help="1: whole-range simulation in memory (the seeds; default); "
        "3: streaming, blocks of days, bounded memory, typed Parquet columns (large scales, "
        "--through-date, --append-day); 2: the same as 3 (version 2's own output, text-only "
        "Parquet, is no longer written)",
    )
    parser.add_argument(
        "--through-date",
        type=date.fromisoformat,
        help="version 3: generate the days up to this date (YYYY-MM-DD; default 2025-12-31, "
        "later dates continue the range)",
    )
    parser.add_argument(
        "--append-day",
        action="store_true",
        help="version 3: regenerate the folder --out one day further than its _manifest.json "
        "says (same seed, scale and format; earlier days' facts unchanged)",
    )
    parser.add_argument(
        "--jobs",
        type=int,
        default=1,
        help="version 3: build the days in this many processes (same output; default 1)",
    )
    args = parser.parse_args(argv)
    if args.scale <= 0:
        parser.error("--scale must be positive")
    if (args.through_date or args.append_day) and args.generator_version == 1:
        parser.error("--through-date and --append-day need --generator-version 3")
    return args


def main_stream(args: argparse.Namespace) -> int:
    from generator.stream_io import read_manifest, write_stream

    through = args.through_date
    if args.append_day:
        try:
            manifest = read_manifest(args.out)
        except (FileNotFoundError, ValueError) as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2
        args.seed, args.scale = manifest["seed"], manifest["scale"]
        args.format, args.flat = manifest["format"], manifest["flat"]
        args.no_mess = not manifest["mess"]
        through = date.fromisoformat(manifest["through_date"]) + timedelta(days=1)
    cfg = GeneratorConfig(seed=args.seed, scale=args.scale, mess=not args.no_mess)
    written = write_stream(cfg, args.out, args.format, args.flat, through, args.jobs)
    if not args.quiet:
        for table, (path, rows) in written.items():
            print(f"{rows:>9} rows  {table:<32} {path}")
    return 0


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.generator_version != 1:
        return main_stream(args)
    cfg = GeneratorConfig(seed=args.seed, scale=args.scale, mess=not args.no_mess)
    tables = generate(cfg)
    paths = write_all(
        tables, args.out, args.format, args.flat, cfg.seed, cfg.timestamp_variant_share
    )
    if not args.quiet:
        for path, (table, rows) in zip(paths, tables.items(), strict=True):
            print(f"{len(rows):>7} rows  {table:<32} {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
