"""The head of sales' dashboard: `make dashboard` (streamlit run dashboard/app.py).

Six pages in a head of sales' week: overview, pipeline, revenue, team, calls, market.
Query parameters: ?page=<page>&team=<team>&month=YYYY-MM&lang=en|ru (a manager's link: ?team=smb shows that
team only). The warehouse is DBT_DUCKDB_PATH, read through reporting.figures on read-only
connections opened per query, so `dbt build` can run beside it.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import time
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from reporting.figures import Figures, Scope
from reporting.locale import LANGUAGES, Formatter, default_language, label
from reporting.report import movement_steps, mrr_steps
from reporting.warehouse import (
    Warehouse,
    WarehouseBusy,
    WarehouseUnavailable,
)

PAGES = ("overview", "pipeline", "revenue", "team", "calls", "market")


@st.cache_resource
def _last_good() -> dict[tuple, tuple[float, object]]:
    """The last figures read per query (kept across reruns and sessions of this server), shown
    while a build holds the warehouse."""
    return {}


class Reader:
    """Figures with the dashboard's error handling: a missing or empty warehouse stops the page
    with what to run; a warehouse being written shows the last figures read, or a note."""

    def __init__(self, figures: Figures):
        self.figures = figures
        self.busy_since: float | None = None

    def __getattr__(self, name: str):
        method = getattr(self.figures, name)

        def call(*args, **kwargs):
            key = (str(self.figures.warehouse.path), name, repr(args), repr(sorted(kwargs.items())))
            last_good = _last_good()
            try:
                value = method(*args, **kwargs)
            except WarehouseBusy as error:
                if key in last_good:
                    self.busy_since = self.busy_since or last_good[key][0]
                    return last_good[key][1]
                st.info(f"⏳ {error}")
                st.stop()
            except WarehouseUnavailable as error:
                st.error(str(error))
                st.stop()
            last_good[key] = (time.time(), value)
            return value

        return call


def pick(options: list, value, default):
    return value if value in options else default


def main() -> None:
    st.set_page_config(page_title="Sales KPIs", layout="wide")
    params = st.query_params
    lang = pick(list(LANGUAGES), params.get("lang"), default_language())
    lang = st.sidebar.radio(
        label("language", lang), LANGUAGES, index=LANGUAGES.index(lang), horizontal=True, key="lang"
    )
    data = Reader(Figures(Warehouse.from_env()))
    fmt = Formatter(lang, os.environ.get("REPORTING_CURRENCY") or data.reporting_currency())

    as_of = data.as_of_date()
    page = pick(list(PAGES), params.get("page"), "overview")
    page = st.sidebar.radio(
        label("page", lang),
        PAGES,
        index=PAGES.index(page),
        format_func=lambda p: label(p, lang),
        key="page",
    )

    # filters: period (month), team (fixed by ?team=), rep
    months = data.months() or [as_of.replace(day=1)]
    wanted = str(params.get("month") or "")[:7]  # ?month=2024-01
    start = next((i for i, m in enumerate(months) if m.isoformat()[:7] == wanted), 0)
    month = st.sidebar.selectbox(
        label("period", lang), months, index=start, format_func=fmt.month, key="month"
    )
    teams = data.teams()
    fixed_team = params.get("team")
    if fixed_team is not None:
        team = fixed_team if fixed_team in teams else None
        if team is None:
            st.error(f"?team={fixed_team}: no such team ({', '.join(teams)})")
            st.stop()
        st.sidebar.markdown(f"**{label('team_name', lang)}: {team}**")
    else:
        choice = st.sidebar.selectbox(
            label("team_name", lang),
            [None, *teams],
            format_func=lambda t: label("all_teams", lang) if t is None else t,
            key="team",
        )
        team = choice
    reps = list(data.reps(team)["user_id"])
    rep = st.sidebar.selectbox(
        label("rep", lang),
        [None, *reps],
        format_func=lambda r: label("all_reps", lang) if r is None else r,
        key="rep",
    )
    scope = Scope(team=team, rep=rep)
    period_end = min(as_of, _month_end(month))

    PAGE_RENDERERS[page](data, fmt, scope, month, period_end, as_of)
    if data.busy_since:
        st.warning(
            "⏳ `dbt build` is writing the warehouse: these are the figures read at "
            f"{dt.datetime.fromtimestamp(data.busy_since):%H:%M:%S}; refresh when it ends."
        )


def _month_end(month: dt.date) -> dt.date:
    next_month = (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return next_month - dt.timedelta(days=1)


def _not_built(mart: str, lang: str) -> None:
    st.info(label("not_built", lang, mart=mart))


def _table(frame: pd.DataFrame, key: str) -> None:
    st.dataframe(frame, hide_index=True, key=key)


def waterfall(steps: list[tuple[str, float, bool]], fmt: Formatter) -> go.Figure:
    figure = go.Figure(
        go.Waterfall(
            x=[s[0] for s in steps],
            y=[s[1] for s in steps],
            measure=[
                "absolute" if s[2] and i == 0 else "total" if s[2] else "relative"
                for i, s in enumerate(steps)
            ],
            text=[fmt.money(s[1]) for s in steps],
            textposition="outside",
        )
    )
    figure.update_layout(margin=dict(t=20, b=20), height=360, showlegend=False)
    return figure


def steps_table(steps: list[tuple[str, float, bool]], fmt: Formatter, lang: str) -> pd.DataFrame:
    return pd.DataFrame(
        {"step": [s[0] for s in steps], label("amount", lang): [fmt.money(s[1], 2) for s in steps]}
    )


# --- pages ----------------------------------------------------------------------------------


def page_overview(data, fmt, scope, month, period_end, as_of):
    lang = fmt.language
    st.title(label("overview_as_of", lang, date=fmt.date(as_of)))
    rejected = data.rejected_rows()
    if rejected.empty:
        st.success(label("dq_ok", lang))
    else:
        text = label("dq_banner", lang, rows=fmt.number(rejected["rows_rejected"].sum()))
        lines = ", ".join(
            f"{r.source_table}: {fmt.number(r.rows_rejected)}" for r in rejected.itertuples()
        )
        st.warning(f"{text} {lines}")
        with st.expander(label("reason", lang)):
            _table(data.rejected_reasons(), "dq_reasons")
    columns = st.columns(4)
    for i, tile in enumerate(data.tiles(month, scope)):
        delta_kind = {"money": "money", "rate": "percent_points"}.get(tile.kind, "number")
        name = label(tile.key, lang)
        if tile.department_only:
            name += f" ({label('department_only', lang)})"
        with columns[i % 4]:
            st.metric(
                name,
                fmt.kpi(tile.value, tile.kind, compact=True),
                delta=fmt.signed(tile.change(tile.previous_month), delta_kind)
                if tile.previous_month is not None and tile.value is not None
                else None,
                delta_description=label("vs_previous_month", lang),
                delta_color="inverse" if tile.key == "sales_cycle" else "normal",
                chart_data=[v for _, v in tile.history if v is not None] or None,
                border=True,
            )
            st.caption(
                f"{fmt.short_month(tile.month)} · {label('vs_last_year', lang)}: "
                f"{fmt.signed(tile.change(tile.last_year), delta_kind)}"
            )


def page_pipeline(data, fmt, scope, month, period_end, as_of):
    lang = fmt.language
    st.title(label("pipeline", lang))
    stages = data.pipeline_by_stage(period_end, scope)
    st.subheader(f"{label('pipeline_by_stage', lang)} · {fmt.date(period_end)}")
    if not stages.empty:
        figure = go.Figure(
            go.Funnel(
                y=stages["stage"],
                x=stages["pipeline_value"],
                text=[fmt.money(v) for v in stages["pipeline_value"]],
                textinfo="text",
            )
        )
        figure.update_layout(margin=dict(t=10, b=10), height=300)
        st.plotly_chart(figure, key="funnel")
    _table(
        pd.DataFrame(
            {
                label("stage", lang): stages["stage"],
                label("open_deals", lang): [fmt.number(v) for v in stages["open_deals"]],
                label("pipeline_value", lang): [fmt.money(v) for v in stages["pipeline_value"]],
                label("weighted_pipeline", lang): [
                    fmt.money(v) for v in stages["weighted_pipeline_value"]
                ],
            }
        ),
        "stages",
    )

    st.subheader(f"{label('movement', lang)} · {fmt.month(month)}")
    movement = data.pipeline_movement(month, scope)
    if movement is None:
        _not_built("kpi_pipeline_movement", lang)
    else:
        steps = movement_steps(movement, lang)
        st.plotly_chart(waterfall(steps, fmt), key="movement")
        _table(steps_table(steps, fmt, lang), "movement_steps")

    st.subheader(label("coverage", lang))
    coverage = data.coverage(period_end, scope)
    _table(
        pd.DataFrame(
            {
                label("quarter", lang): [fmt.date(v) for v in coverage["quarter_start"]],
                label("owner", lang): coverage["owner_id"],
                label("quota", lang): [fmt.money(v) for v in coverage["quota_amount"]],
                label("won_amount", lang): [
                    fmt.money(v) for v in coverage["won_amount_quarter_to_date"]
                ],
                label("remaining_quota", lang): [
                    fmt.money(v) for v in coverage["remaining_quota_amount"]
                ],
                label("expected_in_quarter", lang): [
                    fmt.money(v) for v in coverage["pipeline_expected_in_quarter"]
                ],
                label("coverage", lang): [fmt.number(v, 2) for v in coverage["pipeline_coverage"]],
            }
        ),
        "coverage",
    )

    st.subheader(label("deal_health", lang))
    health = data.deal_health(scope)
    if health is None:
        _not_built("kpi_deal_health", lang)
    else:
        _table(
            pd.DataFrame(
                {
                    label("stage", lang): health["stage"],
                    label("open_deals", lang): [fmt.number(v) for v in health["open_deals"]],
                    label("stuck", lang): [fmt.number(v) for v in health["stuck_deals"]],
                    label("overdue", lang): [fmt.number(v) for v in health["overdue_deals"]],
                    label("inactive", lang): [fmt.number(v) for v in health["inactive_deals"]],
                }
            ),
            "deal_health",
        )
    stuck = data.stuck_deals(scope)
    if stuck is None:
        _not_built("fct_open_deals", lang)
    else:
        st.caption(label("stuck_deals", lang))
        _table(
            pd.DataFrame(
                {
                    label("deal", lang): stuck["deal_id"],
                    label("owner", lang): stuck["owner_id"],
                    label("stage", lang): stuck["stage"],
                    label("amount", lang): [fmt.money(v) for v in stuck["amount"]],
                    label("days_in_stage", lang): [fmt.number(v) for v in stuck["days_in_stage"]],
                    label("stuck", lang): [fmt.yes_no(v) for v in stuck["is_stuck"]],
                    label("overdue", lang): [fmt.yes_no(v) for v in stuck["is_overdue"]],
                    label("inactive", lang): [fmt.yes_no(v) for v in stuck["is_inactive"]],
                }
            ),
            "stuck_deals",
        )


def page_revenue(data, fmt, scope, month, period_end, as_of):
    lang = fmt.language
    st.title(label("revenue", lang))
    if not scope.is_department:
        st.caption(f"MRR: {label('department_only', lang)}")
    st.subheader(f"{label('mrr_bridge', lang)} · {fmt.month(month)}")
    mrr = data.mrr_month(month)
    if mrr:
        steps = mrr_steps(mrr, lang)
        st.plotly_chart(waterfall(steps, fmt), key="mrr_bridge")
        _table(steps_table(steps, fmt, lang), "mrr_steps")
    else:
        st.info(label("no_data", lang))

    st.subheader(label("mrr_by_channel", lang))
    history = data.mrr_history()
    figure = go.Figure()
    for column, key in (
        ("mrr_inbound", "inbound"),
        ("mrr_outbound", "outbound"),
        ("mrr_unattributed", "unattributed"),
    ):
        figure.add_bar(x=history["month"], y=history[column], name=label(key, lang))
    figure.update_layout(barmode="stack", height=320, margin=dict(t=10, b=10))
    st.plotly_chart(figure, key="channels")
    row = history[pd.to_datetime(history["month"]).dt.date == month]
    if not row.empty:
        r = row.iloc[0]
        _table(
            pd.DataFrame(
                {
                    label("inbound", lang): [fmt.money(r["mrr_inbound"])],
                    label("outbound", lang): [fmt.money(r["mrr_outbound"])],
                    label("unattributed", lang): [fmt.money(r["mrr_unattributed"])],
                }
            ),
            "channel_split",
        )

    st.subheader(label("upsell_cross_sell", lang))
    upsell = data.upsell_cross_sell(scope)
    _table(
        pd.DataFrame(
            {
                label("month", lang): [fmt.month(v) for v in upsell["month"]],
                label("upsell_mrr", lang): [fmt.money(v) for v in upsell["upsell_mrr"]],
                label("cross_sell_mrr", lang): [fmt.money(v) for v in upsell["cross_sell_mrr"]],
                label("downsell_mrr", lang): [fmt.money(v) for v in upsell["downsell_mrr"]],
            }
        ).iloc[::-1],
        "upsell",
    )

    st.subheader(label("cohorts", lang))
    cohorts = data.revenue_cohorts()
    if cohorts is None:
        _not_built("kpi_revenue_cohorts", lang)
    elif cohorts.empty:
        st.info(label("no_data", lang))
    else:
        grid = cohorts.pivot(
            index="cohort_month", columns="months_since_start", values="net_revenue_retention"
        )
        figure = go.Figure(
            go.Heatmap(
                z=[[None if pd.isna(v) else float(v) for v in row] for row in grid.values],
                x=[int(c) for c in grid.columns],
                y=[fmt.short_month(m) for m in grid.index],
                colorscale="Blues",
                zmin=0,
            )
        )
        figure.update_layout(
            height=360, margin=dict(t=10, b=10), xaxis_title=label("months_since_start", lang)
        )
        st.plotly_chart(figure, key="cohorts")


def page_team(data, fmt, scope, month, period_end, as_of):
    lang = fmt.language
    st.title(f"{label('team', lang)} · {fmt.month(month)}")
    board = data.leaderboard(month, scope)
    st.subheader(label("leaderboard", lang))
    _table(
        pd.DataFrame(
            {
                label("rank", lang): [fmt.number(v) for v in board["rank"]],
                label("rank_change", lang): [
                    fmt.signed(v, "count") if pd.notna(v) else "–" for v in board["rank_change"]
                ],
                label("rep", lang): board["user_id"],
                label("team_name", lang): board["team"],
                label("won_amount", lang): [fmt.money(v) for v in board["won_amount"]],
                label("deals_won", lang): [fmt.number(v) for v in board["deals_won"]],
            }
        ),
        "leaderboard",
    )
    st.subheader(label("scorecards", lang))
    with_quota = board[board["quota_amount"].notna()]
    if not with_quota.empty:
        figure = go.Figure(
            go.Bar(
                x=with_quota["user_id"],
                y=with_quota["quota_attainment"],
                text=[fmt.percent(v) for v in with_quota["quota_attainment"]],
            )
        )
        figure.add_hline(y=1.0, line_dash="dot")
        figure.update_layout(height=300, margin=dict(t=10, b=10), yaxis_tickformat=".0%")
        st.plotly_chart(figure, key="attainment")
    _table(
        pd.DataFrame(
            {
                label("rep", lang): board["user_id"],
                label("quota", lang): [fmt.money(v) for v in board["quota_amount"]],
                label("won_amount", lang): [fmt.money(v) for v in board["won_amount"]],
                label("quota_attainment", lang): [
                    fmt.percent(v) for v in board["quota_attainment"]
                ],
                label("win_rate", lang): [fmt.percent(v) for v in board["win_rate_by_count"]],
            }
        ),
        "scorecards",
    )
    st.subheader(label("call_activity", lang))
    _table(
        pd.DataFrame(
            {
                label("rep", lang): board["user_id"],
                label("calls_total", lang): [fmt.number(v) for v in board["calls"]],
                label("calls_connected", lang): [fmt.number(v) for v in board["calls_connected"]],
                label("score_mean", lang): [fmt.number(v, 1) for v in board["score_mean"]],
            }
        ),
        "rep_calls",
    )


def page_calls(data, fmt, scope, month, period_end, as_of):
    lang = fmt.language
    st.title(label("calls", lang))
    trend = data.call_trend(scope)
    st.subheader(label("call_trend", lang))
    figure = go.Figure()
    figure.add_scatter(x=trend["month"], y=trend["score_mean"], name=label("score_mean", lang))
    figure.update_layout(height=280, margin=dict(t=10, b=10))
    st.plotly_chart(figure, key="call_trend")
    _table(
        pd.DataFrame(
            {
                label("month", lang): [fmt.month(v) for v in trend["month"]],
                label("calls_total", lang): [fmt.number(v) for v in trend["calls"]],
                label("score_mean", lang): [fmt.number(v, 1) for v in trend["score_mean"]],
                label("good_call_rate", lang): [fmt.percent(v) for v in trend["good_call_rate"]],
            }
        ).iloc[::-1],
        "call_trend_table",
    )

    st.subheader(label("speed_to_lead", lang))
    speed = data.speed_to_lead(scope)
    _table(
        pd.DataFrame(
            {
                label("month", lang): [fmt.month(v) for v in speed["month"]],
                label("leads", lang): [fmt.number(v) for v in speed["leads"]],
                label("called_within_5", lang): [
                    fmt.percent(v) for v in speed["share_within_5_min"]
                ],
            }
        ).iloc[::-1],
        "speed_to_lead",
    )

    st.subheader(label("call_review", lang))
    left, middle, right = st.columns(3)
    threshold = left.number_input(
        label("score_below", lang), value=None, min_value=0.0, max_value=100.0, key="score_below"
    )
    no_next_step = middle.checkbox(label("no_next_step", lang), key="no_next_step")
    start = right.date_input(label("date", lang), value=month, key="review_from")
    review = data.calls_to_review(
        scope, start=start, end=period_end, score_below=threshold, no_next_step_only=no_next_step
    )
    _table(
        pd.DataFrame(
            {
                label("call", lang): review["call_id"],
                label("date", lang): [fmt.date(v) for v in review["call_date"]],
                label("rep", lang): review["user_id"],
                label("score", lang): [fmt.number(v, 1) for v in review["overall_score"]],
                label("next_step", lang): [fmt.yes_no(v) for v in review["next_step_agreed"]],
            }
        ),
        "call_review",
    )


def page_market(data, fmt, scope, month, period_end, as_of):
    lang = fmt.language
    st.title(label("market", lang))
    if not scope.is_department:
        st.caption(label("department_only", lang))
    prices = data.pricing()
    st.subheader(label("price_index_by_product", lang))
    figure = go.Figure()
    for product, rows in prices.groupby("product_id"):
        figure.add_scatter(x=rows["month"], y=rows["price_index"], name=str(product))
    figure.add_hline(y=100, line_dash="dot")
    figure.update_layout(height=300, margin=dict(t=10, b=10))
    st.plotly_chart(figure, key="price_index")
    current = prices[pd.to_datetime(prices["month"]).dt.date == month]
    _table(
        pd.DataFrame(
            {
                label("product", lang): current["product_id"],
                label("our_price", lang): [fmt.money(v, 2) for v in current["our_list_price"]],
                label("market_mean", lang): [fmt.money(v, 2) for v in current["market_mean_price"]],
                label("price_index", lang): [fmt.number(v, 1) for v in current["price_index"]],
                label("price_rank", lang): [fmt.number(v) for v in current["our_price_rank"]],
            }
        ),
        "pricing",
    )


PAGE_RENDERERS = {
    "overview": page_overview,
    "pipeline": page_pipeline,
    "revenue": page_revenue,
    "team": page_team,
    "calls": page_calls,
    "market": page_market,
}

main()
