"""The calls, speed-to-lead and competitor-pricing marts recomputed independently in pandas
from the staging tables of the seeds build (the rows the data-quality rules accept), following
kpi_definitions.md sections 5 and 7 with the default settings. Every mart row must match.

This is a second implementation, written without the SQL in view, so a slip in one of the two
(a missed filter, a wrong join, a rate over the wrong denominator) shows up as a difference.
"""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import pytest

from python_tests.dbt_runner import DbtRun, query

TOLERANCE = 0.005
CONNECTED_MIN_SECONDS = 60
GOOD_SCORE = 70
INVALID_REASONS = {"duplicate", "spam", "test"}
MAX_AGE_MONTHS = 3


def _frame(workdir: Path, sql: str) -> pd.DataFrame:
    return pd.DataFrame(query(workdir, sql))


@pytest.fixture(scope="module")
def built(seeds_build: tuple[Path, DbtRun]) -> Path:
    workdir, run = seeds_build
    assert run.ok, run.output[-3000:]
    return workdir


@pytest.fixture(scope="module")
def as_of(built: Path) -> pd.Timestamp:
    return pd.Timestamp(
        query(built, "select as_of_date from intermediate.int_report_period")[0]["as_of_date"]
    )


def _mismatches(
    expected: pd.DataFrame, actual: pd.DataFrame, keys: list[str], columns: list[str]
) -> list[str]:
    merged = expected.merge(
        actual, on=keys, how="outer", suffixes=("_expected", "_actual"), indicator=True
    )
    problems = [
        f"row only in {side}: {row[keys].to_dict()}"
        for side, rows in (
            ("the recomputation", merged[merged["_merge"] == "left_only"]),
            ("the mart", merged[merged["_merge"] == "right_only"]),
        )
        for _, row in rows.iterrows()
    ]
    both = merged[merged["_merge"] == "both"]
    for column in columns:
        for _, row in both.iterrows():
            want, got = row[f"{column}_expected"], row[f"{column}_actual"]
            want_null = want is None or (isinstance(want, float) and math.isnan(want))
            got_null = got is None or (isinstance(got, float) and math.isnan(got))
            if want_null and got_null:
                continue
            if want_null != got_null or abs(float(want) - float(got)) > TOLERANCE:
                problems.append(
                    f"{row[keys].to_dict()} {column}: mart {got!r}, recomputed {want!r}"
                )
    return problems[:20]


# --- call quality ------------------------------------------------------------------------


def _calls(built: Path, as_of: pd.Timestamp) -> pd.DataFrame:
    calls = _frame(built, "select * from links_checked.linked_telephony__calls")
    scores = _frame(built, "select * from links_checked.linked_telephony__call_scores")
    latest = scores.sort_values("scored_at").groupby("call_id").tail(1)
    calls = calls.merge(
        latest[["call_id", "overall_score", "next_step_agreed"]], on="call_id", how="left"
    )
    calls["call_date"] = pd.to_datetime(calls["started_at"]).dt.normalize()
    return calls[calls["call_date"] <= as_of].copy()


