"""Compare the marts another engine built with the DuckDB build of the same seeds.

Used by scripts/check_postgres.sh (`make portability`) and scripts/check_spark.sh
(`make spark`). Prints each check and exits non-zero when anything differs:

- a handful of named KPI figures (MRR, open pipeline at as_of_date, leads, calls, won amount)
  and the number of rejected raw rows (every engine parses the raw text alike);
- every table of the schemas `marts` and `data_quality` (the list comes from the DuckDB
  build): its row count, the sum of each numeric column and the number of true values of each
  boolean column, within 0.01;
- the keys of every such table that has one (its unique + not_null test, read from the DuckDB
  build's manifest.json): the same key values on both sides (for dq_rejected_rows: the same
  raw rows rejected, by table and row number).

The other engine is read through its own client (Postgres: psycopg2) or, for Spark, from the
Parquet files its tables are made of (`<warehouse>/<schema>.db/<table>/`), read with DuckDB:
the figures are the values Spark computed and wrote.
"""

from __future__ import annotations

import argparse
import datetime as dt
import decimal
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

import duckdb

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from quality.conventions import model_keys

TOLERANCE = 0.01
KEY_EXAMPLES = 3

NAMED_FIGURES = {
    "sum of closing_mrr (kpi_mrr)": "select sum(closing_mrr) from marts.kpi_mrr",
    "closing_mrr of the as-of month (kpi_mrr)": (
        "select sum(closing_mrr) from marts.kpi_mrr where is_as_of_month"
    ),
    "open deals at as_of_date (kpi_pipeline_value)": (
        "select sum(open_deals) from marts.kpi_pipeline_value where is_as_of_date"
    ),
    "pipeline value at as_of_date (kpi_pipeline_value)": (
        "select sum(pipeline_value) from marts.kpi_pipeline_value where is_as_of_date"
    ),
    "leads_total (kpi_conversion_rate)": "select sum(leads_total) from marts.kpi_conversion_rate",
    "leads converted to date (kpi_conversion_rate)": (
        "select sum(leads_converted_to_date) from marts.kpi_conversion_rate"
    ),
    "calls (kpi_call_quality)": "select sum(calls) from marts.kpi_call_quality",
    "connected calls (kpi_call_quality)": "select sum(calls_connected) from marts.kpi_call_quality",
    "won amount (rep_scorecard)": "select sum(won_amount) from marts.rep_scorecard",
    "raw rows rejected (dq_rejected_rows)": ("select count(*) from data_quality.dq_rejected_rows"),
}

COMPARED_SCHEMAS = ("marts", "data_quality")
NUMERIC_TYPES = ("INT", "DOUBLE", "DECIMAL", "NUMERIC", "FLOAT", "REAL")

Query = Callable[[str], list[tuple]]


def _differs(a: object, b: object) -> bool:
    if a is None or b is None:
        return (a is None) != (b is None)
    return abs(float(a) - float(b)) > TOLERANCE


def _key_value(value: object) -> object:
    """One spelling of a key value whichever client read it."""
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(dt.UTC).replace(tzinfo=None)
        return value.isoformat(sep=" ")
    if isinstance(value, (decimal.Decimal, float)):
        return round(float(value), 2)
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def postgres_engine(dsn: str) -> tuple[Query, Callable[[], None]]:
    import psycopg2

    connection = psycopg2.connect(dsn)
    cursor = connection.cursor()

    def query(sql: str) -> list[tuple]:
        cursor.execute(sql)
        return [tuple(row) for row in cursor.fetchall()]

    return query, connection.close


def spark_engine(warehouse: Path, schemas: Sequence[str]) -> tuple[Query, Callable[[], None]]:
    """Spark's tables, as DuckDB views over the Parquet files Spark wrote."""
    connection = duckdb.connect()
    connection.execute("set TimeZone = 'UTC'")
    for schema in schemas:
        connection.execute(f"create schema {schema}")
        schema_dir = warehouse / f"{schema}.db"
        if not schema_dir.is_dir():
            continue
        for table_dir in sorted(p for p in schema_dir.iterdir() if p.is_dir()):
            files = sorted(str(f) for f in table_dir.glob("*.parquet"))
            if not files:
                continue
            connection.execute(
                f"create view {schema}.{table_dir.name} as select * from read_parquet({files!r})"
            )

    def query(sql: str) -> list[tuple]:
        return connection.sql(sql).fetchall()

    return query, connection.close


