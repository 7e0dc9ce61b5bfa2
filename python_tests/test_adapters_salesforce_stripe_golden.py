"""Golden test of the source adapters: a small company as Fivetran lands it from Salesforce (CRM
and call tasks) and Stripe (billing), fixtures/salesforce_stripe_golden, built through the
adapters (crm_system: salesforce, billing_system: stripe, telephony_system: salesforce).
Every expected number is worked out by hand below.

as_of_date 2024-03-31 (set for this build): month ends 2024-01-31, 2024-02-29, 2024-03-31.
Exchange rates (billing__fx_rates.csv, the contract file beside the Stripe tables): 1 EUR =
1.10 USD and 1 JPY = 0.007 USD from 2023-12-01.

Salesforce (multi-currency org; OpportunityStage probabilities are 0-100):
- Stages: Prospecting 10 -> 0.1, Qualification 20, Proposal 50 -> 0.5, Negotiation 75 -> 0.75,
  Closed Won 100 (won), Closed Lost 0.
- 006O1 Acme, Ravi (005R1), New Business, won 12000 USD on 2024-01-25 (lead 00QL1, Web).
- 006O2 Beta, Rita (005R2), 5000 EUR, open; OpportunityHistory: Prospecting 01-05, Prospecting
  again 01-20 (amount change: collapses), Negotiation 02-10, Negotiation again 03-01 (collapses).
- 006O3 Gamma, Ravi, empty Type (-> new_business), Proposal 8000 USD since 03-05 (creation).
- 006O4 Acme, Existing Business (-> upsell), won 2400 USD on 03-10.
- 006O5 Beta, Rita, Add-On (-> cross_sell), 1000 USD, Prospecting from 02-20, lost 03-20.
- 006O6 amount 'twelve hundred' (rejected: unparseable amount); 006O7 Type 'Partnership'
  (rejected: unknown deal_type); 006O8 deleted; 006O9 Rita, Prospecting since 03-20, no amount.
- Leads: 8; 00QL5's lead_source 'Trade Show' is not in lead_source_channels (rejected).
- Tasks: 7, of which 6 are calls (00T5 is an e-mail); 00T6's duration '1m20s' is rejected.

Stripe (amounts in minor units):
- cus_A1 (CRM account 001A1 <- lead 00QL1 Web, converted into the won 006O1: inbound): si_1
  Core yearly 120000 cents = 1200 USD per 12 months x 5 seats = 500 USD MRR from 2024-01-26; the
  coupon 20OFF (percent_off 20) from 2024-02-15: 500 x 0.8 = 400 from then on.
- cus_A2 (account 001A2: its lead 00QL2 led to no won deal: unattributed; created in unix
  seconds 1706745600 = 2024-02-01): si_2 Core JPY, 15000 JPY (zero-decimal: not / 100) x 2 =
  30000 JPY x 0.007 = 210 USD from 2024-02-01.
- cus_A3 (account 001A3, lead 00QL8 -> 006O3 still open: unattributed): si_3 Analytics weekly
  3000 cents = 30 EUR a week = 30 x 52 / 12 = 130 EUR a month x 1.10 = 143 USD from 2024-03-06;
  si_5 quantity 'two' (rejected: unparseable quantity).
- cus_X (no CRM account: unattributed): si_4 Core monthly 100 USD x 3 = 300 from 2024-02-05,
  subscription ended 2024-03-05 (churn in March). Its WELCOME10 coupon is 'once': no MRR effect.
- price_setup is one-time: no billing period (rejected). in_3 is a draft (rejected).
"""

from __future__ import annotations

import pytest

from python_tests.dbt_runner import query, run_dbt
from python_tests.golden import compare_rows

FIXTURE = "salesforce_stripe_golden"
VARIABLES = {
    "crm_system": "salesforce",
    "billing_system": "stripe",
    "telephony_system": "salesforce",
    "as_of_date": "2024-03-31",
}


