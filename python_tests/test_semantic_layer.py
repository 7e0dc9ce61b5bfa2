"""The semantic layer (models/semantic: MetricFlow semantic models and metrics) agrees with the
marts: every metric queried by month (and by owner and team where it has one, and by its other
dimensions) equals the figure recomputed from the mart it reads, on the seeds build and on the
golden datasets; stocks (MRR, ARR, open pipeline) queried by quarter give the quarter's last
month, never a sum; `mf validate-configs` passes; `mf query --metrics mrr --group-by
metric_time__month` prints kpi_mrr's closing MRR.

The builds are the session's (seeds_build, fixture_build): nothing is built here. Queries run
in-process through MetricFlow's engine (the one `mf query` drives) on the build's
semantic_manifest.json, over a read-only DuckDB connection; the `mf` command itself runs twice
(validate-configs, and the README's MRR query).
"""

from __future__ import annotations

import datetime as dt
import math
import os
import re
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb
import pytest
from metricflow.data_table.mf_table import MetricFlowDataTable
from metricflow.engine.metricflow_engine import MetricFlowEngine, MetricFlowQueryRequest
from metricflow.protocols.sql_client import SqlEngine
from metricflow.sql.render.duckdb_renderer import DuckDbSqlPlanRenderer
from metricflow_semantics.model.dbt_manifest_parser import (
    parse_manifest_from_dbt_generated_manifest,
)
from metricflow_semantics.model.semantic_manifest_lookup import SemanticManifestLookup

from python_tests.dbt_runner import PROJECT_DIR, query
from python_tests.test_funnel_golden import VARIABLES as FUNNEL_GOLDEN_VARIABLES

MONEY_TOLERANCE = 0.01
RATE_TOLERANCE = 1e-9

# --- what each metric is, read from its mart ------------------------------------------------


@dataclass(frozen=True)
class Spec:
    """How to recompute a metric from its mart: sum(numerator) [/ sum(denominator)] per period,
    at the period's latest date for a stock (semi-additive)."""

    relation: str
    time_column: str
    numerator: str
    denominator: str | None = None
    stock: bool = False
    owner_column: str | None = None
    # MetricFlow group-by name -> SQL expression over the mart (alias m), or a
    # (relation, expression) pair when that breakdown comes from another mart.
    dimensions: dict[str, Any] = field(default_factory=dict)

    @property
    def is_ratio(self) -> bool:
        return self.denominator is not None


PIPELINE_DIMS = {"pipeline__stage": "m.stage", "pipeline__deal_type": "m.deal_type"}
LEAD_DIMS = {"lead__channel": "m.channel", "lead__source": "m.source"}
CLOSED_DIMS = {
    "closed_deal__deal_type": "m.deal_type",
    "closed_deal__channel": "m.channel",
}
FAMILY = {
    "customer_family_month__product_family": (
        "marts.kpi_upsell_cross_sell_by_family",
        "m.product_family",
    )
}
PRICED = "m.our_list_price is not null and m.market_mean_price is not null"
PRODUCT_DIMS = {
    "product": "m.product_id",
    "product__product_family": (
        "marts.kpi_competitor_pricing",
        "(select p.product_family from marts.dim_products as p where p.product_id = m.product_id)",
    ),
}

