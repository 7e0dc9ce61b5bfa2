"""Golden tests of the amoCRM and Bitrix24 adapters: two small Russian sales teams as they export
from their CRM, built through the adapters. Every expected number is worked out by hand below.
Both builds: as_of_date 2024-03-31, month ends 2024-01-31, 2024-02-29, 2024-03-31; billing is
the contract (empty files beside the exports) with the exchange rates in billing__fx_rates.

amoCRM (fixtures/amocrm_golden: API v4 export, UTF-8, timestamps in unix seconds; crm_system and
telephony_system amocrm). 1 RUB = 0.01 USD. stage_probabilities: 30001 -> 0.1, 30002 -> 0.5,
30003 -> 0.8 (30011 not set: 0).
- Statuses: pipeline 5001 (30001 Первичный контакт, 30002 Переговоры, 30003 Принимают
  решение, 142, 143) and 5002 (30011 Повторная продажа, 142, 143): 8 rows, 142 / 143 once each:
  6 stages.
- Leads (amoCRM's deals): 10001 won 120000 RUB (7001, contact 8001, utm yandex); 10002 300000
  in 30002 since 02-10 (30001 from 01-11); 10003 lost ('Дорого', loss reason 1) on 03-01, in
  30002 from 02-05, 50000; 10004 80000 in 30011 (pipeline 5002, no events), contact 8004 from
  utm 'Холодный звонок' (outbound); 10005 price 'сто тысяч' (rejected: unparseable amount);
  10006 status 77777 is no status of the account (rejected: unknown stage); 10007 40000 in
  30003 since 03-10, contact 8005 who is not in the contacts table; 10008 deleted.
- Events: 9, of which 7 lead_status_changed (incoming_call, common_note_added are not).
- Contacts: 8001, 8002, 8003 (no deal: a new lead), 8004; 8005 comes from deal 10007: 5 leads.
- Notes: 8, of which 7 calls (n6 is a text note); n8 has call_status 9 (rejected).
- Users: 7001, 7002 (Отдел продаж), 7003 Администратор (no group, inactive, appears nowhere).

amoCRM with incoming requests (fixtures/amocrm_unsorted_golden: amocrm__unsorted landed, so the
requests are the leads; same settings as above). Deals: 20001 won 100000 (created 01-10 09:00,
won 01-31), 20002 open 50000 (02-12 09:00), 20003 deleted (a declined request's deal), 20004
open, made by a rep without a request. Requests: u-1 (forms, its deal 20001), u-2 (sip, 20002),
u-3 (chats, 20003: declined), u-4 (mail, source 'Холодная рассылка', no deal yet: waiting), u-5
created 'вчера' (rejected: unparseable created_at).

Bitrix24 (fixtures/bitrix24_golden: an Excel-made export read with raw_csv_dialect ru:
Windows-1251, semicolons, decimal comma, DD.MM.YYYY dates). 1 RUB = 0.01 USD, 1 EUR = 1.10 USD.
stage_probabilities: NEW 0.1, PREPARATION 0.4, EXECUTING 0.7.
- Departments: 1 Руководство (head Ольга, user 1), 3 Отдел продаж (parent 1, head Пётр, 2).
  Users: 1 head; 2 manager (heads department 3, reports to the head of its parent); 3 Сергей and
  4 Анна (UF_DEPARTMENT [3,5]: the first one counts; no DATE_REGISTER) reps under 2; 5 a robot
  without a department, inactive.
- Stages: 8 crm.status.list rows, 3 of them lead statuses (ENTITY_ID STATUS): 5 deal stages.
- Deals: 201 won 150000,00 RUB (NEW 01-12, PREPARATION 01-20, WON 02-05); 202 1000,00 EUR open
  (NEW 01-21, NEW again 01-25: collapses, EXECUTING 02-15); 203 30000,50 RUB lost 03-02
  (TYPE_ID SERVICE: renewal); 204 no amount, NEW since 03-10 (no history); 205 '12 000' (a space:
  not a decimal under ru, rejected); 206 in C1:NEW, a stage of a category not exported
  (rejected: unknown stage).
- Leads: 101 converted (DATE_CLOSED 01-12), 102 converted (no DATE_CLOSED: its deal 202's
  creation), 103 COLD_CALL working (outbound), 104 JUNK (disqualified), 105 NEW, 106 created
  31.02.2024 (rejected: unparseable created_at).
- Calls: 9; c8's duration 'две минуты' rejected; c9's lead 106 was rejected: link dropped.
"""

