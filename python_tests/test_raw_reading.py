"""Reading raw exports: CSV or Parquet, optional tables, and files that cannot be read.

Every case below is one independent dbt command (or two) on its own copy of a raw folder:
`_case_<name>(tmp)` prepares the folder and runs dbt. `background_jobs` starts every case
on the session's pool when the session starts (two dbt commands at a time); each test waits
for its own case and asserts on it.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import duckdb
import pytest

from python_tests import background
from python_tests.dbt_runner import FIXTURES_DIR, DbtRun, query, run_dbt
from python_tests.test_data_quality import assert_rejections_are_the_expected
from python_tests.typed_parquet import typed_copy

RAW = FIXTURES_DIR / "dq_raw"
# The CSV build the typed Parquet case is compared with (the build test_data_quality shares).
DBT_BUILDS = [("dq_raw", {})]
OPTIONAL = [
    "crm__deal_stage_history",
    "crm__quotas",
    "billing__invoices",
    "telephony__call_scores",
    "market__competitor_prices",
]
STAGING_AND_DQ = [
    "--select",
    "path:models/staging",
    "path:models/links_checked",
    "path:models/data_quality",
]
BAD_SETTINGS = [
    ({"reporting_currency": "usd"}, "Invalid setting reporting_currency=usd"),
    ({"reporting_timezone": "Mars/Olympus"}, "Invalid setting reporting_timezone=Mars/Olympus"),
    ({"as_of_date": "2024-02-30"}, "Invalid setting as_of_date=2024-02-30"),
    ({"as_of_date": "yesterday"}, "Invalid setting as_of_date=yesterday"),
    ({"conversion_window_days": -1}, "Invalid setting conversion_window_days=-1"),
    ({"quality_score_threshold": 150}, "Invalid setting quality_score_threshold=150"),
    ({"invalid_lead_reasons": "spam"}, "Invalid setting invalid_lead_reasons=spam"),
]


def _copy_raw(target: Path) -> Path:
    shutil.copytree(RAW, target)
    return target


# --- the cases: prepare a raw folder, run dbt; (workdir, run) ---------------------------


def _case_missing_required_column(tmp: Path) -> tuple[Path, DbtRun]:
    raw = _copy_raw(tmp / "raw")
    path = raw / "crm__deals.csv"
    lines = path.read_text().splitlines()
    header = lines[0].split(",")
    drop = header.index("owner_id")
    kept = [",".join(v for i, v in enumerate(line.split(",")) if i != drop) for line in lines]
    path.write_text("\n".join(kept) + "\n")
    return tmp / "work", run_dbt(["run", *STAGING_AND_DQ], tmp / "work", raw)


def _case_missing_required_table(tmp: Path) -> tuple[Path, DbtRun]:
    raw = _copy_raw(tmp / "raw")
    (raw / "crm__deals.csv").unlink()
    return tmp / "work", run_dbt(["run", *STAGING_AND_DQ], tmp / "work", raw)


def _case_missing_optional_tables(tmp: Path) -> tuple[Path, DbtRun]:
    raw = _copy_raw(tmp / "raw")
    for name in OPTIONAL:
        (raw / f"{name}.csv").unlink()
    return tmp / "work", run_dbt(["run", *STAGING_AND_DQ], tmp / "work", raw)


def _case_missing_nullable_column(tmp: Path) -> tuple[Path, DbtRun]:
    raw = _copy_raw(tmp / "raw")
    path = raw / "crm__users.csv"
    lines = path.read_text().splitlines()
    # left_on is the last column and nullable: drop it from header and rows.
    path.write_text("\n".join(line.rsplit(",", 1)[0] for line in lines) + "\n")
    return tmp / "work", run_dbt(["run", *STAGING_AND_DQ], tmp / "work", raw)


def _case_parquet_exports(tmp: Path) -> tuple[Path, DbtRun]:
    raw = tmp / "raw"
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
    return tmp / "work", run_dbt(["run", *STAGING_AND_DQ], tmp / "work", raw)


def _case_typed_parquet_exports(tmp: Path) -> tuple[Path, DbtRun]:
    # fixtures/dq_raw as Parquet with typed columns wherever every value's text round-trips
    # (python_tests/typed_parquet.py): the same data, read without parsing those columns.
    typed_copy(RAW, tmp / "raw")
    return tmp / "work", run_dbt(["run"], tmp / "work", tmp / "raw")


def _case_timestamp_variants(tmp: Path) -> tuple[Path, DbtRun]:
    raw = _copy_raw(tmp / "raw")
    (raw / "crm__accounts.csv").write_text(
        "account_id,account_name,industry,country,created_at,owner_id\n"
        "A1,Acme,software,us,2024-01-10T10:00:00Z,U3\n"
        "A2,Beta,retail,DE,2024-01-10 13:00:00+03:00,U3\n"
        "A3,Gamma,retail,DE,2024-01-10,U3\n"
    )
    return tmp / "work", run_dbt(["run", *STAGING_AND_DQ], tmp / "work", raw)


def _case_nan_and_infinity(tmp: Path) -> tuple[Path, DbtRun]:
    raw = _copy_raw(tmp / "raw")
    (raw / "billing__fx_rates.csv").write_text(
        "rate_date,currency,usd_per_unit\n"
        "2024-01-01,EUR,1.10\n"
        "2024-01-02,EUR,NaN\n"
        "2024-01-03,EUR,inf\n"
        "2024-01-04,EUR,-Infinity\n"
        "2024-01-01,RUB,0.011\n"
    )
    return tmp / "work", run_dbt(["run", *STAGING_AND_DQ], tmp / "work", raw)


def _case_currency_without_rates(tmp: Path) -> tuple[Path, tuple[DbtRun, DbtRun]]:
    # fixtures/dq_raw has EUR and RUB rates from 2024-01-01 (the data starts 2024-01-05); CHF
    # is added here with rates from 2024-02-01 only. GBP: no rate at all; CHF: too late.
    raw = _copy_raw(tmp / "raw")
    rates = raw / "billing__fx_rates.csv"
    rates.write_text(rates.read_text() + "2024-02-01,CHF,1.15\n")
    work = tmp / "work"
    without = run_dbt(
        ["run", "--select", "+int_fx_rates_daily"], work, raw, {"reporting_currency": "GBP"}
    )
    late = run_dbt(
        ["run", "--select", "int_fx_rates_daily"], work, raw, {"reporting_currency": "CHF"}
    )
    return work, (without, late)


def _case_as_of_date_default(tmp: Path) -> tuple[Path, DbtRun]:
    return tmp, run_dbt(["run", "--select", "+int_report_period"], tmp, RAW)


CASES: dict[str, Callable[[Path], tuple[Path, object]]] = {
    "missing_required_column": _case_missing_required_column,
    "missing_required_table": _case_missing_required_table,
    "missing_optional_tables": _case_missing_optional_tables,
    "missing_nullable_column": _case_missing_nullable_column,
    "parquet_exports": _case_parquet_exports,
    "typed_parquet_exports": _case_typed_parquet_exports,
    "timestamp_variants": _case_timestamp_variants,
    "nan_and_infinity": _case_nan_and_infinity,
    "currency_without_rates": _case_currency_without_rates,
    "as_of_date_default": _case_as_of_date_default,
}

_factory: list[pytest.TempPathFactory] = []


def background_jobs(factory: pytest.TempPathFactory) -> None:
    """Start every case on the session's pool (called by conftest when the session starts)."""
    if not _factory:
        _factory.append(factory)
    for name in CASES:
        _start(name)