SPECS: dict[str, Spec] = {
    "pipeline_value": Spec(
        "marts.kpi_pipeline_value",
        "as_of_date",
        "m.pipeline_value",
        stock=True,
        owner_column="owner_id",
        dimensions=PIPELINE_DIMS,
    ),
    "weighted_pipeline_value": Spec(
        "marts.kpi_pipeline_value",
        "as_of_date",
        "m.weighted_pipeline_value",
        stock=True,
        owner_column="owner_id",
        dimensions=PIPELINE_DIMS,
    ),
    "open_deals": Spec(
        "marts.kpi_pipeline_value",
        "as_of_date",
        "m.open_deals",
        stock=True,
        owner_column="owner_id",
        dimensions=PIPELINE_DIMS,
    ),
    "lead_conversion_rate": Spec(
        "marts.kpi_conversion_rate",
        "cohort_month",
        "m.leads_converted_to_date",
        "m.leads_valid",
        owner_column="owner_id",
        dimensions=LEAD_DIMS,
    ),
    "lead_to_won_conversion": Spec(
        "marts.kpi_conversion_rate",
        "cohort_month",
        "m.leads_converted_in_window",
        "m.leads_valid",
        owner_column="owner_id",
        dimensions=LEAD_DIMS,
    ),
    "mrr": Spec("marts.kpi_mrr", "month", "m.closing_mrr", stock=True),
    "arr": Spec("marts.kpi_mrr", "month", "m.arr", stock=True),
    "new_mrr": Spec("marts.kpi_mrr", "month", "m.new_mrr"),
    "expansion_mrr": Spec("marts.kpi_mrr", "month", "m.expansion_mrr"),
    "churned_mrr": Spec("marts.kpi_mrr", "month", "m.churned_mrr"),
    "upsell_mrr": Spec(
        "marts.kpi_upsell_cross_sell",
        "month",
        "m.upsell_mrr",
        owner_column="owner_id",
        dimensions=FAMILY,
    ),
    "cross_sell_mrr": Spec(
        "marts.kpi_upsell_cross_sell",
        "month",
        "m.cross_sell_mrr",
        owner_column="owner_id",
        dimensions=FAMILY,
    ),
    "calls": Spec(
        "marts.kpi_call_quality",
        "call_date",
        "m.calls",
        owner_column="user_id",
        dimensions={"call_activity__direction": "m.direction"},
    ),
    "answer_rate": Spec(
        "marts.kpi_call_quality",
        "call_date",
        "m.calls_answered",
        "m.calls",
        owner_column="user_id",
        dimensions={"call_activity__direction": "m.direction"},
    ),
    "mean_call_score": Spec(
        "marts.kpi_call_quality",
        "call_date",
        "m.score_total",
        "m.calls_scored",
        owner_column="user_id",
        dimensions={"call_activity__direction": "m.direction"},
    ),
    "win_rate": Spec(
        "marts.kpi_sales_cycle",
        "close_month",
        "m.deals_won",
        "m.deals_won + m.deals_lost",
        owner_column="owner_id",
        dimensions=CLOSED_DIMS,
    ),
    "won_amount": Spec(
        "marts.kpi_sales_cycle",
        "close_month",
        "m.won_amount",
        owner_column="owner_id",
        dimensions=CLOSED_DIMS,
    ),
    "mean_cycle_days": Spec(
        "marts.kpi_sales_cycle",
        "close_month",
        "m.cycle_days_won_total",
        "m.cycle_days_won_count",
        owner_column="owner_id",
        dimensions=CLOSED_DIMS,
    ),
    # The basket price index: 100 x the sum of our list prices / the sum of the market means,
    # over the product-months with both; for one product and month, the mart's price_index.
    "price_index": Spec(
        "marts.kpi_competitor_pricing",
        "month",
        f"case when {PRICED} then 100 * m.our_list_price end",
        f"case when {PRICED} then m.market_mean_price end",
        dimensions=PRODUCT_DIMS,
    ),
}

ISSUE_METRICS = {
    "pipeline_value",
    "weighted_pipeline_value",
    "open_deals",
    "lead_conversion_rate",
    "lead_to_won_conversion",
    "mrr",
    "arr",
    "new_mrr",
    "expansion_mrr",
    "churned_mrr",
    "upsell_mrr",
    "cross_sell_mrr",
    "calls",
    "answer_rate",
    "mean_call_score",
    "win_rate",
    "won_amount",
    "mean_cycle_days",
    "price_index",
}
OWNER_METRICS = sorted(m for m, s in SPECS.items() if s.owner_column)
STOCKS = sorted(m for m, s in SPECS.items() if s.stock)