from __future__ import annotations

import pytest

from python_tests.dbt_runner import FIXTURES_DIR, query, run_dbt
from python_tests.golden import compare_rows

AMOCRM = "amocrm_golden"
AMOCRM_VARIABLES = {
    "crm_system": "amocrm",
    "telephony_system": "amocrm",
    "as_of_date": "2024-03-31",
    "stage_probabilities": {"30001": 0.1, "30002": 0.5, "30003": 0.8},
}
BITRIX24 = "bitrix24_golden"
BITRIX24_VARIABLES = {
    "crm_system": "bitrix24",
    "telephony_system": "bitrix24",
    "raw_csv_dialect": "ru",
    "as_of_date": "2024-03-31",
    "stage_probabilities": {"NEW": 0.1, "PREPARATION": 0.4, "EXECUTING": 0.7},
}
AMOCRM_UNSORTED = "amocrm_unsorted_golden"
AMOCRM_UNSORTED_VARIABLES = {
    **AMOCRM_VARIABLES,
    "stage_probabilities": {"30001": 0.1, "30002": 0.5},
}
DBT_BUILDS = [
    (AMOCRM, AMOCRM_VARIABLES),
    (BITRIX24, BITRIX24_VARIABLES),
    (AMOCRM_UNSORTED, AMOCRM_UNSORTED_VARIABLES),
]

ROW_COUNT_COLUMNS = ["source_table", "rows_in", "rows_used", "rows_rejected", "links_dropped"]
PIPELINE_COLUMNS = [
    "as_of_date", "owner_id", "deal_type", "stage", "stage_probability", "open_deals",
    "open_deals_with_amount", "pipeline_value", "weighted_pipeline_value",
]  # fmt: skip
PIPELINE_SQL = (
    f"select {', '.join(PIPELINE_COLUMNS)} from marts.kpi_pipeline_value "
    "order by as_of_date, owner_id, deal_type, stage"
)


@pytest.fixture(scope="module")
def amocrm(fixture_build):
    workdir, run = fixture_build(AMOCRM, AMOCRM_VARIABLES)
    assert run.ok, run.output[-5000:]
    return workdir


@pytest.fixture(scope="module")
def bitrix24(fixture_build):
    workdir, run = fixture_build(BITRIX24, BITRIX24_VARIABLES)
    assert run.ok, run.output[-5000:]
    return workdir


# --- amoCRM -------------------------------------------------------------------------------


def test_amocrm_unit_tests_pass(amocrm):
    # The adapters are disabled under the default settings, where the project's unit tests run
    # (test_dbt_unit_tests.py): their unit tests run here, on the fixture build (which built
    # the base models they read).
    run = run_dbt(
        ["test", "--select", "test_type:unit,path:models/adapters/amocrm"],
        amocrm,
        FIXTURES_DIR / AMOCRM,
        AMOCRM_VARIABLES,
    )
    assert run.ok, run.output[-5000:]
    assert "6 unit tests" in run.output and "ERROR=0" in run.output


