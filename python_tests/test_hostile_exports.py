"""Hostile exports: every real-world variation is read right or stopped loudly.

Cost: one subprocess build of staging and the ledger on a hand-made hostile folder
(fixtures/hostile_raw: each bad row is asserted by record key, row number and reason), and
many cheap in-process `dbt compile` runs that reuse one parsed manifest (file-level stops,
settings, paths). Compiled staging SQL of tables without upstream models is run on an
in-memory DuckDB to check parsed values (the raw_csv_dialect ru cases).

Every expected value below is read off the fixture text by hand.
"""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from python_tests.dbt_runner import FIXTURES_DIR, PROJECT_DIR, InProcessDbt, query, run_dbt
from quality.gx.frames import UNPARSEABLE, WarehouseReader
from reporting.build_summary import notes

HOSTILE = FIXTURES_DIR / "hostile_raw"
PLAIN = FIXTURES_DIR / "dq_raw"
STAGING_AND_DQ = [
    "--select",
    "path:models/staging",
    "path:models/links_checked",
    "path:models/data_quality",
]

# Unusual but legitimate settings, each a whole build (models and every data test) of the
# small dq_raw folder: an as_of_date before the first event, and one long after the last
# with the largest conversion window validation accepts. Started when the session starts.
EARLY = {"as_of_date": "1990-01-01"}
LATE = {"as_of_date": "2099-12-31", "conversion_window_days": 36500}
DBT_BUILDS = [("dq_raw", EARLY), ("dq_raw", LATE)]


# ---------------------------------------------------------------------------------------------
# One build of the hostile folder
# ---------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    workdir = tmp_path_factory.mktemp("hostile")
    run = run_dbt(["run", *STAGING_AND_DQ, "int_report_period"], workdir, HOSTILE)
    assert run.ok, run.output[-3000:]
    return workdir, run


# crm__deals.csv: semicolons, upper-case and padded header names, an extra column, a blank line
# (not a record), a quoted field holding the delimiter and a line break (D12, one record).
EXPECTED_DEAL_REJECTIONS = [
    ("D2", 2, "unparseable amount"),  # decimal comma under the default dialect: 1,5
    ("D3", 3, "unparseable amount"),  # thousands separator: 1 000.00
    ("D4", 4, "unparseable amount"),  # 1e25 is beyond numeric(28,6)
    ("D5", 5, "unparseable amount"),  # NaN
    ("D6", 6, "unparseable created_at"),  # 10.02.2024 is not ISO under the default dialect
    ("D7", 7, "implausible closed_at"),  # year 2205
    ("row 8", 8, "unparseable row"),  # 12 fields for a 15-column header
    ("row 9", 9, "unparseable row"),  # 17 fields
    ("row 10", 10, "unparseable row"),  # a stray quote: costs this row only
    ("D11", 11, "missing owner_id"),  # N/A in a required column is a missing value
    ("D14", 14, "unparseable created_at"),  # month 13
    ("D15", 15, "unparseable amount"),  # 12.345.678
    ("D17", 17, "unparseable amount"),  # inf
    ("D18", 18, "implausible created_at"),  # 1969, before the plausible window
]


@pytest.mark.parametrize(("record_key", "row", "reason"), EXPECTED_DEAL_REJECTIONS)
def test_hostile_deal_row_is_rejected_with_its_reason(hostile, record_key, row, reason):
    workdir, _ = hostile
    rows = query(
        workdir,
        "select record_key, reason from data_quality.dq_rejected_rows "
        f"where source_table = 'crm__deals' and source_row_number = {row}",
    )
    assert rows == [{"record_key": record_key, "reason": reason}]


def test_implausible_year_does_not_move_as_of_date(hostile):
    workdir, _ = hostile
    # D7 closed 2205-02-01 (rejected as implausible) would be the latest event. Used events:
    # leads 01-05..01-09, calls 01-05 and 01-06, stage entries 01-09 and 01-10, items SI1 01-10
    # and SI2 01-20 (SI3: negative quantity; SI4 overlaps SI1), invoice I1 01-10 (I2's status
    # 'lost' is unknown), prices 01-15, deals D1 (01-09, closed 01-10), D12 (02-01, closed
    # 02-02), D13, D16 (02-01): the latest is 2024-02-02, the first 2024-01-05 (L1, CL1).
    period = query(
        workdir,
        "select cast(as_of_date as varchar) as as_of, cast(data_start_date as varchar) as start "
        "from intermediate.int_report_period",
    )
    assert period == [{"as_of": "2024-02-02", "start": "2024-01-05"}]


