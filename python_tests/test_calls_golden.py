"""Golden test of the calls, speed-to-lead, competitor-pricing and scorecard marts on a
hand-made raw folder (fixtures/calls_golden). Every expected number is worked out by hand below.

as_of_date is the latest event: a competitor price observed on 2024-04-15, so the months are
January to April 2024 and April is measured at 2024-04-15 (settings at their defaults:
connected_call_min_seconds 60, quality_score_threshold 70, competitor_price_max_age_months 3,
reporting currency USD, time zone UTC). USD per EUR: 1.10 from 2024-01-01, 1.20 from 2024-03-01.

Team: U1 head, U2 manager of team smb, reps U3 and U4 (both report to U2).

Calls (C7 rang no rep; C8 is a call to the spam lead L4, which still counts as a call):
  C1 01-02 09:03 out answered U3 L1 wait 8  talk 120  scored 60 (v1) then re-scored 80 (v2, next step)
  C2 01-03 10:30 out no_answer U3 L2 wait 20 talk 0
  C3 01-02 14:00 in  answered U3    wait 15 talk 45   scored 40 (next step unknown)
  C4 01-02 15:00 in  no_answer U3   wait 30 talk 0    -> missed
  C5 01-02 16:00 out answered U3 L1 no wait talk 300  scored 70 (= threshold: good)
  C6 01-04 11:50 out answered U4 L3 wait 6  talk 60   scored 90 (next step); exactly 60 s: connected
  C7 01-04 13:00 in  busy      -    no wait talk 0    -> missed, no rep
  C8 01-05 08:02 out answered U4 L4 wait 4  talk 90
"""

from __future__ import annotations

import pytest

from python_tests.dbt_runner import query
from python_tests.golden import compare_rows

FIXTURE = "calls_golden"
DBT_BUILDS = [(FIXTURE, {})]  # started in the background when the session starts
TOLERANCE = 0.005

CALL_QUALITY_COLUMNS = [
    "call_date",
    "user_id",
    "direction",
    "calls",
    "calls_answered",
    "calls_connected",
    "calls_missed",
    "talk_seconds_total",
    "wait_seconds_total",
    "calls_with_wait",
    "calls_scored",
    "score_total",
    "calls_good",
    "calls_next_step_agreed",
    "answer_rate",
    "connect_rate",
    "talk_seconds_mean",
    "wait_seconds_mean",
    "score_mean",
    "good_call_rate",
    "next_step_rate",
]

EXPECTED_CALL_QUALITY = [
    # U3 inbound 01-02: C3 answered (45 s < 60: not connected, wait 15), C4 missed.
    # Scored: C3 40 (below 70, next step unknown = not agreed). answer 1/2; talk 45/1; wait 15/1.
    (
        "2024-01-02",
        "U3",
        "inbound",
        2,
        1,
        0,
        1,
        45,
        15,
        1,
        1,
        40,
        0,
        0,
        0.5,
        0.0,
        45.0,
        15.0,
        40.0,
        0.0,
        0.0,
    ),
    # U3 outbound 01-02: C1 (120 s) and C5 (300 s) answered and connected; talk 420, mean 210.
    # No wait: the wait is the speed of answer of answered INBOUND calls (spec section 5), so
    # C1's 8 s until the prospect picked up is not one: 0 / 0, mean null. Scores: C1 latest 80
    # (not 60) + C5 70 = 150, mean 75; both >= 70: good 2 / 2; next step: C1 yes (latest),
    # C5 no: 1 / 2.
    (
        "2024-01-02",
        "U3",
        "outbound",
        2,
        2,
        2,
        0,
        420,
        0,
        0,
        2,
        150,
        2,
        1,
        1.0,
        1.0,
        210.0,
        None,
        75.0,
        1.0,
        0.5,
    ),
    # U3 outbound 01-03: C2 not answered; its 20 s of ringing is not an answered wait.
    # Rates over zero answered / scored calls are null, not 0.
    (
        "2024-01-03",
        "U3",
        "outbound",
        1,
        0,
        0,
        0,
        0,
        0,
        0,
        0,
        0,
        0,
        0,
        0.0,
        0.0,
        None,
        None,
        None,
        None,
        None,
    ),
    # U4 outbound 01-04: C6 answered, talk exactly 60 -> connected; its 6 s of ringing is an
    # outbound wait, not a speed of answer: 0 / 0, mean null; score 90, next step.
    (
        "2024-01-04",
        "U4",
        "outbound",
        1,
        1,
        1,
        0,
        60,
        0,
        0,
        1,
        90,
        1,
        1,
        1.0,
        1.0,
        60.0,
        None,
        90.0,
        1.0,
        1.0,
    ),
    # No rep, inbound 01-04: C7 busy -> missed, grouped under "unassigned".
    (
        "2024-01-04",
        "unassigned",
        "inbound",
        1,
        0,
        0,
        1,
        0,
        0,
        0,
        0,
        0,
        0,
        0,
        0.0,
        0.0,
        None,
        None,
        None,
        None,
        None,
    ),
    # U4 outbound 01-05: C8 answered 90 s (its 4 s outbound wait does not count), never scored.
    (
        "2024-01-05",
        "U4",
        "outbound",
        1,
        1,
        1,
        0,
        90,
        0,
        0,
        0,
        0,
        0,
        0,
        1.0,
        1.0,
        90.0,
        None,
        None,
        None,
        None,
    ),
]

