"""Golden test of the HubSpot adapter: a small company as Fivetran lands it from HubSpot (CRM and
call engagements), fixtures/hubspot_golden, built through the adapter (crm_system: hubspot,
telephony_system: hubspot; billing from empty contract files beside it). Every expected number
is worked out by hand below. The HubSpot adapter's dbt unit tests run here too, on
this build's warehouse: the seeds build has no adapter enabled.

as_of_date 2024-03-31: month ends 2024-01-31, 2024-02-29, 2024-03-31. All deals in USD (no
deal currency: hubspot_currency, default USD).

HubSpot (pipeline `default`; probabilities already 0-1, stages without is_closed: closed_won
marks won, probability 0 lost):
- Stages: appointmentscheduled 0.2, qualifiedtobuy 0.4, presentationscheduled 0.6,
  contractsent 0.9, closedwon 1.0 (won), closedlost 0.0 (closed, lost).
- Owners: 101 Olga (team Inbound), 102 Pavel (Outbound), 103 Nina (Outbound, inactive).
- Deals: 401 Olga newbusiness won 12000 on 01-25 16:00 (contact 301, created 01-03); 402 Olga
  8000 open, appointmentscheduled 01-18, contractsent from 02-14; 403 Pavel existingbusiness
  (-> upsell) 5000, qualifiedtobuy 02-02, lost 03-15 14:00 'Chose competitor'; 404 Olga empty
  dealtype (-> new_business) 3000, created 03-05, won 03-20 15:00 (contact 307, created 03-02);
  405 amount 'n/a' (rejected); 406 dealtype 'partnership' (rejected); 407 deleted; 408 Pavel
  6000 appointmentscheduled since 03-25.
- Stage history from deal_property_history (no deal_stage table): 15 rows, 2 of them amount
  changes (not stage entries): 13 stage entries; those of the rejected 405 and 406 are
  rejected as 'unknown deal_id'.
- Contacts (leads): 8; 306's source AI_REFERRALS is not a HubSpot source the settings map:
  channel 'ai_referrals' (rejected: unknown channel).
- Calls: 9 engagements, 8 of them calls (509 is an e-mail); 506's duration '2:05' rejected.
- Products: 601 Sales Hub Starter and 602 Sales Hub Professional (family sales_hub), 603
  Onboarding (no family: its name). Line items (deal from line_item_deal, 708 from its own
  deal_id column): 401 has 701 (602, 10000) and 702 (603, 2000); 402 has 703 (601, no amount:
  1000 x 3) and 704 (603, 3000); 403 has 707 (no product); 404 has 705 (602, deleted) and 706
  (601, 3000); 408 has 708 (603, 6000).
"""

from __future__ import annotations

import pytest

from python_tests.dbt_runner import query, run_dbt
from python_tests.golden import compare_rows

FIXTURE = "hubspot_golden"
VARIABLES = {
    "crm_system": "hubspot",
    "telephony_system": "hubspot",
    "as_of_date": "2024-03-31",
}
DBT_BUILDS = [(FIXTURE, VARIABLES)]


@pytest.fixture(scope="module")
def golden(fixture_build):
    workdir, run = fixture_build(FIXTURE, VARIABLES)
    assert run.ok, run.output[-5000:]
    return workdir


def test_adapter_unit_tests_pass(golden):
    # dbt unit tests read no data, but need the models they feed from built: they run here,
    # on this build's warehouse (the seeds build has no adapter enabled).
    run = run_dbt(
        ["test", "--select", "test_type:unit,path:models/adapters/hubspot"],
        golden,
        variables={**VARIABLES, "raw_data_dir": "raw"},
    )
    assert run.ok, run.output[-5000:]
    assert "hubspot_call_duration_ms_outcome_status_and_links" in run.output
    assert "8 unit tests" in run.output, run.output[-3000:]