def test_kpi_call_quality_matches_a_pandas_recomputation(built: Path, as_of: pd.Timestamp) -> None:
    calls = _calls(built, as_of)
    answered = calls["status"] == "answered"
    scored = calls["overall_score"].notna()
    inbound_answered = answered & (calls["direction"] == "inbound")
    calls = calls.assign(
        user_id=calls["user_id"].fillna("unassigned"),
        one=1,
        answered=answered.astype(int),
        connected=(answered & (calls["talk_seconds"] >= CONNECTED_MIN_SECONDS)).astype(int),
        missed=((calls["direction"] == "inbound") & ~answered).astype(int),
        talk=calls["talk_seconds"].where(answered, 0),
        # Speed of answer: the wait of answered inbound calls only (spec section 5).
        wait=calls["wait_seconds"].where(inbound_answered & calls["wait_seconds"].notna(), 0),
        with_wait=(inbound_answered & calls["wait_seconds"].notna()).astype(int),
        scored=scored.astype(int),
        score=calls["overall_score"].astype(float).fillna(0),
        good=(scored & (calls["overall_score"].astype(float) >= GOOD_SCORE)).astype(int),
        next_step=calls["next_step_agreed"].eq(True).astype(int),  # null is not agreed
    )
    expected = calls.groupby(["call_date", "user_id", "direction"], as_index=False).agg(
        calls=("one", "sum"),
        calls_answered=("answered", "sum"),
        calls_connected=("connected", "sum"),
        calls_missed=("missed", "sum"),
        talk_seconds_total=("talk", "sum"),
        wait_seconds_total=("wait", "sum"),
        calls_with_wait=("with_wait", "sum"),
        calls_scored=("scored", "sum"),
        score_total=("score", "sum"),
        calls_good=("good", "sum"),
        calls_next_step_agreed=("next_step", "sum"),
    )
    expected["wait_seconds_mean"] = expected["wait_seconds_total"] / expected[
        "calls_with_wait"
    ].replace(0, math.nan)
    expected["score_mean"] = expected["score_total"] / expected["calls_scored"].replace(0, math.nan)
    actual = _frame(built, "select * from marts.kpi_call_quality")
    actual["call_date"] = pd.to_datetime(actual["call_date"])
    columns = [c for c in expected.columns if c not in ("call_date", "user_id", "direction")]
    assert _mismatches(expected, actual, ["call_date", "user_id", "direction"], columns) == []


# --- speed to lead -----------------------------------------------------------------------


def test_kpi_speed_to_lead_matches_a_pandas_recomputation(built: Path, as_of: pd.Timestamp) -> None:
    leads = _frame(built, "select * from links_checked.linked_crm__leads")
    leads["created_at"] = pd.to_datetime(leads["created_at"])
    valid = leads[
        ~leads["is_deleted"].astype(bool)
        & ~leads["disqualified_reason"].isin(INVALID_REASONS)
        & (leads["created_at"].dt.normalize() <= as_of)
    ].copy()
    calls = _calls(built, as_of)
    outbound = calls[(calls["direction"] == "outbound") & calls["lead_id"].notna()]
    first = (
        outbound.assign(started_at=pd.to_datetime(outbound["started_at"]))
        .groupby("lead_id")["started_at"]
        .min()
    )
    valid["first_call_at"] = valid["lead_id"].map(first)
    seconds = (valid["first_call_at"] - valid["created_at"]).dt.total_seconds()
    valid["minutes"] = (seconds.clip(lower=0) / 60).where(valid["first_call_at"].notna())
    valid["called"] = valid["first_call_at"].notna().astype(int)
    valid["within_5"] = (seconds <= 300).astype(int)
    valid["within_60"] = (seconds <= 3600).astype(int)
    valid["cohort_month"] = valid["created_at"].dt.to_period("M").dt.to_timestamp()
    valid["owner_id"] = valid["owner_id"].fillna("unassigned")
    expected = valid.groupby(["cohort_month", "owner_id"], as_index=False).agg(
        leads=("lead_id", "size"),
        leads_called=("called", "sum"),
        leads_called_within_5_min=("within_5", "sum"),
        leads_called_within_60_min=("within_60", "sum"),
        median_minutes_to_first_call=("minutes", "median"),
    )
    actual = _frame(built, "select * from marts.kpi_speed_to_lead")
    actual["cohort_month"] = pd.to_datetime(actual["cohort_month"])
    columns = [
        "leads",
        "leads_called",
        "leads_called_within_5_min",
        "leads_called_within_60_min",
        "median_minutes_to_first_call",
    ]
    assert _mismatches(expected, actual, ["cohort_month", "owner_id"], columns) == []


# --- competitor pricing ------------------------------------------------------------------


def _rate(rates: pd.DataFrame, currency: str, day: pd.Timestamp) -> float:
    """USD per unit: the latest rate on or before the day (USD is 1 when not listed)."""
    known = rates[(rates["currency"] == currency) & (rates["rate_date"] <= day)]
    if known.empty:
        assert currency == "USD", f"no rate for {currency} on {day}"
        return 1.0
    return float(known.sort_values("rate_date")["usd_per_unit"].iloc[-1])