def _start(name: str):
    factory = _factory[0]
    return background.start(
        f"raw_reading:{name}",
        lambda: CASES[name](factory.mktemp(f"raw_reading_{name}")),
        background.SHORT,
    )


@pytest.fixture(scope="module")
def outcome(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], tuple[Path, object]]:
    """outcome(name): the (workdir, run) of a case, waiting for it (started here if the
    session did not start it)."""
    if not _factory:
        _factory.append(tmp_path_factory)
    return lambda name: _start(name).result()


# --- the tests ---------------------------------------------------------------------------


def test_missing_required_column_stops_the_run_naming_file_and_column(outcome):
    _, run = outcome("missing_required_column")
    assert not run.ok
    assert "crm__deals.csv" in run.output
    assert "required column 'owner_id' is missing" in run.output
    assert "Traceback" not in run.output


def test_missing_required_table_stops_the_run(outcome):
    _, run = outcome("missing_required_table")
    assert not run.ok
    assert "crm__deals" in run.output and "missing" in run.output
    assert "Traceback" not in run.output


def test_missing_optional_tables_count_as_empty(outcome):
    workdir, run = outcome("missing_optional_tables")
    assert run.ok, run.output[-3000:]
    counts = {
        r["source_table"]: r for r in query(workdir, "select * from data_quality.dq_row_counts")
    }
    for name in OPTIONAL:
        assert counts[name]["rows_in"] == 0, name
        assert counts[name]["rows_used"] == 0, name
        assert counts[name]["rows_rejected"] == 0, name
    # An optional table that is missing is said so in the log, not silently skipped.
    for name in OPTIONAL:
        assert f"Optional raw table {name} not found" in run.output, name