def test_amocrm_every_row_is_counted_under_its_contract_table(amocrm):
    # fmt: off
    expected = [
        ("billing__customers", 0, 0, 0, 0),
        ("billing__fx_rates", 1, 1, 0, 0),
        ("billing__invoices", 0, 0, 0, 0),
        ("billing__plans", 0, 0, 0, 0),
        ("billing__subscription_items", 0, 0, 0, 0),
        ("billing__subscriptions", 0, 0, 0, 0),
        ("crm__accounts", 2, 2, 0, 0),                 # 2 companies
        ("crm__deal_stage_history", 7, 7, 0, 0),       # 7 lead_status_changed of 9 events
        ("crm__deals", 8, 6, 2, 0),                    # 10005, 10006
        ("crm__leads", 5, 5, 0, 0),                    # 4 contacts + 8005 named by a deal
        ("crm__pipeline_stages", 6, 6, 0, 0),          # 8 statuses, 142 / 143 repeated
        ("crm__products", 0, 0, 0, 0),                 # amoCRM has none
        ("crm__quotas", 0, 0, 0, 0),
        ("crm__users", 3, 3, 0, 0),
        ("market__competitor_prices", 0, 0, 0, 0),
        ("telephony__call_scores", 0, 0, 0, 0),
        ("telephony__calls", 7, 6, 1, 0),              # 7 call notes of 8; n8
    ]
    # fmt: on
    rows = query(
        amocrm, f"select {', '.join(ROW_COUNT_COLUMNS)} from data_quality.dq_row_counts order by 1"
    )
    assert compare_rows(rows, ROW_COUNT_COLUMNS, expected, label_width=1) == []


def test_amocrm_bad_rows_reach_the_ledger_with_a_reason(amocrm):
    rows = query(
        amocrm,
        "select source_table, record_key, reason from data_quality.dq_rejected_rows order by 1, 2",
    )
    assert [tuple(r.values()) for r in rows] == [
        ("crm__deals", "10005", "unparseable amount"),
        ("crm__deals", "10006", "unknown stage"),
        ("telephony__calls", "n8", "unknown status"),
    ]


def test_amocrm_statuses_142_won_143_lost(amocrm):
    columns = ["stage", "stage_order", "probability", "is_closed", "is_won"]
    rows = query(
        amocrm,
        f"select {', '.join(columns)} from staging.stg_crm__pipeline_stages order by stage_order, stage",
    )
    expected = [
        ("30001", 10, 0.1, False, False),
        ("30011", 10, 0.0, False, False),  # not in stage_probabilities
        ("30002", 20, 0.5, False, False),
        ("30003", 30, 0.8, False, False),
        ("142", 10000, 1.0, True, True),
        ("143", 11000, 0.0, True, False),
    ]
    assert compare_rows(rows, columns, expected, label_width=1) == []


FINDINGS_SQL = (
    "select source_table, column_name, finding from data_quality.dq_schema_findings "
    "where source_table = 'crm__pipeline_stages' order by 1, 2, 3"
)


def test_amocrm_open_stage_without_probability_is_a_schema_finding(amocrm):
    # stage_probabilities names 30001, 30002, 30003; 30011 (open, pipeline 5002) is not in it:
    # probability 0, one finding. 142 / 143 are closed: never a finding.
    rows = query(amocrm, FINDINGS_SQL)
    assert [tuple(r.values()) for r in rows] == [
        (
            "crm__pipeline_stages",
            "probability",
            "open stage 30011 not in stage_probabilities: probability 0, weighted pipeline 0",
        )
    ]


def test_amocrm_weighted_pipeline(amocrm):
    # fmt: off
    expected = [
        # 01-31: 10002 in 30001 (30002 only from 02-10): 300000 RUB x 0.01 = 3000; x 0.1 = 300.
        # 10001 was won on 01-25.
        ("2024-01-31", "7002", "new_business", "30001", 0.1, 1, 1, 3000, 300),
        # 02-29: 10003 in 30002 since 02-05: 50000 x 0.01 = 500, x 0.5 = 250; 10002 in 30002:
        # 3000 x 0.5 = 1500; 10004 (no events: its current status 30011) 800 x 0 = 0.
        ("2024-02-29", "7001", "new_business", "30002", 0.5, 1, 1, 500, 250),
        ("2024-02-29", "7002", "new_business", "30002", 0.5, 1, 1, 3000, 1500),
        ("2024-02-29", "7002", "new_business", "30011", 0.0, 1, 1, 800, 0),
        # 03-31: 10003 lost 03-01; 10007 (30003) 40000 x 0.01 = 400, x 0.8 = 320; 10008 deleted.
        ("2024-03-31", "7001", "new_business", "30003", 0.8, 1, 1, 400, 320),
        ("2024-03-31", "7002", "new_business", "30002", 0.5, 1, 1, 3000, 1500),
        ("2024-03-31", "7002", "new_business", "30011", 0.0, 1, 1, 800, 0),
    ]
    # fmt: on
    rows = query(amocrm, PIPELINE_SQL)
    assert compare_rows(rows, PIPELINE_COLUMNS, expected, label_width=4) == []


