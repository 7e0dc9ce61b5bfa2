"""The data-quality ledger, end to end, on a hand-made raw folder (fixtures/dq_raw) that has
good rows and one bad row of each kind the raw contract lists.

Every expected rejection below is read off the fixture files by hand.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from python_tests.dbt_runner import FIXTURES_DIR, query

RAW = FIXTURES_DIR / "dq_raw"
DBT_BUILDS = [("dq_raw", {})]  # started in the background when the session starts

# (source_table, record_key, file row number, reason): every bad row of fixtures/dq_raw.
EXPECTED_REJECTIONS = {
    ("crm__users", "U3", 4, "duplicate key"),  # U3 twice, no timestamp: the first is kept
    ("crm__users", "U4", 5, "unknown role"),  # role 'wizard'
    ("crm__leads", "L2", 2, "duplicate key"),  # L2 twice: the later created_at (row 3) is kept
    ("crm__leads", "L3", 4, "unknown channel"),  # channel 'telepathy'
    ("crm__leads", "L5", 6, "unparseable created_at"),  # created_at 'not a date'
    ("crm__deals", "D2", 2, "unknown currency"),  # currency XYZ has no exchange rate
    ("crm__deals", "D3", 3, "negative amount"),  # amount -5.00
    ("crm__deals", "D4", 4, "closed before created"),  # closed 2024-02-01 < created 2024-02-10
    ("crm__deals", "D5", 5, "unknown stage"),  # stage 'limbo' is not a pipeline stage
    # D7 closed 2024-01-04, before its lead L1 was created (2024-01-05): a negative cycle
    ("crm__deals", "D7", 7, "closed before its lead was created"),
    ("crm__deal_stage_history", "D404|2024-01-10 10:00:00", 3, "unknown deal_id"),  # orphan
    ("crm__pipeline_stages", "hype", 5, "probability outside 0-1"),  # probability 50 (0-100 scale)
    ("crm__quotas", "U3|2024-02-01", 2, "negative amount"),  # quota -1.00
    ("billing__fx_rates", "2024-01-01|RUB", 4, "duplicate key"),  # RUB on 2024-01-01 twice
    ("billing__customers", "C3", 3, "unknown currency"),  # GBP has no rate
    ("billing__plans", "PL3", 3, "unknown product_id"),  # product P404 does not exist
    ("billing__subscriptions", "S3", 3, "unknown customer_id"),  # customer C404 does not exist
    ("billing__subscription_items", "SI3", 3, "negative quantity"),  # quantity -2
    # SI4 (S1/PL1 from 2024-02-01) overlaps SI1 (S1/PL1 from 2024-01-10, still open)
    ("billing__subscription_items", "SI4", 4, "overlapping item version"),
    ("billing__invoices", "I2", 2, "unknown status"),  # status 'lost'
    ("telephony__calls", "CL4", 4, "unparseable started_at"),  # started_at 'yesterday'
    ("telephony__call_scores", "CL3|2024-01-06 11:00:00", 2, "score outside 0-100"),  # 150
    ("market__competitor_prices", "2024-01-15|salesforge|Forge", 3, "negative amount"),  # -3.00
}

# Optional links that point at nothing: the row is used, the link set to null.
EXPECTED_LINKS_DROPPED = {
    "crm__users": 1,  # U5's manager U99
    "crm__accounts": 1,  # A2's owner U404
    "crm__leads": 1,  # L4's account A404
    "telephony__calls": 1,  # CL3's lead L404
}


def _file_rows(path: Path) -> int:
    with path.open(newline="", encoding="utf-8") as handle:
        return sum(1 for _ in csv.DictReader(handle))


@pytest.fixture(scope="module")
def dq_build(fixture_build):
    workdir, run = fixture_build("dq_raw")
    assert run.ok, run.output[-4000:]
    return workdir, run


def assert_rejections_are_the_expected(workdir) -> None:
    """The ledger holds exactly EXPECTED_REJECTIONS: the same rows, row numbers and reasons,
    each once."""
    rows = query(
        workdir,
        "select source_table, record_key, source_row_number, reason "
        "from data_quality.dq_rejected_rows",
    )
    actual = {
        (r["source_table"], r["record_key"], r["source_row_number"], r["reason"]) for r in rows
    }
    assert actual == EXPECTED_REJECTIONS
    assert len(rows) == len(EXPECTED_REJECTIONS)


def test_every_bad_row_is_rejected_with_its_reason(dq_build):
    workdir, _ = dq_build
    assert_rejections_are_the_expected(workdir)


def test_rows_in_equal_used_plus_rejected_for_every_table(dq_build):
    workdir, _ = dq_build
    counts = {
        r["source_table"]: r for r in query(workdir, "select * from data_quality.dq_row_counts")
    }
    files = sorted(RAW.glob("*.csv"))
    assert files
    for path in files:
        table = path.stem
        row = counts[table]
        rejected = sum(1 for e in EXPECTED_REJECTIONS if e[0] == table)
        assert row["rows_in"] == _file_rows(path), table
        assert row["rows_rejected"] == rejected, table
        assert row["rows_used"] == row["rows_in"] - rejected, table
        assert row["links_dropped"] == EXPECTED_LINKS_DROPPED.get(table, 0), table


def test_every_raw_table_has_one_row_count(dq_build):
    # fixtures/dq_raw has every table; the optional-table case is covered in test_raw_reading.
    workdir, _ = dq_build
    tables = [r["source_table"] for r in query(workdir, "select * from data_quality.dq_row_counts")]
    assert sorted(tables) == sorted(p.stem for p in RAW.glob("*.csv"))


@pytest.mark.data_tests
def test_rejected_rows_warn_but_build_succeeds(dq_build):
    _, run = dq_build
    assert "warn_rejected_rows" in run.output
    assert "WARN 23" in run.output  # one warning test counting the 23 rejected rows above


def test_dropped_links_are_null_in_staging(dq_build):
    workdir, _ = dq_build
    lead = query(
        workdir, "select account_id from links_checked.linked_crm__leads where lead_id = 'L4'"
    )
    assert lead == [{"account_id": None}]
    call = query(
        workdir, "select lead_id from links_checked.linked_telephony__calls where call_id = 'CL3'"
    )
    assert call == [{"lead_id": None}]


def test_no_personal_data_leaves_staging(dq_build):
    workdir, _ = dq_build
    columns = query(
        workdir,
        "select table_schema, table_name, column_name from information_schema.columns "
        "where table_schema in ('staging', 'data_quality', 'intermediate', 'marts')",
    )
    pii = {"full_name", "email", "contact_email", "contact_phone", "phone_number"}
    leaked = [c for c in columns if c["column_name"] in pii]
    assert leaked == []