def test_hostile_deals_balance_counts_every_record(hostile):
    workdir, _ = hostile
    # 18 records (19 lines: D12 spans two, the blank line is none); used: D1, D12, D13, D16.
    rows = query(
        workdir,
        "select rows_in, rows_used, rows_rejected from data_quality.dq_row_counts "
        "where source_table = 'crm__deals'",
    )
    assert rows == [{"rows_in": 18, "rows_used": 4, "rows_rejected": 14}]


def test_every_table_balances(hostile):
    workdir, _ = hostile
    rows = query(
        workdir,
        "select source_table from data_quality.dq_row_counts "
        "where rows_in <> rows_used + rows_rejected",
    )
    assert rows == []


def test_quoted_field_with_delimiter_and_line_break_is_one_value_masked(hostile):
    workdir, _ = hostile
    rows = query(
        workdir, "select lost_reason from links_checked.linked_crm__deals where deal_id = 'D12'"
    )
    # "Price; call +7 912 345 67 89<LF>or mail ceo@acme.test": the phone and the e-mail masked.
    assert rows == [{"lost_reason": "price; call [phone]\nor mail [e-mail]"}]  # lower-cased


def test_null_tokens_read_as_null_in_nullable_columns(hostile):
    workdir, _ = hostile
    rows = query(
        workdir,
        "select closed_at, lost_reason from links_checked.linked_crm__deals where deal_id = 'D13'",
    )
    assert rows == [{"closed_at": None, "lost_reason": None}]  # NULL, NULL
    users = query(workdir, "select user_id, left_on from staging.stg_crm__users order by user_id")
    # crm__users.csv: left_on is '' (U1), NULL (U2), '-' (clara) and N/A (dmitri; both ids
    # pseudonymised); U6 is rejected (hired 2205). Each token reads as null.
    assert [r["left_on"] for r in users] == [None] * 4
    assert sorted(r["user_id"] for r in users if not r["user_id"].startswith("pseudonym-")) == [
        "U1",
        "U2",
    ]


def test_timestamp_with_offset_parses_to_utc(hostile):
    workdir, _ = hostile
    rows = query(
        workdir,
        "select strftime(created_at, '%Y-%m-%d %H:%M') as ts from links_checked.linked_crm__deals "
        "where deal_id = 'D16'",
    )
    assert rows == [{"ts": "2024-02-01 07:00"}]  # 10:00 at +03:00


def test_bom_crlf_and_header_case_are_read(hostile):
    workdir, _ = hostile
    # crm__users.csv: BOM, CRLF, header " User_ID ,Full_Name,EMAIL,...", a quoted comma.
    rows = query(workdir, "select user_id, team from staging.stg_crm__users order by user_id")
    assert ("U1", "all") in [(r["user_id"], r["team"]) for r in rows]
    assert "smb, east" in [r["team"] for r in rows]
    rejected = query(
        workdir,
        "select record_key, source_row_number, reason from data_quality.dq_rejected_rows "
        "where source_table = 'crm__users'",
    )
    assert rejected == [
        {"record_key": "U6", "source_row_number": 5, "reason": "implausible hired_on"}
    ]


def test_person_ids_shaped_like_contacts_are_pseudonymised_consistently(hostile):
    workdir, _ = hostile
    ids = {r["user_id"] for r in query(workdir, "select user_id from staging.base_crm__users")}
    assert "clara.rep@example.com" not in ids and "+7 (912) 345-67-89" not in ids
    pseudonyms = sorted(i for i in ids if i.startswith("pseudonym-"))
    assert len(pseudonyms) == 2
    # The same e-mail in deals, leads and accounts gives the same pseudonym, so links hold:
    deal_owner = query(
        workdir, "select owner_id from links_checked.linked_crm__deals where deal_id = 'D1'"
    )
    lead_owner = query(
        workdir, "select owner_id from links_checked.linked_crm__leads where lead_id = 'L1'"
    )
    call_user = query(
        workdir, "select user_id from links_checked.linked_telephony__calls where call_id = 'CL1'"
    )
    assert deal_owner[0]["owner_id"] in pseudonyms
    assert lead_owner[0]["owner_id"] == deal_owner[0]["owner_id"]
    assert (
        call_user[0]["user_id"] in pseudonyms
        and call_user[0]["user_id"] != deal_owner[0]["owner_id"]
    )


def test_no_contact_reaches_staging_ids_or_free_text(hostile):
    workdir, _ = hostile
    rows = query(workdir, "select source from links_checked.linked_crm__leads order by lead_id")
    assert [r["source"] for r in rows] == [
        "website",
        "referral from [e-mail]",  # Referral from ivan@client.test
        "website",
        "call [phone]",  # call +44 20 7946 0958
    ]


