"""Tests of the raw-data generator: determinism, the contract's headers, realism, the mess.

Run: pytest python_tests/test_generator.py
"""

from __future__ import annotations

import csv
import hashlib
import importlib.util
import json
import subprocess
import sys
from collections import Counter, defaultdict
from datetime import date, datetime, timedelta
from itertools import pairwise
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]

# The raw contract's columns, in order (copied from the contract, not from the generator).
EXPECTED_HEADERS: dict[str, list[str]] = {
    "crm__users": [
        "user_id",
        "full_name",
        "email",
        "role",
        "manager_id",
        "team",
        "hired_on",
        "left_on",
    ],
    "crm__leads": [
        "lead_id",
        "created_at",
        "channel",
        "source",
        "owner_id",
        "status",
        "disqualified_reason",
        "converted_at",
        "account_id",
        "company_name",
        "contact_email",
        "contact_phone",
        "is_deleted",
    ],
    "crm__accounts": [
        "account_id",
        "account_name",
        "industry",
        "country",
        "created_at",
        "owner_id",
    ],
    "crm__deals": [
        "deal_id",
        "account_id",
        "lead_id",
        "owner_id",
        "deal_type",
        "product_id",
        "stage",
        "amount",
        "currency",
        "created_at",
        "expected_close_on",
        "closed_at",
        "lost_reason",
        "is_deleted",
    ],
    "crm__deal_stage_history": ["deal_id", "stage", "entered_at"],
    "crm__pipeline_stages": [
        "stage",
        "stage_order",
        "probability",
        "is_closed",
        "is_won",
        "forecast_category",
    ],
    "crm__products": ["product_id", "product_name", "product_family", "tier_rank"],
    "crm__quotas": ["user_id", "month", "quota_amount", "currency"],
    "billing__customers": ["customer_id", "account_id", "currency", "created_at"],
    "billing__plans": [
        "plan_id",
        "product_id",
        "plan_name",
        "billing_period_months",
        "list_price",
        "currency",
        "available_from",
        "available_to",
    ],
    "billing__subscriptions": ["subscription_id", "customer_id", "started_at", "ended_at"],
    "billing__subscription_items": [
        "subscription_item_id",
        "subscription_id",
        "plan_id",
        "quantity",
        "unit_price",
        "discount_percent",
        "valid_from",
        "valid_to",
    ],
    "billing__invoices": [
        "invoice_id",
        "customer_id",
        "subscription_id",
        "issued_at",
        "period_start",
        "period_end",
        "amount",
        "currency",
        "status",
    ],
    "billing__fx_rates": ["rate_date", "currency", "usd_per_unit"],
    "telephony__calls": [
        "call_id",
        "started_at",
        "direction",
        "status",
        "user_id",
        "lead_id",
        "deal_id",
        "account_id",
        "wait_seconds",
        "talk_seconds",
        "phone_number",
    ],
    "telephony__call_scores": [
        "call_id",
        "scored_at",
        "model_version",
        "overall_score",
        "script_adherence_score",
        "next_step_agreed",
        "sentiment",
    ],
    "market__competitor_prices": [
        "observed_on",
        "competitor",
        "competitor_product",
        "product_id",
        "price",
        "currency",
        "billing_period_months",
    ],
}

Table = list[dict[str, str]]


def run_generator(out: Path, *args: str) -> None:
    subprocess.run(
        [sys.executable, "-m", "generator", "--out", str(out), "--quiet", *args],
        cwd=REPO,
        check=True,
    )


def csv_path(out: Path, table: str) -> Path:
    return out / table.split("__")[0] / f"{table}.csv"


