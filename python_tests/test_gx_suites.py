"""Great Expectations gates: every suite passes on the seeds build, and every rule of every
suite fails on a frame broken for it (so no suite can pass vacuously)."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from python_tests.dbt_runner import DbtRun
from quality.gx.frames import NOT_KEPT, UNPARSEABLE, WarehouseReader
from quality.gx.mart_suites import MART_SUITES, mart_suites
from quality.gx.raw_suites import daily_volume_frame, load_contract, raw_frame, raw_suites
from quality.gx.rules import Suite, UniqueKey
from quality.gx.runner import run_suites
from quality.gx.validate import collect
from quality.gx.validate import main as validate_main

ALL_SUITES = raw_suites() + mart_suites()
DBT_BUILDS = [("dq_raw", {})]  # shared with test_data_quality: one build per session


@pytest.fixture(scope="session")
def seeds_frames(seeds_build: tuple[Path, DbtRun]) -> dict[str, pd.DataFrame]:
    workdir, run = seeds_build
    assert run.ok, run.output[-3000:]
    pairs, missing = collect(WarehouseReader(workdir / "warehouse.duckdb"), ALL_SUITES)
    assert not missing, [m.summary() for m in missing]
    return {suite.name: frame for suite, frame in pairs}


def test_every_suite_passes_on_the_seeds_build(
    seeds_frames: dict[str, pd.DataFrame],
) -> None:
    results = run_suites([(s, seeds_frames[s.name]) for s in ALL_SUITES])
    failed = [r.summary() for r in results if not r.success]
    assert not failed, "\n".join(failed)
    assert {r.suite for r in results} == {s.name for s in ALL_SUITES}


@pytest.mark.parametrize("suite", ALL_SUITES, ids=lambda s: s.name)
def test_every_rule_of_the_suite_fails_on_a_frame_broken_for_it(
    suite: Suite, seeds_frames: dict[str, pd.DataFrame]
) -> None:
    frame = seeds_frames[suite.name]
    assert len(frame), f"{suite.name}: the seeds give an empty frame, nothing to break"
    # Each rule alone, on the frame and on a copy broken for it: it must pass on the first and
    # fail on the second (one rule per validation: linear in the number of rules, and a rule
    # that only failed because another rule's check column was missing would show up here).
    pairs, labels = [], []
    for rule in suite.rules:
        for state, data in (("intact", frame), ("broken", rule.break_frame(frame))):
            alone = Suite(
                name=f"{suite.name}__{rule.name}__{state}",
                table=suite.table,
                rules=(rule,),
                tags=suite.tags,
            )
            pairs.append((alone, data))
            labels.append((rule, state))
    results = run_suites(pairs)
    wrong = [
        f"{rule.name} ({state}: {'passed' if result.success else 'failed on ' + str(sorted(result.failed_rules))})"
        for (rule, state), result in zip(labels, results, strict=True)
        if (state == "intact") != result.success
        or (state == "broken" and rule.name not in result.failed_rules)
    ]
    assert not wrong, f"{suite.name}: rules that do not pass intact and fail broken: {wrong}"


def test_a_day_without_leads_or_calls_fails_the_volume_suite(
    seeds_build: tuple[Path, DbtRun],
) -> None:
    """Not a synthetic break: cut a whole day out of the raw leads and calls and rebuild the
    daily frame the way the suite reads it."""
    workdir, run = seeds_build
    assert run.ok
    reader = WarehouseReader(workdir / "warehouse.duckdb")
    leads, calls = reader.raw("crm__leads"), reader.raw("telephony__calls")
    day = "2024-06-12"

    class _Cut(WarehouseReader):
        def raw(self, name: str) -> pd.DataFrame | None:
            frame = {"crm__leads": leads, "telephony__calls": calls}.get(name)
            if frame is None:
                return super().raw(name)
            column = "created_at" if name == "crm__leads" else "started_at"
            return frame[~frame[column].astype(str).str.startswith(day)]

    frame = daily_volume_frame(_Cut(workdir / "warehouse.duckdb"))
    assert frame.loc[frame["day"] == pd.Timestamp(day), "events"].item() == 0
    suite = next(s for s in ALL_SUITES if s.name == "raw__daily_volumes")
    (result,) = run_suites([(suite, frame)])
    assert not result.success
    assert "no_empty_day__events" in result.failed_rules


def test_a_missing_mart_is_a_failure_not_a_skip(
    seeds_build: tuple[Path, DbtRun],
) -> None:
    workdir, _ = seeds_build
    ghost = Suite(name="kpi_does_not_exist", table="kpi_does_not_exist", rules=[], tags=("mart",))
    pairs, missing = collect(WarehouseReader(workdir / "warehouse.duckdb"), [ghost])
    assert not pairs
    assert [m.suite for m in missing] == ["kpi_does_not_exist"]
    assert not missing[0].success


def test_mart_suites_cover_the_public_marts() -> None:
    """Each mart named in the KPI definitions' table has a suite (rep_scorecard joins when it
    lands; the convention tests check that every kpi_/rep_ mart in the project has one)."""
    assert set(MART_SUITES) >= {
        "kpi_pipeline_value",
        "kpi_conversion_rate",
        "kpi_sales_cycle",
        "kpi_stage_velocity",
        "kpi_mrr",
        "kpi_upsell_cross_sell",
        "kpi_call_quality",
        "kpi_speed_to_lead",
        "kpi_competitor_pricing",
    }


def test_validate_writes_data_docs_a_reviewer_can_open(
    seeds_build: tuple[Path, DbtRun], tmp_path: Path
) -> None:
    """`make validate` end to end: exit 0 on the seeds build, GX Data Docs and the offline
    summary written."""
    workdir, run = seeds_build
    assert run.ok
    code = validate_main(
        ["--warehouse", str(workdir / "warehouse.duckdb"), "--gx-root", str(tmp_path)]
    )
    site = tmp_path / "gx" / "uncommitted" / "data_docs" / "local_site"
    assert code == 0
    assert (site / "index.html").stat().st_size > 0
    summary = (site / "summary.html").read_text()
    assert f"{len(ALL_SUITES)} of {len(ALL_SUITES)} suites passed" in summary
    for suite in ALL_SUITES:
        assert list((site / "validations" / suite.name).rglob("*.html")), suite.name


def test_validate_fails_on_a_broken_warehouse(
    seeds_build: tuple[Path, DbtRun], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A copy of the seeds warehouse with a 0-100 probability in the pipeline mart (the
    known mistake) and a mart dropped: `make validate` must exit non-zero."""
    workdir, run = seeds_build
    assert run.ok
    broken = tmp_path / "broken.duckdb"
    shutil.copy2(workdir / "warehouse.duckdb", broken)
    con = duckdb.connect(str(broken))
    try:
        con.execute(
            "update marts.kpi_pipeline_value set stage_probability = stage_probability * 100"
        )
        con.execute("drop table marts.kpi_stage_velocity")
    finally:
        con.close()
    assert validate_main(["--warehouse", str(broken), "--no-docs"]) == 1
    printed = capsys.readouterr().out
    failed = [line for line in printed.splitlines() if "FAILED" in line]
    assert [line.split(":")[0] for line in failed] == [
        "kpi_pipeline_value",
        "kpi_stage_velocity",
    ]
    assert "[share_0_1__stage_probability]" in printed
    assert "[mart_exists] marts.kpi_stage_velocity is not in the warehouse" in printed


