"""Incremental daily runs: an incremental run after a day of new raw data gives, row for row,
every mart and ledger table a full build of the same data gives (models/docs/incremental.md).

Day 0 is the calls golden folder (fixtures/calls_golden): calls C1-C8, the latest started
2024-01-05 08:02; scores up to 2024-01-04 12:30. It is built in full with
incremental_lookback_days = 1, so the next run's windows start at 2024-01-04 08:02 (calls)
and 2024-01-03 12:30 (scores). Day 1 appends (DAY_1_CALLS, DAY_1_SCORES):
- C9, a new call on 2024-01-06, scored the same day;
- C10, a late-arriving call: started 2024-01-04 20:00, before the latest call of day 0 but
  inside the window;
- C1 re-scored on 2024-01-06 (95, v3): a call started 2024-01-02, far outside the calls'
  window, whose latest score changes (an incremental logic that followed started_at alone
  would keep its old score, 80);
- C11, a call with an unknown status: rejected, a new row in the ledger.
Stage history (written by this test into both days; the fixture has none): on day 0 D1 went
prospecting (01-10) -> proposal (01-15) -> closed_won (01-20) and D2 has no history (one
current-stage span). Day 1 (DAY_1_HISTORY, DAY_1_DEAL_CHANGES):
- D2 gains two history rows (prospecting 02-05, proposal 02-08): its one current-stage span
  becomes two history spans;
- D1 is reassigned from U3 to U4, its history untouched and all of it weeks old: only the
  fingerprint of the deal finds it (a time window on entered_at would keep owner U3);
- D3 is a new deal without history: one current-stage span.
Then an incremental `dbt build` on the day-0 warehouse, and a full build of day 0 + day 1 in a
fresh warehouse, are compared table by table over the intermediate, marts and data_quality
schemas.

The comparison is shown to fail when the incremental logic is broken: the same incremental run
with incremental_lookback_days = 0 (window from 2024-01-05 08:02 on) misses the late call C10.
"""

from __future__ import annotations

import math
import re
import shutil
from concurrent.futures import Future
from pathlib import Path
from typing import Any

import pytest

from python_tests import background
from python_tests.builds import BUILD_ARGS
from python_tests.dbt_runner import FIXTURES_DIR, DbtRun, query, run_dbt

FIXTURE = "calls_golden"
SCHEMAS = ("intermediate", "marts", "data_quality")
DAY_1_CALLS = [
    "C9,2024-01-06 09:00:00,outbound,answered,U3,L2,,,5,200,+101",
    "C10,2024-01-04 20:00:00,inbound,answered,U4,,,,10,75,+110",
    "C11,2024-01-06 10:00:00,outbound,weird,U3,,,,,0,+111",
]
DAY_1_SCORES = [
    "C1,2024-01-06 11:00:00,v3,95,90,true,positive",
    "C9,2024-01-06 12:00:00,v3,72,60,false,neutral",
]

HISTORY_HEADER = "deal_id,stage,entered_at"
DAY_0_HISTORY = [
    "D1,prospecting,2024-01-10 10:00:00",
    "D1,proposal,2024-01-15 10:00:00",
    "D1,closed_won,2024-01-20 10:00:00",
]
DAY_1_HISTORY = [
    "D2,prospecting,2024-02-05 10:00:00",
    "D2,proposal,2024-02-08 10:00:00",
]
DAY_1_DEAL_CHANGES = {
    # D1 reassigned: owner U3 -> U4, every other value as on day 0.
    "D1,A1,L1,U3,": "D1,A1,L1,U4,",
}
DAY_1_NEW_DEALS = [
    "D3,A1,,U3,new_business,P1,prospecting,300.00,USD,2024-01-05 12:00:00,2024-02-29,,,false",
]

_factory: list[pytest.TempPathFactory] = []


def _append(path: Path, lines: list[str]) -> None:
    text = path.read_text()
    if not text.endswith("\n"):
        text += "\n"
    path.write_text(text + "\n".join(lines) + "\n")


def _write_day_0_history(raw: Path) -> None:
    (raw / "crm__deal_stage_history.csv").write_text(
        "\n".join([HISTORY_HEADER, *DAY_0_HISTORY]) + "\n"
    )


def _change_deals(raw: Path) -> None:
    path = raw / "crm__deals.csv"
    text = path.read_text()
    for before, after in DAY_1_DEAL_CHANGES.items():
        assert text.count(before) == 1, before
        text = text.replace(before, after)
    path.write_text(text)
    _append(path, DAY_1_NEW_DEALS)


def _append_day_1(raw: Path) -> None:
    for name, lines in (
        ("telephony__calls.csv", DAY_1_CALLS),
        ("telephony__call_scores.csv", DAY_1_SCORES),
        ("crm__deal_stage_history.csv", DAY_1_HISTORY),
    ):
        _append(raw / name, lines)
    _change_deals(raw)


def _raw_folders(root: Path) -> tuple[Path, Path]:
    day_0, day_1 = root / "raw_day_0", root / "raw_day_1"
    shutil.copytree(FIXTURES_DIR / FIXTURE, day_0)
    shutil.copytree(FIXTURES_DIR / FIXTURE, day_1)
    for raw in (day_0, day_1):
        _write_day_0_history(raw)
    _append_day_1(day_1)
    return day_0, day_1


def _build(workdir: Path, raw: Path, lookback: int) -> tuple[Path, DbtRun]:
    return workdir, run_dbt(BUILD_ARGS, workdir, raw, {"incremental_lookback_days": lookback})


