"""Write tables as CSV (nested or flat) or Parquet, formatting values by contract type."""

from __future__ import annotations

import csv
import random
from collections.abc import Iterable
from datetime import date, datetime
from pathlib import Path

from generator.schema import CONTRACT, columns
from generator.util import Row


def format_value(value: object, kind: str, rng: random.Random, variant_share: float) -> str | None:
    """Text form of one value; None is an empty field."""
    if value is None:
        return None
    if isinstance(value, str):  # already text (ids, enumerations, injected bad values)
        return value
    if kind == "ts" and isinstance(value, datetime):
        r = rng.random()
        if r < variant_share / 2:
            return value.strftime("%Y-%m-%dT%H:%M:%SZ")
        if r < variant_share:
            return value.strftime("%Y-%m-%d %H:%M:%S+00:00")
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return "true" if value else "false"
    if kind == "int":
        return str(int(value))  # type: ignore[call-overload]
    digits = {"money": 2, "rate": 6, "prob": 2, "pct": 2, "score": 1}.get(kind)
    if digits is not None:
        return f"{float(value):.{digits}f}"  # type: ignore[arg-type]
    return str(value)


def text_rows(
    table: str, rows: list[Row], seed: int, variant_share: float
) -> Iterable[list[str | None]]:
    rng = random.Random(f"{seed}:ts-variant:{table}")
    spec = CONTRACT[table]
    for row in rows:
        yield [format_value(row.get(name), kind, rng, variant_share) for name, kind in spec]


def table_path(out: Path, table: str, fmt: str, flat: bool) -> Path:
    source = table.split("__", 1)[0]
    folder = out if flat or fmt == "parquet" else out / source
    return folder / f"{table}.{fmt}"


def write_csv(path: Path, table: str, rows: list[Row], seed: int, variant_share: float) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(columns(table))
        for values in text_rows(table, rows, seed, variant_share):
            writer.writerow(["" if v is None else v for v in values])


def write_parquet(path: Path, table: str, rows: list[Row], seed: int, variant_share: float) -> None:
    """All columns as text (nulls kept), exactly the values the CSV would hold."""
    import pyarrow as pa  # lazy: only needed for --format parquet
    import pyarrow.parquet as pq

    path.parent.mkdir(parents=True, exist_ok=True)
    names = columns(table)
    data = list(text_rows(table, rows, seed, variant_share))
    arrays = [pa.array([r[i] for r in data], type=pa.string()) for i in range(len(names))]
    pq.write_table(pa.Table.from_arrays(arrays, names=names), path)


def write_all(
    tables: dict[str, list[Row]],
    out: Path,
    fmt: str = "csv",
    flat: bool = False,
    seed: int = 42,
    variant_share: float = 0.01,
) -> list[Path]:
    written = []
    for table, rows in tables.items():
        path = table_path(out, table, fmt, flat)
        if fmt == "csv":
            write_csv(path, table, rows, seed, variant_share)
        elif fmt == "parquet":
            write_parquet(path, table, rows, seed, variant_share)
        else:
            raise ValueError(f"unknown format {fmt!r}: use csv or parquet")
        written.append(path)
    return written