SPEED_COLUMNS = [
    "cohort_month",
    "owner_id",
    "leads",
    "leads_called",
    "leads_never_called",
    "leads_called_within_5_min",
    "leads_called_within_60_min",
    "leads_called_before_created",
    "minutes_to_first_call_total",
    "mean_minutes_to_first_call",
    "median_minutes_to_first_call",
    "share_called",
    "share_called_within_5_min",
    "share_called_within_60_min",
]

# Valid leads: L1, L2, L3, L5. L4 is spam (invalid) and L6 deleted: both left out.
EXPECTED_SPEED = [
    # U3, January: L1 created 01-02 09:00, first outbound C1 09:03 -> 3 min (within 5 and 60);
    # L2 created 01-03 10:00, C2 10:30 -> 30 min (within 60 only). Total 33, mean and median
    # 16.5; shares 2/2, 1/2, 2/2.
    ("2024-01-01", "U3", 2, 2, 0, 1, 2, 0, 33.0, 16.5, 16.5, 1.0, 0.5, 1.0),
    # U4, January: L3 created 01-04 12:00 but C6 called it at 11:50 (before the CRM record):
    # 0 minutes, within 5 and 60, flagged.
    ("2024-01-01", "U4", 1, 1, 0, 1, 1, 1, 0.0, 0.0, 0.0, 1.0, 1.0, 1.0),
    # U3, February: L5 (02-10) never called: mean and median null, shares 0 / 1 = 0.
    ("2024-02-01", "U3", 1, 0, 1, 0, 0, 0, 0.0, None, None, 0.0, 0.0, 0.0),
]

PRICING_COLUMNS = [
    "month",
    "product_id",
    "our_list_price",
    "our_realised_price",
    "our_realised_price_per_seat",
    "competitors_observed",
    "market_price_total",
    "market_min_price",
    "market_max_price",
    "market_mean_price",
    "market_median_price",
    "price_index",
    "our_price_rank",
    "prices_ranked",
    "stale_observations",
    "market_mean_price_last_month",
    "market_mean_price_change",
    "plans_available",
    "items_active",
    "seats_active",
    "realised_price_total",
    "realised_mrr_total",
]