def test_amocrm_deals_unix_seconds_and_loss_reasons(amocrm):
    columns = ["deal_id", "lead_id", "stage", "amount", "currency", "created_at", "closed_at", "lost_reason", "is_deleted"]  # fmt: skip
    rows = query(
        amocrm,
        "select deal_id, lead_id, stage, amount, currency, cast(created_at as varchar) as created_at, "
        "cast(closed_at as varchar) as closed_at, lost_reason, is_deleted "
        "from links_checked.linked_crm__deals order by deal_id",
    )
    # fmt: off
    expected = [
        # 1704531600 = 2024-01-06 09:00:00 UTC; 1706184000 = 2024-01-25 12:00:00.
        ("10001", "8001", "142", 120000, "RUB", "2024-01-06 09:00:00", "2024-01-25 12:00:00", None, False),
        ("10002", "8002", "30002", 300000, "RUB", "2024-01-11 09:00:00", None, None, False),
        # loss_reason_id 1 = 'Дорого', lower-cased; 1709283600 = 2024-03-01 09:00:00.
        ("10003", "8001", "143", 50000, "RUB", "2024-02-05 09:00:00", "2024-03-01 09:00:00", "дорого", False),
        ("10004", "8004", "30011", 80000, "RUB", "2024-02-16 09:00:00", None, None, False),
        ("10007", "8005", "30003", 40000, "RUB", "2024-03-10 09:00:00", None, None, False),
        ("10008", None, "30001", 10000, "RUB", "2024-03-12 09:00:00", None, None, True),
    ]
    # fmt: on
    assert compare_rows(rows, columns, expected, label_width=1) == []


def test_amocrm_contacts_are_leads(amocrm):
    columns = ["lead_id", "created_at", "channel", "source", "owner_id", "status", "converted_at", "account_id"]  # fmt: skip
    rows = query(
        amocrm,
        "select lead_id, cast(created_at as varchar) as created_at, channel, source, owner_id, status, "
        "cast(converted_at as varchar) as converted_at, account_id from links_checked.linked_crm__leads order by 1",
    )
    # fmt: off
    expected = [
        # converted at the first deal's creation (10001, not 10003); utm yandex: not mapped, inbound
        ("8001", "2024-01-05 10:00:00", "inbound", "yandex", "7001", "converted", "2024-01-06 09:00:00", "9001"),
        ("8002", "2024-01-10 10:00:00", "inbound", "google", "7002", "converted", "2024-01-11 09:00:00", "9002"),
        ("8003", "2024-02-01 10:00:00", "inbound", "unknown", "7001", "new", None, None),
        # 'Холодный звонок' is in amocrm_source_channels' defaults: outbound
        ("8004", "2024-02-15 10:00:00", "outbound", "холодный_звонок", "7002", "converted", "2024-02-16 09:00:00", None),
        # not in the contacts table: created with its first deal (10007), owned by its owner
        ("8005", "2024-03-10 09:00:00", "inbound", "partner", "7001", "converted", "2024-03-10 09:00:00", None),
    ]
    # fmt: on
    assert compare_rows(rows, columns, expected, label_width=1) == []


