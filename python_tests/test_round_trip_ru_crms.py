"""Round trip through the amoCRM and Bitrix24 layouts: the bundled seeds written as each system
exports them (generator/system_layouts), with the contract files the system cannot hold copied
beside them, build to the same marts as the seeds build wherever the system can carry the data.

What a layout cannot carry is listed in DECISIONLOG.md ("amoCRM and Bitrix24", Round trip); the
checks below compare what it can, row by row, against the shared seeds build.
"""

from __future__ import annotations

import csv
import importlib
import shutil
from pathlib import Path

import pytest

from python_tests import background
from python_tests.dbt_runner import PROJECT_DIR, query, run_dbt
from python_tests.golden import same_value

SEEDS_DIR = PROJECT_DIR / "seeds"
# What neither system holds: read from the contract's own files beside the exports.
CONTRACT_FILES = [
    *sorted((SEEDS_DIR / "billing").glob("*.csv")),
    *sorted((SEEDS_DIR / "market").glob("*.csv")),
    SEEDS_DIR / "crm" / "crm__products.csv",
    SEEDS_DIR / "crm" / "crm__quotas.csv",
    SEEDS_DIR / "telephony" / "telephony__call_scores.csv",
]


def _open_stage_probabilities() -> dict[str, float]:
    with (SEEDS_DIR / "crm" / "crm__pipeline_stages.csv").open(newline="") as handle:
        return {
            row["stage"]: float(row["probability"])
            for row in csv.DictReader(handle)
            if row["is_closed"].strip().lower() not in ("true", "1")
        }


# The systems have no stage probabilities: the seeds' own are given through the setting, keyed
# by the stage id each layout writes (amoCRM: the stage name; Bitrix24: upper-cased).
PROBABILITIES = _open_stage_probabilities()
VARIABLES = {
    "amocrm": {
        "crm_system": "amocrm",
        "telephony_system": "amocrm",
        "stage_probabilities": PROBABILITIES,
    },
    "bitrix24": {
        "crm_system": "bitrix24",
        "telephony_system": "bitrix24",
        "stage_probabilities": {stage.upper(): p for stage, p in PROBABILITIES.items()},
    },
}

_factory: list[pytest.TempPathFactory] = []


def _layout_build(system: str) -> tuple[Path, object]:
    workdir = _factory[0].mktemp(f"round_trip_{system}")
    exports = workdir / "exports"
    exports.mkdir()
    importlib.import_module(f"generator.system_layouts.{system}").write(SEEDS_DIR, exports)
    for path in CONTRACT_FILES:
        shutil.copy(path, exports / path.name)
    run = run_dbt(
        ["build", "--exclude", "resource_type:unit_test"], workdir, exports, VARIABLES[system]
    )
    return workdir, run


def _start(system: str):
    return background.start(f"round_trip:{system}", lambda: _layout_build(system), background.BUILD)


def background_jobs(factory: pytest.TempPathFactory) -> None:
    """Start both layout builds on the session's pool (called by conftest)."""
    if not _factory:
        _factory.append(factory)
    for system in VARIABLES:
        _start(system)


@pytest.fixture(scope="module")
def layout_build(tmp_path_factory: pytest.TempPathFactory):
    if not _factory:
        _factory.append(tmp_path_factory)

    def built(system: str) -> Path:
        workdir, run = _start(system).result()
        assert run.ok, run.output[-5000:]
        return workdir

    return built


@pytest.fixture(scope="module")
def seeds(seeds_build) -> Path:
    workdir, run = seeds_build
    assert run.ok, run.output[-3000:]
    return workdir


def _rows(workdir: Path, sql: str) -> list[tuple]:
    """The rows, sorted by their text and whole-number values, then by their money to 0.1."""

    def key(row: tuple) -> tuple:
        return (
            tuple("" if v is None else str(v) for v in row if not isinstance(v, float)),
            tuple(round(v, 1) for v in row if isinstance(v, float)),
        )

    return sorted((tuple(row.values()) for row in query(workdir, sql)), key=key)