def expected_figures(
    workdir: Path, metric: str, grain: str = "month", by: str | None = None
) -> dict[tuple, float | None]:
    """{(period, group): value} recomputed from the mart. by: None, 'owner', 'owner__team' or
    one of the spec's dimensions."""
    spec = SPECS[metric]
    relation, group = spec.relation, "cast(null as varchar)"
    if by == "owner":
        group = f"m.{spec.owner_column}"
    elif by == "owner__team":
        group = f"(select r.team from marts.dim_reps as r where r.user_id = m.{spec.owner_column})"
    elif by is not None:
        dimension = spec.dimensions[by]
        relation, group = dimension if isinstance(dimension, tuple) else (relation, dimension)
    latest = ""
    if spec.stock:
        latest = (
            f"inner join (select date_trunc('{grain}', {spec.time_column}) as period,"
            f" max({spec.time_column}) as latest_date from {relation} group by 1) as l"
            f" on date_trunc('{grain}', m.{spec.time_column}) = l.period"
            f" and m.{spec.time_column} = l.latest_date"
        )
    denominator = f"sum({spec.denominator})" if spec.denominator else "null"
    rows = query(
        workdir,
        f"""
        select
            cast(date_trunc('{grain}', m.{spec.time_column}) as date) as period,
            {group} as grp,
            sum({spec.numerator}) as num,
            {denominator} as den
        from {relation} as m
        {latest}
        group by 1, 2
        """,
    )
    figures = {}
    for row in rows:
        if spec.is_ratio:
            value = row["num"] / row["den"] if row["den"] else None
        else:
            value = row["num"]
        figures[(row["period"], row["grp"])] = None if value is None else float(value)
    return figures


# --- MetricFlow, in-process -----------------------------------------------------------------


class ReadOnlyDuckDbClient:
    """MetricFlow's SqlClient protocol over a read-only DuckDB connection, opened per query
    (the tests only read; `mf` itself goes through the dbt adapter)."""

    def __init__(self, path: Path) -> None:
        self._path = path
        self._renderer = DuckDbSqlPlanRenderer()

    @property
    def sql_engine_type(self) -> SqlEngine:
        return SqlEngine.DUCKDB

    @property
    def sql_plan_renderer(self) -> DuckDbSqlPlanRenderer:
        return self._renderer

    def query(self, stmt: str, sql_bind_parameter_set: Any = None) -> MetricFlowDataTable:
        con = duckdb.connect(str(self._path), read_only=True)
        try:
            cursor = con.execute(stmt)
            names = [d[0] for d in cursor.description]
            rows = cursor.fetchall()
        finally:
            con.close()
        return MetricFlowDataTable.create_from_rows(column_names=names, rows=rows)

    def execute(self, stmt: str, sql_bind_parameter_set: Any = None) -> None:
        raise NotImplementedError("read-only client")

    def dry_run(self, stmt: str, sql_bind_parameter_set: Any = None) -> None:
        raise NotImplementedError("read-only client")

    def close(self) -> None:
        pass

    def render_bind_parameter_key(self, bind_parameter_key: str) -> str:
        return f"${bind_parameter_key}"


def engine_for(workdir: Path) -> MetricFlowEngine:
    manifest = parse_manifest_from_dbt_generated_manifest(
        (workdir / "target" / "semantic_manifest.json").read_text()
    )
    return MetricFlowEngine(
        semantic_manifest_lookup=SemanticManifestLookup(manifest),
        sql_client=ReadOnlyDuckDbClient(workdir / "warehouse.duckdb"),
    )


def _as_date(value: Any) -> Any:
    return value.date() if isinstance(value, dt.datetime) else value


def mf_figures(
    engine: MetricFlowEngine, metrics: list[str], grain: str = "month", by: str | None = None
) -> dict[str, dict[tuple, float | None]]:
    """{metric: {(period, group): value}} from one MetricFlow query."""
    time_name = f"metric_time__{grain}"
    group_by = [time_name] + ([by] if by else [])
    result = engine.query(
        MetricFlowQueryRequest.create(metric_names=metrics, group_by_names=group_by)
    ).result_df
    names = list(result.column_names)
    figures: dict[str, dict[tuple, float | None]] = {m: {} for m in metrics}
    for row in result.rows:
        record = dict(zip(names, row, strict=True))
        key = (_as_date(record[time_name]), record[by] if by else None)
        for metric in metrics:
            value = record[metric]
            figures[metric][key] = None if value is None else float(value)
    return figures