def test_amocrm_users_from_first_and_last_appearance(amocrm):
    rows = query(
        amocrm,
        "select user_id, role, manager_id, team, cast(hired_on as varchar) as hired_on, "
        "cast(left_on as varchar) as left_on from staging.stg_crm__users order by 1",
    )
    columns = ["user_id", "role", "manager_id", "team", "hired_on", "left_on"]
    expected = [
        # first appearance: contact 8001 created 2024-01-05 10:00 (call n1 at 11:00, deal 01-06)
        ("7001", "rep", None, "Отдел продаж", "2024-01-05", None),
        # contact 8002 created 2024-01-10 (deal 10002 01-11, call n2 01-12)
        ("7002", "rep", None, "Отдел продаж", "2024-01-10", None),
        # appears nowhere: the first day of the data (2024-01-05); inactive: left the same day
        ("7003", "rep", None, "no group", "2024-01-05", "2024-01-05"),
    ]
    assert compare_rows(rows, columns, expected, label_width=1) == []


def test_amocrm_call_notes(amocrm):
    rows = query(
        amocrm,
        "select call_id, direction, status, user_id, lead_id, deal_id, account_id, talk_seconds "
        "from links_checked.linked_telephony__calls order by call_id",
    )
    columns = ["call_id", "direction", "status", "user_id", "lead_id", "deal_id", "account_id", "talk_seconds"]  # fmt: skip
    # fmt: off
    expected = [
        ("n1", "outbound", "answered", "7001", "8001", None, None, 300),    # status 4, contact
        ("n2", "outbound", "no_answer", "7002", None, "10002", None, 0),    # 6, a lead = a deal
        ("n3", "inbound", "answered", "7002", None, None, "9002", 120),     # 4, a company
        ("n4", "outbound", "busy", "7002", "8004", None, None, 0),          # 7
        ("n5", "outbound", "voicemail", "7002", None, "10004", None, 0),    # 1: 45 s, not talk
        ("n7", "inbound", "answered", "7001", None, "10001", None, 90),     # no status, 90 s
    ]
    # fmt: on
    assert compare_rows(rows, columns, expected, label_width=1) == []


# --- amoCRM with incoming requests (amocrm__unsorted) ---------------------------------------


@pytest.fixture(scope="module")
def amocrm_unsorted(fixture_build):
    workdir, run = fixture_build(AMOCRM_UNSORTED, AMOCRM_UNSORTED_VARIABLES)
    assert run.ok, run.output[-5000:]
    return workdir


def test_amocrm_unsorted_rows_are_counted_as_leads(amocrm_unsorted):
    counts = query(
        amocrm_unsorted,
        f"select {', '.join(ROW_COUNT_COLUMNS)} from data_quality.dq_row_counts "
        "where source_table in ('crm__leads', 'crm__deals') order by 1",
    )
    # fmt: off
    expected = [
        ("crm__deals", 4, 4, 0, 0),
        ("crm__leads", 5, 4, 1, 0),  # the 5 requests (not the 3 contacts); u-5
    ]
    # fmt: on
    assert compare_rows(counts, ROW_COUNT_COLUMNS, expected, label_width=1) == []
    rejected = query(
        amocrm_unsorted,
        "select source_table, record_key, reason from data_quality.dq_rejected_rows order by 1, 2",
    )
    assert [tuple(r.values()) for r in rejected] == [
        ("crm__leads", "u-5", "unparseable created_at"),
    ]