# Our plans (per seat per month): PL1 P1 20 USD monthly (always); PL2 P1 216 EUR a year =
# 18 EUR a month, available until 2024-03-01 (exclusive): 18 x 1.1 = 19.8 in Jan and Feb;
# PL3 P2 50 USD from 2024-02-01.
# Items of P1 (net = unit x (1 - discount) / period): SI1 5 seats 20 x 0.9 = 18 USD until
# 2024-02-15; SI2 8 seats 20 x 0.75 = 15 USD from 2024-02-15; SI3 2 seats 216 EUR / 12 =
# 18 EUR (19.8 USD at 1.1, 21.6 USD at 1.2).
# Competitors of P1: Rival Basic 22 USD (01-10), 23 USD (03-12); Pipe Annual 240 EUR / 12 =
# 20 EUR (01-15): 22.0 USD at 1.1, 24.0 at 1.2; Close Lite 19.8 USD (01-20, again 04-15).
# Competitor of P2: Forge Pro 45 USD (01-05): fresh until 04-05, stale on 04-15.
# Pipe Dialer (02-01) is unmapped: not in this mart.
EXPECTED_PRICING = [
    # P1 Jan: list min(20, 19.8) = 19.8. Items SI1 18 + SI3 19.8 = 37.8 / 2 = 18.9; per seat
    # (18 x 5 + 19.8 x 2) / 7 = 129.6 / 7. Market 22, 22, 19.8: total 63.8, mean 21.2667,
    # median 22; index 19.8 / 21.2667 x 100 = 93.1034; Close Lite ties with us at 19.8, nobody
    # is cheaper: rank 1 of 4.
    (
        "2024-01-01",
        "P1",
        19.8,
        18.9,
        129.6 / 7,
        3,
        63.8,
        19.8,
        22.0,
        63.8 / 3,
        22.0,
        19.8 / (63.8 / 3) * 100,
        1,
        4,
        0,
        None,
        None,
        2,
        2,
        7,
        37.8,
        129.6,
    ),
    # P1 Feb: same list and market (rate still 1.1): change 0. Items SI2 15 + SI3 19.8 = 34.8
    # / 2 = 17.4; per seat (15 x 8 + 19.8 x 2) / 10 = 159.6 / 10 = 15.96.
    (
        "2024-02-01",
        "P1",
        19.8,
        17.4,
        15.96,
        3,
        63.8,
        19.8,
        22.0,
        63.8 / 3,
        22.0,
        19.8 / (63.8 / 3) * 100,
        1,
        4,
        0,
        63.8 / 3,
        0.0,
        2,
        2,
        10,
        34.8,
        159.6,
    ),
    # P1 Mar: PL2 no longer available: list 20. Items 15 + 21.6 = 36.6 / 2 = 18.3; per seat
    # (120 + 43.2) / 10 = 16.32. Market 23, 24, 19.8: total 66.8, mean 22.2667, median 23;
    # index 20 / 22.2667 x 100 = 89.8204; 19.8 is cheaper than us: rank 2. Change +1.0.
    (
        "2024-03-01",
        "P1",
        20.0,
        18.3,
        16.32,
        3,
        66.8,
        19.8,
        24.0,
        66.8 / 3,
        23.0,
        20 / (66.8 / 3) * 100,
        2,
        4,
        0,
        63.8 / 3,
        1.0,
        1,
        2,
        10,
        36.6,
        163.2,
    ),
    # P1 Apr (2024-04-15): Pipe Annual of 01-15 is exactly 3 months old: still fresh. Same as
    # March: change 0.
    (
        "2024-04-01",
        "P1",
        20.0,
        18.3,
        16.32,
        3,
        66.8,
        19.8,
        24.0,
        66.8 / 3,
        23.0,
        20 / (66.8 / 3) * 100,
        2,
        4,
        0,
        66.8 / 3,
        0.0,
        1,
        2,
        10,
        36.6,
        163.2,
    ),
    # P2 Jan: no plan yet: no list price, no rank, no index; the market is Forge Pro 45.
    (
        "2024-01-01",
        "P2",
        None,
        None,
        None,
        1,
        45.0,
        45.0,
        45.0,
        45.0,
        45.0,
        None,
        None,
        2,
        0,
        None,
        None,
        0,
        0,
        0,
        0.0,
        0.0,
    ),
    # P2 Feb, Mar: list 50 vs 45: index 50 / 45 x 100 = 111.11, rank 2 of 2; change 0.
    (
        "2024-02-01",
        "P2",
        50.0,
        None,
        None,
        1,
        45.0,
        45.0,
        45.0,
        45.0,
        45.0,
        50 / 45 * 100,
        2,
        2,
        0,
        45.0,
        0.0,
        1,
        0,
        0,
        0.0,
        0.0,
    ),
    (
        "2024-03-01",
        "P2",
        50.0,
        None,
        None,
        1,
        45.0,
        45.0,
        45.0,
        45.0,
        45.0,
        50 / 45 * 100,
        2,
        2,
        0,
        45.0,
        0.0,
        1,
        0,
        0,
        0.0,
        0.0,
    ),
    # P2 Apr: Forge Pro (01-05) is stale on 04-15 (01-05 + 3 months = 04-05 < 04-15): no
    # market figures, 1 stale observation, we are alone: rank 1 of 1; no mean -> no change.
    (
        "2024-04-01",
        "P2",
        50.0,
        None,
        None,
        0,
        0.0,
        None,
        None,
        None,
        None,
        None,
        1,
        1,
        1,
        45.0,
        None,
        1,
        0,
        0,
        0.0,
        0.0,
    ),
]

SCORECARD_COLUMNS = [
    "month",
    "user_id",
    "team",
    "manager_id",
    "leads_total",
    "leads_owned",
    "leads_converted_to_date",
    "conversion_rate_to_date",
    "deals_won",
    "won_amount",
    "quota_amount",
    "quota_attainment",
    "open_deals",
    "open_pipeline_value",
    "open_weighted_pipeline_value",
    "cycle_days_won_mean",
    "calls",
    "calls_connected",
    "calls_scored",
    "score_mean",
    "won_upsell_deals",
    "won_amount_rank_in_team",
    "won_amount_rank_in_department",
]