def test_every_landed_row_is_counted_under_its_contract_table(golden):
    columns = ["source_table", "rows_in", "rows_used", "rows_rejected", "links_dropped"]
    # fmt: off
    expected = [
        ("billing__customers", 0, 0, 0, 0),
        ("billing__fx_rates", 1, 1, 0, 0),
        ("billing__invoices", 0, 0, 0, 0),
        ("billing__plans", 0, 0, 0, 0),
        ("billing__subscription_items", 0, 0, 0, 0),
        ("billing__subscriptions", 0, 0, 0, 0),
        ("crm__accounts", 3, 3, 0, 0),
        ("crm__deal_stage_history", 13, 11, 2, 0),     # 15 history rows, 2 amount changes
        ("crm__deals", 8, 6, 2, 0),                    # 405, 406
        ("crm__leads", 8, 7, 1, 0),                    # 306
        ("crm__pipeline_stages", 6, 6, 0, 0),
        ("crm__products", 3, 3, 0, 0),                 # 601, 602, 603 (CRM products win)
        ("crm__quotas", 0, 0, 0, 0),                   # HubSpot has no quotas
        ("crm__users", 3, 3, 0, 0),
        ("market__competitor_prices", 0, 0, 0, 0),
        ("telephony__call_scores", 0, 0, 0, 0),        # HubSpot has no call scores
        ("telephony__calls", 8, 7, 1, 0),              # 506
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
        ("crm__deal_stage_history", "405|2024-03-10 10:00:00", "unknown deal_id"),
        ("crm__deal_stage_history", "406|2024-02-21 10:00:00", "unknown deal_id"),
        ("crm__deals", "405", "unparseable amount"),
        ("crm__deals", "406", "unknown deal_type"),
        ("crm__leads", "306", "unknown channel"),
        ("telephony__calls", "506", "unparseable talk_seconds"),
    ]


def test_weighted_pipeline(golden):
    columns = [
        "as_of_date", "owner_id", "deal_type", "stage", "stage_probability", "open_deals",
        "pipeline_value", "weighted_pipeline_value",
    ]  # fmt: skip
    # fmt: off
    expected = [
        # 01-31: 402 in appointmentscheduled (contractsent only from 02-14): 8000 x 0.2 = 1600.
        # 401 won on 01-25.
        ("2024-01-31", "101", "new_business", "appointmentscheduled", 0.2, 1, 8000, 1600),
        # 02-29: 402 contractsent 8000 x 0.9 = 7200; 403 qualifiedtobuy 5000 x 0.4 = 2000.
        ("2024-02-29", "101", "new_business", "contractsent", 0.9, 1, 8000, 7200),
        ("2024-02-29", "102", "upsell", "qualifiedtobuy", 0.4, 1, 5000, 2000),
        # 03-31: 402 still 7200; 408 appointmentscheduled 6000 x 0.2 = 1200. 403 lost 03-15,
        # 404 won 03-20, 405 / 406 rejected, 407 deleted.
        ("2024-03-31", "101", "new_business", "contractsent", 0.9, 1, 8000, 7200),
        ("2024-03-31", "102", "new_business", "appointmentscheduled", 0.2, 1, 6000, 1200),
    ]
    # fmt: on
    rows = query(
        golden,
        f"select {', '.join(columns)} from marts.kpi_pipeline_value "
        "order by as_of_date, owner_id, deal_type, stage",
    )
    assert compare_rows(rows, columns, expected, label_width=4) == []


def test_sales_cycle_and_win_rates(golden):
    columns = [
        "close_month", "owner_id", "deal_type", "deals_won", "deals_lost", "won_amount",
        "lost_amount", "cycle_days_won_total", "cycle_days_lost_total",
    ]  # fmt: skip
    # fmt: off
    expected = [
        # 401: from its contact's creation 01-03 10:00 to 01-25 16:00: 22 days.
        ("2024-01-01", "101", "new_business", 1, 0, 12000, 0, 22, 0),
        # 404: contact 307 created 03-02, won 03-20: 18 days.
        ("2024-03-01", "101", "new_business", 1, 0, 3000, 0, 18, 0),
        # 403: no contact; created 02-02, lost 03-15: 27 (rest of Feb 2024) + 15 = 42 days.
        ("2024-03-01", "102", "upsell", 0, 1, 0, 5000, 0, 42),
    ]
    # fmt: on
    rows = query(
        golden,
        f"select {', '.join(columns)} from marts.kpi_sales_cycle order by close_month, owner_id",
    )
    assert compare_rows(rows, columns, expected, label_width=3) == []