def test_missing_nullable_column_reads_as_null(outcome):
    workdir, run = outcome("missing_nullable_column")
    assert run.ok, run.output[-3000:]
    users = query(workdir, "select user_id, left_on from staging.stg_crm__users order by user_id")
    # Every used user of fixtures/dq_raw is read (U3's duplicate and U4, role 'wizard', are
    # rejected), each with left_on null.
    assert users == [{"user_id": u, "left_on": None} for u in ("U1", "U2", "U3", "U5")]


def test_parquet_exports_read_like_csv(outcome):
    workdir, run = outcome("parquet_exports")
    assert run.ok, run.output[-3000:]
    # The same bad rows, at the same row numbers and for the same reasons, as the CSV folder.
    assert_rejections_are_the_expected(workdir)


# Columns the typed copy of fixtures/dq_raw writes typed, and one it must keep as text.
TYPED_COLUMNS = {
    ("telephony__call_scores", "scored_at"): "TIMESTAMP",  # part of the record key
    ("telephony__calls", "talk_seconds"): "BIGINT",
    ("crm__leads", "converted_at"): "TIMESTAMP",  # a values_only column (value_dropped)
    ("crm__deals", "amount"): "DECIMAL(18,2)",  # D3's -5.00: still a negative amount
    ("crm__deals", "is_deleted"): "BOOLEAN",
    ("crm__quotas", "month"): "DATE",
    ("telephony__calls", "started_at"): "VARCHAR",  # CL4's 'yesterday': text, still rejected
}
COMPARED_SCHEMAS = ("staging", "links_checked", "intermediate", "marts", "data_quality")


def test_typed_parquet_reads_like_csv(outcome, fixture_build):
    workdir, run = outcome("typed_parquet_exports")
    assert run.ok, run.output[-3000:]
    con = duckdb.connect()
    try:
        for (table, column), expected in TYPED_COLUMNS.items():
            path = workdir.parent / "raw" / f"{table}.parquet"
            described = {
                row[0]: row[1]
                for row in con.execute(f"describe select * from read_parquet('{path}')").fetchall()
            }
            assert described[column] == expected, (table, column)
    finally:
        con.close()
    # The ledger: the same bad rows, row numbers and reasons as the CSV folder; an unparseable
    # value in a text column of a Parquet file is still rejected (CL4).
    assert_rejections_are_the_expected(workdir)
    # Every table (staging, checks, marts, the ledger) row for row equal to the CSV build.
    csv_workdir, csv_run = fixture_build("dq_raw")
    assert csv_run.ok, csv_run.output[-3000:]
    con = duckdb.connect()
    try:
        con.execute(f"attach '{workdir / 'warehouse.duckdb'}' as typed (read_only)")
        con.execute(f"attach '{csv_workdir / 'warehouse.duckdb'}' as csv (read_only)")
        schemas = ", ".join(f"'{s}'" for s in COMPARED_SCHEMAS)
        tables = con.execute(
            "select schema_name, table_name from duckdb_tables() "
            f"where database_name = 'csv' and schema_name in ({schemas}) order by all"
        ).fetchall()
        assert len(tables) > 50
        differing = []
        for schema, table in tables:
            a, b = (f"{db}.{schema}.{table}" for db in ("typed", "csv"))
            only = con.execute(
                f"select (select count(*) from (from {a} except all from {b})), "
                f"(select count(*) from (from {b} except all from {a}))"
            ).fetchone()
            if only != (0, 0):
                differing.append((schema, table, only))
        assert differing == []
    finally:
        con.close()


