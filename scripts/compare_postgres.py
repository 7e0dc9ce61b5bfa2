"""Compare the marts of a Postgres build with the DuckDB build of the same seeds.

Used by scripts/check_postgres.sh. Prints each check and exits non-zero when a figure differs
by more than the tolerance. Two kinds of checks:

- a handful of named KPI figures (MRR, open pipeline at as_of_date, leads, calls, won amount)
  and the number of rejected raw rows (both engines parse the raw text alike);
- every table of schema `marts`: its row count and the sum of each numeric column.
"""

from __future__ import annotations

import argparse
import sys

import duckdb
import psycopg2

TOLERANCE = 0.01

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

NUMERIC_TYPES = ("INT", "DOUBLE", "DECIMAL", "NUMERIC", "FLOAT", "REAL")


def _differs(a: object, b: object) -> bool:
    if a is None or b is None:
        return (a is None) != (b is None)
    return abs(float(a) - float(b)) > TOLERANCE


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duckdb", required=True, help="the DuckDB warehouse file")
    parser.add_argument("--pg-dsn", required=True, help="libpq connection string")
    args = parser.parse_args()

    duck = duckdb.connect(args.duckdb, read_only=True)
    pg = psycopg2.connect(args.pg_dsn)
    cursor = pg.cursor()

    def both(sql: str) -> tuple[tuple, tuple]:
        cursor.execute(sql)
        return tuple(duck.sql(sql).fetchall()[0]), tuple(cursor.fetchone())

    failures = 0
    for label, sql in NAMED_FIGURES.items():
        (d,), (p,) = both(sql)
        status = "DIFF" if _differs(d, p) else "ok"
        failures += status == "DIFF"
        print(f"{status:4} {label}: duckdb={d} postgres={p}")

    marts = [
        row[0]
        for row in duck.sql(
            "select table_name from information_schema.tables "
            "where table_schema = 'marts' order by table_name"
        ).fetchall()
    ]
    for table in marts:
        columns = duck.sql(
            "select column_name, data_type from information_schema.columns "
            f"where table_schema = 'marts' and table_name = '{table}' order by ordinal_position"
        ).fetchall()
        numeric = [name for name, typ in columns if any(t in typ.upper() for t in NUMERIC_TYPES)]
        names = ["rows", *numeric]
        exprs = [
            "count(*)",
            *(f'sum(cast("{c}" as double precision))' for c in numeric),
        ]
        d_row, p_row = both(f"select {', '.join(exprs)} from marts.{table}")
        diffs = [
            f"{n}: duckdb={d} postgres={p}"
            for n, d, p in zip(names, d_row, p_row, strict=True)
            if _differs(d, p)
        ]
        failures += len(diffs)
        print(
            f"{'DIFF' if diffs else 'ok':4} marts.{table}: {len(numeric)} numeric columns, {d_row[0]} rows"
        )
        for diff in diffs:
            print(f"       {diff}")

    duck.close()
    pg.close()
    print(
        f"{failures} difference(s) beyond {TOLERANCE}" if failures else "Postgres and DuckDB agree."
    )
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
