"""The figures people look at, read from the marts: one function per chart or table.

The dashboard and the reports call the same functions, so a tile and a report line can never
disagree. Every function takes a Scope (team and/or rep: owner-level marts are filtered to the
owners in it; department-only marts ignore it and say so) and returns a pandas DataFrame or a
small dataclass. Rates are re-derived from summed totals and counts, never averaged.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pandas as pd

from reporting.warehouse import Warehouse

MARTS = "marts"

# The marts of "Beyond the seven" (kpi_definitions.md §8, 9, 12): pages read them when present.
OPTIONAL_MARTS = (
    "kpi_pipeline_movement",
    "fct_open_deals",
    "kpi_deal_health",
    "kpi_revenue_cohorts",
)


@dataclass(frozen=True)
class Scope:
    """Whose figures: the department (both None), one team, or one rep."""

    team: str | None = None
    rep: str | None = None

    @property
    def is_department(self) -> bool:
        return self.team is None and self.rep is None

    def owner_filter(self, column: str) -> tuple[str, list]:
        """A SQL condition on an owner/user column, and its parameters."""
        if self.rep is not None:
            return f"{column} = ?", [self.rep]
        if self.team is not None:
            return (
                f"{column} in (select user_id from {MARTS}.dim_reps where team = ?)",
                [self.team],
            )
        return "true", []


# The seven KPIs as monthly series: (key, kind, per-owner?, SQL returning month, value).
# kind decides formatting and how a change is shown.
@dataclass(frozen=True)
class KpiSeries:
    key: str
    kind: str  # money | rate | score | days | index
    per_owner: bool
    sql: str


SEVEN_KPIS: tuple[KpiSeries, ...] = (
    KpiSeries(
        "pipeline_value",
        "money",
        True,
        # every month end and as_of_date are as-of dates: a month's figure is its latest one
        """
        with by_date as (
            select as_of_date, sum(pipeline_value) as value
            from {m}.kpi_pipeline_value where {f} group by as_of_date
        )
        select date_trunc('month', as_of_date)::date as month, arg_max(value, as_of_date) as value
        from by_date group by 1
        """,
    ),
    KpiSeries(
        "conversion_rate",
        "rate",
        True,
        # mature cohorts only: a younger cohort's window has not closed
        """
        select cohort_month as month,
            sum(leads_converted_in_window) / nullif(sum(leads_valid), 0) as value
        from {m}.kpi_conversion_rate where is_cohort_mature and {f} group by 1
        """,
    ),
    KpiSeries(
        "mrr",
        "money",
        False,
        "select month, closing_mrr as value from {m}.kpi_mrr",
    ),
    KpiSeries(
        "expansion_mrr",
        "money",
        True,
        """
        select month, sum(upsell_mrr) + sum(cross_sell_mrr) as value
        from {m}.kpi_upsell_cross_sell where {f} group by 1
        """,
    ),
    KpiSeries(
        "call_score",
        "score",
        True,
        """
        select call_month as month, sum(score_total) / nullif(sum(calls_scored), 0) as value
        from {m}.kpi_call_quality where {f} group by 1
        """,
    ),
    KpiSeries(
        "sales_cycle",
        "days",
        True,
        """
        select close_month as month,
            sum(cycle_days_won_total) / nullif(sum(cycle_days_won_count), 0) as value
        from {m}.kpi_sales_cycle where {f} group by 1
        """,
    ),
    KpiSeries(
        "price_index",
        "index",
        False,
        # the mean of the products' indexes (each: our list price / market mean × 100)
        "select month, avg(price_index) as value from {m}.kpi_competitor_pricing group by 1",
    ),
)

OWNER_COLUMN = {
    "pipeline_value": "owner_id",
    "conversion_rate": "owner_id",
    "expansion_mrr": "owner_id",
    "call_score": "user_id",
    "sales_cycle": "owner_id",
}


@dataclass
class Tile:
    key: str
    kind: str
    month: dt.date | None
    value: float | None
    previous_month: float | None
    last_year: float | None
    department_only: bool
    history: list[tuple[dt.date, float | None]] = field(default_factory=list)

    def change(self, against: float | None) -> float | None:
        if self.value is None or against is None:
            return None
        return self.value - against


def _clean(value: object) -> float | None:
    if value is None or pd.isna(value):
        return None
    return float(value)


def _month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def _add_months(month: dt.date, months: int) -> dt.date:
    index = month.year * 12 + month.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


class Figures:
    """Queries of the marts of one warehouse."""

    def __init__(self, warehouse: Warehouse):
        self.warehouse = warehouse

    def q(self, sql: str, params: list | None = None) -> pd.DataFrame:
        return self.warehouse.query(sql.replace("{m}", MARTS), params)

    # --- the report period and the shape of the organisation --------------------------------

    def reporting_currency(self) -> str:
        """The currency the build put the marts' money in (the dbt setting reporting_currency)."""
        frame = self.warehouse.query(
            "select reporting_currency from intermediate.int_report_period"
        )
        return str(frame["reporting_currency"].iloc[0])

    def as_of_date(self) -> dt.date:
        frame = self.warehouse.query("select as_of_date from intermediate.int_report_period")
        return pd.Timestamp(frame["as_of_date"].iloc[0]).date()

    def months(self) -> list[dt.date]:
        """Months with MRR or pipeline figures, newest first (the period filter)."""
        frame = self.q(
            """
            select distinct month from (
                select month from {m}.kpi_mrr
                union select date_trunc('month', as_of_date)::date from {m}.kpi_pipeline_value
            ) order by month desc
            """
        )
        return [pd.Timestamp(v).date() for v in frame["month"]]

    def teams(self) -> list[str]:
        frame = self.q(
            "select distinct team from {m}.dim_reps where team is not null order by team"
        )
        return list(frame["team"])

    def reps(self, team: str | None = None) -> pd.DataFrame:
        """user_id, team, role of the people with a scorecard (reps and managers)."""
        where, params = ("team = ?", [team]) if team else ("true", [])
        return self.q(
            f"select user_id, team, manager_id, role from {{m}}.dim_reps where {where} order by user_id",
            params,
        )

    def has_mart(self, name: str) -> bool:
        return f"{MARTS}.{name}" in self.warehouse.tables()

    # --- overview ---------------------------------------------------------------------------

    def kpi_series(self, kpi: KpiSeries, scope: Scope) -> pd.DataFrame:
        condition, params = (
            scope.owner_filter(OWNER_COLUMN[kpi.key]) if kpi.per_owner else ("true", [])
        )
        frame = self.q(kpi.sql.replace("{f}", condition), params)
        frame["month"] = pd.to_datetime(frame["month"]).dt.date
        return frame.sort_values("month").reset_index(drop=True)

    def tiles(self, month: dt.date, scope: Scope = Scope()) -> list[Tile]:
        """The seven KPIs for `month` (its latest figure), with the previous month, the same
        month last year and the last twelve months for a sparkline."""
        tiles = []
        month = _month_start(month)
        for kpi in SEVEN_KPIS:
            series = self.kpi_series(kpi, scope)
            values = {row.month: _clean(row.value) for row in series.itertuples()}
            shown = month
            if kpi.key == "conversion_rate":
                # the newest mature cohort on or before the month
                mature = [m for m in values if m <= month]
                shown = max(mature) if mature else month
            history = [
                (m, values.get(m)) for m in (_add_months(shown, -i) for i in range(11, -1, -1))
            ]
            tiles.append(
                Tile(
                    key=kpi.key,
                    kind=kpi.kind,
                    month=shown,
                    value=values.get(shown),
                    previous_month=values.get(_add_months(shown, -1)),
                    last_year=values.get(_add_months(shown, -12)),
                    department_only=not kpi.per_owner and not scope.is_department,
                    history=history,
                )
            )
        return tiles

    def rejected_rows(self) -> pd.DataFrame:
        """source_table, rows_rejected for tables with rejected rows (the data-quality banner)."""
        return self.warehouse.query(
            """
            select source_table, rows_rejected
            from data_quality.dq_row_counts
            where rows_rejected > 0
            order by rows_rejected desc, source_table
            """
        )

    def rejected_reasons(self) -> pd.DataFrame:
        return self.warehouse.query(
            """
            select source_table, reason, count(*) as rows_rejected
            from data_quality.dq_rejected_rows
            group by 1, 2 order by 1, 3 desc
            """
        )

    # --- pipeline ---------------------------------------------------------------------------

    def pipeline_by_stage(self, as_of: dt.date, scope: Scope) -> pd.DataFrame:
        """The latest as-of date on or before `as_of`: open deals and value by stage."""
        condition, params = scope.owner_filter("owner_id")
        return self.q(
            f"""
            with latest as (
                select max(as_of_date) as as_of_date from {{m}}.kpi_pipeline_value
                where as_of_date <= ?
            )
            select stage, max(stage_probability) as stage_probability,
                sum(open_deals) as open_deals, sum(pipeline_value) as pipeline_value,
                sum(weighted_pipeline_value) as weighted_pipeline_value
            from {{m}}.kpi_pipeline_value
            where as_of_date = (select as_of_date from latest) and {condition}
            group by stage
            order by max(stage_probability) nulls last, stage
            """,
            [as_of, *params],
        )

    def coverage(self, as_of: dt.date, scope: Scope) -> pd.DataFrame:
        condition, params = scope.owner_filter("owner_id")
        return self.q(
            f"""
            with latest as (
                select max(as_of_date) as as_of_date from {{m}}.kpi_pipeline_coverage
                where as_of_date <= ?
            )
            select quarter_start, owner_id, quota_amount, won_amount_quarter_to_date,
                remaining_quota_amount, pipeline_expected_in_quarter, pipeline_coverage
            from {{m}}.kpi_pipeline_coverage
            where as_of_date = (select as_of_date from latest) and {condition}
            order by owner_id
            """,
            [as_of, *params],
        )

    def pipeline_movement(self, month: dt.date, scope: Scope) -> dict[str, float] | None:
        """The month's movement bridge summed over the scope's owners; None when the mart is
        not built."""
        if not self.has_mart("kpi_pipeline_movement"):
            return None
        condition, params = scope.owner_filter("owner_id")
        frame = self.q(
            f"""
            select sum(opening_value) as opening, sum(won_value) as won, sum(lost_value) as lost,
                sum(fx_effect) as fx_effect, sum(new_value) as new,
                sum(reopened_value) as reopened, sum(closing_value) as closing
            from {{m}}.kpi_pipeline_movement where month = ? and {condition}
            """,
            [_month_start(month), *params],
        )
        return {k: _clean(v) or 0.0 for k, v in frame.iloc[0].items()}

    def deal_health(self, scope: Scope) -> pd.DataFrame | None:
        if not self.has_mart("kpi_deal_health"):
            return None
        condition, params = scope.owner_filter("owner_id")
        return self.q(
            f"""
            select stage, sum(open_deals) as open_deals, sum(open_value) as open_value,
                sum(stuck_deals) as stuck_deals, sum(stuck_value) as stuck_value,
                sum(overdue_deals) as overdue_deals, sum(overdue_value) as overdue_value,
                sum(inactive_deals) as inactive_deals, sum(inactive_value) as inactive_value
            from {{m}}.kpi_deal_health where {condition}
            group by stage order by stage
            """,
            params,
        )

    def stuck_deals(self, scope: Scope) -> pd.DataFrame | None:
        """Open deals that are stuck, overdue or inactive, worst first."""
        if not self.has_mart("fct_open_deals"):
            return None
        condition, params = scope.owner_filter("owner_id")
        return self.q(
            f"""
            select deal_id, owner_id, stage, amount, days_open, days_in_stage,
                is_stuck, is_overdue, is_inactive
            from {{m}}.fct_open_deals
            where (is_stuck or is_overdue or is_inactive) and {condition}
            order by is_stuck desc, days_in_stage desc, deal_id
            """,
            params,
        )

    # --- revenue ----------------------------------------------------------------------------

    def mrr_month(self, month: dt.date) -> dict[str, float] | None:
        frame = self.q("select * from {m}.kpi_mrr where month = ?", [_month_start(month)])
        if frame.empty:
            return None
        return {
            k: _clean(v) for k, v in frame.iloc[0].items() if k not in ("month", "snapshot_date")
        }

    def mrr_history(self) -> pd.DataFrame:
        return self.q(
            """
            select month, closing_mrr, mrr_inbound, mrr_outbound, mrr_unattributed,
                net_revenue_retention
            from {m}.kpi_mrr order by month
            """
        )

    def upsell_cross_sell(self, scope: Scope) -> pd.DataFrame:
        condition, params = scope.owner_filter("owner_id")
        return self.q(
            f"""
            select month, sum(upsell_mrr) as upsell_mrr, sum(cross_sell_mrr) as cross_sell_mrr,
                sum(downsell_mrr) as downsell_mrr, sum(won_upsell_amount) as won_upsell_amount,
                sum(won_cross_sell_amount) as won_cross_sell_amount
            from {{m}}.kpi_upsell_cross_sell where {condition}
            group by month order by month
            """,
            params,
        )

    def revenue_cohorts(self) -> pd.DataFrame | None:
        if not self.has_mart("kpi_revenue_cohorts"):
            return None
        return self.q(
            """
            select cohort_month, months_since_start, customers_at_start, customers_active,
                mrr_at_start, mrr_now, logo_retention, net_revenue_retention
            from {m}.kpi_revenue_cohorts order by cohort_month, months_since_start
            """
        )

    # --- team -------------------------------------------------------------------------------

    def leaderboard(self, month: dt.date, scope: Scope) -> pd.DataFrame:
        """Reps of the month by won amount, with their department rank and its change since the
        previous month (positive = moved up)."""
        condition, params = scope.owner_filter("s.user_id")
        month = _month_start(month)
        return self.q(
            f"""
            select s.won_amount_rank_in_department as rank,
                p.won_amount_rank_in_department - s.won_amount_rank_in_department as rank_change,
                s.user_id, s.team, s.won_amount, s.deals_won, s.quota_amount, s.quota_attainment,
                s.win_rate_by_count, s.calls, s.calls_connected, s.score_mean,
                s.reps_in_department
            from {{m}}.rep_scorecard as s
            left join {{m}}.rep_scorecard as p
                on p.user_id = s.user_id and p.month = ?
            where s.month = ? and {condition}
            order by s.won_amount_rank_in_department, s.user_id
            """,
            [_add_months(month, -1), month, *params],
        )

    # --- calls ------------------------------------------------------------------------------

    def call_trend(self, scope: Scope) -> pd.DataFrame:
        condition, params = scope.owner_filter("user_id")
        return self.q(
            f"""
            select call_month as month, sum(calls) as calls, sum(calls_connected) as calls_connected,
                sum(calls_scored) as calls_scored,
                sum(score_total) / nullif(sum(calls_scored), 0) as score_mean,
                sum(calls_good) / nullif(sum(calls_scored), 0) as good_call_rate
            from {{m}}.kpi_call_quality where {condition}
            group by 1 order by 1
            """,
            params,
        )

    def calls_between(self, start: dt.date, end: dt.date, scope: Scope) -> dict[str, float]:
        """Calls, conversations, scored calls and the mean score from start to end (inclusive)."""
        condition, params = scope.owner_filter("user_id")
        frame = self.q(
            f"""
            select coalesce(sum(calls), 0) as calls,
                coalesce(sum(calls_connected), 0) as calls_connected,
                coalesce(sum(calls_scored), 0) as calls_scored,
                sum(score_total) / nullif(sum(calls_scored), 0) as score_mean
            from {{m}}.kpi_call_quality
            where call_date between ? and ? and {condition}
            """,
            [start, end, *params],
        )
        return {k: _clean(v) for k, v in frame.iloc[0].items()}

    def speed_to_lead(self, scope: Scope) -> pd.DataFrame:
        condition, params = scope.owner_filter("owner_id")
        return self.q(
            f"""
            select cohort_month as month, sum(leads) as leads, sum(leads_called) as leads_called,
                sum(leads_called_within_5_min) / nullif(sum(leads), 0) as share_within_5_min,
                sum(leads_called_within_60_min) / nullif(sum(leads), 0) as share_within_60_min
            from {{m}}.kpi_speed_to_lead where {condition}
            group by 1 order by 1
            """,
            params,
        )

    def calls_to_review(
        self,
        scope: Scope,
        start: dt.date | None = None,
        end: dt.date | None = None,
        score_below: float | None = None,
        no_next_step_only: bool = False,
        limit: int = 200,
    ) -> pd.DataFrame:
        """The per-call review list: scored calls below the threshold or without a next step,
        lowest scores first."""
        condition, params = scope.owner_filter("user_id")
        where = [condition, "is_scored"]
        if start is not None:
            where.append("call_date >= ?")
            params.append(start)
        if end is not None:
            where.append("call_date <= ?")
            params.append(end)
        # each filter narrows; with none, the review rule: not a good call or no next step
        rule = []
        if score_below is not None:
            rule.append("overall_score < ?")
            params.append(score_below)
        if no_next_step_only:
            rule.append("not coalesce(next_step_agreed, false)")
        where += rule or ["(not is_good_call or not coalesce(next_step_agreed, false))"]
        return self.q(
            f"""
            select call_id, call_date, user_id, team, direction, outcome, talk_seconds,
                overall_score, next_step_agreed, deal_id, lead_id
            from {{m}}.fct_call_reports
            where {" and ".join(where)}
            order by overall_score, call_date, call_id
            limit {int(limit)}
            """,
            params,
        )

    # --- market -----------------------------------------------------------------------------

    def pricing(self, month: dt.date | None = None) -> pd.DataFrame:
        where, params = ("month = ?", [_month_start(month)]) if month else ("true", [])
        return self.q(
            f"""
            select month, product_id, our_list_price, market_mean_price, price_index,
                our_price_rank, prices_ranked, competitors_observed
            from {{m}}.kpi_competitor_pricing where {where}
            order by month, product_id
            """,
            params,
        )


def latest_complete_month(as_of: dt.date) -> tuple[dt.date, dt.date]:
    """The last calendar month that ends on or before as_of: (first day, last day)."""
    next_day = as_of + dt.timedelta(days=1)
    end = as_of if next_day.day == 1 else as_of.replace(day=1) - dt.timedelta(days=1)
    return end.replace(day=1), end


def latest_complete_week(as_of: dt.date) -> tuple[dt.date, dt.date]:
    """The last Monday-to-Sunday week that ends on or before as_of."""
    end = as_of - dt.timedelta(days=(as_of.weekday() + 1) % 7)
    return end - dt.timedelta(days=6), end