@pytest.fixture(scope="module")
def golden(fixture_build):
    workdir, run = fixture_build(FIXTURE, VARIABLES)
    assert run.ok, run.output[-5000:]
    return workdir


def test_adapter_unit_tests_pass(golden):
    # dbt unit tests read no data, but need the models they feed from built: the Salesforce
    # and Stripe ones run here, on this build's warehouse (the seeds build enables no adapter).
    run = run_dbt(
        ["test", "--select", "test_type:unit,path:models/adapters/salesforce",
         "test_type:unit,path:models/adapters/stripe"],
        golden,
        variables={**VARIABLES, "raw_data_dir": "raw"},
    )  # fmt: skip
    assert run.ok, run.output[-5000:]
    assert "stripe_item_history_rows_are_item_versions" in run.output
    assert "salesforce_probability_0_to_100_is_divided_by_100" in run.output
    assert "12 unit tests" in run.output, run.output[-3000:]  # 7 Salesforce, 5 Stripe


def test_every_landed_row_is_counted_under_its_contract_table(golden):
    columns = ["source_table", "rows_in", "rows_used", "rows_rejected", "links_dropped"]
    # fmt: off
    expected = [
        ("billing__customers", 4, 4, 0, 0),
        ("billing__fx_rates", 2, 2, 0, 0),             # the contract file beside Stripe
        ("billing__invoices", 3, 2, 1, 0),             # in_3 draft
        ("billing__plans", 6, 5, 1, 0),                # price_setup one-time
        # 5 items; si_1 split at the coupon's start (2024-02-15) into 2 versions: 6; si_5 bad.
        ("billing__subscription_items", 6, 5, 1, 0),
        ("billing__subscriptions", 4, 4, 0, 0),
        ("crm__accounts", 3, 3, 0, 0),
        ("crm__deal_stage_history", 10, 10, 0, 0),     # 12 OpportunityHistory rows, 2 repeats
        ("crm__deals", 9, 7, 2, 0),                    # 006O6, 006O7
        ("crm__leads", 8, 7, 1, 0),                    # 00QL5
        ("crm__pipeline_stages", 6, 6, 0, 0),
        ("crm__products", 2, 2, 0, 0),                 # Stripe products (no Product2 landed)
        ("crm__quotas", 0, 0, 0, 0),                   # no ForecastingQuota, no crm__quotas file
        ("crm__users", 4, 4, 0, 0),
        ("market__competitor_prices", 0, 0, 0, 0),
        ("telephony__call_scores", 0, 0, 0, 0),        # Salesforce has no call scores
        # 6 call tasks; 00T6 rejected; 00T4's lead 00QL5 was rejected: link dropped.
        ("telephony__calls", 6, 5, 1, 1),
    ]
    # fmt: on
    rows = query(golden, f"select {', '.join(columns)} from data_quality.dq_row_counts order by 1")
    assert compare_rows(rows, columns, expected, label_width=1) == []


def test_bad_source_rows_reach_the_ledger_with_a_reason(golden):
    rows = query(
        golden,
        "select source_table, record_key, reason from data_quality.dq_rejected_rows order by 1, 2",
    )
    assert [tuple(r.values()) for r in rows] == [
        ("billing__invoices", "in_3", "unknown status"),
        ("billing__plans", "price_setup", "missing billing_period_months"),
        ("billing__subscription_items", "si_5", "unparseable quantity"),
        ("crm__deals", "006O6", "unparseable amount"),
        ("crm__deals", "006O7", "unknown deal_type"),
        ("crm__leads", "00QL5", "unknown channel"),
        ("telephony__calls", "00T6", "unparseable talk_seconds"),
    ]