# Deals: D1 (lead L1, U3) won 1200 USD on 01-20, cycle from L1's creation 01-02 = 18 days;
# D2 (upsell, U4) 600 USD open in proposal (probability 0.5) since 02-05.
# Quotas: U3 January 1000 USD; U4 January 500 EUR x 1.1 (rate of 01-31) = 550.
# Only the reps U3 and U4 have rows (U1 and U2 own nothing).
EXPECTED_SCORECARD = [
    # U3 Jan: leads L1, L2 and the deleted L6 (3 in total, 2 valid); L1 converted: 1 / 2.
    # Won 1200 / quota 1000 = 1.2. Calls C1-C5 = 5, connected C1, C5 = 2; scored C1 80, C3 40,
    # C5 70 = 190 / 3. Rank 1 (1200 > 0).
    (
        "2024-01-01",
        "U3",
        "smb",
        "U2",
        3,
        2,
        1,
        0.5,
        1,
        1200.0,
        1000.0,
        1.2,
        0,
        0.0,
        0.0,
        18.0,
        5,
        2,
        3,
        190 / 3,
        0,
        1,
        1,
    ),
    # U4 Jan: leads L3 and the spam L4 (2 in total, 1 valid), none converted: 0 / 1 = 0.
    # Won 0 / 550 = 0. Calls C6, C8 both connected; scored C6 90. Rank 2.
    (
        "2024-01-01",
        "U4",
        "smb",
        "U2",
        2,
        1,
        0,
        0.0,
        0,
        0.0,
        550.0,
        0.0,
        0,
        0.0,
        0.0,
        None,
        2,
        2,
        1,
        90.0,
        0,
        2,
        2,
    ),
    # Feb: U3 owns L5 (not converted). U4's open D2: 600, weighted 300, at 02-29.
    # Neither won anything: a tie at 0, both rank 1. No quota: attainment null.
    (
        "2024-02-01",
        "U3",
        "smb",
        "U2",
        1,
        1,
        0,
        0.0,
        0,
        0.0,
        None,
        None,
        0,
        0.0,
        0.0,
        None,
        0,
        0,
        0,
        None,
        0,
        1,
        1,
    ),
    (
        "2024-02-01",
        "U4",
        "smb",
        "U2",
        0,
        0,
        0,
        None,
        0,
        0.0,
        None,
        None,
        1,
        600.0,
        300.0,
        None,
        0,
        0,
        0,
        None,
        0,
        1,
        1,
    ),
    # Mar and Apr: only D2 still open at 03-31 and 04-15.
    (
        "2024-03-01",
        "U3",
        "smb",
        "U2",
        0,
        0,
        0,
        None,
        0,
        0.0,
        None,
        None,
        0,
        0.0,
        0.0,
        None,
        0,
        0,
        0,
        None,
        0,
        1,
        1,
    ),
    (
        "2024-03-01",
        "U4",
        "smb",
        "U2",
        0,
        0,
        0,
        None,
        0,
        0.0,
        None,
        None,
        1,
        600.0,
        300.0,
        None,
        0,
        0,
        0,
        None,
        0,
        1,
        1,
    ),
    (
        "2024-04-01",
        "U3",
        "smb",
        "U2",
        0,
        0,
        0,
        None,
        0,
        0.0,
        None,
        None,
        0,
        0.0,
        0.0,
        None,
        0,
        0,
        0,
        None,
        0,
        1,
        1,
    ),
    (
        "2024-04-01",
        "U4",
        "smb",
        "U2",
        0,
        0,
        0,
        None,
        0,
        0.0,
        None,
        None,
        1,
        600.0,
        300.0,
        None,
        0,
        0,
        0,
        None,
        0,
        1,
        1,
    ),
]


@pytest.fixture(scope="module")
def golden(fixture_build):
    workdir, run = fixture_build(FIXTURE)
    assert run.ok, run.output[-4000:]
    return workdir


def test_report_period_ends_with_the_latest_price_observation(golden):
    rows = query(golden, "select as_of_date from intermediate.int_report_period")
    assert [str(r["as_of_date"]) for r in rows] == ["2024-04-15"]


def test_kpi_call_quality_matches_hand_worked_rows(golden):
    rows = query(
        golden,
        f"select {', '.join(CALL_QUALITY_COLUMNS)} from marts.kpi_call_quality "
        "order by call_date, user_id, direction",
    )
    assert compare_rows(rows, CALL_QUALITY_COLUMNS, EXPECTED_CALL_QUALITY) == []