def test_lead_converted_before_created_is_dropped_not_rejected(hostile):
    workdir, _ = hostile
    rows = query(
        workdir,
        "select lead_id, converted_at from links_checked.linked_crm__leads order by lead_id",
    )
    assert [r["lead_id"] for r in rows] == ["L1", "L2", "L4", "L5"]  # none rejected
    assert [r["converted_at"] is None for r in rows] == [False, True, True, True]
    counts = query(
        workdir,
        "select rows_rejected, values_dropped from data_quality.dq_row_counts "
        "where source_table = 'crm__leads'",
    )
    # L2 converted 2024-01-01 before created 2024-01-06; L4 converted_at 'not a date'.
    assert counts == [{"rows_rejected": 0, "values_dropped": 2}]


def test_schema_findings_list_missing_extra_and_pseudonymised_columns(hostile):
    workdir, run = hostile
    rows = query(workdir, "select * from data_quality.dq_schema_findings")
    assert {(r["source_table"], r["column_name"], r["finding"]) for r in rows} == {
        ("crm__leads", "contact_phone", "missing column"),  # nullable, absent from the file
        ("crm__deals", "notes", "extra column"),
        ("crm__accounts", "website", "extra column"),
        ("crm__users", "user_id", "pseudonymised ids"),
        ("crm__leads", "owner_id", "pseudonymised ids"),
        ("crm__accounts", "owner_id", "pseudonymised ids"),
        ("crm__deals", "owner_id", "pseudonymised ids"),
        ("telephony__calls", "user_id", "pseudonymised ids"),
        # crm__pipeline_stages has no forecast_category: an optional column, not a finding.
    }
    assert "crm__leads.csv has no column 'contact_phone'" in run.output


def test_gx_raw_checks_read_the_values_dbt_read(hostile):
    # Great Expectations validates what staging landed, never its own reading of the file:
    # the semicolons, padded header names, null tokens and the quoted line break of
    # crm__deals.csv are read as dbt read them, and a value dbt could not parse is UNPARSEABLE.
    workdir, _ = hostile
    frame = WarehouseReader(workdir / "warehouse.duckdb").raw("crm__deals")
    assert frame is not None and "notes" not in frame.columns  # the extra column is ignored
    deals = {row["deal_id"]: row for row in frame.to_dict("records") if row["deal_id"]}
    assert sorted(deals, key=lambda d: int(d[1:])) == [
        f"D{n}" for n in [1, 2, 3, 4, 5, 6, 7, 11, 12, 13, 14, 15, 16, 17, 18]
    ]  # rows 8, 9, 10 could not be split: no values (three rows of nulls)
    assert len(frame) == 18 and frame["deal_id"].isna().sum() == 3
    assert deals["D1"]["amount"] == "1200"
    for deal in ["D2", "D3", "D4", "D5", "D15", "D17"]:  # 1,5  1 000.00  1e25  NaN  12.345.678  inf
        assert deals[deal]["amount"] == UNPARSEABLE
    assert deals["D6"]["created_at"] == UNPARSEABLE  # 10.02.2024 under the default dialect
    # 2205 parses (the value dbt read); dbt rejects the row as implausible, not GX's reading:
    assert deals["D7"]["closed_at"] == "2205-02-01 10:00:00"
    assert deals["D11"]["owner_id"] is None  # N/A
    assert deals["D13"]["closed_at"] is None and deals["D13"]["lost_reason"] is None  # NULL
    assert deals["D16"]["created_at"] == "2024-02-01 07:00:00"  # 10:00 at +03:00, in UTC
    assert deals["D12"]["lost_reason"] == "price; call [phone]\nor mail [e-mail]"


def test_gx_raw_checks_read_the_ru_dialect_as_dbt_did(dbt_in_process, tmp_path):
    # Under raw_csv_dialect: ru the decimal comma parses and a decimal point does not: the frame
    # Great Expectations checks says the same (a re-reading of the file would say the opposite).
    raw = _ru_folder(tmp_path, RU_STAGES, RU_USERS)
    ok, output, compiled = dbt_in_process.compile(
        "base_crm__pipeline_stages", {"raw_data_dir": str(raw), "raw_csv_dialect": "ru"}
    )
    assert ok, output[-2000:]
    warehouse = tmp_path / "landed.duckdb"
    con = duckdb.connect(str(warehouse))
    try:
        con.execute("create schema staging")
        con.execute(f"create table staging.base_crm__pipeline_stages as {compiled}")
    finally:
        con.close()
    frame = WarehouseReader(warehouse).raw("crm__pipeline_stages")
    assert frame is not None
    assert frame.set_index("stage")["probability"].to_dict() == {
        "разведка": "0.1",  # 0,1
        "proposal": UNPARSEABLE,  # 0.5: a point under ru is never guessed
        "closed_won": "1",
        "closed_lost": "0",
    }