def test_raw_suites_reject_the_deliberately_bad_export(fixture_build) -> None:
    """The data-quality fixture (python_tests/fixtures/dq_raw) is a tiny export full of bad
    rows; read as staging landed it (a build with raw_data_dir), the raw suites must reject
    it: a few bad rows in a dozen is far beyond the 2% an export may carry."""
    workdir, run = fixture_build("dq_raw")
    assert run.ok, run.output[-3000:]
    reader = WarehouseReader(workdir / "warehouse.duckdb")
    contract = load_contract()
    suites = raw_suites()
    results = run_suites([(s, raw_frame(s, reader, contract)) for s in suites])
    failed = {r.suite: r.failed_rules for r in results if not r.success}
    assert "range__amount" in failed["raw__crm__deals"]  # D3: amount -5
    assert "enum__role" in failed["raw__crm__users"]
    assert "parses__started_at" in failed["raw__telephony__calls"]  # CL4: unparseable
    assert "fx_rate_for_every_currency" in failed["raw__currency_coverage"]  # C3: GBP
    # The frame holds dbt's values: CL4's started_at did not parse, the others in ISO form.
    calls = reader.raw("telephony__calls").set_index("call_id")["started_at"].to_dict()
    assert calls == {
        "CL1": "2024-01-05 09:03:00",
        "CL2": "2024-01-06 09:00:00",
        "CL3": "2024-01-06 10:00:00",
        "CL4": UNPARSEABLE,
    }