def read(out: Path, table: str) -> Table:
    with csv_path(out, table).open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def digests(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def ts(value: str) -> datetime:
    """Parse the contract's timestamp forms (bare date, T/Z and +00:00 variants)."""
    value = value.replace("T", " ").removesuffix("Z").removesuffix("+00:00")
    return datetime.fromisoformat(value)


@pytest.fixture(scope="module")
def messy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("messy")
    run_generator(out, "--scale", "0.05")
    return out


@pytest.fixture(scope="module")
def clean(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Table]:
    out = tmp_path_factory.mktemp("clean")
    run_generator(out, "--scale", "0.2", "--no-mess")
    return {table: read(out, table) for table in EXPECTED_HEADERS}


def test_two_runs_give_identical_bytes(tmp_path: Path, messy: Path) -> None:
    run_generator(tmp_path / "again", "--scale", "0.05")
    first, second = digests(messy), digests(tmp_path / "again")
    assert len(first) == len(EXPECTED_HEADERS)
    assert first == second


def test_every_table_has_the_contract_header_in_order(messy: Path) -> None:
    for table, expected in EXPECTED_HEADERS.items():
        with csv_path(messy, table).open(encoding="utf-8", newline="") as fh:
            assert next(csv.reader(fh)) == expected, table


def test_flat_layout(tmp_path: Path) -> None:
    run_generator(tmp_path, "--scale", "0.02", "--flat", "--no-mess")
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        f"{t}.csv" for t in EXPECTED_HEADERS
    )


def test_every_table_has_rows(messy: Path) -> None:
    for table in EXPECTED_HEADERS:
        assert read(messy, table), table


def test_realism(clean: dict[str, Table]) -> None:
    customers = clean["billing__customers"]
    assert len({c["currency"] for c in customers}) >= 3
    currencies = Counter(c["currency"] for c in customers)
    assert currencies.most_common(1)[0][0] == "USD"
    assert any(c["account_id"] == "" for c in customers)
    assert len({r["competitor"] for r in clean["market__competitor_prices"]}) >= 3
    assert any(r["product_id"] == "" for r in clean["market__competitor_prices"])
    assert {lead["channel"] for lead in clean["crm__leads"]} == {"inbound", "outbound"}
    assert {c["direction"] for c in clean["telephony__calls"]} == {"inbound", "outbound"}
    assert any(p["billing_period_months"] == "12" for p in clean["billing__plans"])
    assert {"USD", "EUR", "RUB"} <= {p["currency"] for p in clean["billing__plans"]}
    subs_per_customer = Counter(s["customer_id"] for s in clean["billing__subscriptions"])
    assert max(subs_per_customer.values()) >= 2, "no reactivated customer"
    for stage in clean["crm__pipeline_stages"]:
        assert 0 <= float(stage["probability"]) <= 1
    assert {d["deal_type"] for d in clean["crm__deals"]} == {
        "new_business",
        "upsell",
        "cross_sell",
        "renewal",
    }
    assert {"closed_won", "closed_lost"} <= {d["stage"] for d in clean["crm__deals"]}
    assert any(d["closed_at"] == "" for d in clean["crm__deals"])
    roles = Counter(u["role"] for u in clean["crm__users"])
    assert roles["head"] == 1 and roles["manager"] >= 3 and roles["rep"] >= 20
    assert any(u["left_on"] for u in clean["crm__users"])


def test_activity_on_every_day(clean: dict[str, Table]) -> None:
    days = {date(2024, 1, 1) + timedelta(days=i) for i in range(731)}
    assert {ts(r["created_at"]).date() for r in clean["crm__leads"]} == days
    assert {ts(r["started_at"]).date() for r in clean["telephony__calls"]} == days


def test_clean_values_follow_the_contract(clean: dict[str, Table]) -> None:
    stages = {s["stage"] for s in clean["crm__pipeline_stages"]}
    for deal in clean["crm__deals"]:
        assert deal["stage"] in stages
        assert deal["amount"] == "" or float(deal["amount"]) >= 0
        assert (deal["amount"] == "") == (deal["currency"] == "")
        if deal["closed_at"]:
            assert ts(deal["closed_at"]) >= ts(deal["created_at"])
    for score in clean["telephony__call_scores"]:
        assert 0 <= float(score["overall_score"]) <= 100
    for call in clean["telephony__calls"]:
        if call["status"] != "answered":
            assert call["talk_seconds"] == "0"
    for table, key in (
        ("crm__leads", "lead_id"),
        ("crm__deals", "deal_id"),
        ("telephony__calls", "call_id"),
        ("billing__customers", "customer_id"),
        ("billing__subscription_items", "subscription_item_id"),
    ):
        ids = [r[key] for r in clean[table]]
        assert len(set(ids)) == len(ids) and all(ids), table
        assert ids == sorted(ids), table