def test_no_raw_value_is_echoed_in_the_output(hostile):
    _, run = hostile
    for secret in ["clara.rep@example.com", "ivan@client.test", "7946 0958", "ceo@acme.test"]:
        assert secret not in run.output
    assert "Traceback" not in run.output


# ---------------------------------------------------------------------------------------------
# In-process dbt: one parse, then cheap compiles
# ---------------------------------------------------------------------------------------------


# InProcessDbt and the session's `dbt_in_process` fixture: python_tests/dbt_runner.py, conftest.py.


def _folder(tmp_path: Path, name: str = "raw") -> Path:
    target = tmp_path / name
    shutil.copytree(PLAIN, target)
    return target


def _rows_of(compiled: str) -> list[dict]:
    con = duckdb.connect()
    try:
        cursor = con.execute(compiled)
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
    finally:
        con.close()


def _stops(dbt: InProcessDbt, raw: Path | str, select: str, expected: str, **variables) -> str:
    ok, output, _ = dbt.compile(select, {"raw_data_dir": str(raw), **variables})
    assert not ok
    assert expected in output, output[-2000:]
    assert "Traceback" not in output
    return output


def test_csv_and_parquet_for_one_table_stop_naming_both(dbt_in_process, tmp_path):
    raw = _folder(tmp_path)
    (raw / "crm__products.parquet").write_bytes(b"not read")
    output = _stops(dbt_in_process, raw, "base_crm__products", "keep exactly one file per table")
    assert f"{raw}/crm__products.csv" in output and f"{raw}/crm__products.parquet" in output


def test_extension_in_any_case_is_found(dbt_in_process, tmp_path):
    raw = _folder(tmp_path)
    (raw / "crm__products.csv").rename(raw / "crm__products.CSV")
    ok, output, compiled = dbt_in_process.compile("base_crm__products", {"raw_data_dir": str(raw)})
    assert ok, output[-2000:]
    assert sorted(r["product_id"] for r in _rows_of(compiled)) == ["P1", "P2", "P3"]


def test_parquet_extension_in_any_case_is_found(dbt_in_process, tmp_path):
    raw = _folder(tmp_path)
    source = raw / "crm__products.csv"
    con = duckdb.connect()
    con.execute(
        f"copy (select * from read_csv('{source}', all_varchar = true)) "
        f"to '{raw / 'crm__products.Parquet'}' (format parquet)"
    )
    con.close()
    source.unlink()
    ok, output, compiled = dbt_in_process.compile("base_crm__products", {"raw_data_dir": str(raw)})
    assert ok, output[-2000:]
    assert sorted(r["product_id"] for r in _rows_of(compiled)) == ["P1", "P2", "P3"]


@pytest.mark.parametrize(
    "header",
    [
        "product_id,product_name,product_family,tier_rank,product_name",
        "product_id,product_name,product_family,tier_rank, Product_Name ",
    ],
)
def test_a_column_named_twice_stops_naming_file_and_column(dbt_in_process, tmp_path, header):
    raw = _folder(tmp_path)
    (raw / "crm__products.csv").write_text(header + "\nP1,Core,core,1,Core\n")
    output = _stops(
        dbt_in_process, raw, "base_crm__products", "the column 'product_name' appears twice"
    )
    assert "crm__products.csv" in output


def test_missing_required_column_stops_naming_file_and_column(dbt_in_process, tmp_path):
    raw = _folder(tmp_path)
    (raw / "crm__products.csv").write_text("product_id,product_name,tier_rank\nP1,Core,1\n")
    output = _stops(
        dbt_in_process, raw, "base_crm__products", "required column 'product_family' is missing"
    )
    assert "crm__products.csv" in output


def test_not_utf8_stops_with_a_hint_and_no_value(dbt_in_process, tmp_path):
    raw = _folder(tmp_path)
    text = "product_id,product_name,product_family,tier_rank\nP1,Ядро Секрет,core,1\n"
    (raw / "crm__products.csv").write_bytes(text.encode("cp1251"))
    output = _stops(dbt_in_process, raw, "base_crm__products", "try raw_csv_dialect: ru")
    assert "crm__products.csv" in output and "not UTF-8" in output
    assert "Секрет" not in output


def test_utf16_stops_with_its_own_hint_and_no_value(dbt_in_process, tmp_path):
    # Excel's "Unicode text" is UTF-16 with a byte-order mark (FF FE): not UTF-8, and not the
    # Windows-1251 the ru dialect reads, so the hint names what to do instead.
    raw = _folder(tmp_path)
    text = "product_id,product_name,product_family,tier_rank\nP1,Secret Core,core,1\n"
    (raw / "crm__products.csv").write_bytes(b"\xff\xfe" + text.encode("utf-16-le"))
    output = _stops(dbt_in_process, raw, "base_crm__products", 'Save it as "CSV UTF-8"')
    assert "crm__products.csv: the file is UTF-16 text" in output
    assert "Secret" not in output


