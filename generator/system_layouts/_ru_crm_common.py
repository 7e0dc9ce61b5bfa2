"""Reading the contract-shaped seeds and writing CSV files, for the amoCRM and Bitrix24 layouts."""

from __future__ import annotations

import calendar
import csv
from datetime import datetime
from pathlib import Path


def read_seed(seeds_dir: Path, table: str) -> list[dict[str, str]]:
    """The rows of seeds/<source>/<table>.csv (or <table>.csv directly in seeds_dir)."""
    source = table.split("__")[0]
    for path in (seeds_dir / source / f"{table}.csv", seeds_dir / f"{table}.csv"):
        if path.exists():
            with path.open(newline="", encoding="utf-8") as handle:
                return list(csv.DictReader(handle))
    return []


def write_csv(path: Path, header: list[str], rows: list[list[str]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def unix_seconds(text: str) -> str:
    """An ISO timestamp or date (UTC) as unix seconds; anything else unchanged (so that a value
    the contract would reject is rejected the same way from the system's layout)."""
    value = (text or "").strip()
    if not value:
        return ""
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return text
    if parsed.utcoffset() is not None:
        return str(int(parsed.timestamp()))
    return str(calendar.timegm(parsed.timetuple()))