def test_call_reports_show_the_latest_score_and_no_phone_number(golden):
    rows = query(
        golden,
        "select call_id, user_id, manager_id, lead_id, outcome, overall_score, "
        "script_adherence_score, next_step_agreed, sentiment, times_scored "
        "from marts.fct_call_reports order by call_id",
    )
    assert len(rows) == 8  # every call C1-C8, one row each
    c1 = rows[0]
    # C1 was scored 60 then 80: the report shows the latest scoring (v2) only.
    assert (c1["call_id"], c1["user_id"], c1["manager_id"], c1["lead_id"], c1["outcome"]) == (
        "C1",
        "U3",
        "U2",
        "L1",
        "answered",
    )
    assert (
        float(c1["overall_score"]),
        float(c1["script_adherence_score"]),
        c1["next_step_agreed"],
        c1["sentiment"],
        c1["times_scored"],
    ) == (80.0, 70.0, True, "positive", 2)
    columns = query(
        golden,
        "select column_name from information_schema.columns where table_name = 'fct_call_reports'",
    )
    assert "phone_number" not in {c["column_name"] for c in columns}


def test_kpi_speed_to_lead_matches_hand_worked_rows(golden):
    rows = query(
        golden,
        f"select {', '.join(SPEED_COLUMNS)} from marts.kpi_speed_to_lead order by cohort_month, owner_id",
    )
    assert compare_rows(rows, SPEED_COLUMNS, EXPECTED_SPEED) == []


def test_kpi_competitor_pricing_matches_hand_worked_rows(golden):
    rows = query(
        golden,
        f"select {', '.join(PRICING_COLUMNS)} from marts.kpi_competitor_pricing order by product_id, month",
    )
    assert compare_rows(rows, PRICING_COLUMNS, EXPECTED_PRICING) == []


def test_unmapped_competitor_product_is_listed_not_dropped(golden):
    # Pipe Dialer (observed 2024-02-01, no product_id) is listed from February to April.
    rows = query(
        golden,
        "select month, product_id, is_mapped, is_stale, price_monthly_reporting "
        "from marts.fct_competitor_prices_monthly where competitor_product = 'Pipe Dialer' order by month",
    )
    assert [(str(r["month"]), r["product_id"], r["is_mapped"], r["is_stale"]) for r in rows] == [
        ("2024-02-01", None, False, False),
        ("2024-03-01", None, False, False),
        ("2024-04-01", None, False, False),
    ]
    assert all(abs(r["price_monthly_reporting"] - 30.0) <= TOLERANCE for r in rows)


def test_rep_scorecard_matches_hand_worked_rows(golden):
    rows = query(
        golden,
        f"select {', '.join(SCORECARD_COLUMNS)} from marts.rep_scorecard order by month, user_id",
    )
    assert compare_rows(rows, SCORECARD_COLUMNS, EXPECTED_SCORECARD) == []


def test_team_and_department_roll_up_the_reps(golden):
    # January: team smb = U3 + U4: won 1200; quota 1000 + 550 = 1550 and attainment over the
    # reps with a quota 1200 / 1550; calls 5 + 2 = 7; score (190 + 90) / (3 + 1) = 70.
    rows = query(
        golden,
        "select month, team, manager_id, reps, won_amount, quota_amount, quota_attainment, calls, "
        "score_mean from marts.rep_scorecard_teams order by month",
    )
    columns = [
        "month",
        "team",
        "manager_id",
        "reps",
        "won_amount",
        "quota_amount",
        "quota_attainment",
        "calls",
        "score_mean",
    ]
    expected = [
        ("2024-01-01", "smb", "U2", 2, 1200.0, 1550.0, 1200 / 1550, 7, 70.0),
        ("2024-02-01", "smb", "U2", 2, 0.0, None, None, 0, None),
        ("2024-03-01", "smb", "U2", 2, 0.0, None, None, 0, None),
        ("2024-04-01", "smb", "U2", 2, 0.0, None, None, 0, None),
    ]
    assert compare_rows(rows, columns, expected) == []
    department = query(
        golden,
        "select month, reps, won_amount, calls from marts.rep_scorecard_department order by month",
    )
    assert (
        compare_rows(
            department,
            ["month", "reps", "won_amount", "calls"],
            [
                ("2024-01-01", 2, 1200.0, 7),
                ("2024-02-01", 2, 0.0, 0),
                ("2024-03-01", 2, 0.0, 0),
                ("2024-04-01", 2, 0.0, 0),
            ],
        )
        == []
    )