def test_typed_columns_are_used_without_a_text_parse(dbt_in_process, tmp_path):
    # A hand-made typed folder: the calls' started_at as TIMESTAMPTZ written at +03:00 (CL4's
    # 'yesterday' cannot be a timestamp: null), talk_seconds BIGINT, wait_seconds still text;
    # exchange rates as DOUBLE with NaN and infinity.
    raw = tmp_path / "raw"
    raw.mkdir()
    con = duckdb.connect()
    try:
        con.execute("set TimeZone = 'UTC'")
        con.execute(
            "copy (select * replace ("
            "try_cast(started_at || '+03:00' as timestamptz) as started_at, "
            "cast(talk_seconds as bigint) as talk_seconds) "
            f"from read_csv('{RAW / 'telephony__calls.csv'}', all_varchar = true)) "
            f"to '{raw / 'telephony__calls.parquet'}' (format parquet)"
        )
        con.execute(
            "copy (select * from (values "
            "(date '2024-01-01', 'EUR', 1.10::double), (date '2024-01-02', 'EUR', 'nan'::double), "
            "(date '2024-01-03', 'EUR', '-inf'::double), (date '2024-01-01', 'RUB', 0.011::double)"
            ") as rates(rate_date, currency, usd_per_unit)) "
            f"to '{raw / 'billing__fx_rates.parquet'}' (format parquet)"
        )
        ok, output, typed_sql = dbt_in_process.compile(
            "base_telephony__calls", {"raw_data_dir": str(raw)}
        )
        assert ok, output[-3000:]
        ok, output, csv_sql = dbt_in_process.compile(
            "base_telephony__calls", {"raw_data_dir": str(RAW)}
        )
        assert ok, output[-3000:]
        # From CSV started_at is text, parsed (trimmed, checked for a timestamp form); typed, it
        # is passed as it is and converted to UTC: no cast to text, no text parse, no
        # unparseable rule. A text column of the same file is still parsed.
        assert "trim(started_at)" in csv_sql
        assert '"started_at" as started_at' in typed_sql
        assert "timezone('UTC', started_at)" in typed_sql
        for text_parse in ("trim(started_at)", "trim(raw__started_at)", 'cast("started_at"'):
            assert text_parse not in typed_sql, text_parse
        assert "trim(wait_seconds)" in typed_sql
        rows = con.execute(
            "select call_id, strftime(started_at, '%Y-%m-%d %H:%M:%S') as started_at, "
            f"talk_seconds, rejection_reason from ({typed_sql}) order by call_id"
        ).fetchall()
        assert rows == [
            ("CL1", "2024-01-05 06:03:00", 120, None),  # 09:03 at +03:00
            ("CL2", "2024-01-06 06:00:00", 0, None),
            ("CL3", "2024-01-06 07:00:00", 90, None),
            ("CL4", None, 90, "missing started_at"),
        ]
        # A double for a decimal: NaN and infinity do not parse (typed_input_fit 'checked').
        ok, output, rates_sql = dbt_in_process.compile(
            "base_billing__fx_rates", {"raw_data_dir": str(raw)}
        )
        assert ok, output[-3000:]
        assert "isfinite(usd_per_unit)" in rates_sql
        reasons = con.execute(
            f"select currency, rejection_reason from ({rates_sql}) order by currency, rate_date"
        ).fetchall()
        unparseable = "unparseable usd_per_unit"
        assert reasons == [("EUR", None), ("EUR", unparseable), ("EUR", unparseable), ("RUB", None)]
    finally:
        con.close()