def _full(factory: pytest.TempPathFactory) -> dict[str, tuple[Path, DbtRun]]:
    """The full build of day 0 + day 1, in a fresh warehouse."""
    root = factory.mktemp("incremental_full")
    _, day_1 = _raw_folders(root)
    return {"full": _build(root / "full", day_1, 1)}


def _chain(factory: pytest.TempPathFactory) -> dict[str, tuple[Path, DbtRun]]:
    """Day 0 in full; then on its warehouse the incremental run with day 1 (lookback 1) and,
    on a copy, the broken one (lookback 0)."""
    root = factory.mktemp("incremental_chain")
    day_0, day_1 = _raw_folders(root)
    runs = {"day_0": _build(root / "incremental", day_0, 1)}
    if runs["day_0"][1].ok:
        broken_dir = root / "lookback_0"
        broken_dir.mkdir()
        shutil.copy2(root / "incremental" / "warehouse.duckdb", broken_dir / "warehouse.duckdb")
        (root / "incremental" / "raw").unlink()  # the raw link: day 1 from now on
        runs["incremental"] = _build(root / "incremental", day_1, 1)
        runs["lookback_0"] = _build(broken_dir, day_1, 0)
    return runs


def _jobs(factory: pytest.TempPathFactory) -> list[Future]:
    return [
        background.start("incremental:full", lambda: _full(factory), background.BUILD),
        background.start("incremental:chain", lambda: _chain(factory), background.LONG),
    ]


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, DbtRun]]:
    if not _factory:
        _factory.append(tmp_path_factory)
    merged: dict[str, tuple[Path, DbtRun]] = {}
    for job in _jobs(_factory[0]):
        merged.update(job.result())
    return merged


def background_jobs(factory: pytest.TempPathFactory) -> None:
    """Start the runs on the session's pool (called by conftest when the session starts)."""
    if not _factory:
        _factory.append(factory)
    _jobs(factory)


def _tables(workdir: Path) -> list[tuple[str, str]]:
    rows = query(
        workdir,
        "select table_schema, table_name from information_schema.tables where table_schema in "
        + str(SCHEMAS)
        + " order by 1, 2",
    )
    return [(row["table_schema"], row["table_name"]) for row in rows]


def _normalised(value: Any) -> Any:
    # Sums of doubles may differ in their last digits with the order of summation.
    if isinstance(value, float) and math.isfinite(value):
        return round(value, 6)
    return value


def _rows(workdir: Path, schema: str, table: str) -> list[tuple]:
    rows = query(workdir, f'select * from "{schema}"."{table}"')
    normalised = [tuple(_normalised(v) for v in row.values()) for row in rows]
    return sorted(normalised, key=repr)


def _differences(left: Path, right: Path) -> dict[str, str]:
    tables = _tables(left)
    assert tables == _tables(right)
    found = {}
    for schema, table in tables:
        a, b = _rows(left, schema, table), _rows(right, schema, table)
        if a != b:
            only_a = [row for row in a if row not in b]
            only_b = [row for row in b if row not in a]
            found[f"{schema}.{table}"] = f"only incremental: {only_a[:3]}; only full: {only_b[:3]}"
    return found


def test_every_run_succeeds(runs):
    for name, (_, run) in runs.items():
        assert run.ok, f"{name}: {run.output[-3000:]}"


def test_the_call_facts_were_built_incrementally(runs):
    output = runs["incremental"][1].output
    for model in (
        "int_calls_enriched",
        "int_call_scores_latest",
        "kpi_call_quality",
        "int_deal_stage_spans",
    ):
        assert re.search(rf"incremental model \S*\b{model}\b", output), model


def test_incremental_run_equals_a_full_build_row_for_row(runs):
    incremental, full = runs["incremental"][0], runs["full"][0]
    assert len(_tables(full)) >= 20
    assert _differences(incremental, full) == {}


def test_the_day_1_rows_landed(runs):
    workdir = runs["incremental"][0]
    calls = {
        row["call_id"]: row
        for row in query(
            workdir, "select call_id, overall_score, times_scored from marts.fct_call_reports"
        )
    }
    assert {"C9", "C10"} <= calls.keys()
    assert "C11" not in calls
    assert calls["C1"]["overall_score"] == 95 and calls["C1"]["times_scored"] == 3
    rejected = query(
        workdir,
        "select reason from data_quality.dq_rejected_rows where record_key = 'C11'",
    )
    assert [row["reason"] for row in rejected] == ["unknown status"]


def test_the_day_1_stage_changes_landed_in_the_spans(runs):
    workdir = runs["incremental"][0]
    spans = query(
        workdir,
        "select deal_id, span_number, stage, owner_id, span_source"
        " from intermediate.int_deal_stage_spans order by deal_id, span_number",
    )
    assert [tuple(row.values()) for row in spans] == [
        # D1: its three history rows, now owned by U4.
        ("D1", 1, "prospecting", "U4", "history"),
        ("D1", 2, "proposal", "U4", "history"),
        ("D1", 3, "closed_won", "U4", "history"),
        # D2: the day-1 history replaces its current-stage span.
        ("D2", 1, "prospecting", "U4", "history"),
        ("D2", 2, "proposal", "U4", "history"),
        # D3: new, no history: its current stage since created.
        ("D3", 1, "prospecting", "U3", "current_stage"),
    ]


def test_a_lookback_of_0_misses_the_late_call_and_the_comparison_says_so(runs):
    broken, full = runs["lookback_0"][0], runs["full"][0]
    differences = _differences(broken, full)
    assert "marts.kpi_call_quality" in differences
    assert "marts.fct_call_reports" in differences
    calls = {row["call_id"] for row in query(broken, "select call_id from marts.fct_call_reports")}
    assert "C10" not in calls and "C9" in calls
