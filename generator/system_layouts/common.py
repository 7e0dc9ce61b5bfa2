"""Helpers the system layout writers share: read a contract seed, write a landed table, copy
the contract files a system does not replace."""

from __future__ import annotations

import csv
import shutil
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from pathlib import Path

Row = dict[str, str]


def contract_files(seeds_dir: Path) -> dict[str, Path]:
    """Contract table name (``crm__deals``) -> its CSV file under seeds_dir (nested or flat)."""
    found: dict[str, Path] = {}
    for path in sorted(seeds_dir.rglob("*__*.csv")):
        found.setdefault(path.stem, path)
    return found


def read_seed(seeds_dir: Path, table: str) -> list[Row]:
    """The rows of one contract table as text (empty fields are ''); [] when it is absent."""
    path = contract_files(seeds_dir).get(table)
    if path is None:
        return []
    with path.open(encoding="utf-8", newline="") as fh:
        return [{k: (v or "") for k, v in row.items()} for row in csv.DictReader(fh)]


def write_table(
    out_dir: Path,
    system: str,
    table: str,
    columns: list[str],
    rows: Iterable[Mapping[str, object]],
) -> Path:
    """Write ``<out_dir>/<system>__<table>.csv`` with these columns (None -> empty field)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / f"{system}__{table}.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(columns)
        for row in rows:
            writer.writerow(["" if row.get(c) is None else str(row.get(c)) for c in columns])
    return path


def copy_contract_files(seeds_dir: Path, out_dir: Path, replaced: Iterable[str]) -> list[str]:
    """Copy every contract file not in `replaced` into out_dir (flat); the names copied."""
    skip = set(replaced)
    out_dir.mkdir(parents=True, exist_ok=True)
    copied = []
    for name, path in contract_files(seeds_dir).items():
        if name not in skip:
            shutil.copyfile(path, out_dir / f"{name}.csv")
            copied.append(name)
    return copied


def parse_ts(text: str) -> datetime | None:
    """A contract timestamp or date (``2024-01-02 03:04:05``, ``...T...Z``, ``+00:00``, a
    date) as a naive UTC datetime; None when empty."""
    text = text.strip()
    if not text:
        return None
    value = datetime.fromisoformat(text.replace("Z", "+00:00"))
    if value.tzinfo is not None:
        value = value.astimezone(UTC).replace(tzinfo=None)
    return value


def ts_text(text: str) -> str:
    """A contract timestamp normalised to ``YYYY-MM-DD HH:MM:SS`` ('' stays ''; a value that
    does not parse stays as it is, for the adapter to pass on and staging to reject)."""
    try:
        value = parse_ts(text)
    except ValueError:
        return text
    return "" if value is None else value.strftime("%Y-%m-%d %H:%M:%S")


def unix_seconds(text: str) -> str:
    """A contract timestamp as unix seconds (UTC), as Airbyte lands Stripe's ('' stays '';
    a value that does not parse stays as it is)."""
    try:
        value = parse_ts(text)
    except ValueError:
        return text
    return "" if value is None else str(int(value.replace(tzinfo=UTC).timestamp()))


def minor_units(amount: str, currency: str, zero_decimal: frozenset[str]) -> str:
    """A major-unit amount in minor units (cents; whole units for zero-decimal currencies)."""
    factor = 1 if currency.strip().upper() in zero_decimal else 100
    try:
        return str(round(float(amount) * factor))
    except ValueError:
        return amount  # '' or a value that is not a number: passed on as it is