def _differences(seeds: Path, layout: Path, sql: str) -> list[str]:
    """Rows that differ (money to the cent: the same amounts summed in another order differ in
    the last bits of a double)."""
    want, got = _rows(seeds, sql), _rows(layout, sql)
    problems = []
    if len(want) != len(got):
        problems.append(f"{len(want)} rows in the seeds build, {len(got)} in the layout build")
    for expected, actual in zip(want, got, strict=False):
        if not all(same_value(a, e) for a, e in zip(actual, expected, strict=True)):
            problems.append(f"seeds build {expected} != layout build {actual}")
    return problems[:5]


# Projections of marts onto what a layout carries (the columns it cannot feed left out).
# Calls: no wait time in either system (wait_seconds_total, calls_with_wait, wait_seconds_mean).
CALLS_WITHOUT_WAIT = (
    "select call_date, user_id, direction, calls, calls_answered, calls_connected, calls_missed, "
    "talk_seconds_total, calls_scored, score_total, calls_good, calls_next_step_agreed, answer_rate, "
    "connect_rate, talk_seconds_mean, score_mean, good_call_rate, next_step_rate, call_month "
    "from marts.kpi_call_quality"
)
# MRR without its channel split: the channel of a lead is a function of its source in both
# systems (the seeds' outbound event / partner leads read as inbound).
MRR_WITHOUT_CHANNELS = (
    "select month, snapshot_date, opening_mrr, fx_effect, new_mrr, expansion_mrr, "
    "contraction_mrr, churned_mrr, reactivation_mrr, closing_mrr, arr, customers_active, "
    "customers_active_at_start, customers_new, customers_churned, customers_reactivated, "
    "customers_expanded, customers_contracted, retention_base_mrr, net_retained_mrr, "
    "gross_retained_mrr, net_revenue_retention, gross_revenue_retention, arpa, "
    "customer_churn_rate, customer_churn_rate_mean_12m, ltv_estimate, is_as_of_month "
    "from marts.kpi_mrr"
)
# Closed deals and cycle days by month and owner, over channels (and, for amoCRM, deal types
# and amounts, which it cannot hold).
SALES_CYCLE_BY_TYPE = (
    "select close_month, owner_id, deal_type, sum(deals_closed), sum(deals_won), "
    "sum(deals_lost), round(sum(won_amount), 2), round(sum(lost_amount), 2), "
    "sum(cycle_days_won_total), sum(cycle_days_lost_total) from marts.kpi_sales_cycle "
    "group by close_month, owner_id, deal_type"
)
SALES_CYCLE_COUNTS = (
    "select close_month, owner_id, sum(deals_closed), sum(deals_won), sum(deals_lost), "
    "sum(cycle_days_won_total), sum(cycle_days_lost_total) from marts.kpi_sales_cycle "
    "group by close_month, owner_id"
)
REPORT_PERIOD = "select * from intermediate.int_report_period"  # the same as_of_date

# (system, what, SQL run on both warehouses): what each layout carries, compared row by row.
CHECKS = [
    ("amocrm", "report period", REPORT_PERIOD),
    ("amocrm", "calls", CALLS_WITHOUT_WAIT),
    ("amocrm", "mrr", MRR_WITHOUT_CHANNELS),
    ("amocrm", "closed deals", SALES_CYCLE_COUNTS),
    ("bitrix24", "report period", REPORT_PERIOD),
    ("bitrix24", "calls", CALLS_WITHOUT_WAIT),
    ("bitrix24", "mrr", MRR_WITHOUT_CHANNELS),
    ("bitrix24", "closed deals", SALES_CYCLE_BY_TYPE),
    *[
        ("bitrix24", mart, f"select * from marts.{mart}")
        for mart in (
            "kpi_pipeline_value",
            "kpi_pipeline_movement",
            "kpi_stage_velocity",
            "kpi_deal_health",
            "fct_open_deals",
            "kpi_upsell_cross_sell",
            "kpi_revenue_cohorts",
        )
    ],
]


@pytest.mark.parametrize(
    ("system", "what", "sql"), CHECKS, ids=[f"{system}-{what}" for system, what, _ in CHECKS]
)
def test_layout_gives_the_seeds_marts(seeds, layout_build, system, what, sql):
    assert _differences(seeds, layout_build(system), sql) == []
