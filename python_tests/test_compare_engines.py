"""scripts/compare_engines.py, the check `make portability` and `make spark` end with: it must
fail when another engine's mart differs (a figure, a row, a key), and pass when they agree.

No dbt build: a tiny hand-made "DuckDB build" (one file) and a "Spark warehouse" (Parquet
files in <schema>.db/<table>/, the layout Spark writes), made by DuckDB itself.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "scripts" / "compare_engines.py"

# Every table the named figures read, with the fewest columns they need, plus one mart with a
# key (rep_scorecard: rep_id) to check keys on.
TABLES = {
    "marts.kpi_mrr": "select 100.0 as closing_mrr, true as is_as_of_month",
    "marts.kpi_pipeline_value": "select 2 as open_deals, 50.5 as pipeline_value, true as is_as_of_date",
    "marts.kpi_conversion_rate": "select 10 as leads_total, 3 as leads_converted_to_date",
    "marts.kpi_call_quality": "select 7 as calls, 4 as calls_connected",
    "marts.rep_scorecard": (
        "select * from (values ('u1', 30.25, date '2024-01-31'), ('u2', 9.75, date '2024-01-31'))"
        " as t(rep_id, won_amount, month_end)"
    ),
    "data_quality.dq_rejected_rows": "select 'crm__deals' as source_table",
}


def _manifest(path: Path) -> Path:
    """The two key tests (unique, not_null on rep_id) of rep_scorecard, as dbt writes them."""
    model = "model.sales_kpi.rep_scorecard"
    nodes = {
        model: {
            "resource_type": "model",
            "package_name": "sales_kpi",
            "name": "rep_scorecard",
            "schema": "marts",
        }
    }
    for test in ("unique", "not_null"):
        nodes[f"test.sales_kpi.{test}_rep_scorecard_rep_id"] = {
            "resource_type": "test",
            "package_name": "sales_kpi",
            "attached_node": model,
            "column_name": "rep_id",
            "test_metadata": {"name": test, "kwargs": {"column_name": "rep_id"}},
        }
    path.write_text(json.dumps({"nodes": nodes}))
    return path


def _duckdb_build(path: Path) -> Path:
    connection = duckdb.connect(str(path))
    for schema in ("marts", "data_quality"):
        connection.execute(f"create schema {schema}")
    for table, sql in TABLES.items():
        connection.execute(f"create table {table} as {sql}")
    connection.close()
    return path


def _spark_warehouse(path: Path, changes: dict[str, str]) -> Path:
    """The same tables as Parquet under <schema>.db/<table>/, some replaced by `changes`."""
    connection = duckdb.connect()
    for table, sql in TABLES.items():
        schema, name = table.split(".")
        folder = path / f"{schema}.db" / name
        folder.mkdir(parents=True)
        query = changes.get(table, sql)
        connection.execute(f"copy ({query}) to '{folder / 'part-00000.parquet'}' (format parquet)")
    connection.close()
    return path


def _compare(tmp_path: Path, changes: dict[str, str]) -> subprocess.CompletedProcess:
    duck = _duckdb_build(tmp_path / "duck.duckdb")
    manifest = _manifest(tmp_path / "manifest.json")
    warehouse = _spark_warehouse(tmp_path / "warehouse", changes)
    return subprocess.run(
        [
            sys.executable,
            str(SCRIPT),
            "--duckdb",
            str(duck),
            "--manifest",
            str(manifest),
            "--spark-warehouse",
            str(warehouse),
        ],
        capture_output=True,
        text=True,
        check=False,
    )


def test_same_marts_agree(tmp_path: Path) -> None:
    result = _compare(tmp_path, {})
    assert result.returncode == 0, result.stdout + result.stderr
    assert "agree on every mart and data-quality table" in result.stdout
    assert "key (rep_id)" in result.stdout


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        # won_amount 30.25 + 9.75 = 40.00 on DuckDB; 30.27 + 9.75 = 40.02 differs by 0.02 > 0.01.
        (
            (
                "select * from (values ('u1', 30.27, date '2024-01-31'), ('u2', 9.75, date '2024-01-31'))"
                " as t(rep_id, won_amount, month_end)"
            ),
            "won_amount: duckdb=40.0",
        ),
        # one rep fewer: 2 rows against 1, and the key u2 exists only on DuckDB.
        (
            "select * from (values ('u1', 40.00, date '2024-01-31')) as t(rep_id, won_amount, month_end)",
            "1 only on duckdb, e.g. ('u2',)",
        ),
        # same rows, same sums, another key: u3 instead of u2.
        (
            (
                "select * from (values ('u1', 30.25, date '2024-01-31'), ('u3', 9.75, date '2024-01-31'))"
                " as t(rep_id, won_amount, month_end)"
            ),
            "1 only on spark, e.g. ('u3',)",
        ),
    ],
)
def test_a_differing_mart_fails(tmp_path: Path, change: str, expected: str) -> None:
    result = _compare(tmp_path, {"marts.rep_scorecard": change})
    assert result.returncode == 1, result.stdout + result.stderr
    assert "DIFF marts.rep_scorecard" in result.stdout
    assert expected in result.stdout


def test_a_boolean_flag_that_differs_fails(tmp_path: Path) -> None:
    # is_as_of_month true on DuckDB, false on the other engine: 1 true value against 0; the
    # figure "closing_mrr of the as-of month" is 100.0 against null.
    result = _compare(
        tmp_path,
        {"marts.kpi_mrr": "select 100.0 as closing_mrr, false as is_as_of_month"},
    )
    assert result.returncode == 1
    assert "is_as_of_month (true): duckdb=1 spark=0" in result.stdout
    assert "DIFF closing_mrr of the as-of month" in result.stdout