def test_stage_history_matches_deals(clean: dict[str, Table]) -> None:
    history: dict[str, list[tuple[datetime, str]]] = defaultdict(list)
    for row in clean["crm__deal_stage_history"]:
        history[row["deal_id"]].append((ts(row["entered_at"]), row["stage"]))
    deals = {d["deal_id"]: d for d in clean["crm__deals"]}
    assert 0.8 < len(history) / len(deals) < 0.97
    for deal_id, entries in history.items():
        deal = deals[deal_id]
        times = [t for t, _ in entries]
        assert times == sorted(times) and len(set(times)) == len(times), deal_id
        assert entries[-1][1] == deal["stage"], deal_id
        assert times[0] >= ts(deal["created_at"]), deal_id
        if deal["closed_at"]:
            assert times[-1] == ts(deal["closed_at"]), deal_id


def test_subscription_items_never_overlap(clean: dict[str, Table]) -> None:
    plans = {p["plan_id"]: p for p in clean["billing__plans"]}
    customers = {c["customer_id"]: c for c in clean["billing__customers"]}
    subs = {s["subscription_id"]: s for s in clean["billing__subscriptions"]}
    spans: dict[tuple[str, str], list[tuple[datetime, datetime]]] = defaultdict(list)
    far = datetime(9999, 1, 1)
    for item in clean["billing__subscription_items"]:
        sub = subs[item["subscription_id"]]
        assert plans[item["plan_id"]]["currency"] == customers[sub["customer_id"]]["currency"]
        assert int(item["quantity"]) > 0
        start = ts(item["valid_from"])
        end = ts(item["valid_to"]) if item["valid_to"] else far
        assert start < end
        assert start >= ts(sub["started_at"])
        if sub["ended_at"]:
            assert item["valid_to"] and end <= ts(sub["ended_at"])
        spans[(item["subscription_id"], item["plan_id"])].append((start, end))
    for key, ranges in spans.items():
        ranges.sort()
        for (_, end), (start, _) in pairwise(ranges):
            assert end <= start, key


def test_fx_rates_cover_every_day_and_currency(clean: dict[str, Table]) -> None:
    used = {c["currency"] for c in clean["billing__customers"]} - {"USD"}
    rates: dict[str, set[date]] = defaultdict(set)
    for row in clean["billing__fx_rates"]:
        rates[row["currency"]].add(date.fromisoformat(row["rate_date"]))
    first_needed = date(2024, 1, 1)
    for currency in used:
        assert min(rates[currency]) < first_needed
        assert len(rates[currency]) == (date(2025, 12, 31) - min(rates[currency])).days + 1


MESS = {
    ("crm__leads", "lead_id"): ["L900001", "L900002", "L900003", "L900004", "L900005", ""],
    ("crm__deals", "deal_id"): ["D900001", "D900002", "D900003", "D900004", "D900005"],
    ("billing__subscription_items", "subscription_item_id"): ["SI900001", "SI900002"],
    ("telephony__calls", "call_id"): ["CALL9000001", "CALL9000002", "CALL9000003"],
}