def test_raw_frames_read_every_contract_column_staging_keeps(
    seeds_build: tuple[Path, DbtRun],
) -> None:
    """Every raw contract column reaches its GX frame from staging (a base_ model renaming a
    column without quality/gx/frames.RENAMED knowing would show here); only the personal-data
    columns staging keeps neither in clear nor hashed read as NOT_KEPT."""
    workdir, run = seeds_build
    assert run.ok
    reader = WarehouseReader(workdir / "warehouse.duckdb")
    not_kept = set()
    for name, table in load_contract().items():
        frame = reader.raw(name)
        assert frame is not None, name
        assert [c.name for c in table.columns] == list(frame.columns), name
        for column in frame.columns:
            if len(frame) and (frame[column] == NOT_KEPT).all():
                not_kept.add((name, column))
    assert not_kept == {
        ("crm__users", "full_name"),
        ("crm__leads", "contact_phone"),
        ("telephony__calls", "phone_number"),
    }


def test_no_mart_suite_repeats_a_dbt_key_test() -> None:
    """One home per invariant: a mart's key is checked by its dbt test (unique_combination /
    unique, required on every model by the conventions gate), not again by its GX suite."""
    repeated = [s.name for s in mart_suites() for r in s.rules if isinstance(r, UniqueKey)]
    assert repeated == []


def test_the_gx_raw_suites_check_the_contract_key() -> None:
    """A raw table's unique-key rule uses the key the contract declares (the one staging ranks
    duplicates by), read from the sources YAML: no second list of keys."""
    contract = load_contract()
    suites = {s.table: s for s in raw_suites()}
    for name, table in contract.items():
        keys = [r for r in suites[name].rules if isinstance(r, UniqueKey)]
        assert [tuple(r.columns) for r in keys] == [table.key], name


def test_the_gx_raw_suites_check_the_contract_enumerations() -> None:
    """Every enumerated raw column (its `values` in the contract, the list staging rejects
    `unknown <column>` by) has its enum rule in the raw suite, with the same values."""
    suites = {s.table: s for s in raw_suites()}
    for name, table in load_contract().items():
        enums = {r.column: r.kind for r in suites[name].rules if r.name.startswith("enum__")}
        expected = {c.name: "one of " + ", ".join(c.values) for c in table.columns if c.values}
        assert enums == expected, name
    # forecast_category, which staging checked and the suites did not before the values moved
    # into the contract:
    stages = load_contract()["crm__pipeline_stages"]
    assert [c.name for c in stages.columns if c.values] == ["forecast_category"]


def test_the_gx_raw_suites_check_the_contract_ranges() -> None:
    """Every raw column with a range in the contract (the bounds staging rejects a row by) has
    its range rule in the raw suite, with the same bounds; no other column has one."""
    suites = {s.table: s for s in raw_suites()}
    for name, table in load_contract().items():
        ranges = {
            r.columns[0]: (r.minimum, r.maximum, r.strict_min)
            for r in suites[name].rules
            if r.name.startswith("range__")
        }
        expected = {
            c.name: (c.range.minimum, c.range.maximum, c.range.strict_min)
            for c in table.columns
            if c.range
        }
        assert ranges == expected, name
    # The three places the two hand-written lists had drifted apart:
    contract = load_contract()
    columns = {(t, c.name): c for t, table in contract.items() for c in table.columns}
    # staging rejected a zero rate ('non-positive rate'); the suite let 0 pass:
    assert columns[("billing__fx_rates", "usd_per_unit")].range.strict_min
    # staging rejected a negative invoice amount; the suite had no rule:
    assert columns[("billing__invoices", "amount")].range.minimum == 0
    # the suite checked stage_order >= 0; staging accepts any order (only the order matters):
    assert columns[("crm__pipeline_stages", "stage_order")].range is None