def test_kpi_competitor_pricing_matches_a_pandas_recomputation(built: Path) -> None:
    months = _frame(
        built, "select month_start, snapshot_date from intermediate.int_calendar_months"
    )
    rates = _frame(built, "select * from staging.stg_billing__fx_rates")
    rates["rate_date"] = pd.to_datetime(rates["rate_date"])
    plans = _frame(built, "select * from links_checked.linked_billing__plans")
    items = _frame(built, "select * from links_checked.linked_billing__subscription_items")
    subscriptions = _frame(built, "select * from links_checked.linked_billing__subscriptions")
    prices = _frame(built, "select * from links_checked.linked_market__competitor_prices")
    for frame, column in (
        (plans, "available_from"),
        (plans, "available_to"),
        (prices, "observed_on"),
    ):
        frame[column] = pd.to_datetime(frame[column])
    items = items.merge(subscriptions, on="subscription_id").merge(
        plans[["plan_id", "product_id", "billing_period_months", "currency"]], on="plan_id"
    )
    for column in ("valid_from", "valid_to", "started_at", "ended_at"):
        items[column] = pd.to_datetime(items[column]).dt.normalize()

    rows = []
    for _, month in months.iterrows():
        snap = pd.Timestamp(month["snapshot_date"])
        to_usd = {c: _rate(rates, c, snap) for c in set(rates["currency"]) | {"USD"}}
        # Plans available in the month: on at least one of its days up to the snapshot date.
        month_start = pd.Timestamp(month["month_start"])
        available = plans[
            (plans["available_from"] <= snap)
            & (plans["available_to"].isna() | (plans["available_to"] > month_start))
        ]
        list_price = (
            (
                available["list_price"].astype(float)
                / available["billing_period_months"]
                * available["currency"].map(to_usd)
            )
            .groupby(available["product_id"])
            .min()
        )
        active = items[
            (items["valid_from"] <= snap)
            & (items["valid_to"].isna() | (items["valid_to"] > snap))
            & (items["started_at"] <= snap)
            & (items["ended_at"].isna() | (items["ended_at"] > snap))
        ]
        realised = (
            (
                active["unit_price"].astype(float)
                * (1 - active["discount_percent"].astype(float) / 100)
                / active["billing_period_months"]
                * active["currency"].map(to_usd)
            )
            .groupby(active["product_id"])
            .mean()
        )
        seen = prices[prices["observed_on"] <= snap].sort_values("observed_on")
        latest = seen.groupby(["competitor", "competitor_product"]).tail(1)
        latest = latest[latest["product_id"].notna()].copy()
        latest["monthly"] = (
            latest["price"].astype(float)
            / latest["billing_period_months"]
            * latest["currency"].map(to_usd)
        )
        latest["stale"] = latest["observed_on"] + pd.DateOffset(months=MAX_AGE_MONTHS) < snap
        for product in sorted(
            set(list_price.index) | set(realised.index) | set(latest["product_id"])
        ):
            fresh = latest[(latest["product_id"] == product) & ~latest["stale"]]["monthly"]
            ours = list_price.get(product, math.nan)
            mean = fresh.mean() if len(fresh) else math.nan
            rows.append(
                {
                    "month": pd.Timestamp(month["month_start"]),
                    "product_id": product,
                    "our_list_price": ours,
                    "our_realised_price": realised.get(product, math.nan),
                    "competitors_observed": len(fresh),
                    "market_min_price": fresh.min() if len(fresh) else math.nan,
                    "market_max_price": fresh.max() if len(fresh) else math.nan,
                    "market_mean_price": mean,
                    "market_median_price": fresh.median() if len(fresh) else math.nan,
                    "price_index": ours / mean * 100
                    if len(fresh) and not math.isnan(ours)
                    else math.nan,
                    "our_price_rank": math.nan
                    if math.isnan(ours)
                    else 1 + int((fresh < ours - 1e-6).sum()),
                    "stale_observations": int(
                        ((latest["product_id"] == product) & latest["stale"]).sum()
                    ),
                }
            )
    expected = pd.DataFrame(rows)
    actual = _frame(built, "select * from marts.kpi_competitor_pricing")
    actual["month"] = pd.to_datetime(actual["month"])
    columns = [c for c in expected.columns if c not in ("month", "product_id")]
    assert _mismatches(expected, actual, ["month", "product_id"], columns) == []
