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
CANDIDATES = ("BIGINT", "DECIMAL(18,2)", "DOUBLE", "DATE", "TIMESTAMP", "BOOLEAN")


def _literal(path: Path) -> str:
    return "'" + str(path).replace("'", "''") + "'"


def _ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _reader(path: Path) -> str:
    if path.suffix.lower() == ".parquet":
        return f"read_parquet({_literal(path)})"
    return f"read_csv({_literal(path)}, all_varchar = true, header = true)"


def column_types(con: duckdb.DuckDBPyConnection, path: Path) -> dict[str, str]:
    """The type each column of a raw file is written in (VARCHAR: stays text)."""
    source = _reader(path)
    names = [row[0] for row in con.execute(f"describe select * from {source}").fetchall()]
    types: dict[str, str] = {}
    for name in names:
        text = f"cast({_ident(name)} as varchar)"
        checks = ", ".join(
            f"coalesce(bool_and({text} is null or trim({text}) = '' "
            f"or coalesce(cast(try_cast({text} as {candidate}) as varchar) = {text}, false)), false)"
            for candidate in CANDIDATES
        )
        *fits, values = con.execute(
            f"select {checks}, count(nullif(trim({text}), '')) from {source}"
        ).fetchone()
        # A column with no value at all stays text: nothing says what type it holds.
        types[name] = next(
            (c for c, ok in zip(CANDIDATES, fits, strict=True) if ok and values), "VARCHAR"
        )
    return types


def typed_copy(source: Path, target: Path, overrides: dict[str, dict[str, str]] | None = None) -> dict:
    """Write every .csv / .parquet file of `source` to `target` as Parquet with typed columns.
    overrides: {table: {column: SQL type}} to force a type (values that do not cast are null).
    Returns {table: {column: type}}."""
    target.mkdir(parents=True, exist_ok=True)
    written: dict[str, dict[str, str]] = {}
    con = duckdb.connect()
    try:
        for path in sorted(source.iterdir()):
            if path.suffix.lower() not in (".csv", ".parquet"):
                continue
            types = column_types(con, path)
            types.update((overrides or {}).get(path.stem, {}))
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