def mismatches(
    metric: str, got: dict[tuple, float | None], want: dict[tuple, float | None]
) -> list[str]:
    """Differences beyond the tolerance (money and counts 0.01, rates 1e-9). For a sum, a
    missing row is 0; for a ratio, a missing row is a null (nothing to divide)."""
    is_ratio = SPECS[metric].is_ratio
    tolerance = RATE_TOLERANCE if is_ratio else MONEY_TOLERANCE
    problems = []
    for key in sorted(set(got) | set(want), key=repr):
        a, b = got.get(key), want.get(key)
        if not is_ratio:
            a, b = a or 0.0, b or 0.0
        if a is None or b is None:
            if a is not b:
                problems.append(f"{metric} {key}: semantic layer {a}, mart {b}")
        elif not math.isclose(a, b, rel_tol=0, abs_tol=tolerance):
            problems.append(f"{metric} {key}: semantic layer {a}, mart {b}")
    return problems


def check_against_marts(
    workdir: Path, metrics: list[str], grain: str = "month", by: str | None = None
) -> list[str]:
    engine = engine_for(workdir)
    got = mf_figures(engine, metrics, grain, by)
    problems = []
    for metric in metrics:
        want = expected_figures(workdir, metric, grain, by)
        problems += mismatches(metric, got[metric], want)
    return problems


# --- builds ---------------------------------------------------------------------------------

GOLDEN = {
    "funnel_golden": FUNNEL_GOLDEN_VARIABLES,  # the golden tests' own builds, shared
    "calls_golden": None,
    "revenue_golden": None,
}


@pytest.fixture(scope="module")
def seeds(seeds_build) -> Path:
    workdir, run = seeds_build
    assert run.ok, run.output[-3000:]
    return workdir


@pytest.fixture(scope="module", params=["seeds", *sorted(GOLDEN)])
def any_build(request, seeds_build, fixture_build) -> Path:
    """The seeds build and each golden build."""
    if request.param == "seeds":
        workdir, run = seeds_build
    else:
        workdir, run = fixture_build(request.param, GOLDEN[request.param])
    assert run.ok, run.output[-3000:]
    return workdir


# --- the metrics exist ----------------------------------------------------------------------


def test_every_metric_the_issue_names_is_defined(seeds: Path) -> None:
    engine = engine_for(seeds)
    defined = {metric.name for metric in engine.list_metrics()}
    assert ISSUE_METRICS <= defined, sorted(ISSUE_METRICS - defined)
    assert ISSUE_METRICS <= set(SPECS)


def test_the_issue_dimensions_are_queryable(seeds: Path) -> None:
    """month, owner, team, channel, source, stage, deal type, product family."""
    engine = engine_for(seeds)
    for metrics, group_by in [
        (
            ["pipeline_value"],
            [
                "metric_time__month",
                "owner",
                "owner__team",
                "pipeline__stage",
                "pipeline__deal_type",
            ],
        ),
        (["lead_conversion_rate"], ["metric_time__month", "lead__channel", "lead__source"]),
        (["win_rate"], ["closed_deal__channel", "closed_deal__deal_type"]),
        (["upsell_mrr"], ["customer_family_month__product_family"]),
        (["price_index"], ["product__product_family"]),
    ]:
        result = engine.query(
            MetricFlowQueryRequest.create(metric_names=metrics, group_by_names=group_by)
        ).result_df
        assert result.row_count > 0, (metrics, group_by)


# --- the semantic layer agrees with the marts -----------------------------------------------


def test_every_metric_by_month_equals_its_mart(any_build: Path) -> None:
    assert check_against_marts(any_build, sorted(SPECS)) == []