def test_owners_as_reps(golden):
    # No HR data in HubSpot: every owner a rep without manager; hired on the first date they
    # appear (101: company 201 created 2023-11-01; 102: company 202 2023-12-05; 103: contact
    # 306 2024-02-20); inactive 103 left on the last date: deal 406 created 2024-02-21.
    rows = query(
        golden,
        "select user_id, role, manager_id, team, hired_on, left_on "
        "from staging.stg_crm__users order by user_id",
    )
    columns = ["user_id", "role", "manager_id", "team", "hired_on", "left_on"]
    expected = [
        ("101", "rep", None, "Inbound", "2023-11-01", None),
        ("102", "rep", None, "Outbound", "2023-12-05", None),
        ("103", "rep", None, "Outbound", "2024-02-20", "2024-02-21"),
    ]
    assert compare_rows(rows, columns, expected, label_width=1) == []


def test_contacts_as_leads(golden):
    # ORGANIC_SEARCH / PAID_SEARCH / DIRECT_TRAFFIC / SOCIAL_MEDIA / REFERRALS inbound, OFFLINE
    # outbound; lifecycle customer -> converted at hs_lifecyclestage_customer_date,
    # salesqualifiedlead / opportunity -> qualified, marketingqualifiedlead -> working;
    # hs_lead_status NEW -> new, UNQUALIFIED -> disqualified ('No budget' -> no_budget).
    rows = query(
        golden,
        "select lead_id, channel, source, status, disqualified_reason, "
        "cast(converted_at as varchar) as converted_at from staging.stg_crm__leads order by 1",
    )
    columns = ["lead_id", "channel", "source", "status", "disqualified_reason", "converted_at"]
    expected = [
        ("301", "inbound", "organic_search", "converted", None, "2024-01-20 12:00:00"),
        ("302", "inbound", "paid_search", "qualified", None, None),
        ("303", "outbound", "offline", "new", None, None),
        ("304", "outbound", "offline", "disqualified", "no_budget", None),
        ("305", "inbound", "website", "working", None, None),
        ("307", "inbound", "social", "converted", None, "2024-03-12 12:00:00"),
        ("308", "inbound", "referral", "qualified", None, None),
    ]
    assert compare_rows(rows, columns, expected, label_width=1) == []


def test_call_activity_from_engagements(golden):
    # Durations in milliseconds: 501 185400 ms = 185 s (Connected), 503 62600 ms = 63 s
    # (COMPLETED without outcome, lasted: answered), 507 600000 ms = 600 s (Connected);
    # 505 Left voicemail: 0; 502 No answer, 504 Busy, 508 NO_ANSWER: 0.
    # Per month (calls, answered, talk seconds): January 501 + 505 = 2 calls, 1 answered, 185;
    # February 502 + 503 + 504 = 3, 1, 63; March 507 + 508 = 2, 1, 600 (506 rejected).
    rows = query(
        golden,
        "select call_month, sum(calls) as calls, sum(calls_answered) as answered, "
        "sum(talk_seconds_total) as talk, sum(calls_with_wait) as with_wait "
        "from marts.kpi_call_quality group by 1 order by 1",
    )
    columns = ["call_month", "calls", "answered", "talk", "with_wait"]
    expected = [
        ("2024-01-01", 2, 1, 185, 0),  # HubSpot records no wait time
        ("2024-02-01", 3, 1, 63, 0),
        ("2024-03-01", 2, 1, 600, 0),
    ]
    assert compare_rows(rows, columns, expected, label_width=1) == []


def test_products_and_each_deals_largest_line_item(golden):
    products = query(
        golden,
        "select product_id, product_name, product_family, tier_rank "
        "from marts.dim_products order by 1",
    )
    assert [tuple(r.values()) for r in products] == [
        ("601", "Sales Hub Starter", "sales_hub", 1),
        ("602", "Sales Hub Professional", "sales_hub", 1),
        # no family: its own name, lower-cased as staging does every family; HubSpot has no tier
        ("603", "Onboarding", "onboarding", 1),
    ]
    rows = query(
        golden, "select deal_id, product_id from links_checked.linked_crm__deals order by 1"
    )
    assert [tuple(r.values()) for r in rows] == [
        ("401", "602"),  # 701's 10000 > 702's 2000
        ("402", "601"),  # 703: 1000 x 3 = 3000 ties 704's 3000: the smaller product id 601
        ("403", None),  # its only line item 707 names no product
        ("404", "601"),  # 705 (602, 5000) is deleted: 706
        ("407", None),  # no line items
        ("408", "603"),  # 708, linked by its own deal_id column
    ]