def test_amocrm_requests_are_leads_accepted_declined_waiting(amocrm_unsorted):
    columns = ["lead_id", "created_at", "channel", "source", "owner_id", "status", "disqualified_reason", "converted_at", "account_id"]  # fmt: skip
    rows = query(
        amocrm_unsorted,
        "select lead_id, cast(created_at as varchar) as created_at, channel, source, owner_id, "
        "status, disqualified_reason, cast(converted_at as varchar) as converted_at, account_id "
        "from links_checked.linked_crm__leads order by 1",
    )
    # fmt: off
    expected = [
        # 1704875400 = 2024-01-10 08:30 UTC; accepted: deal 20001 (created 1704877200 = 09:00)
        # exists: converted at its creation; owner and company (9101) from the deal.
        ("u-1", "2024-01-10 08:30:00", "inbound", "forms", "7001", "converted", None, "2024-01-10 09:00:00", "9101"),
        # 1707728100 = 02-12 08:55; deal 20002 created 1707728400 = 09:00.
        ("u-2", "2024-02-12 08:55:00", "inbound", "sip", "7002", "converted", None, "2024-02-12 09:00:00", None),
        # 1708419000 = 02-20 08:50; its deal 20003 is deleted: declined.
        ("u-3", "2024-02-20 08:50:00", "inbound", "chats", "7001", "disqualified", "declined", None, None),
        # 1710928800 = 03-20 10:00; no deal: still waiting; 'Холодная рассылка' is outbound in
        # amocrm_source_channels' defaults; owner from its responsible_user_id.
        ("u-4", "2024-03-20 10:00:00", "outbound", "mail", "7002", "new", None, None, None),
    ]
    # fmt: on
    assert compare_rows(rows, columns, expected, label_width=1) == []


def test_amocrm_deals_link_to_the_request_they_came_from(amocrm_unsorted):
    rows = query(
        amocrm_unsorted,
        "select deal_id, lead_id from links_checked.linked_crm__deals order by 1",
    )
    assert [tuple(r.values()) for r in rows] == [
        ("20001", "u-1"),
        ("20002", "u-2"),
        ("20003", "u-3"),
        ("20004", None),  # made by a rep without a request: no lead (not its contact 8104)
    ]


def test_amocrm_requests_conversion(amocrm_unsorted):
    columns = ["cohort_month", "channel", "source", "owner_id", "leads_total", "leads_valid", "leads_converted_to_date"]  # fmt: skip
    rows = query(
        amocrm_unsorted,
        f"select {', '.join(columns)} from marts.kpi_conversion_rate "
        "order by cohort_month, channel, source, owner_id",
    )
    # fmt: off
    expected = [
        ("2024-01-01", "inbound", "forms", "7001", 1, 1, 1),   # u-1: its deal 20001 won 01-31
        ("2024-02-01", "inbound", "chats", "7001", 1, 1, 0),   # u-3: declined is a valid lead
        ("2024-02-01", "inbound", "sip", "7002", 1, 1, 0),     # u-2: 20002 still open
        ("2024-03-01", "outbound", "mail", "7002", 1, 1, 0),   # u-4: waiting
    ]
    # fmt: on
    assert compare_rows(rows, columns, expected, label_width=4) == []


# --- Bitrix24 -----------------------------------------------------------------------------


def test_bitrix24_unit_tests_pass(bitrix24):
    run = run_dbt(
        ["test", "--select", "test_type:unit,path:models/adapters/bitrix24"],
        bitrix24,
        FIXTURES_DIR / BITRIX24,
        BITRIX24_VARIABLES,
    )
    assert run.ok, run.output[-5000:]
    assert "6 unit tests" in run.output and "ERROR=0" in run.output


def test_bitrix24_every_row_is_counted_under_its_contract_table(bitrix24):
    # fmt: off
    expected = [
        ("billing__customers", 0, 0, 0, 0),
        ("billing__fx_rates", 2, 2, 0, 0),
        ("billing__invoices", 0, 0, 0, 0),
        ("billing__plans", 0, 0, 0, 0),
        ("billing__subscription_items", 0, 0, 0, 0),
        ("billing__subscriptions", 0, 0, 0, 0),
        ("crm__accounts", 2, 2, 0, 0),
        ("crm__deal_stage_history", 7, 7, 0, 0),       # 8 rows, 202's repeated NEW collapses
        ("crm__deals", 6, 4, 2, 0),                    # 205, 206
        ("crm__leads", 6, 5, 1, 0),                    # 106
        ("crm__pipeline_stages", 5, 5, 0, 0),          # 8 statuses, 3 are lead statuses
        ("crm__products", 0, 0, 0, 0),
        ("crm__quotas", 0, 0, 0, 0),
        ("crm__users", 5, 5, 0, 0),
        ("market__competitor_prices", 0, 0, 0, 0),
        ("telephony__call_scores", 0, 0, 0, 0),
        ("telephony__calls", 9, 8, 1, 1),              # c8 rejected; c9's lead 106 dropped
    ]
    # fmt: on
    rows = query(
        bitrix24,
        f"select {', '.join(ROW_COUNT_COLUMNS)} from data_quality.dq_row_counts order by 1",
    )
    assert compare_rows(rows, ROW_COUNT_COLUMNS, expected, label_width=1) == []