def test_timestamp_variants_parse_to_utc(outcome):
    workdir, run = outcome("timestamp_variants")
    assert run.ok, run.output[-3000:]
    rows = query(
        workdir,
        "select account_id, strftime(created_at, '%Y-%m-%d %H:%M:%S') as ts, country "
        "from links_checked.linked_crm__accounts order by account_id",
    )
    assert rows == [
        {"account_id": "A1", "ts": "2024-01-10 10:00:00", "country": "US"},  # Z = UTC; upper-cased
        {"account_id": "A2", "ts": "2024-01-10 10:00:00", "country": "DE"},  # 13:00 at +03:00
        {"account_id": "A3", "ts": "2024-01-10 00:00:00", "country": "DE"},  # bare date: midnight
    ]


def test_nan_and_infinity_are_unparseable_numbers(outcome):
    # The contract's numbers are decimals: 'NaN' and 'inf' are not, although a double cast
    # (DuckDB and Postgres alike) reads them. A NaN exchange rate would pass `<= 0` and poison
    # every converted amount.
    workdir, run = outcome("nan_and_infinity")
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
    ("index", "message"), [(i, message) for i, (_, message) in enumerate(BAD_SETTINGS)]
)
def test_bad_setting_is_a_clear_error(dbt_in_process, index, message):
    # `dbt compile` in this process (one shared parse), not a subprocess per setting. A compile
    # runs no on-run-start hook, so the query calls the hook's macro, validate_settings(), which
    # checks every setting (a model would check only the settings it reads).
    variables = {"raw_data_dir": str(RAW), **BAD_SETTINGS[index][0]}
    ok, output, _ = dbt_in_process.inline("{{ validate_settings() }}", variables)
    assert not ok
    assert message in output, output[-2000:]
    assert "Traceback" not in output


def test_reporting_currency_without_rates_stops_at_the_setting(outcome):
    # Not a failed guard test: the run stops when int_fx_rates_daily is built, naming the
    # setting, the currency, what to do, and the currencies that have rates from the first day
    # of the data (EUR, RUB from 2024-01-01; USD needs none; CHF starts too late).
    workdir, (without, late) = outcome("currency_without_rates")
    assert not without.ok
    assert (
        "Invalid setting reporting_currency=GBP: billing__fx_rates has no exchange rate for "
        "GBP, so no amount can be converted to it. To fix it, add GBP rates (usd_per_unit, "
        "from 2024-01-05, where the data starts) to billing__fx_rates, or set "
        "reporting_currency to a currency with rates from that day: EUR, RUB, USD."
    ) in " ".join(without.output.split())
    assert not late.ok
    assert (
        "Invalid setting reporting_currency=CHF: billing__fx_rates has CHF rates only from "
        "2024-02-01, but the data starts on 2024-01-05. To fix it, add CHF rates on or before "
        "2024-01-05 to billing__fx_rates, or set reporting_currency to a currency with rates "
        "from that day: EUR, RUB, USD."
    ) in " ".join(late.output.split())
    for run in (without, late):
        assert "Traceback" not in run.output and "Database Error" not in run.output
    # The staging it read was built; the model that needs the rates was not.
    assert query(workdir, "select count(*) as n from staging.stg_billing__fx_rates") == [{"n": 4}]
    tables = query(
        workdir, "select table_name from duckdb_tables() where schema_name = 'intermediate'"
    )
    assert "int_fx_rates_daily" not in [t["table_name"] for t in tables]


def test_as_of_date_defaults_to_the_latest_event_not_the_clock(outcome):
    workdir, run = outcome("as_of_date_default")
    assert run.ok, run.output[-3000:]
    period = query(workdir, "select * from intermediate.int_report_period")
    # Used rows of fixtures/dq_raw: leads created 01-05 (L1), 01-07 (L2), 01-09 (L4); deals D1
    # created 01-09 and closed 01-10, D6 created 02-10 (D2-D5 are rejected, so D5's 02-10 and
    # D4's dates do not count); stage entries 01-09, 01-10; calls 01-05, 01-06; items 01-10,
    # 01-20; invoice I1 01-10; prices 01-15. Latest: 2024-02-10; earliest: 2024-01-05.
    assert str(period[0]["as_of_date"]) == "2024-02-10"
    assert str(period[0]["data_start_date"]) == "2024-01-05"