@pytest.mark.parametrize(
    "file_name", ["market__competitor_prices.csv.gz", "market__competitor_prices.xlsx"]
)
def test_an_export_in_another_form_stops_not_read_as_missing(dbt_in_process, tmp_path, file_name):
    # market__competitor_prices is optional: absent, it counts as empty. A compressed or
    # spreadsheet copy of it is an export the reader cannot take, so the run stops naming it
    # rather than building the price KPI on no rows.
    raw = _folder(tmp_path)
    for old in raw.glob("market__competitor_prices.*"):
        old.unlink()
    (raw / file_name).write_bytes(b"\x1f\x8b not read")
    output = _stops(
        dbt_in_process, raw, "base_market__competitor_prices", "must be a .csv or .parquet file"
    )
    assert f"{raw}/{file_name}" in output


def test_empty_file_stops(dbt_in_process, tmp_path):
    raw = _folder(tmp_path)
    (raw / "crm__products.csv").write_text("")
    _stops(dbt_in_process, raw, "base_crm__products", "the file is empty (no header line)")


def test_header_with_a_stray_quote_stops(dbt_in_process, tmp_path):
    raw = _folder(tmp_path)
    (raw / "crm__products.csv").write_text('product_id,"product_name,product_family,tier_rank\n')
    _stops(dbt_in_process, raw, "base_crm__products", "header line cannot be split")


def test_empty_raw_data_dir_is_an_error_not_the_seeds(dbt_in_process):
    _stops(dbt_in_process, "", "base_crm__products", "Invalid setting raw_data_dir")


def test_missing_folder_is_an_error(dbt_in_process, tmp_path):
    _stops(
        dbt_in_process,
        tmp_path / "nowhere",
        "base_crm__products",
        "does not exist or holds no files",
    )


def test_sql_in_raw_data_dir_is_never_executed(dbt_in_process, tmp_path):
    marker = tmp_path / "pwned.csv"
    crafted = f"x') ; copy (select 1) to '{marker}'; --"
    _stops(dbt_in_process, crafted, "base_crm__products", "does not exist or holds no files")
    assert not marker.exists()


@pytest.mark.parametrize(
    "folder_name",
    ["it's here", "with spaces", "выгрузки", "star*", "what?", "br[ac]ket"],
)
def test_folder_name_is_read_literally(dbt_in_process, tmp_path, folder_name):
    raw = _folder(tmp_path, folder_name)
    # A decoy that a glob reading of the name would also match (star*, what?, br[ac]ket):
    decoy = _folder(
        tmp_path, folder_name.replace("*", "X").replace("?", "X").replace("[ac]", "a") + "_"
    )
    (decoy / "crm__products.csv").write_text("product_id,product_name,product_family,tier_rank\n")
    ok, output, compiled = dbt_in_process.compile("base_crm__products", {"raw_data_dir": str(raw)})
    assert ok, output[-2000:]
    # the 3 products of exactly that folder (the decoy holds none)
    assert sorted(r["product_id"] for r in _rows_of(compiled)) == ["P1", "P2", "P3"]


# (the model compiled is one that reads the setting: compile does not run on-run-start)
@pytest.mark.parametrize(
    ("select", "variables", "message"),
    [
        (
            "int_report_period",
            {"reporting_curency": "EUR"},
            "Unknown setting 'reporting_curency' (not declared by the project): did you mean 'reporting_currency'?",
        ),
        ("int_report_period", {"raw_data_directory": "x"}, "did you mean 'raw_data_dir'?"),
        ("int_report_period", {"as_of": "2024-01-01"}, "did you mean 'as_of_date'?"),
        (
            "int_lead_outcomes",
            {"invalid_lead_reasons": ["spam'); drop table x; --"]},
            "Invalid setting invalid_lead_reasons",
        ),
        (
            "int_lead_outcomes",
            {"conversion_window_days": 10**9},
            "Invalid setting conversion_window_days=1000000000",
        ),
        (
            "int_lead_outcomes",
            {"conversion_window_days": 1000000},
            "Invalid setting conversion_window_days=1000000: expected a whole number of days "
            "from 0 to 36500 (100 years).",
        ),
        (
            "int_report_period",
            {"as_of_date": "1969-12-31"},
            "Invalid setting as_of_date=1969-12-31: expected a date from 1970-01-01 to before "
            "2100-01-01",
        ),
        (
            "int_competitor_prices_monthly",
            {"competitor_price_max_age_months": 100000},
            "Invalid setting competitor_price_max_age_months=100000",
        ),
        (
            "int_report_period",
            {"as_of_date": "2205-01-01"},
            "Invalid setting as_of_date=2205-01-01",
        ),
        (
            "base_crm__products",
            {"raw_csv_dialect": "de"},
            "Invalid setting raw_csv_dialect=de: expected default or ru",
        ),
        (
            "int_calls_enriched",
            {"reporting_timezone": "UTC'; drop table x; --"},
            "Invalid setting reporting_timezone",
        ),
    ],
)
def test_bad_or_misspelt_setting_stops_naming_it(dbt_in_process, select, variables, message):
    ok, output, _ = dbt_in_process.compile(select, {"raw_data_dir": str(PLAIN), **variables})
    assert not ok
    assert message in output, output[-2000:]
    assert "Traceback" not in output