def test_bitrix24_bad_rows_reach_the_ledger_with_a_reason(bitrix24):
    rows = query(
        bitrix24,
        "select source_table, record_key, reason from data_quality.dq_rejected_rows order by 1, 2",
    )
    assert [tuple(r.values()) for r in rows] == [
        ("crm__deals", "205", "unparseable amount"),
        ("crm__deals", "206", "unknown stage"),
        ("crm__leads", "106", "unparseable created_at"),
        ("telephony__calls", "c8", "unparseable talk_seconds"),
    ]


def test_bitrix24_stage_semantics(bitrix24):
    columns = ["stage", "stage_order", "probability", "is_closed", "is_won"]
    rows = query(
        bitrix24,
        f"select {', '.join(columns)} from staging.stg_crm__pipeline_stages order by stage_order",
    )
    expected = [
        ("new", 10, 0.1, False, False),
        ("preparation", 20, 0.4, False, False),
        ("executing", 30, 0.7, False, False),
        ("won", 60, 1.0, True, True),  # SEMANTICS S
        ("lose", 70, 0.0, True, False),  # SEMANTICS F
    ]
    assert compare_rows(rows, columns, expected, label_width=1) == []


def test_bitrix24_every_open_stage_in_the_setting_gives_no_finding(bitrix24):
    # NEW, PREPARATION, EXECUTING are all in stage_probabilities; WON (S) and LOSE (F) are
    # closed: no finding.
    assert query(bitrix24, FINDINGS_SQL) == []


def test_bitrix24_weighted_pipeline_in_deal_currencies(bitrix24):
    # fmt: off
    expected = [
        # 01-31: 201 in PREPARATION since 01-20: 150000,00 RUB x 0.01 = 1500; x 0.4 = 600.
        ("2024-01-31", "3", "new_business", "preparation", 0.4, 1, 1, 1500, 600),
        # 202 in NEW (entered 01-21; the repeat on 01-25 collapsed): 1000 EUR x 1.10 = 1100; x 0.1.
        ("2024-01-31", "4", "new_business", "new", 0.1, 1, 1, 1100, 110),
        # 02-29: 201 won on 02-05; 202 in EXECUTING since 02-15: 1100 x 0.7 = 770.
        ("2024-02-29", "4", "new_business", "executing", 0.7, 1, 1, 1100, 770),
        # 03-31: 204 (no history: its current stage NEW) without an amount; 203 lost 03-02.
        ("2024-03-31", "3", "new_business", "new", 0.1, 1, 0, 0, 0),
        ("2024-03-31", "4", "new_business", "executing", 0.7, 1, 1, 1100, 770),
    ]
    # fmt: on
    rows = query(bitrix24, PIPELINE_SQL)
    assert compare_rows(rows, PIPELINE_COLUMNS, expected, label_width=4) == []


def test_bitrix24_deals_closed_flag_currency_and_type(bitrix24):
    columns = ["deal_id", "deal_type", "amount", "currency", "expected_close_on", "closed_at"]
    rows = query(
        bitrix24,
        "select deal_id, deal_type, amount, currency, cast(expected_close_on as varchar) as "
        "expected_close_on, cast(closed_at as varchar) as closed_at "
        "from links_checked.linked_crm__deals order by deal_id",
    )
    # fmt: off
    expected = [
        ("201", "new_business", 150000, "RUB", None, "2024-02-05 00:00:00"),    # CLOSED Y
        ("202", "new_business", 1000, "EUR", "2024-03-31", None),               # CLOSED N
        ("203", "renewal", 30000.50, "RUB", None, "2024-03-02 00:00:00"),       # SERVICE
        ("204", "new_business", None, "RUB", "2024-04-30", None),               # no TYPE_ID
    ]
    # fmt: on
    assert compare_rows(rows, columns, expected, label_width=1) == []