def test_salesforce_stages_are_divided_by_100_once(golden):
    rows = query(
        golden,
        "select stage, stage_order, probability, is_closed, is_won "
        "from staging.stg_crm__pipeline_stages order by stage_order",
    )
    columns = ["stage", "stage_order", "probability", "is_closed", "is_won"]
    expected = [
        ("prospecting", 1, 0.10, False, False),
        ("qualification", 2, 0.20, False, False),
        ("proposal", 3, 0.50, False, False),
        ("negotiation", 4, 0.75, False, False),
        ("closed won", 5, 1.00, True, True),
        ("closed lost", 6, 0.00, True, False),
    ]
    assert compare_rows(rows, columns, expected, label_width=1) == []


def test_weighted_pipeline(golden):
    columns = [
        "as_of_date", "owner_id", "deal_type", "stage", "stage_probability", "open_deals",
        "open_deals_with_amount", "pipeline_value", "weighted_pipeline_value",
    ]  # fmt: skip
    # fmt: off
    expected = [
        # 01-31: 006O2 in Prospecting (Negotiation only from 02-10): 5000 EUR x 1.10 = 5500;
        # x 0.1 = 550 (x 10 = 55000 had the 0-100 probability not been divided).
        ("2024-01-31", "005R2", "new_business", "prospecting", 0.1, 1, 1, 5500, 550),
        # 02-29: 006O5 (Add-On) in Prospecting 1000 x 0.1 = 100; 006O2 Negotiation 5500 x 0.75.
        ("2024-02-29", "005R2", "cross_sell", "prospecting", 0.1, 1, 1, 1000, 100),
        ("2024-02-29", "005R2", "new_business", "negotiation", 0.75, 1, 1, 5500, 4125),
        # 03-31: 006O3 Proposal 8000 x 0.5 = 4000; 006O2 still 4125; 006O9 without amount: 0.
        # 006O5 lost 03-20, 006O4 won, 006O6 / 006O7 rejected, 006O8 deleted.
        ("2024-03-31", "005R1", "new_business", "proposal", 0.5, 1, 1, 8000, 4000),
        ("2024-03-31", "005R2", "new_business", "negotiation", 0.75, 1, 1, 5500, 4125),
        ("2024-03-31", "005R2", "new_business", "prospecting", 0.1, 1, 0, 0, 0),
    ]
    # fmt: on
    rows = query(
        golden,
        f"select {', '.join(columns)} from marts.kpi_pipeline_value "
        "order by as_of_date, owner_id, deal_type, stage",
    )
    assert compare_rows(rows, columns, expected, label_width=4) == []


MRR_COLUMNS = [
    "month", "opening_mrr", "fx_effect", "new_mrr", "new_mrr_inbound", "new_mrr_unattributed",
    "contraction_mrr", "churned_mrr", "closing_mrr", "mrr_inbound", "mrr_unattributed", "arr",
    "customers_active", "customers_active_at_start", "customers_new", "customers_churned",
    "customers_contracted", "retention_base_mrr", "net_retained_mrr", "gross_retained_mrr",
    "net_revenue_retention", "is_as_of_month",
]  # fmt: skip

# fmt: off
EXPECTED_MRR = [
    # January: cus_A1 new 5 x 1200 / 12 = 500 (inbound). ARR 12 x 500 = 6000.
    ("2024-01-01", 0, 0, 500, 500, 0, 0, 0, 500, 500, 0, 6000,
     1, 0, 1, 0, 0, 0, 0, 0, None, False),
    # February: cus_A1 500 -> 400 (20% coupon from 02-15): contraction -100; new cus_A2 210
    # (30000 JPY x 0.007) + cus_X 300 = 510 unattributed. 500 + 510 - 100 = 910 = 400 + 210 + 300.
    # ARR 10920. Retention base 500; net = gross = 400; NRR 400 / 500 = 0.8.
    ("2024-02-01", 500, 0, 510, 0, 510, -100, 0, 910, 400, 510, 10920,
     3, 1, 2, 0, 1, 500, 400, 400, 0.8, False),
    # March: cus_X churns -300 (ended 03-05); new cus_A3 130 EUR x 1.10 = 143.
    # 910 + 143 - 300 = 753 = 400 + 210 + 143; unattributed 210 + 143 = 353. ARR 9036.
    # Base 910; net = gross = 910 - 300 = 610; NRR 610 / 910.
    ("2024-03-01", 910, 0, 143, 0, 143, 0, -300, 753, 400, 353, 9036,
     3, 3, 1, 1, 0, 910, 610, 610, 610 / 910, True),
]
# fmt: on