@pytest.mark.parametrize("by", ["owner", "owner__team"])
def test_owner_metrics_by_owner_and_team_equal_their_marts(any_build: Path, by: str) -> None:
    assert check_against_marts(any_build, OWNER_METRICS, by=by) == []


@pytest.mark.parametrize(
    "metrics, by",
    [
        (["pipeline_value", "weighted_pipeline_value", "open_deals"], "pipeline__stage"),
        (["pipeline_value", "open_deals"], "pipeline__deal_type"),
        (["lead_conversion_rate", "lead_to_won_conversion"], "lead__channel"),
        (["lead_conversion_rate", "lead_to_won_conversion"], "lead__source"),
        (["win_rate", "won_amount", "mean_cycle_days"], "closed_deal__deal_type"),
        (["win_rate", "won_amount", "mean_cycle_days"], "closed_deal__channel"),
        (["upsell_mrr", "cross_sell_mrr"], "customer_family_month__product_family"),
        (["calls", "answer_rate", "mean_call_score"], "call_activity__direction"),
        (["price_index"], "product"),
        (["price_index"], "product__product_family"),
    ],
)
def test_metrics_by_their_dimensions_equal_their_marts(
    seeds: Path, metrics: list[str], by: str
) -> None:
    assert check_against_marts(seeds, metrics, by=by) == []


def test_stocks_by_quarter_are_the_quarters_last_month(any_build: Path) -> None:
    """MRR, ARR and open pipeline by quarter: the quarter's last month (its latest snapshot),
    never the sum of its months."""
    assert check_against_marts(any_build, STOCKS, grain="quarter") == []


def test_flows_by_quarter_add_up_their_months(seeds: Path) -> None:
    flows = ["new_mrr", "churned_mrr", "calls", "won_amount", "upsell_mrr"]
    assert check_against_marts(seeds, flows, grain="quarter") == []


def test_a_stock_by_quarter_is_not_a_sum_on_the_seeds(seeds: Path) -> None:
    """The check above can fail: on the seeds, a quarter's summed MRR is not its last month."""
    engine = engine_for(seeds)
    by_quarter = mf_figures(engine, ["mrr"], grain="quarter")["mrr"]
    monthly = {
        (row["quarter"], None): row["summed"]
        for row in query(
            seeds,
            "select cast(date_trunc('quarter', month) as date) as quarter,"
            " sum(closing_mrr) as summed from marts.kpi_mrr group by 1",
        )
    }
    assert mismatches("mrr", by_quarter, monthly) != []


# --- hand-computed on the golden data -------------------------------------------------------


@pytest.fixture(scope="module")
def revenue_golden(fixture_build) -> Path:
    workdir, run = fixture_build("revenue_golden", GOLDEN["revenue_golden"])
    assert run.ok, run.output[-3000:]
    return workdir


@pytest.fixture(scope="module")
def funnel_golden(fixture_build) -> Path:
    workdir, run = fixture_build("funnel_golden", GOLDEN["funnel_golden"])
    assert run.ok, run.output[-3000:]
    return workdir


def test_mrr_and_arr_by_quarter_by_hand(revenue_golden: Path) -> None:
    """fixtures/revenue_golden (see test_revenue_golden.py for the customers):
    Q1 2024 = March's closing MRR: C1 8 seats x 100 = 800, C2 cancelled 03-15 (0), C3 200 EUR
    x 1.5 = 300, C4 not started, C5 churned in February -> 1,100 (ARR 13,200).
    Q2 2024 = June's (measured at as_of_date 06-20): C1 800 + Analytics 100 = 900, C2 back at
    200, C3 100 EUR x 1.125 = 112.5, C4 3 x 100 = 300 (ends 06-25, after as_of_date)
    -> 1,512.5 (ARR 18,150). Summing the months would give several times as much."""
    figures = mf_figures(engine_for(revenue_golden), ["mrr", "arr"], grain="quarter")
    assert figures["mrr"] == pytest.approx(
        {(dt.date(2024, 1, 1), None): 1100.0, (dt.date(2024, 4, 1), None): 1512.5}, abs=0.01
    )
    assert figures["arr"] == pytest.approx(
        {(dt.date(2024, 1, 1), None): 13200.0, (dt.date(2024, 4, 1), None): 18150.0}, abs=0.01
    )