# ---------------------------------------------------------------------------------------------
# as_of_date outside the data, a very large conversion window: they build, with a note
# ---------------------------------------------------------------------------------------------


def test_as_of_date_before_the_first_event_builds_empty_marts_with_a_note(fixture_build):
    workdir, run = fixture_build("dq_raw", EARLY)
    assert run.ok, run.output[-3000:]  # every model and data test (no guard fails)
    # dq_raw's first event is 2024-01-05 and its latest 2024-02-10 (test_raw_reading).
    assert notes(run.output.splitlines()) == [
        "Note: as_of_date 1990-01-01 is before the first event in the data (2024-01-05): "
        "nothing had happened yet, so the marts are empty. Set as_of_date to a day from "
        "2024-01-05 to 2024-02-10, or leave it unset for the latest event."
    ]
    for mart in ["kpi_mrr", "kpi_pipeline_value", "kpi_conversion_rate", "rep_scorecard"]:
        assert query(workdir, f"select count(*) as n from marts.{mart}") == [{"n": 0}]


def test_as_of_date_long_after_the_last_event_builds_with_a_note(fixture_build):
    workdir, run = fixture_build("dq_raw", LATE)
    assert run.ok, run.output[-3000:]
    # 2024-02-10 to 2099-12-31: 2024-02-10..2025-02-10 is 366 days (29 February 2024), then
    # 74 years to 2099-02-10 with 18 leap days (2028..2096) = 74 * 365 + 18 = 27028, and
    # 2099-02-10..2099-12-31 = 18 + 31 + 30 + 31 + 30 + 31 + 31 + 30 + 31 + 30 + 31 = 324:
    # 366 + 27028 + 324 = 27718 days.
    assert notes(run.output.splitlines()) == [
        "Note: as_of_date 2099-12-31 is 27718 days after the latest event in the data "
        "(2024-02-10): the days after it have no activity (no leads, deals or calls), and open "
        "deals and MRR stand as last recorded."
    ]
    # The MRR spine runs from the first subscription month (2024-01) to 2099-12: 76 * 12.
    assert query(
        workdir, "select min(month) as first, max(month) as last, count(*) as n from marts.kpi_mrr"
    ) == [{"first": dt.date(2024, 1, 1), "last": dt.date(2099, 12, 1), "n": 912}]


# ---------------------------------------------------------------------------------------------
# raw_csv_dialect: ru (Windows-1251, semicolons, decimal comma, DD.MM.YYYY)
# ---------------------------------------------------------------------------------------------


def _ru_folder(tmp_path: Path, stages: str, users: str) -> Path:
    raw = _folder(tmp_path)
    (raw / "crm__pipeline_stages.csv").write_bytes(stages.encode("cp1251"))
    (raw / "crm__users.csv").write_bytes(users.encode("cp1251"))
    return raw


RU_STAGES = (
    "stage;stage_order;probability;is_closed;is_won\r\n"
    "разведка;1;0,1;false;false\r\n"  # decimal comma: 0.1
    "proposal;2;0.5;false;false\r\n"  # a point under ru: never guessed, rejected
    "closed_won;3;1;true;true\r\n"
    "closed_lost;4;0;true;false\r\n"
)
RU_USERS = (
    "user_id;full_name;email;role;manager_id;team;hired_on;left_on\r\n"
    "U1;Анна;anna@example.com;head;;Москва;01.02.2024;\r\n"  # 1 February 2024
    "U2;Борис;boris@example.com;manager;U1;smb;2024-02-03;31.12.2024\r\n"
    "U3;Клара;clara@example.com;rep;U2;smb;2024/02/03;\r\n"  # not a ru nor an ISO date
)