def test_injected_bad_rows_are_there(messy: Path) -> None:
    for (table, key), ids in MESS.items():
        present = {r[key] for r in read(messy, table)}
        assert set(ids) <= present, table
    leads = read(messy, "crm__leads")
    assert Counter(r["lead_id"] for r in leads)["L000010"] == 2
    assert any(r["channel"] == "telepathy" for r in leads)
    deals = {r["deal_id"]: r for r in read(messy, "crm__deals")}
    assert deals["D900001"]["currency"] == "XYZ"
    assert float(deals["D900002"]["amount"]) < 0
    assert ts(deals["D900003"]["closed_at"]) < ts(deals["D900003"]["created_at"])
    assert deals["D900004"]["stage"] == "on_hold"
    assert Counter(r["deal_id"] for r in read(messy, "crm__deals"))["D000005"] == 2
    calls = {r["call_id"]: r for r in read(messy, "telephony__calls")}
    assert calls["CALL9000001"]["started_at"] == "2024-02-30 09:15:00"
    assert calls["CALL9000002"]["status"] == "dropped"
    assert calls["CALL9000003"]["lead_id"] == "L999999"
    assert any(float(s["overall_score"]) == 150 for s in read(messy, "telephony__call_scores"))
    items = {r["subscription_item_id"]: r for r in read(messy, "billing__subscription_items")}
    assert int(items["SI900001"]["quantity"]) < 0
    assert Counter(r["customer_id"] for r in read(messy, "billing__customers"))["C0001"] == 2


def test_no_mess_has_no_bad_rows(clean: dict[str, Table]) -> None:
    for (table, key), ids in MESS.items():
        assert not set(ids) & {r[key] for r in clean[table]}, table


@pytest.mark.skipif(importlib.util.find_spec("pyarrow") is None, reason="pyarrow missing")
def test_parquet_output(tmp_path: Path) -> None:
    import pyarrow.parquet as pq

    run_generator(tmp_path, "--scale", "0.02", "--format", "parquet")
    files = sorted(tmp_path.glob("*.parquet"))
    assert [f.stem for f in files] == sorted(EXPECTED_HEADERS)
    for f in files:
        table = pq.read_table(f)
        assert table.column_names == EXPECTED_HEADERS[f.stem]
        assert table.num_rows > 0


def test_committed_seeds_are_current(tmp_path: Path) -> None:
    seeds = REPO / "seeds"
    if not csv_path(seeds, "crm__leads").exists():
        pytest.skip("seeds not generated yet")
    run_generator(tmp_path)
    fresh = digests(tmp_path)
    committed = {k: v for k, v in digests(seeds).items() if k in fresh}
    assert committed == fresh


# -- version 1 past the seeds' scale: ids of the injected rows --------------------------------


def test_injected_ids_never_take_a_generated_id() -> None:
    from generator.mess import _nth_id, _unused_id

    small = [{"lead_id": f"L{n:06d}"} for n in range(1, 30)]
    assert _unused_id(small, "lead_id", "L", 900001) == "L900001"
    # 900,001 to 999,999 leads keep width 6: L900001 is then a generated id
    large = [{"lead_id": f"L{n:06d}"} for n in (1, 900001, 9900001)]
    assert _unused_id(large, "lead_id", "L", 900001) == "L99900001"
    assert _nth_id([{"subscription_id": "S00001"}], "subscription_id", "S", 1) == "S00001"
    assert _nth_id([{"subscription_id": "S0001"}], "subscription_id", "S", 1) == "S0001"


# -- version 2: streaming, day by day ---------------------------------------------------------

V2 = ("--generator-version", "3", "--scale", "0.5", "--format", "csv", "--flat")
V2_THROUGH = "2024-03-31"
APPEND_ONLY = {
    "telephony__calls": "started_at",
    "telephony__call_scores": "scored_at",
    "crm__deal_stage_history": "entered_at",
    "billing__invoices": "issued_at",
    "billing__fx_rates": "rate_date",
}
KEYS = {
    "crm__leads": "lead_id",
    "crm__accounts": "account_id",
    "crm__deals": "deal_id",
    "billing__customers": "customer_id",
    "billing__subscriptions": "subscription_id",
    "billing__subscription_items": "subscription_item_id",
    "billing__invoices": "invoice_id",
    "telephony__calls": "call_id",
}


