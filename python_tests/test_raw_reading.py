"""Reading raw exports: CSV or Parquet, optional tables, and files that cannot be read."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest

from python_tests.dbt_runner import FIXTURES_DIR, query, run_dbt

RAW = FIXTURES_DIR / "dq_raw"
OPTIONAL = [
    "crm__deal_stage_history",
    "crm__quotas",
    "billing__invoices",
    "telephony__call_scores",
    "market__competitor_prices",
]
STAGING_AND_DQ = ["--select", "path:models/staging", "path:models/data_quality"]


def _copy_raw(target: Path) -> Path:
    shutil.copytree(RAW, target)
    return target


def test_missing_required_column_stops_the_run_naming_file_and_column(tmp_path):
    raw = _copy_raw(tmp_path / "raw")
    path = raw / "crm__deals.csv"
    lines = path.read_text().splitlines()
    header = lines[0].split(",")
    drop = header.index("owner_id")
    kept = [",".join(v for i, v in enumerate(line.split(",")) if i != drop) for line in lines]
    path.write_text("\n".join(kept) + "\n")

    run = run_dbt(["run", *STAGING_AND_DQ], tmp_path / "work", raw)

    assert not run.ok
    assert "crm__deals.csv" in run.output
    assert "required column 'owner_id' is missing" in run.output
    assert "Traceback" not in run.output


def test_missing_required_table_stops_the_run(tmp_path):
    raw = _copy_raw(tmp_path / "raw")
    (raw / "crm__deals.csv").unlink()
    run = run_dbt(["run", *STAGING_AND_DQ], tmp_path / "work", raw)
    assert not run.ok
    assert "crm__deals" in run.output and "missing" in run.output


def test_missing_optional_tables_count_as_empty(tmp_path):
    raw = _copy_raw(tmp_path / "raw")
    for name in OPTIONAL:
        (raw / f"{name}.csv").unlink()
    workdir = tmp_path / "work"
    run = run_dbt(["run", *STAGING_AND_DQ], workdir, raw)
    assert run.ok, run.output[-3000:]
    counts = {
        r["source_table"]: r["rows_in"]
        for r in query(workdir, "select * from data_quality.dq_row_counts")
    }
    for name in OPTIONAL:
        assert counts[name] == 0


def test_missing_nullable_column_reads_as_null(tmp_path):
    raw = _copy_raw(tmp_path / "raw")
    path = raw / "crm__users.csv"
    lines = path.read_text().splitlines()
    # left_on is the last column and nullable: drop it from header and rows.
    path.write_text("\n".join(line.rsplit(",", 1)[0] for line in lines) + "\n")
    workdir = tmp_path / "work"
    run = run_dbt(["run", *STAGING_AND_DQ], workdir, raw)
    assert run.ok, run.output[-3000:]
    assert query(workdir, "select count(*) as n from staging.stg_crm__users where left_on is null") == [
        {"n": 4}
    ]


def test_parquet_exports_read_like_csv(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    con = duckdb.connect()
    try:
        for path in RAW.glob("*.csv"):
            con.execute(
                f"copy (select * from read_csv('{path}', all_varchar = true)) "
                f"to '{raw / (path.stem + '.parquet')}' (format parquet)"
            )
    finally:
        con.close()
    workdir = tmp_path / "work"
    run = run_dbt(["run", *STAGING_AND_DQ], workdir, raw)
    assert run.ok, run.output[-3000:]
    rejected = query(workdir, "select count(*) as n from data_quality.dq_rejected_rows")
    assert rejected == [{"n": 23}]  # the same 23 bad rows as the CSV folder


def test_timestamp_variants_parse_to_utc(tmp_path):
    raw = _copy_raw(tmp_path / "raw")
    path = raw / "crm__accounts.csv"
    path.write_text(
        "account_id,account_name,industry,country,created_at,owner_id\n"
        "A1,Acme,software,us,2024-01-10T10:00:00Z,U3\n"
        "A2,Beta,retail,DE,2024-01-10 13:00:00+03:00,U3\n"
        "A3,Gamma,retail,DE,2024-01-10,U3\n"
    )
    workdir = tmp_path / "work"
    run = run_dbt(["run", *STAGING_AND_DQ], workdir, raw)
    assert run.ok, run.output[-3000:]
    rows = query(
        workdir,
        "select account_id, strftime(created_at, '%Y-%m-%d %H:%M:%S') as ts, country "
        "from staging.stg_crm__accounts order by account_id",
    )
    assert rows == [
        {"account_id": "A1", "ts": "2024-01-10 10:00:00", "country": "US"},  # Z = UTC; upper-cased
        {"account_id": "A2", "ts": "2024-01-10 10:00:00", "country": "DE"},  # 13:00 at +03:00
        {"account_id": "A3", "ts": "2024-01-10 00:00:00", "country": "DE"},  # bare date: midnight
    ]


def test_nan_and_infinity_are_unparseable_numbers(tmp_path):
    # The contract's numbers are decimals: 'NaN' and 'inf' are not, although a double cast
    # (DuckDB and Postgres alike) reads them. A NaN exchange rate would pass `<= 0` and poison
    # every converted amount.
    raw = _copy_raw(tmp_path / "raw")
    (raw / "billing__fx_rates.csv").write_text(
        "rate_date,currency,usd_per_unit\n"
        "2024-01-01,EUR,1.10\n"
        "2024-01-02,EUR,NaN\n"
        "2024-01-03,EUR,inf\n"
        "2024-01-04,EUR,-Infinity\n"
        "2024-01-01,RUB,0.011\n"
    )
    workdir = tmp_path / "work"
    run = run_dbt(["run", *STAGING_AND_DQ], workdir, raw)
    assert run.ok, run.output[-3000:]
    rows = query(
        workdir,
        "select strftime(rate_date, '%Y-%m-%d') as rate_date, currency, rejection_reason "
        "from staging.base_billing__fx_rates order by currency, rate_date",
    )
    unparseable = "unparseable usd_per_unit"
    assert rows == [
        {"rate_date": "2024-01-01", "currency": "EUR", "rejection_reason": None},
        {"rate_date": "2024-01-02", "currency": "EUR", "rejection_reason": unparseable},
        {"rate_date": "2024-01-03", "currency": "EUR", "rejection_reason": unparseable},
        {"rate_date": "2024-01-04", "currency": "EUR", "rejection_reason": unparseable},
        {"rate_date": "2024-01-01", "currency": "RUB", "rejection_reason": None},
    ]


@pytest.mark.parametrize(
    ("variables", "message"),
    [
        ({"reporting_currency": "usd"}, "Invalid setting reporting_currency=usd"),
        ({"reporting_timezone": "Mars/Olympus"}, "Invalid setting reporting_timezone=Mars/Olympus"),
        ({"as_of_date": "2024-02-30"}, "Invalid setting as_of_date=2024-02-30"),
        ({"as_of_date": "yesterday"}, "Invalid setting as_of_date=yesterday"),
        ({"conversion_window_days": -1}, "Invalid setting conversion_window_days=-1"),
        ({"quality_score_threshold": 150}, "Invalid setting quality_score_threshold=150"),
        ({"invalid_lead_reasons": "spam"}, "Invalid setting invalid_lead_reasons=spam"),
    ],
)
def test_bad_setting_is_a_clear_error(tmp_path, variables, message):
    run = run_dbt(["compile", "--select", "int_report_period"], tmp_path, RAW, variables)
    assert not run.ok
    assert message in run.output
    assert "Traceback" not in run.output


def test_reporting_currency_without_rates_is_reported(tmp_path):
    # fixtures/dq_raw has EUR and RUB rates only: GBP as the reporting currency cannot be
    # converted to, and the guard says so instead of leaving money silently null.
    variables = {"reporting_currency": "GBP"}
    built = run_dbt(["run", "--select", "+int_fx_rates_daily"], tmp_path, RAW, variables)
    assert built.ok, built.output[-3000:]
    run = run_dbt(["test", "--select", "assert_reporting_currency_has_rates"], tmp_path, RAW, variables)
    assert not run.ok
    assert "FAIL" in run.output and "assert_reporting_currency_has_rates" in run.output
    assert "Traceback" not in run.output


def test_as_of_date_defaults_to_the_latest_event_not_the_clock(tmp_path):
    run = run_dbt(["run", "--select", "+int_report_period"], tmp_path, RAW)
    assert run.ok, run.output[-3000:]
    period = query(tmp_path, "select * from intermediate.int_report_period")
    # Used rows of fixtures/dq_raw: leads created 01-05 (L1), 01-07 (L2), 01-09 (L4); deals D1
    # created 01-09 and closed 01-10, D6 created 02-10 (D2-D5 are rejected, so D5's 02-10 and
    # D4's dates do not count); stage entries 01-09, 01-10; calls 01-05, 01-06; items 01-10,
    # 01-20; invoice I1 01-10; prices 01-15. Latest: 2024-02-10; earliest: 2024-01-05.
    assert str(period[0]["as_of_date"]) == "2024-02-10"
    assert str(period[0]["data_start_date"]) == "2024-01-05"