def test_ru_dialect_reads_windows_1251_and_decimal_comma(dbt_in_process, tmp_path):
    raw = _ru_folder(tmp_path, RU_STAGES, RU_USERS)
    ok, output, compiled = dbt_in_process.compile(
        "base_crm__pipeline_stages", {"raw_data_dir": str(raw), "raw_csv_dialect": "ru"}
    )
    assert ok, output[-2000:]
    rows = {r["record_key"]: r for r in _rows_of(compiled)}
    assert float(rows["разведка"]["probability"]) == 0.1
    assert rows["разведка"]["rejection_reason"] is None
    assert rows["proposal"]["rejection_reason"] == "unparseable probability"


def test_ru_dialect_reads_day_month_year_dates(dbt_in_process, tmp_path):
    raw = _ru_folder(tmp_path, RU_STAGES, RU_USERS)
    ok, output, compiled = dbt_in_process.compile(
        "base_crm__users", {"raw_data_dir": str(raw), "raw_csv_dialect": "ru"}
    )
    assert ok, output[-2000:]
    rows = {r["record_key"]: r for r in _rows_of(compiled)}
    assert str(rows["U1"]["hired_on"]) == "2024-02-01"
    assert rows["U1"]["team"] == "Москва"
    assert str(rows["U2"]["hired_on"]) == "2024-02-03"  # ISO is unambiguous: read
    assert str(rows["U2"]["left_on"]) == "2024-12-31"
    assert rows["U3"]["rejection_reason"] == "unparseable hired_on"


def test_default_dialect_rejects_ru_values(dbt_in_process, tmp_path):
    raw = _folder(tmp_path)
    (raw / "crm__pipeline_stages.csv").write_text(RU_STAGES)  # UTF-8 this time
    ok, output, compiled = dbt_in_process.compile(
        "base_crm__pipeline_stages", {"raw_data_dir": str(raw)}
    )
    assert ok, output[-2000:]
    rows = {r["record_key"]: r["rejection_reason"] for r in _rows_of(compiled)}
    assert rows["разведка"] == "unparseable probability"  # 0,1 under the default dialect
    assert rows["proposal"] is None


def test_ru_dialect_reads_typed_parquet_numbers(dbt_in_process, tmp_path):
    # A Parquet export's numbers are typed, not text in a dialect: under ru (decimal comma for
    # text) a DOUBLE 0.1 is still 0.1, never an unparseable value.
    raw = _folder(tmp_path)
    (raw / "crm__pipeline_stages.csv").unlink()
    con = duckdb.connect()
    con.execute(
        "copy (select * from (values ('prospecting', 1, 0.1::double, false, false), "
        "('proposal', 2, 0.5::double, false, false), ('closed_won', 3, 1.0::double, true, true), "
        "('closed_lost', 4, 0.0::double, true, false)) "
        "as t(stage, stage_order, probability, is_closed, is_won)) "
        f"to '{raw / 'crm__pipeline_stages.parquet'}' (format parquet)"
    )
    con.close()
    ok, output, compiled = dbt_in_process.compile(
        "base_crm__pipeline_stages", {"raw_data_dir": str(raw), "raw_csv_dialect": "ru"}
    )
    assert ok, output[-2000:]
    rows = {r["record_key"]: r for r in _rows_of(compiled)}
    assert {k: (float(r["probability"]), r["rejection_reason"]) for k, r in rows.items()} == {
        "prospecting": (0.1, None),
        "proposal": (0.5, None),
        "closed_won": (1.0, None),
        "closed_lost": (0.0, None),
    }


RU_TIMES = [
    # (raw text, timestamp read under ru, date read under ru); None: unparseable, rejected
    ("01.02.2024 10:30", "2024-02-01 10:30:00", None),
    ("01.02.2024 10:30:15", "2024-02-01 10:30:15", None),
    ("01.02.2024", "2024-02-01 00:00:00", "2024-02-01"),
    ("2024-02-01 10:30:00", "2024-02-01 10:30:00", None),  # ISO is unambiguous: read
    ("31.02.2024", None, None),  # no 31 February
    ("1.2.2024", None, None),  # one-digit day and month: never guessed
    ("01/02/2024", None, None),
    ("01.02.24", None, None),  # two-digit year
]


def test_ru_dialect_reads_day_month_year_timestamps(dbt_in_process):
    selects = []
    for i, (text, _, _) in enumerate(RU_TIMES):
        literal = "'" + text + "'"
        selects.append(
            f"select {i} as i, "
            f'cast({{{{ parse_timestamp("{literal}") }}}} as varchar) as ts, '
            f'cast({{{{ parse_date("{literal}") }}}} as varchar) as d'
        )
    ok, output, compiled = dbt_in_process.inline(
        " union all ".join(selects), {"raw_data_dir": str(PLAIN), "raw_csv_dialect": "ru"}
    )
    assert ok, output[-2000:]
    rows = sorted(_rows_of(compiled), key=lambda r: r["i"])
    assert [(r["ts"], r["d"]) for r in rows] == [(ts, d) for _, ts, d in RU_TIMES]


