"""The raw folders the SQL lint compiles against: python_tests/fixtures/lint_raw/<folder>.

Staging (and adapter) models read their raw table's header at compile time, so the dbt
templater of sqlfluff needs a raw folder (raw_data_dir in .sqlfluff, and in
python_tests/adapters_lint.cfg for the adapters). It gets header-only Parquet copies of a
hand-made CSV folder, with the same tables and columns: a Parquet table renders as one
`read_parquet(...)` call, where a CSV file renders as ~20 KB of SQL that splits and checks its
lines. That SQL is the macro's, not the model's: sqlfluff reports nothing inside it (macros
are not linted, and violations in templated code are ignored), yet parsing and checking it was
four fifths of the lint's time. The model's own text is linted the same either way.

Regenerate after a change to a source folder's headers:  .venv/bin/python -m python_tests.lint_raw
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from python_tests.dbt_runner import FIXTURES_DIR

LINT_RAW = FIXTURES_DIR / "lint_raw"
# The CSV folders copied: dq_raw for the project's lint (.sqlfluff), and one hand-made landing per
# adapter variant (python_tests/adapters_lint*.cfg).
SOURCES = (
    "dq_raw",
    "salesforce_stripe_golden",
    "hubspot_golden",
    "amocrm_golden",
    "bitrix24_golden",
)


def csv_header(path: Path) -> list[str]:
    """The column names on the first line of a hand-made CSV file: UTF-8, or Windows-1251 with
    semicolons (the Excel-made exports of the `ru` dialect)."""
    raw = path.read_bytes().splitlines()[0]
    try:
        first = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        first = raw.decode("cp1251")
    counts = {",": first.count(","), ";": first.count(";"), "\t": first.count("\t")}
    delimiter = max(counts, key=counts.get)  # the first of , ; tab on a tie, as the reader
    return [name.strip().strip('"') for name in first.split(delimiter)]


def parquet_columns(path: Path) -> list[str]:
    con = duckdb.connect()
    try:
        rows = con.execute("describe select * from read_parquet(?)", [str(path)]).fetchall()
    finally:
        con.close()
    return [row[0] for row in rows]


def expected(source: str) -> dict[str, list[str]]:
    """<table>.parquet -> its columns, for every CSV file of fixtures/<source>."""
    files = sorted((FIXTURES_DIR / source).glob("*.csv"))
    return {f"{p.stem}.parquet": csv_header(p) for p in files}


def found(source: str) -> dict[str, list[str]]:
    """<table>.parquet -> its columns, for every file of lint_raw/<source>."""
    return {p.name: parquet_columns(p) for p in sorted((LINT_RAW / source).glob("*.parquet"))}


def write(source: str) -> None:
    folder = LINT_RAW / source
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*.parquet"):
        old.unlink()
    con = duckdb.connect()
    try:
        for name, columns in expected(source).items():
            select = ", ".join(f'cast(null as varchar) as "{c}"' for c in columns)
            target = str(folder / name).replace("'", "''")
            con.execute(f"copy (select {select} limit 0) to '{target}' (format parquet)")
    finally:
        con.close()


if __name__ == "__main__":
    for source in SOURCES:
        write(source)
        print(f"wrote {len(expected(source))} header-only Parquet files to {LINT_RAW / source}")