def test_mrr_from_stripe(golden):
    rows = query(golden, f"select {', '.join(MRR_COLUMNS)} from marts.kpi_mrr order by month")
    assert compare_rows(rows, MRR_COLUMNS, EXPECTED_MRR, label_width=1) == []


def test_reps_from_salesforce_users_and_roles(golden):
    # Hana has reports and no manager: head; team = role name; the integration user has no
    # role ('no role'); Rita is inactive: left on her last activity, 006O5 lost and 006O9
    # created on 2024-03-20.
    rows = query(
        golden,
        "select user_id, role, manager_id, team, hired_on, left_on "
        "from staging.stg_crm__users order by user_id",
    )
    columns = ["user_id", "role", "manager_id", "team", "hired_on", "left_on"]
    expected = [
        ("005H", "head", None, "Sales Leadership", "2023-01-02", None),
        ("005I", "rep", None, "no role", "2023-01-01", None),
        ("005R1", "rep", "005H", "SMB Team", "2023-03-01", None),
        ("005R2", "rep", "005H", "SMB Team", "2023-06-01", "2024-03-20"),
    ]
    assert compare_rows(rows, columns, expected, label_width=1) == []


def test_calls_from_salesforce_tasks(golden):
    # Status from the disposition, else answered when the duration is > 0; talk time 0 unless
    # answered; who_id / what_id resolved to a lead, an opportunity or an account.
    rows = query(
        golden,
        "select call_id, direction, status, lead_id, deal_id, account_id, talk_seconds "
        "from links_checked.linked_telephony__calls order by call_id",
    )
    columns = ["call_id", "direction", "status", "lead_id", "deal_id", "account_id", "talk_seconds"]
    expected = [
        ("00T1", "outbound", "answered", "00QL3", None, None, 180),
        ("00T2", "outbound", "no_answer", "00QL4", None, None, 0),
        ("00T3", "inbound", "answered", None, "006O2", None, 240),
        ("00T4", "outbound", "voicemail", None, None, None, 0),  # lead 00QL5 rejected: dropped
        ("00T7", "inbound", "answered", "00QL8", None, "001A3", 90),
    ]
    assert compare_rows(rows, columns, expected, label_width=1) == []


def test_leads_channels_and_conversion_dates(golden):
    # Web / Partner / Referral -> inbound; Cold Call / Purchased List -> outbound. 00QL2 was
    # converted on the day it was created: converted at its creation time, not at midnight
    # before it. Deleted 00QL7 is kept (flagged), 00QL5 rejected.
    rows = query(
        golden,
        "select lead_id, channel, source, status, cast(converted_at as varchar) as converted_at, "
        "account_id, is_deleted from links_checked.linked_crm__leads order by lead_id",
    )
    columns = ["lead_id", "channel", "source", "status", "converted_at", "account_id", "is_deleted"]
    expected = [
        ("00QL1", "inbound", "web", "converted", "2024-01-10 00:00:00", "001A1", False),
        ("00QL2", "outbound", "cold_call", "converted", "2024-01-05 10:00:00", "001A2", False),
        ("00QL3", "inbound", "partner", "working", None, None, False),
        ("00QL4", "outbound", "purchased_list", "new", None, None, False),
        ("00QL6", "inbound", "web", "disqualified", None, None, False),
        ("00QL7", "inbound", "web", "new", None, None, True),
        ("00QL8", "inbound", "referral", "converted", "2024-03-05 09:00:00", "001A3", False),
    ]
    assert compare_rows(rows, columns, expected, label_width=1) == []