def compare(duck: duckdb.DuckDBPyConnection, other: Query, name: str, manifest: dict) -> int:
    def duck_query(sql: str) -> list[tuple]:
        return duck.sql(sql).fetchall()

    failures = 0
    for label, sql in NAMED_FIGURES.items():
        d, o = duck_query(sql)[0][0], other(sql)[0][0]
        status = "DIFF" if _differs(d, o) else "ok"
        failures += status == "DIFF"
        print(f"{status:4} {label}: duckdb={d} {name}={o}")

    keys = {
        f"{node['schema']}.{node['name']}": cols
        for uid, cols in model_keys(manifest).items()
        if cols and (node := manifest["nodes"][uid])["schema"] in COMPARED_SCHEMAS
    }
    schemas = ", ".join(f"'{s}'" for s in COMPARED_SCHEMAS)
    tables = [
        f"{schema}.{table}"
        for schema, table in duck_query(
            "select table_schema, table_name from information_schema.tables "
            f"where table_schema in ({schemas}) order by table_schema desc, table_name"
        )
    ]
    for table in tables:
        schema, name_only = table.split(".")
        columns = duck_query(
            "select column_name, data_type from information_schema.columns "
            f"where table_schema = '{schema}' and table_name = '{name_only}' order by ordinal_position"
        )
        numeric = [c for c, t in columns if any(n in t.upper() for n in NUMERIC_TYPES)]
        boolean = [c for c, t in columns if t.upper() == "BOOLEAN"]
        names = ["rows", *numeric, *(f"{c} (true)" for c in boolean)]
        exprs = [
            "count(*)",
            *(f'sum(cast("{c}" as double precision))' for c in numeric),
            *(f'sum(case when "{c}" then 1 else 0 end)' for c in boolean),
        ]
        sql = f"select {', '.join(exprs)} from {table}"
        try:
            d_row, o_row = duck_query(sql)[0], other(sql)[0]
        except Exception as error:  # noqa: BLE001 - a missing or broken table is a difference
            print(f"DIFF {table}: cannot be read on {name}: {error}".splitlines()[0])
            failures += 1
            continue
        diffs = [
            f"{n}: duckdb={d} {name}={o}"
            for n, d, o in zip(names, d_row, o_row, strict=True)
            if _differs(d, o)
        ]
        key = keys.get(table)
        if key:
            key_sql = f"select distinct {', '.join(key)} from {table}"
            d_keys = {tuple(map(_key_value, r)) for r in duck_query(key_sql)}
            o_keys = {tuple(map(_key_value, r)) for r in other(key_sql)}
            for side, missing in (("duckdb", d_keys - o_keys), (name, o_keys - d_keys)):
                if missing:
                    examples = ", ".join(map(str, sorted(missing, key=str)[:KEY_EXAMPLES]))
                    diffs.append(
                        f"key ({', '.join(key)}): {len(missing)} only on {side}, e.g. {examples}"
                    )
        failures += len(diffs)
        print(
            f"{'DIFF' if diffs else 'ok':4} {table}: {d_row[0]} rows, "
            f"{len(numeric)} numeric and {len(boolean)} boolean columns, "
            f"key {'(' + ', '.join(key) + ')' if key else 'none'}"
        )
        for diff in diffs:
            print(f"       {diff}")

    print(
        f"{failures} difference(s) beyond {TOLERANCE}"
        if failures
        else f"{name} and DuckDB agree on every mart and data-quality table."
    )
    return failures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duckdb", required=True, help="the DuckDB warehouse file")
    parser.add_argument(
        "--manifest",
        required=True,
        help="target/manifest.json of the DuckDB build (mart keys)",
    )
    engine = parser.add_mutually_exclusive_group(required=True)
    engine.add_argument("--pg-dsn", help="Postgres: libpq connection string")
    engine.add_argument(
        "--spark-warehouse",
        help="Spark: spark.sql.warehouse.dir of the build (Parquet tables)",
    )
    args = parser.parse_args()

    manifest = json.loads(Path(args.manifest).read_text())
    duck = duckdb.connect(args.duckdb, read_only=True)
    if args.pg_dsn:
        name = "postgres"
        other, close = postgres_engine(args.pg_dsn)
    else:
        name = "spark"
        other, close = spark_engine(Path(args.spark_warehouse), ("marts", "data_quality"))
    try:
        failures = compare(duck, other, name, manifest)
    finally:
        close()
        duck.close()
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
