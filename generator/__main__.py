"""CLI: python -m generator --out seeds --scale 1.0 --seed 42 --format csv"""

from __future__ import annotations

import argparse
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
    args = parser.parse_args(argv)
    if args.scale <= 0:
        parser.error("--scale must be positive")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
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
