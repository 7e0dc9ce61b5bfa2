"""The bundled seeds with one bad row of each kind appended still build; each appended row
is in the ledger with its reason, and every table balances against its file's row count."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest

from python_tests import background
from python_tests.dbt_runner import PROJECT_DIR, DbtRun, query, run_dbt

# (table, appended CSV line, record_key, reason). Keys are new (Z...) so nothing else matches.
BAD_ROWS = [
    (
        "crm__deals",
        "D000001,A00027,L000017,U011,new_business,P01,closed_won,1236.60,EUR,"
        "2024-01-09 17:33:06,2024-01-31,2024-01-12 05:12:39,,false",
        "D000001",
        "duplicate key",  # D000001 again, created a day later: this row wins, the original goes
    ),
    (
        "crm__deals",
        "ZD1,A00027,,U011,upsell,P01,proposal,100.00,XYZ,2024-03-01 10:00:00,,,,false",
        "ZD1",
        "unknown currency",
    ),
    (
        "crm__deals",
        "ZD2,A00027,,U011,upsell,P01,proposal,-100.00,USD,2024-03-01 10:00:00,,,,false",
        "ZD2",
        "negative amount",
    ),
    (
        "crm__deals",
        "ZD3,A00027,,U011,upsell,P01,closed_lost,100.00,USD,2024-03-10 10:00:00,,"
        "2024-03-01 10:00:00,price,false",
        "ZD3",
        "closed before created",
    ),
    (
        "crm__leads",
        "ZL1,2024-03-01 10:00:00,carrier_pigeon,website,U011,new,,,,Pigeon Co,,,false",
        "ZL1",
        "unknown channel",
    ),
    (
        "telephony__call_scores",
        "CALL0000002,2024-03-01 10:00:00,cq-9,150,50,true,positive",
        "CALL0000002|2024-03-01 10:00:00",
        "score outside 0-100",
    ),
    (
        "billing__subscription_items",
        "ZSI1,S0001,PL0002,-3,20.85,0.00,2024-05-01 00:00:00,",
        "ZSI1",
        "negative quantity",
    ),
]


def _flat_copy_of_seeds(target: Path) -> Path:
    target.mkdir()
    for path in (PROJECT_DIR / "seeds").glob("*/*.csv"):
        shutil.copy(path, target / path.name)
    return target


def _rows(path: Path) -> int:
    with path.open(newline="", encoding="utf-8") as handle:
        return sum(1 for _ in csv.DictReader(handle))


def _build_seeds_with_bad_rows(tmp: Path) -> tuple[Path, Path, DbtRun]:
    raw = _flat_copy_of_seeds(tmp / "raw")
    for table, line, _, _ in BAD_ROWS:
        with (raw / f"{table}.csv").open("a", encoding="utf-8") as handle:
            handle.write(line + "\n")
    workdir = tmp / "work"
    run = run_dbt(
        # cautious: a guard that also reads a later layer (an intermediate, a mart) is not
        # selected just because one of its parents is a staging model.
        [
            "build",
            "--select",
            "path:models/staging",
            "path:models/links_checked",
            "path:models/data_quality",
            "path:tests/data_quality",
            "--indirect-selection",
            "cautious",
        ],
        workdir,
        raw,
    )
    return raw, workdir, run


def background_jobs(factory: pytest.TempPathFactory) -> None:
    """Start the build when the session starts (conftest calls this)."""
    _start(factory)


def _start(factory: pytest.TempPathFactory):
    return background.start(
        "seeds_with_bad_rows",
        lambda: _build_seeds_with_bad_rows(factory.mktemp("seeds_with_bad_rows")),
    )


def test_bad_rows_appended_to_the_seeds_are_rejected_with_reasons(tmp_path_factory):
    raw, workdir, run = _start(tmp_path_factory).result()

    assert run.ok, run.output[-4000:]
    assert "PASS assert_dq_row_counts_balance" in run.output
    ledger = query(
        workdir, "select source_table, record_key, reason from data_quality.dq_rejected_rows"
    )
    found = {(r["source_table"], r["record_key"], r["reason"]) for r in ledger}
    for table, _, key, reason in BAD_ROWS:
        assert (table, key, reason) in found, (table, key, reason)

    counts = query(workdir, "select * from data_quality.dq_row_counts")
    # One row per raw table: every seed file is counted, none twice.
    assert sorted(row["source_table"] for row in counts) == sorted(
        p.stem for p in raw.glob("*.csv")
    )
    for row in counts:
        path = raw / f"{row['source_table']}.csv"
        assert row["rows_in"] == _rows(path), row
        assert row["rows_in"] == row["rows_used"] + row["rows_rejected"], row