def read_flat(out: Path, table: str) -> Table:
    with (out / f"{table}.csv").open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture(scope="module")
def v2(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("v2")
    run_generator(out, *V2, "--through-date", V2_THROUGH)
    return out


def test_v2_two_runs_give_identical_bytes(tmp_path: Path, v2: Path) -> None:
    run_generator(tmp_path, *V2, "--through-date", V2_THROUGH)
    assert digests(tmp_path) == digests(v2)
    manifest = json.loads((v2 / "_manifest.json").read_text())
    assert manifest["generator_version"] == 3
    assert manifest["through_date"] == V2_THROUGH
    for table in EXPECTED_HEADERS:
        assert manifest["rows"][table] == len(read_flat(v2, table)), table


def assert_keys_and_links(tables: dict[str, Table]) -> tuple[Table, Table, Table]:
    """Generated keys unique (but the one injected duplicate) and of one width per table;
    calls, deals and items link to rows that exist. Returns the generated calls, deals and
    subscription items (injected rows, with an X in their id, left out)."""
    for table, key in KEYS.items():
        ids = [r[key] for r in tables[table] if r[key] and "X" not in r[key][1:]]
        duplicated = {k for k, n in Counter(ids).items() if n > 1}
        assert len(duplicated) <= 1, (table, duplicated)  # the one injected duplicate
        assert len({len(i) for i in ids}) == 1, table  # one width at any scale
    keys = {t: {r[k] for r in tables[t]} for t, k in KEYS.items()}
    calls = [r for r in tables["telephony__calls"] if "X" not in r["call_id"]]
    assert {r["lead_id"] for r in calls if r["lead_id"]} <= keys["crm__leads"]
    assert {r["deal_id"] for r in calls if r["deal_id"]} <= keys["crm__deals"]
    assert {r["account_id"] for r in calls if r["account_id"]} <= keys["crm__accounts"]
    deals = [r for r in tables["crm__deals"] if "X" not in r["deal_id"]]
    assert {r["account_id"] for r in deals if r["account_id"]} <= keys["crm__accounts"]
    assert {r["lead_id"] for r in deals if r["lead_id"]} <= keys["crm__leads"]
    items = [
        r for r in tables["billing__subscription_items"] if "X" not in r["subscription_item_id"]
    ]
    assert {r["subscription_id"] for r in items} <= keys["billing__subscriptions"]
    return calls, deals, items


def test_v2_headers_keys_and_links(v2: Path) -> None:
    tables = {t: read_flat(v2, t) for t in EXPECTED_HEADERS}
    for table, expected in EXPECTED_HEADERS.items():
        with (v2 / f"{table}.csv").open(encoding="utf-8", newline="") as fh:
            assert next(csv.reader(fh)) == expected, table
        assert tables[table], table
    calls, deals, items = assert_keys_and_links(tables)
    last = datetime(2024, 3, 31, 23, 59, 59)
    for table, column in APPEND_ONLY.items():
        for row in tables[table]:
            if row[column] != "2024-02-30 09:15:00":
                assert ts(row[column]) <= last, table
    days = {date(2024, 1, 1) + timedelta(days=i) for i in range(91)}
    assert {ts(r["created_at"]).date() for r in tables["crm__leads"]} == days
    assert {ts(r["started_at"]).date() for r in calls} == days
    spans: dict[tuple[str, str], list[tuple[datetime, datetime]]] = defaultdict(list)
    for item in items:
        end = ts(item["valid_to"]) if item["valid_to"] else datetime(9999, 1, 1)
        assert ts(item["valid_from"]) < end and int(item["quantity"]) > 0
        spans[(item["subscription_id"], item["plan_id"])].append((ts(item["valid_from"]), end))
    for key, ranges in spans.items():
        ranges.sort()
        for (_, end), (start, _) in pairwise(ranges):
            assert end <= start, key
    for deal in deals:
        if deal["closed_at"]:
            assert ts(deal["closed_at"]) >= ts(deal["created_at"]), deal["deal_id"]
    for score in tables["telephony__call_scores"]:
        assert 0 <= float(score["overall_score"]) <= 100 or score["overall_score"] == "150.0"


def test_v2_appending_a_day_keeps_every_earlier_fact(tmp_path: Path, v2: Path) -> None:
    run_generator(tmp_path, *V2, "--through-date", "2024-03-30")
    before = {t: read_flat(tmp_path, t) for t in EXPECTED_HEADERS}
    run_generator(tmp_path, "--generator-version", "3", "--append-day")
    assert json.loads((tmp_path / "_manifest.json").read_text())["through_date"] == V2_THROUGH
    # one more day from day 90 gives exactly the folder generated through day 91 at once
    assert digests(tmp_path) == digests(v2)
    new_day = date(2024, 3, 31)
    for table, column in APPEND_ONLY.items():
        old = Counter(tuple(r.values()) for r in before[table])
        after = read_flat(tmp_path, table)
        assert not old - Counter(tuple(r.values()) for r in after), table
        added = Counter(tuple(r.values()) for r in after) - old
        fields = list(EXPECTED_HEADERS[table])
        for row in added:
            assert ts(row[fields.index(column)]).date() == new_day, table
    for table, key in KEYS.items():
        assert {r[key] for r in before[table]} <= {r[key] for r in read_flat(tmp_path, table)}


@pytest.mark.skipif(importlib.util.find_spec("pyarrow") is None, reason="pyarrow missing")
def test_v2_write_buffer_and_jobs_do_not_change_the_rows(tmp_path: Path, monkeypatch) -> None:
    import pyarrow.parquet as pq

    from generator import stream_io
    from generator.config import GeneratorConfig

    cfg = GeneratorConfig(scale=0.2)
    through = date(2024, 6, 15)  # three blocks of 64 days
    stream_io.write_stream(cfg, tmp_path / "big", "parquet", True, through)
    monkeypatch.setattr(stream_io, "ROW_GROUP", 7)
    stream_io.write_stream(cfg, tmp_path / "small", "parquet", True, through)
    stream_io.write_stream(cfg, tmp_path / "jobs", "parquet", True, through, jobs=2)
    for table in EXPECTED_HEADERS:
        big = pq.read_table(tmp_path / "big" / f"{table}.parquet")
        small = pq.read_table(tmp_path / "small" / f"{table}.parquet")
        assert big.equals(small), table
        assert big.equals(pq.read_table(tmp_path / "jobs" / f"{table}.parquet")), table
    assert pq.ParquetFile(tmp_path / "small" / "telephony__calls.parquet").num_row_groups > 1


def test_v3_slices_a_day_above_the_chunk_volume(tmp_path: Path, monkeypatch) -> None:
    """Above scale 4000 a day is cut into slices (one chunk each, its own random stream) so
    that a chunk stays about 250k rows. Shrunk here: a chunk of 2 scale-days at scale 4 gives
    blocks of one day in ceil(4 / 2) = 2 slices."""
    from generator import stream, stream_io
    from generator.config import GeneratorConfig

    assert [stream.day_slices(s) for s in (1000, 4000, 4000.5, 20000)] == [1, 1, 2, 5]
    cfg, through = GeneratorConfig(scale=4), date(2024, 1, 31)
    stream_io.write_stream(cfg, tmp_path / "whole", "csv", True, through)
    monkeypatch.setattr(stream, "CHUNK_SCALE_DAYS", 2)
    assert (stream.block_days(4), stream.day_slices(4)) == (1, 2)
    stream_io.write_stream(cfg, tmp_path / "sliced", "csv", True, through)
    stream_io.write_stream(cfg, tmp_path / "jobs", "csv", True, through, jobs=2)
    assert digests(tmp_path / "jobs") == digests(tmp_path / "sliced")
    whole = {t: read_flat(tmp_path / "whole", t) for t in EXPECTED_HEADERS}
    sliced = {t: read_flat(tmp_path / "sliced", t) for t in EXPECTED_HEADERS}
    calls, _, _ = assert_keys_and_links(sliced)
    # a slice's digit after the day: L + YYYYMMDD + slice + 6 digits
    leads = [r["lead_id"] for r in sliced["crm__leads"] if r["lead_id"] and "X" not in r["lead_id"]]
    assert {len(i) for i in leads} == {len("L20240101000001") + 1}
    assert {i[9] for i in leads} == {"0", "1"}
    days = {date(2024, 1, 1) + timedelta(days=i) for i in range(31)}
    assert {ts(r["started_at"]).date() for r in calls} == days
    # each slice draws half of the day's volume: the totals stay those of a whole day (about
    # 3000 / 730 x 4 = 16 leads a day, 500 in the month; a Poisson spread of a few percent)
    for table in ("crm__leads", "telephony__calls", "telephony__call_scores"):
        assert 0.85 < len(sliced[table]) / len(whole[table]) < 1.15, table


def _contract_value(kind: str, text: str | None) -> object:
    """What a raw value means, read from the contract's text (for comparing CSV with Parquet)."""
    from decimal import Decimal

    if text is None or text == "":
        return None
    if kind == "ts":
        return ts(text)
    if kind == "date":
        return date.fromisoformat(text)
    if kind == "bool":
        return {"true": True, "false": False}[text]
    if kind == "int":
        return int(text)
    if kind in ("money", "rate", "prob", "pct", "score"):
        return Decimal(text)
    return text


@pytest.mark.skipif(importlib.util.find_spec("pyarrow") is None, reason="pyarrow missing")
def test_v3_typed_parquet_holds_what_the_csv_text_means(tmp_path: Path) -> None:
    """Parquet columns are typed as the contract says (timestamps without a time zone, exact
    decimals, dates, booleans, integers), except where the injected bad rows write text that is
    not a value of the type; every value equals what the CSV of the same seed and scale says."""
    from decimal import Decimal

    import pyarrow as pa
    import pyarrow.parquet as pq

    from generator import stream_io
    from generator.config import GeneratorConfig
    from generator.schema import CONTRACT

    cfg = GeneratorConfig(scale=0.2)
    through = date(2024, 3, 10)
    stream_io.write_stream(cfg, tmp_path / "pq", "parquet", True, through)
    stream_io.write_stream(cfg, tmp_path / "csv", "csv", True, through)
    expected_types = {
        "ts": pa.timestamp("us"),
        "date": pa.date32(),
        "bool": pa.bool_(),
        "int": pa.int64(),
        "money": pa.decimal128(28, 6),
        "score": pa.decimal128(28, 6),
        "pct": pa.decimal128(28, 6),
        "prob": pa.decimal128(28, 6),
        "rate": pa.decimal128(28, 6),
        "text": pa.string(),
    }
    for table, columns in CONTRACT.items():
        parquet = pq.read_table(tmp_path / "pq" / f"{table}.parquet")
        rows = read_flat(tmp_path / "csv", table)
        assert parquet.num_rows == len(rows), table
        for name, kind in columns:
            typed = parquet.schema.field(name).type
            if (table, name) == ("telephony__calls", "started_at"):
                assert typed == pa.string()  # the injected 2024-02-30 is no timestamp
                assert "2024-02-30 09:15:00" in parquet.column(name).to_pylist()
                kind = "ts_text"
            else:
                assert typed == expected_types[kind], (table, name, typed)
            got = parquet.column(name).to_pylist()
            if kind == "ts_text":
                got = [_contract_value("ts", v) if v and "02-30" not in v else v for v in got]
                want = [
                    _contract_value("ts", r[name])
                    if r[name] and "02-30" not in r[name]
                    else r[name]
                    for r in rows
                ]
            else:
                want = [_contract_value(kind, r[name]) for r in rows]
            if expected_types.get(kind) == pa.decimal128(28, 6):
                assert all(isinstance(v, Decimal) for v in got if v is not None)
            assert got == want, (table, name)