def test_header_names_are_data_never_sql(dbt_in_process, tmp_path):
    # Extra columns whose names would close a string or an identifier: listed as findings,
    # as escaped literals; the contract columns are still read.
    raw = _folder(tmp_path)
    (raw / "crm__products.csv").write_text(
        'product_id,product_name,product_family,tier_rank,it\'s,"x""); drop table t; --"\n'
        "P1,Core,core,1,a,b\n"
    )
    ok, output, compiled = dbt_in_process.compile("base_crm__products", {"raw_data_dir": str(raw)})
    assert ok, output[-2000:]
    assert [r["product_id"] for r in _rows_of(compiled)] == ["P1"]
    ok, output, compiled = dbt_in_process.compile("dq_schema_findings", {"raw_data_dir": str(raw)})
    assert ok, output[-2000:]
    assert "'it''s' as column_name" in compiled
    assert "'x\"); drop table t; --' as column_name" in compiled


def test_excel_sep_line_and_unnamed_trailing_columns_are_read(dbt_in_process, tmp_path):
    # Excel: a first line `sep=;` naming the delimiter (no header, no record) and trailing
    # delimiters (two header fields with no name: unnamed extra columns, not a duplicate).
    raw = _folder(tmp_path)
    (raw / "crm__products.csv").write_text(
        "sep=;\nproduct_id;product_name;product_family;tier_rank;;\nP1;Core;core;1;;\nP2;Plus;core;2;;\n"
    )
    ok, output, compiled = dbt_in_process.compile("base_crm__products", {"raw_data_dir": str(raw)})
    assert ok, output[-2000:]
    rows = sorted(_rows_of(compiled), key=lambda r: r["_row_number"])
    assert [(r["_row_number"], r["product_id"], r["rejection_reason"]) for r in rows] == [
        (1, "P1", None),
        (2, "P2", None),
    ]
    ok, output, compiled = dbt_in_process.compile("dq_schema_findings", {"raw_data_dir": str(raw)})
    assert ok, output[-2000:]
    assert "'(unnamed column 5)' as column_name" in compiled
    assert "'(unnamed column 6)' as column_name" in compiled


def test_tab_delimited_export_is_read(dbt_in_process, tmp_path):
    # Excel's "Text (tab-delimited)" saved under a .csv name: the header holds three tabs and
    # no comma or semicolon, so the delimiter is a tab. P1's quoted name holds a tab, a comma
    # and a semicolon (one value); P2's name, a comma unquoted (plain text: a comma is no
    # delimiter here); P3 has a fifth field: that row alone is `unparseable row`.
    raw = _folder(tmp_path)
    (raw / "crm__products.csv").write_text(
        "product_id\tProduct_Name \tproduct_family\ttier_rank\r\n"
        'P1\t"Core\tStarter, v2; EU"\tcore\t1\r\n'
        "P2\tCore, Pro\tcore\t2\r\n"
        "P3\tCore Max\tcore\t3\textra\r\n"
    )
    ok, output, compiled = dbt_in_process.compile("base_crm__products", {"raw_data_dir": str(raw)})
    assert ok, output[-2000:]
    rows = sorted(_rows_of(compiled), key=lambda r: r["_row_number"])
    assert [
        (r["product_id"], r["product_name"], r["tier_rank"], r["rejection_reason"]) for r in rows
    ] == [
        ("P1", "Core\tStarter, v2; EU", 1, None),
        ("P2", "Core, Pro", 2, None),
        (None, None, None, "unparseable row"),
    ]


# ---------------------------------------------------------------------------------------------
# A warehouse held open elsewhere
# ---------------------------------------------------------------------------------------------


def test_warehouse_in_use_is_one_clear_line(tmp_path):
    warehouse = tmp_path / "held.duckdb"
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import duckdb, sys, time; c = duckdb.connect(sys.argv[1]); "
            "c.execute('create table t (a int)'); print('ready', flush=True); time.sleep(60)",
            str(warehouse),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "ready"
        done = subprocess.run(
            [sys.executable, str(PROJECT_DIR / "scripts" / "warehouse_lock.py"), str(warehouse)],
            capture_output=True,
            text=True,
            check=False,
        )
    finally:
        holder.kill()
        holder.wait()
    assert done.returncode == 1
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "is in use" in lines[0] and "DBT_DUCKDB_PATH" in lines[0]
    assert "Traceback" not in done.stderr
    free = subprocess.run(
        [sys.executable, str(PROJECT_DIR / "scripts" / "warehouse_lock.py"), str(warehouse)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert free.returncode == 0 and free.stderr == ""