def test_lead_to_won_conversion_by_hand(funnel_golden: Path) -> None:
    """fixtures/funnel_golden, conversion_window_days = 30 (see test_funnel_golden.py):
    January's valid leads are L1, L2, L6 (U2), L7 (unassigned) and L3 (U3): 5. L1 converted
    through D1 22 days after its creation (inside 30 days); L3 through its account's D3 after
    41 days (outside). Within the window 1/5 = 0.2; to date 2/5 = 0.4.
    February (L8, L11) and March (L9, L12): no conversion, 0/2 each."""
    figures = mf_figures(
        engine_for(funnel_golden), ["lead_to_won_conversion", "lead_conversion_rate"]
    )
    jan, feb, mar = (
        (dt.date(2024, 1, 1), None),
        (dt.date(2024, 2, 1), None),
        (dt.date(2024, 3, 1), None),
    )
    assert figures["lead_to_won_conversion"] == pytest.approx({jan: 0.2, feb: 0.0, mar: 0.0})
    assert figures["lead_conversion_rate"] == pytest.approx({jan: 0.4, feb: 0.0, mar: 0.0})


# --- the mf command -------------------------------------------------------------------------


def mf_command(workdir: Path, args: list[str]) -> subprocess.CompletedProcess:
    """Run `mf <args>` on the build in workdir. mf reads the dbt profile and target from the
    environment (DBT_PROFILES_DIR, DBT_DUCKDB_PATH) but the semantic manifest from
    <project>/target/semantic_manifest.json, so it gets a project folder of its own whose
    target/ is the build's."""
    project = workdir / "mf_project"
    project.mkdir(exist_ok=True)
    (project / "dbt_project.yml").write_text((PROJECT_DIR / "dbt_project.yml").read_text())
    if not (project / "target").exists():
        (project / "target").symlink_to(workdir / "target")
    candidate = Path(sys.executable).parent / "mf"
    env = {
        **os.environ,
        "DBT_PROFILES_DIR": str(PROJECT_DIR),
        "DBT_PROJECT_DIR": str(project),
        "DBT_DUCKDB_PATH": str(workdir / "warehouse.duckdb"),
        "DBT_TARGET_PATH": str(workdir / "target"),
        "DBT_LOG_PATH": str(workdir / "logs"),
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
        "MF_DISABLE_TELEMETRY": "1",
    }
    return subprocess.run(
        [str(candidate) if candidate.exists() else "mf", *args],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def test_mf_validate_configs_passes(seeds: Path) -> None:
    """Semantic validations and the data-warehouse validations on the seeds build."""
    done = mf_command(seeds, ["validate-configs"])
    output = done.stdout + done.stderr
    assert done.returncode == 0, output[-3000:]
    assert "Successfully validated the semantics of built manifest" in output
    assert "Successfully validated metrics against data warehouse" in output


def test_mf_query_mrr_by_month_prints_kpi_mrr(seeds: Path) -> None:
    """The issue's done-when: the printed closing MRR of every month is kpi_mrr's."""
    done = mf_command(
        seeds,
        [
            "query",
            "--metrics",
            "mrr",
            "--group-by",
            "metric_time__month",
            "--order",
            "metric_time__month",
            "--decimals",
            "2",
        ],
    )
    output = done.stdout + done.stderr
    assert done.returncode == 0, output[-3000:]
    printed = {
        dt.date.fromisoformat(m.group(1)): float(m.group(2))
        for m in re.finditer(
            r"^(\d{4}-\d{2}-\d{2})T00:00:00\s+(-?[\d.]+)\s*$", output, re.MULTILINE
        )
    }
    mart = {
        row["month"]: round(row["closing_mrr"], 2)
        for row in query(seeds, "select month, closing_mrr from marts.kpi_mrr")
    }
    assert printed == pytest.approx(mart, abs=0.01)
    assert len(printed) == len(mart) > 12
