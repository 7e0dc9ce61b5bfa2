"""Typed Parquet copies of a raw folder: the same data, with typed columns where the text allows.

A column is written typed only when every value's text is exactly what the typed value casts
back to (a blank is null): '2024-01-05 10:00:00' becomes a TIMESTAMP, '1200.50' a
DECIMAL(18,2), '120' a BIGINT; a column holding 'yesterday', ' 12 ' or 'N/A' stays text. So
the typed copy holds the same data as the original, and staging must read it the same way.
Used by python_tests/test_raw_reading.py and benchmarks/bench.py (--typed).
"""

from __future__ import annotations

from pathlib import Path

import duckdb

# Tried in this order; the first type every value of the column round-trips through wins.
CANDIDATES = ("BIGINT", "DECIMAL(18,2)", "DOUBLE", "DATE", "TIMESTAMP", "TIMESTAMPTZ", "BOOLEAN")
# A timestamp written with a T, a Z or an offset ('2024-01-05T10:00:00Z', '... 13:00:00+03:00')
# does not round-trip as text, but names one instant: TIMESTAMPTZ holds it when every value has
# the contract's form (read in UTC, as the contract reads a timestamp without an offset).
ISO_TIMESTAMP = (
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}([ T][0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]+)?)?)?"
    r"\s*(Z|z|[+-][0-9]{2}(:?[0-9]{2})?)?"
)


def _fits(text: str, candidate: str, tolerance: float) -> str:
    if candidate == "TIMESTAMPTZ":
        same = (
            f"regexp_full_match({text}, '{ISO_TIMESTAMP}') "
            f"and try_cast({text} as TIMESTAMPTZ) is not null"
        )
    else:
        same = f"cast(try_cast({text} as {candidate}) as varchar) = {text}"
    fails = f"count(*) filter (where trim({text}) <> '' and not coalesce({same}, false))"
    return f"{fails} <= {tolerance} * count(nullif(trim({text}), ''))"


def _literal(path: Path) -> str:
    return "'" + str(path).replace("'", "''") + "'"


def _ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _reader(path: Path) -> str:
    if path.suffix.lower() == ".parquet":
        return f"read_parquet({_literal(path)})"
    return f"read_csv({_literal(path)}, all_varchar = true, header = true)"


def column_types(
    con: duckdb.DuckDBPyConnection, path: Path, tolerance: float = 0.0
) -> dict[str, str]:
    """The type each column of a raw file is written in (VARCHAR: stays text). tolerance: the
    share of values that may fail the type (they are then written as null)."""
    source = _reader(path)
    names = [row[0] for row in con.execute(f"describe select * from {source}").fetchall()]
    types: dict[str, str] = {}
    for name in names:
        text = f"cast({_ident(name)} as varchar)"
        checks = ", ".join(_fits(text, candidate, tolerance) for candidate in CANDIDATES)
        *fits, values = con.execute(
            f"select {checks}, count(nullif(trim({text}), '')) from {source}"
        ).fetchone()
        # A column with no value at all stays text: nothing says what type it holds.
        types[name] = next(
            (c for c, ok in zip(CANDIDATES, fits, strict=True) if ok and values), "VARCHAR"
        )
    return types


def typed_copy(source: Path, target: Path, tolerance: float = 0.0) -> dict:
    """Write every .csv / .parquet file of `source` to `target` as Parquet with typed columns.
    tolerance (default 0: the same data): the share of a column's values that may fail its type
    and be written as null (the benchmark's hostile rows). Returns {table: {column: type}}."""
    target.mkdir(parents=True, exist_ok=True)
    written: dict[str, dict[str, str]] = {}
    con = duckdb.connect()
    try:
        con.execute("set TimeZone = 'UTC'")
        for path in sorted(source.iterdir()):
            if path.suffix.lower() not in (".csv", ".parquet"):
                continue
            types = column_types(con, path, tolerance)
            select = ", ".join(
                _ident(name)
                if data_type == "VARCHAR"
                else (
                    f"case when trim(cast({_ident(name)} as varchar)) = '' then null "
                    f"else try_cast(cast({_ident(name)} as varchar) as {data_type}) end "
                    f"as {_ident(name)}"
                )
                for name, data_type in types.items()
            )
            out = target / f"{path.stem}.parquet"
            con.execute(
                f"copy (select {select} from {_reader(path)}) to {_literal(out)} (format parquet)"
            )
            written[path.stem] = types
    finally:
        con.close()
    return written