def test_bitrix24_users_from_departments(bitrix24):
    rows = query(
        bitrix24,
        "select user_id, role, manager_id, team, cast(hired_on as varchar) as hired_on, "
        "cast(left_on as varchar) as left_on from staging.stg_crm__users order by 1",
    )
    columns = ["user_id", "role", "manager_id", "team", "hired_on", "left_on"]
    expected = [
        ("1", "head", None, "Руководство", "2023-06-01", None),
        # heads department 3: reports to the head of its parent department 1
        ("2", "manager", "1", "Отдел продаж", "2023-09-01", None),
        ("3", "rep", "2", "Отдел продаж", "2024-01-15", None),
        # no DATE_REGISTER: first activity, lead 102 created 20.01.2024 09:00
        ("4", "rep", "2", "Отдел продаж", "2024-01-20", None),
        # inactive, never active: left on the first day of the data (lead 101, 10.01.2024)
        ("5", "rep", None, "no department", "2023-01-01", "2024-01-10"),
    ]
    assert compare_rows(rows, columns, expected, label_width=1) == []


def test_bitrix24_leads_semantics_and_channels(bitrix24):
    columns = ["lead_id", "channel", "source", "status", "disqualified_reason", "converted_at", "account_id"]  # fmt: skip
    rows = query(
        bitrix24,
        "select lead_id, channel, source, status, disqualified_reason, "
        "cast(converted_at as varchar) as converted_at, account_id "
        "from links_checked.linked_crm__leads order by 1",
    )
    # fmt: off
    expected = [
        ("101", "inbound", "web", "converted", None, "2024-01-12 10:00:00", "11"),
        # no DATE_CLOSED: converted when deal 202 was made from it; COMPANY_ID 0: the deal's
        ("102", "inbound", "call", "converted", None, "2024-01-21 09:00:00", "12"),
        ("103", "outbound", "cold_call", "working", None, None, None),
        ("104", "inbound", "web", "disqualified", "junk", None, None),
        ("105", "inbound", "advertising", "new", None, None, None),
    ]
    # fmt: on
    assert compare_rows(rows, columns, expected, label_width=1) == []


def test_bitrix24_voximplant_calls(bitrix24):
    rows = query(
        bitrix24,
        "select call_id, direction, status, user_id, lead_id, deal_id, account_id, wait_seconds, "
        "talk_seconds from links_checked.linked_telephony__calls order by call_id",
    )
    columns = ["call_id", "direction", "status", "user_id", "lead_id", "deal_id", "account_id", "wait_seconds", "talk_seconds"]  # fmt: skip
    # fmt: off
    expected = [
        ("c1", "outbound", "answered", "3", "101", None, None, None, 240),    # type 1, code 200
        ("c2", "inbound", "answered", "4", "102", None, None, None, 95),      # type 2
        ("c3", "inbound", "no_answer", "4", None, "202", None, None, 0),      # 304: missed
        ("c4", "outbound", "busy", "3", "103", None, None, None, 0),          # 486
        ("c5", "inbound", "answered", "3", None, None, "11", None, 60),       # type 3: redirect
        ("c6", "outbound", "no_answer", "4", None, None, None, None, 0),      # callback, 603; CONTACT
        ("c7", "outbound", "failed", "3", None, "204", None, None, 0),        # 503
        ("c9", "outbound", "answered", "3", None, None, None, None, 45),      # lead 106 dropped
    ]
    # fmt: on
    assert compare_rows(rows, columns, expected, label_width=1) == []
