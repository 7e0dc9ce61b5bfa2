"""Golden test of the funnel marts (issue 3): a hand-made raw folder, every expected row
worked out by hand below, compared in full.

The folder python_tests/fixtures/funnel_golden holds 12 leads and 8 deals (reporting time zone
UTC; conversion_window_days = 30 for this build so that windowed and to-date conversion differ).
as_of_date = 2024-03-20: the latest event (D8 closed 2024-03-20 09:00). Pipeline dates are the
month ends 2024-01-31 and 2024-02-29, and as_of_date 2024-03-20.

The facts the arithmetic uses:
- EUR is worth 1.10 USD from 2024-01-01 and 1.20 USD from 2024-02-15 (latest rate on or before).
- Stage probabilities: prospecting 0.1, discovery 0.2, proposal 0.5, negotiation 0.75.
- Deals: D1 (lead L1, U2) won 10,000 USD on 01-25; D2 (lead L2, U2) 5,000 USD open, history
  prospecting 01-10, discovery 02-05, proposal 03-10; D3 (account A2, no lead, U3) 2,000 EUR,
  history negotiation 01-25, won 02-20; D4 (lead L8, U2) 3,000 USD, prospecting 02-03,
  negotiation 02-20, lost 03-01; D5 is deleted; D6 (lead L11, U2) open in discovery, no amount,
  no history; D7 (lead L12, U3) 1,000 EUR open in prospecting since 03-05; D8 (account A3, no
  lead, U3) upsell 500 USD lost 03-20, no history.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

import pytest

from python_tests.dbt_runner import query

FIXTURE = "funnel_golden"
VARIABLES = {"conversion_window_days": 30}
DBT_BUILDS = [(FIXTURE, VARIABLES)]  # started in the background when the session starts


def d(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


@pytest.fixture(scope="module")
def golden(fixture_build):
    workdir, run = fixture_build(FIXTURE, VARIABLES)
    assert run.ok, run.output[-5000:]
    return workdir


def rows_of(workdir, relation: str, columns: list[str]) -> list[dict[str, Any]]:
    cols = ", ".join(columns)
    return query(workdir, f"select {cols} from {relation} order by {cols}")


def assert_rows_equal(actual: list[dict[str, Any]], expected: list[dict[str, Any]]) -> None:
    assert len(actual) == len(expected), f"{len(actual)} rows, expected {len(expected)}:\n{actual}"
    for got, want in zip(actual, expected, strict=True):
        assert set(got) == set(want), (got, want)
        for column, value in want.items():
            if isinstance(value, float) and got[column] is not None:
                assert math.isclose(got[column], value, rel_tol=1e-9, abs_tol=1e-6), (
                    column,
                    got,
                    want,
                )
            else:
                assert got[column] == value, (column, got, want)


PIPELINE_COLUMNS = [
    "as_of_date",
    "owner_id",
    "deal_type",
    "stage",
    "stage_probability",
    "open_deals",
    "open_deals_with_amount",
    "open_deals_without_amount",
    "pipeline_value",
    "weighted_pipeline_value",
    "is_as_of_date",
]


def test_pipeline_value(golden):
    def row(date, owner, stage, prob, n, with_amount, value, weighted, is_as_of=False):
        return {
            "as_of_date": d(date),
            "owner_id": owner,
            "deal_type": "new_business",
            "stage": stage,
            "stage_probability": prob,
            "open_deals": n,
            "open_deals_with_amount": with_amount,
            "open_deals_without_amount": n - with_amount,
            "pipeline_value": value,
            "weighted_pipeline_value": weighted,
            "is_as_of_date": is_as_of,
        }

    expected = [
        # 01-31: D2 was in prospecting (history 01-10; discovery only from 02-05): 5000 x 0.1 = 500.
        row("2024-01-31", "U2", "prospecting", 0.1, 1, 1, 5000.0, 500.0),
        # 01-31: D3 (closed only on 02-20) in negotiation: 2000 EUR x 1.10 = 2200; x 0.75 = 1650.
        row("2024-01-31", "U3", "negotiation", 0.75, 1, 1, 2200.0, 1650.0),
        # D1 closed 01-25, D4-D8 not created yet (D5 deleted anyway).
        # 02-29: D2 in discovery (5000 x 0.2 = 1000) and D6 in discovery with no amount (adds 0).
        row("2024-02-29", "U2", "discovery", 0.2, 2, 1, 5000.0, 1000.0),
        # 02-29: D4 in negotiation since 02-20 (lost only on 03-01): 3000 x 0.75 = 2250.
        row("2024-02-29", "U2", "negotiation", 0.75, 1, 1, 3000.0, 2250.0),
        # D3 closed 02-20. D8 (upsell, created 02-01, lost 03-20) has no history and is closed
        # now: it was open at 02-29 in stage unknown (amendment 2026-12): 500 counted, weight 0.
        {**row("2024-02-29", "U3", "unknown", None, 1, 1, 500.0, 0.0), "deal_type": "upsell"},
        # 03-20 (as_of_date): D6 still in discovery with no amount: value 0, not null.
        row("2024-03-20", "U2", "discovery", 0.2, 1, 0, 0.0, 0.0, True),
        # 03-20: D2 in proposal since 03-10: 5000 x 0.5 = 2500.
        row("2024-03-20", "U2", "proposal", 0.5, 1, 1, 5000.0, 2500.0, True),
        # 03-20: D7 1000 EUR x 1.20 (rate of 02-15) = 1200; x 0.1 = 120. D4 and D8 are closed.
        row("2024-03-20", "U3", "prospecting", 0.1, 1, 1, 1200.0, 120.0, True),
    ]
    assert_rows_equal(rows_of(golden, "marts.kpi_pipeline_value", PIPELINE_COLUMNS), expected)


COVERAGE_COLUMNS = [
    "as_of_date",
    "quarter_start",
    "owner_id",
    "quota_amount",
    "won_deals_quarter_to_date",
    "won_amount_quarter_to_date",
    "remaining_quota_amount",
    "open_deals_expected_in_quarter",
    "pipeline_expected_in_quarter",
    "weighted_pipeline_expected_in_quarter",
    "pipeline_coverage",
    "is_quota_met",
]


def test_pipeline_coverage(golden):
    # Only U2 has quotas: 5000 USD a month, so 15000 for Q1 2024. U2 won D1 (10000) on 01-25;
    # D5 (deleted) never counts; what is left to cover is 15000 - 10000 = 5000 at every date.
    def row(date, open_deals, pipeline, weighted, coverage):
        return {
            "as_of_date": d(date),
            "quarter_start": d("2024-01-01"),
            "owner_id": "U2",
            "quota_amount": 15000.0,
            "won_deals_quarter_to_date": 1,
            "won_amount_quarter_to_date": 10000.0,
            "remaining_quota_amount": 5000.0,
            "open_deals_expected_in_quarter": open_deals,
            "pipeline_expected_in_quarter": pipeline,
            "weighted_pipeline_expected_in_quarter": weighted,
            "pipeline_coverage": coverage,
            "is_quota_met": False,
        }

    expected = [
        # 01-31: D2 (expected 03-25): 5000 / 5000 = 1.0; weighted 500.
        row("2024-01-31", 1, 5000.0, 500.0, 1.0),
        # 02-29: D2 5000 (weighted 1000) + D4 3000 (expected 03-15, weighted 2250) = 8000 / 5000
        # = 1.6; D6 expects 04-15, outside Q1.
        row("2024-02-29", 2, 8000.0, 3250.0, 1.6),
        # 03-20: D4 is lost; D2 in proposal: 5000 / 5000 = 1.0, weighted 2500.
        row("2024-03-20", 1, 5000.0, 2500.0, 1.0),
    ]
    assert_rows_equal(rows_of(golden, "marts.kpi_pipeline_coverage", COVERAGE_COLUMNS), expected)


CONVERSION_COLUMNS = [
    "cohort_month",
    "channel",
    "source",
    "owner_id",
    "leads_total",
    "leads_excluded",
    "leads_deleted",
    "leads_invalid_reason",
    "leads_valid",
    "leads_converted_to_date",
    "leads_converted_in_window",
    "days_to_convert_total",
    "conversion_rate_to_date",
    "conversion_rate_in_window",
    "days_to_convert_mean",
    "is_cohort_mature",
]


def test_conversion_rate(golden):
    def row(
        month, channel, source, owner, total, deleted, invalid, converted, in_window, days, mature
    ):
        valid = total - deleted - invalid
        return {
            "cohort_month": d(month),
            "channel": channel,
            "source": source,
            "owner_id": owner,
            "leads_total": total,
            "leads_excluded": deleted + invalid,
            "leads_deleted": deleted,
            "leads_invalid_reason": invalid,
            "leads_valid": valid,
            "leads_converted_to_date": converted,
            "leads_converted_in_window": in_window,
            "days_to_convert_total": days,
            "conversion_rate_to_date": converted / valid if valid else None,
            "conversion_rate_in_window": in_window / valid if valid else None,
            "days_to_convert_mean": days / converted if converted else None,
            "is_cohort_mature": mature,
        }

    # Maturity, window 30 days, as_of 03-20: January (01-31 + 30 = 03-01) is mature; February
    # (02-29 + 30 = 03-30) and March are not.
    expected = [
        # L1, L2, L5 (deleted), L6 (no_budget: a real reason, still valid): 4 total, 3 valid.
        # L1 converts through its own deal D1, won 01-25: 22 days after 01-03, inside 30.
        # 1/3 both ways.
        row("2024-01-01", "inbound", "website", "U2", 4, 1, 0, 1, 1, 22, True),
        # L7 has no owner ('unassigned'); created 01-31 23:30 UTC: January in UTC. 0/1 = 0.
        row("2024-01-01", "inbound", "website", "unassigned", 1, 0, 0, 0, 0, 0, True),
        # L3 and L4 (spam, excluded). L3 became A2, whose new-business deal D3 (no lead_id) was
        # won 02-20: converted through the account, 41 days after 01-10 (21 + 20), outside the
        # 30-day window: to date 1/1 = 1.0, in window 0/1 = 0.0.
        row("2024-01-01", "outbound", "cold_call", "U3", 2, 0, 1, 1, 0, 41, True),
        # L10 (duplicate) is the only lead: 0 valid, so both rates are null, never 0.
        row("2024-02-01", "inbound", "paid_search", "U2", 1, 0, 1, 0, 0, 0, False),
        # L8 (deal D4 lost) and L11 (deal D6 open): 0/2.
        row("2024-02-01", "inbound", "website", "U2", 2, 0, 0, 0, 0, 0, False),
        # L9 became A2 too, but A2's deal D3 was won on 02-20, before L9 existed (03-01): no
        # conversion. 0/1.
        row("2024-03-01", "outbound", "cold_call", "U3", 1, 0, 0, 0, 0, 0, False),
        # L12 (deal D7 open): 0/1.
        row("2024-03-01", "outbound", "cold_email", "U3", 1, 0, 0, 0, 0, 0, False),
    ]
    assert_rows_equal(rows_of(golden, "marts.kpi_conversion_rate", CONVERSION_COLUMNS), expected)


FUNNEL_COLUMNS = [
    "cohort_month",
    "channel",
    "source",
    "owner_id",
    "leads_valid",
    "leads_qualified",
    "leads_with_deal",
    "leads_won",
    "qualified_rate",
    "qualified_to_deal_rate",
    "deal_to_won_rate",
    "valid_to_won_rate",
]


def test_lead_funnel(golden):
    def row(month, channel, source, owner, valid, qualified, with_deal, won):
        return {
            "cohort_month": d(month),
            "channel": channel,
            "source": source,
            "owner_id": owner,
            "leads_valid": valid,
            "leads_qualified": qualified,
            "leads_with_deal": with_deal,
            "leads_won": won,
            "qualified_rate": qualified / valid if valid else None,
            "qualified_to_deal_rate": with_deal / qualified if qualified else None,
            "deal_to_won_rate": won / with_deal if with_deal else None,
            "valid_to_won_rate": won / valid if valid else None,
        }

    expected = [
        # Valid L1 (converted, D1), L2 (qualified, D2), L6 (disqualified, no deal):
        # qualified 2, with a deal 2, won 1 (L1). Rates 2/3, 2/2, 1/2, 1/3.
        row("2024-01-01", "inbound", "website", "U2", 3, 2, 2, 1),
        # L7: status new, no deal: 0/1 qualified, then null rates (zero denominators), 0/1 won.
        row("2024-01-01", "inbound", "website", "unassigned", 1, 0, 0, 0),
        # L3: converted status; with a deal through A2's new-business D3 (created 01-25, after
        # L3's 01-10); won. 1, 1, 1, 1.
        row("2024-01-01", "outbound", "cold_call", "U3", 1, 1, 1, 1),
        # L8 (working, but has deal D4) and L11 (qualified, D6): 2, 2, 2, 0.
        row("2024-02-01", "inbound", "website", "U2", 2, 2, 2, 0),
        # (L10, duplicate, is not a valid lead: no February paid_search row.)
        # L9: qualified status; A2's D3 was created before L9, so no deal: 1, 1, 0, 0 ->
        # deal_to_won_rate null.
        row("2024-03-01", "outbound", "cold_call", "U3", 1, 1, 0, 0),
        # L12: working, but has deal D7: 1, 1, 1, 0.
        row("2024-03-01", "outbound", "cold_email", "U3", 1, 1, 1, 0),
    ]
    assert_rows_equal(rows_of(golden, "marts.kpi_lead_funnel", FUNNEL_COLUMNS), expected)


CYCLE_COLUMNS = [
    "close_month",
    "owner_id",
    "deal_type",
    "channel",
    "deals_closed",
    "deals_won",
    "deals_lost",
    "deals_won_without_amount",
    "deals_lost_without_amount",
    "won_amount",
    "lost_amount",
    "win_rate_by_count",
    "win_rate_by_amount",
    "cycle_days_won_count",
    "cycle_days_won_total",
    "cycle_days_won_mean",
    "cycle_days_won_median",
    "cycle_days_won_p90",
    "cycle_days_lost_count",
    "cycle_days_lost_total",
    "cycle_days_lost_mean",
    "cycle_days_lost_median",
    "deals_cycle_invalid",
]


def test_sales_cycle(golden):
    def row(month, owner, deal_type, channel, won_amount, lost_amount, won_days, lost_days):
        won = 1 if won_days is not None else 0
        lost = 1 if lost_days is not None else 0
        return {
            "close_month": d(month),
            "owner_id": owner,
            "deal_type": deal_type,
            "channel": channel,
            "deals_closed": won + lost,
            "deals_won": won,
            "deals_lost": lost,
            "deals_won_without_amount": 0,
            "deals_lost_without_amount": 0,
            "won_amount": won_amount,
            "lost_amount": lost_amount,
            "win_rate_by_count": won / (won + lost),
            "win_rate_by_amount": won_amount / (won_amount + lost_amount),
            "cycle_days_won_count": won,
            "cycle_days_won_total": won_days or 0,
            "cycle_days_won_mean": None if won_days is None else float(won_days),
            "cycle_days_won_median": None if won_days is None else float(won_days),
            "cycle_days_won_p90": None if won_days is None else float(won_days),
            "cycle_days_lost_count": lost,
            "cycle_days_lost_total": lost_days or 0,
            "cycle_days_lost_mean": None if lost_days is None else float(lost_days),
            "cycle_days_lost_median": None if lost_days is None else float(lost_days),
            "deals_cycle_invalid": 0,
        }

    expected = [
        # D1 won 01-25 (10000 USD). Its cycle starts at its lead L1's creation (01-03), not at
        # the deal's (01-08): 22 days. Channel: L1's, inbound.
        row("2024-01-01", "U2", "new_business", "inbound", 10000.0, 0.0, 22, None),
        # D3 won 02-20: 2000 EUR x 1.20 (rate of 02-15) = 2400. No lead: cycle from the deal's
        # creation 01-25 to 02-20 = 6 + 20 = 26 days. Channel: its account A2's acquisition lead
        # L3, outbound.
        row("2024-02-01", "U3", "new_business", "outbound", 2400.0, 0.0, 26, None),
        # D4 lost 03-01 (3000 USD): from its lead L8 (02-02) = 27 + 1 = 28 days; win rates 0/1
        # and 0/3000 = 0.
        row("2024-03-01", "U2", "new_business", "inbound", 0.0, 3000.0, None, 28),
        # D8 lost 03-20 (500 USD), upsell, account A3 has no lead: unattributed. From the deal's
        # creation 02-01: 29 (February 2024) + 19 = 48 days. D5 (deleted) is nowhere.
        row("2024-03-01", "U3", "upsell", "unattributed", 0.0, 500.0, None, 48),
    ]
    assert_rows_equal(rows_of(golden, "marts.kpi_sales_cycle", CYCLE_COLUMNS), expected)


VELOCITY_COLUMNS = [
    "stage",
    "owner_id",
    "stage_order",
    "stage_entries",
    "stage_entries_running",
    "stage_exits",
    "days_in_stage_total",
    "days_in_stage_mean",
    "days_in_stage_median",
    "days_in_stage_p90",
]


def test_stage_velocity(golden):
    def row(stage, owner, order, running, days):
        n = len(days)
        return {
            "stage": stage,
            "owner_id": owner,
            "stage_order": order,
            "stage_entries": n + running,
            "stage_entries_running": running,
            "stage_exits": n,
            "days_in_stage_total": sum(days),
            "days_in_stage_mean": sum(days) / n if n else None,
        }

    expected = [
        # D2 discovery 02-05 -> 03-10 = 24 + 10 = 34 days; D6 (no history) in discovery since
        # 02-12, still running.
        {
            **row("discovery", "U2", 2, 1, [34]),
            "days_in_stage_median": 34.0,
            "days_in_stage_p90": 34.0,
        },
        # D4 negotiation 02-20 -> 03-01 (lost) = 9 + 1 = 10 days.
        {
            **row("negotiation", "U2", 4, 0, [10]),
            "days_in_stage_median": 10.0,
            "days_in_stage_p90": 10.0,
        },
        # D3 negotiation 01-25 -> 02-20 (won) = 6 + 20 = 26 days.
        {
            **row("negotiation", "U3", 4, 0, [26]),
            "days_in_stage_median": 26.0,
            "days_in_stage_p90": 26.0,
        },
        # D1 proposal 01-15 -> 01-25 = 10 days; D2 in proposal since 03-10, running.
        {
            **row("proposal", "U2", 3, 1, [10]),
            "days_in_stage_median": 10.0,
            "days_in_stage_p90": 10.0,
        },
        # Prospecting: D1 01-08 -> 01-15 = 7, D2 01-10 -> 02-05 = 26, D4 02-03 -> 02-20 = 17.
        # Total 50, mean 50/3, median 17, p90 (continuous) = 17 + 0.8 x (26 - 17) = 24.2.
        {
            **row("prospecting", "U2", 1, 0, [7, 26, 17]),
            "days_in_stage_median": 17.0,
            "days_in_stage_p90": 24.2,
        },
        # D7 in prospecting since 03-05, running: no finished stay, mean/median/p90 null.
        # Closed stages (won / lost) and the deleted D5 are not in the mart.
        {
            **row("prospecting", "U3", 1, 1, []),
            "days_in_stage_median": None,
            "days_in_stage_p90": None,
        },
    ]
    assert_rows_equal(rows_of(golden, "marts.kpi_stage_velocity", VELOCITY_COLUMNS), expected)


def test_accounts_acquisition_channel(golden):
    columns = ["account_id", "acquisition_lead_id", "acquisition_channel", "acquisition_source"]
    expected = [
        # A1 came from L1 (the only lead linked to it).
        {
            "account_id": "A1",
            "acquisition_lead_id": "L1",
            "acquisition_channel": "inbound",
            "acquisition_source": "website",
        },
        # A2: L3 converted through the won new-business deal D3 (02-20); L9, created 03-01,
        # after D3 closed, never converted.
        {
            "account_id": "A2",
            "acquisition_lead_id": "L3",
            "acquisition_channel": "outbound",
            "acquisition_source": "cold_call",
        },
        # A3: no lead links to it: nulls (the marts call it unattributed).
        {
            "account_id": "A3",
            "acquisition_lead_id": None,
            "acquisition_channel": None,
            "acquisition_source": None,
        },
    ]
    actual = rows_of(golden, "intermediate.int_accounts_acquisition_channel", columns)
    assert_rows_equal(actual, expected)


MOVEMENT_COLUMNS = [
    "month",
    "owner_id",
    "opening_deals",
    "opening_value",
    "won_deals",
    "won_value",
    "lost_deals",
    "lost_value",
    "advanced_deals",
    "regressed_deals",
    "unchanged_deals",
    "carried_value_opening",
    "carried_value_closing",
    "fx_effect",
    "new_deals",
    "new_value",
    "reopened_deals",
    "reopened_value",
    "created_and_closed_won",
    "created_and_closed_lost",
    "closing_deals",
    "closing_value",
    "weighted_opening_value",
    "weighted_won_value",
    "weighted_lost_value",
    "weighted_fx_effect",
    "weighted_stage_change",
    "weighted_new_value",
    "weighted_reopened_value",
    "weighted_closing_value",
]


def test_pipeline_movement(golden):
    """The waterfall from the pipeline above (test_pipeline_value), month by month and owner."""

    def row(month, owner, **values):
        out = {column: 0 for column in MOVEMENT_COLUMNS}
        out.update({"month": d(month), "owner_id": owner})
        out.update(values)
        return out

    expected = [
        # January (no earlier pipeline date): D2 new at 01-31, 5000 (weighted 500); D1 created
        # 01-08 and won 01-25: created and closed, out of the value bridge.
        row(
            "2024-01-01",
            "U2",
            new_deals=1,
            new_value=5000.0,
            weighted_new_value=500.0,
            created_and_closed_won=1,
            closing_deals=1,
            closing_value=5000.0,
            weighted_closing_value=500.0,
        ),
        # January: D3 new, 2000 EUR x 1.10 = 2200, weighted x 0.75 = 1650.
        row(
            "2024-01-01",
            "U3",
            new_deals=1,
            new_value=2200.0,
            weighted_new_value=1650.0,
            closing_deals=1,
            closing_value=2200.0,
            weighted_closing_value=1650.0,
        ),
        # February U2: D2 carried, prospecting (1) -> discovery (2): advanced, USD so fx 0;
        # stage change 5000 x (0.2 - 0.1) = 500. New: D4 3000 (x 0.75 = 2250) and D6 (no
        # amount: 0). Closing 5000 + 3000 = 8000; weighted 500 + 500 + 2250 = 3250 = 1000 + 2250.
        row(
            "2024-02-01",
            "U2",
            opening_deals=1,
            opening_value=5000.0,
            weighted_opening_value=500.0,
            advanced_deals=1,
            carried_value_opening=5000.0,
            carried_value_closing=5000.0,
            weighted_stage_change=500.0,
            new_deals=2,
            new_value=3000.0,
            weighted_new_value=2250.0,
            closing_deals=3,
            closing_value=8000.0,
            weighted_closing_value=3250.0,
        ),
        # February U3: D3 won 02-20 at its 01-31 value 2200 (weighted 1650). D8 (created 02-01,
        # stage unknown at 02-29) new: 500, weight 0. 2200 - 2200 + 500 = 500.
        row(
            "2024-02-01",
            "U3",
            opening_deals=1,
            opening_value=2200.0,
            weighted_opening_value=1650.0,
            won_deals=1,
            won_value=2200.0,
            weighted_won_value=1650.0,
            new_deals=1,
            new_value=500.0,
            closing_deals=1,
            closing_value=500.0,
        ),
        # March U2: D4 lost 03-01 at its 02-29 value 3000 (weighted 2250). D2 discovery ->
        # proposal: advanced, stage change 5000 x (0.5 - 0.2) = 1500. D6 unchanged (0).
        # 8000 - 3000 = 5000; weighted 3250 - 2250 + 1500 = 2500.
        row(
            "2024-03-01",
            "U2",
            opening_deals=3,
            opening_value=8000.0,
            weighted_opening_value=3250.0,
            lost_deals=1,
            lost_value=3000.0,
            weighted_lost_value=2250.0,
            advanced_deals=1,
            unchanged_deals=1,
            carried_value_opening=5000.0,
            carried_value_closing=5000.0,
            weighted_stage_change=1500.0,
            closing_deals=2,
            closing_value=5000.0,
            weighted_closing_value=2500.0,
        ),
        # March U3: D8 lost 03-20 (500, weight 0); D7 new 1000 EUR x 1.20 = 1200 (x 0.1 = 120).
        # 500 - 500 + 1200 = 1200.
        row(
            "2024-03-01",
            "U3",
            opening_deals=1,
            opening_value=500.0,
            lost_deals=1,
            lost_value=500.0,
            new_deals=1,
            new_value=1200.0,
            weighted_new_value=120.0,
            closing_deals=1,
            closing_value=1200.0,
            weighted_closing_value=120.0,
        ),
    ]
    rows = query(
        golden,
        f"select {', '.join(MOVEMENT_COLUMNS)} from marts.kpi_pipeline_movement order by month, owner_id",
    )
    assert_rows_equal(rows, expected)
