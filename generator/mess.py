"""Bad input, injected on purpose so that the data-quality ledger has something to catch.

Written only when the generator runs with mess on (the default; `--no-mess` turns it off).
Every injected row is listed here, with its key, so that tests can refer to it. The
ids of the generated rows they copy (L000010, D000005, C0001, S0001, CALL0000100) exist
at every scale because the generator keeps a floor of one lead and one call per day; past
the widths shown (10,000 subscriptions, a million leads, ...) they are written in the wider
width the ids have there (`S00001`). An injected id (L900001, CALL9000001, ...) that a
generated row already has at a large scale gets one more leading 9 (`L9900001`).

Rows that break a contract rule (each breaks exactly one):

| table | key | what is wrong |
|---|---|---|
| crm__leads | L000010 (second row) | duplicate key: copy with status, contact_phone changed |
| crm__leads | L900001 | unknown channel `telepathy` |
| crm__leads | (empty lead_id) | missing primary key (company `Nameless Key Co`) |
| crm__deals | D000005 (second row) | duplicate key: a copy of D000005 with another amount |
| crm__deals | D900001 | unknown currency `XYZ` |
| crm__deals | D900002 | negative amount (-1500.00) |
| crm__deals | D900003 | closed (closed_lost) 5 days before it was created |
| crm__deals | D900004 | unknown stage `on_hold` |
| crm__deal_stage_history | D999999 / 2025-02-03 10:00:00 | orphan: deal D999999 does not exist |
| billing__customers | C0001 (second row) | duplicate key: a copy of C0001 created one day earlier |
| billing__subscription_items | SI900001 | negative quantity (-5) on S0001 |
| billing__subscription_items | SI900002 | overlaps the first version of S0001's first plan |
| telephony__calls | CALL9000001 | unparseable started_at `2024-02-30 09:15:00` |
| telephony__calls | CALL9000002 | unknown status `dropped` |
| telephony__calls | CALL9000003 | orphan optional link: lead_id `L999999` (keep row, drop link) |
| telephony__calls | CALL0000100 (second row) | duplicate key: a copy with other talk_seconds |
| telephony__call_scores | first scored call, one day after its last score | overall_score 150 |
| market__competitor_prices | first observation (second row) | duplicate key, another price |

Valid rows that the KPIs must still treat specially (not bad input): L900002 (test lead,
disqualified_reason `test`), L900003 (disqualified_reason `duplicate`, same company as
L000020), L900004 (`spam`), L900005 (soft-deleted lead), D900005 (soft-deleted deal).
The clean data also holds such leads and deals at a low rate (see generator/crm/).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from generator.config import GeneratorConfig
from generator.util import Row, make_id


def _find(rows: list[Row], key: str, value: str) -> Row:
    return next(r for r in rows if r[key] == value)


def _nth_id(rows: list[Row], key: str, prefix: str, n: int) -> str:
    """The id numbered `n`, in the width the generated ids have at this scale (`S0001` at
    scale 1, `S00001` past 10,000 subscriptions)."""
    width = len(str(rows[0][key])) - len(prefix)
    return make_id(prefix, n, width)


def _unused_id(rows: list[Row], key: str, prefix: str, n: int) -> str:
    """`prefix` + `n` (`L900001`), unless a generated row already has that id (past
    900,000 leads): then one more leading 9 until it is free. The same id at small scales."""
    taken = {r[key] for r in rows}
    candidate = f"{prefix}{n}"
    while candidate in taken:
        candidate = f"{prefix}9{candidate[len(prefix) :]}"
    return candidate


def inject(cfg: GeneratorConfig, tables: dict[str, list[Row]]) -> None:
    """Append the bad rows listed in the module docstring (in place)."""
    _leads(tables["crm__leads"])
    _deals(tables["crm__deals"])
    tables["crm__deal_stage_history"].append(
        {
            "deal_id": _unused_id(tables["crm__deals"], "deal_id", "D", 999999),
            "stage": "proposal",
            "entered_at": datetime(2025, 2, 3, 10),
        }
    )
    customers = tables["billing__customers"]
    first = dict(customers[0])
    first["created_at"] = first["created_at"] - timedelta(days=1)  # type: ignore[operator]
    customers.append(first)
    _items(tables)
    _calls(tables["telephony__calls"], tables["crm__leads"])
    _scores(tables["telephony__call_scores"])
    prices = tables["market__competitor_prices"]
    dup = dict(prices[0])
    dup["price"] = round(float(dup["price"]) * 1.2, 2)  # type: ignore[arg-type]
    prices.append(dup)


def _leads(leads: list[Row]) -> None:
    original = _find(leads, "lead_id", _nth_id(leads, "lead_id", "L", 10))
    dup = dict(original)
    dup["status"] = "working" if original["status"] != "working" else "new"
    dup["contact_phone"] = None if original["contact_phone"] else "+15550000010"
    leads.append(dup)
    base = dict(_find(leads, "lead_id", _nth_id(leads, "lead_id", "L", 20)))
    base.update(
        status="new", disqualified_reason=None, converted_at=None, account_id=None, is_deleted=False
    )
    variants: list[dict[str, object]] = [
        {"lead_id": _unused_id(leads, "lead_id", "L", 900001), "channel": "telepathy"},
        {
            "lead_id": _unused_id(leads, "lead_id", "L", 900002),
            "status": "disqualified",
            "disqualified_reason": "test",
            "company_name": "Test Company (do not call)",
            "contact_email": "test@test.example",
        },
        {
            "lead_id": _unused_id(leads, "lead_id", "L", 900003),
            "status": "disqualified",
            "disqualified_reason": "duplicate",
        },
        {
            "lead_id": _unused_id(leads, "lead_id", "L", 900004),
            "status": "disqualified",
            "disqualified_reason": "spam",
            "company_name": "Cheap Watches Online",
            "owner_id": None,
        },
        {
            "lead_id": _unused_id(leads, "lead_id", "L", 900005),
            "is_deleted": True,
            "company_name": "Deleted Prospect Ltd",
        },
        {"lead_id": None, "company_name": "Nameless Key Co"},
    ]
    for change in variants:
        row = dict(base)
        row.update(change)
        leads.append(row)


def _deals(deals: list[Row]) -> None:
    original = _find(deals, "deal_id", _nth_id(deals, "deal_id", "D", 5))
    dup = dict(original)
    dup["amount"] = round(float(original["amount"] or 1000) * 1.1, 2)  # type: ignore[arg-type]
    dup["currency"] = dup["currency"] or "USD"
    deals.append(dup)
    template = next(
        d
        for d in deals
        if d["deal_type"] == "new_business"
        and d["account_id"]
        and d["amount"]
        and not d["is_deleted"]
    )
    created: datetime = template["created_at"]  # type: ignore[assignment]
    base = dict(template)
    base.update(
        lead_id=None,
        deal_type="upsell",
        stage="proposal",
        closed_at=None,
        lost_reason=None,
        expected_close_on=(created + timedelta(days=30)).date(),
    )
    variants: list[dict[str, object]] = [
        {"deal_id": _unused_id(deals, "deal_id", "D", 900001), "currency": "XYZ"},
        {"deal_id": _unused_id(deals, "deal_id", "D", 900002), "amount": -1500.0},
        {
            "deal_id": _unused_id(deals, "deal_id", "D", 900003),
            "stage": "closed_lost",
            "lost_reason": "price",
            "closed_at": created - timedelta(days=5),
        },
        {"deal_id": _unused_id(deals, "deal_id", "D", 900004), "stage": "on_hold"},
        {"deal_id": _unused_id(deals, "deal_id", "D", 900005), "is_deleted": True},
    ]
    for change in variants:
        row = dict(base)
        row.update(change)
        deals.append(row)


def _items(tables: dict[str, list[Row]]) -> None:
    items = tables["billing__subscription_items"]
    plans = {str(p["plan_id"]): p for p in tables["billing__plans"]}
    s0001 = _nth_id(tables["billing__subscriptions"], "subscription_id", "S", 1)
    s1 = [i for i in items if i["subscription_id"] == s0001]
    first = s1[0]
    plan = plans[str(first["plan_id"])]
    used = {plans[str(i["plan_id"])]["product_id"] for i in s1}
    start: datetime = first["valid_from"]  # type: ignore[assignment]
    addon = next(
        p
        for p in tables["billing__plans"]
        if p["product_id"] not in used
        and p["currency"] == plan["currency"]
        and p["billing_period_months"] == plan["billing_period_months"]
        and p["available_from"] <= start.date()  # type: ignore[operator]
        and (p["available_to"] is None or start.date() < p["available_to"])
    )
    items.append(
        {
            "subscription_item_id": _unused_id(items, "subscription_item_id", "SI", 900001),
            "subscription_id": s0001,
            "plan_id": addon["plan_id"],
            "quantity": -5,
            "unit_price": addon["list_price"],
            "discount_percent": 0.0,
            "valid_from": start + timedelta(days=1),
            "valid_to": start + timedelta(days=20),
        }
    )
    overlap = dict(first)
    overlap.update(
        subscription_item_id=_unused_id(items, "subscription_item_id", "SI", 900002),
        valid_from=start + timedelta(days=2),
        valid_to=start + timedelta(days=9),
        quantity=int(first["quantity"]) + 1,
    )  # type: ignore[call-overload]
    items.append(overlap)


def _calls(calls: list[Row], leads: list[Row]) -> None:
    template = next(
        c
        for c in calls
        if c["status"] == "answered"
        and c["direction"] == "outbound"
        and c["lead_id"] is None
        and c["deal_id"] is None
    )
    for change in (
        {"call_id": 9000001, "started_at": "2024-02-30 09:15:00"},
        {"call_id": 9000002, "status": "dropped", "talk_seconds": 0, "wait_seconds": None},
        {"call_id": 9000003, "lead_id": _unused_id(leads, "lead_id", "L", 999999)},
    ):
        change["call_id"] = _unused_id(calls, "call_id", "CALL", int(change["call_id"]))  # type: ignore[call-overload]
        row = dict(template)
        row.update(change)
        calls.append(row)
    dup = dict(_find(calls, "call_id", _nth_id(calls, "call_id", "CALL", 100)))
    dup["talk_seconds"] = int(dup["talk_seconds"]) + 42  # type: ignore[call-overload]
    dup["status"] = "answered"
    dup["wait_seconds"] = dup["wait_seconds"] or 7
    calls.append(dup)


def _scores(scores: list[Row]) -> None:
    first_call = min(str(s["call_id"]) for s in scores)
    last = max((s for s in scores if s["call_id"] == first_call), key=lambda s: s["scored_at"])  # type: ignore[arg-type, return-value]
    row = dict(last)
    row["scored_at"] = last["scored_at"] + timedelta(days=1)  # type: ignore[operator]
    row["overall_score"] = 150.0
    scores.append(row)
