"""The contract's billing as Fivetran lands Stripe (billing_system stripe): customers (the CRM
account in `metadata_crm_account_id`), products, prices (minor units, monthly / every 3
months / yearly), subscriptions, the item history (history mode: one row per version of an
item), and invoices (totals in minor units). Fx rates stay a contract file beside them.

A Stripe price is a list price: an item version sold at another unit price gets a price of
its own (`<plan>~<unit price>`, the same product and interval). An item's discount becomes a
percent-off coupon on that item (a discount with `subscription_item` set) over the item
version's span. What Stripe cannot carry: a plan's end of sale
(available_to; see DIFFERS in python_tests/test_round_trip.py).
"""

from __future__ import annotations

from pathlib import Path

from generator.system_layouts.common import minor_units, read_seed, ts_text, write_table

SYSTEM = "stripe"
REPLACES = (
    "billing__customers",
    "billing__plans",
    "billing__subscriptions",
    "billing__subscription_items",
    "billing__invoices",
)
ZERO_DECIMAL = frozenset({"BIF", "CLP", "DJF", "GNF", "JPY", "KMF", "KRW", "MGA", "PYG", "RWF"})


def _interval(months: str) -> tuple[str, str]:
    """(recurring_interval, recurring_interval_count) of a billing period in months."""
    try:
        count = int(float(months))
    except ValueError:
        return months, ""
    if count % 12 == 0:
        return "year", str(count // 12)
    return "month", str(count)


def _discount(item: dict[str, str]) -> str:
    """The item's discount percent as a coupon's percent_off ('' for none)."""
    try:
        percent = float(item["discount_percent"] or 0)
    except ValueError:
        return item["discount_percent"]
    return "" if percent == 0 else f"{percent:g}"


def write(seeds_dir: Path, out_dir: Path) -> None:
    plans = {p["plan_id"]: p for p in read_seed(seeds_dir, "billing__plans")}
    products = read_seed(seeds_dir, "crm__products")
    write_table(
        out_dir,
        SYSTEM,
        "product",
        ["id", "name", "metadata_family"],
        (
            {
                "id": p["product_id"],
                "name": p["product_name"],
                "metadata_family": p["product_family"],
            }
            for p in products
        ),
    )
    write_table(
        out_dir,
        SYSTEM,
        "customer",
        ["id", "created", "currency", "metadata_crm_account_id"],
        (
            {
                "id": c["customer_id"],
                "created": c["created_at"],
                "currency": c["currency"].lower(),
                "metadata_crm_account_id": c["account_id"],
            }
            for c in read_seed(seeds_dir, "billing__customers")
        ),
    )
    prices = {
        plan_id: {"plan": p, "amount": p["list_price"], "name": p["plan_name"]}
        for plan_id, p in plans.items()
    }
    items = []
    for item in read_seed(seeds_dir, "billing__subscription_items"):
        plan = plans.get(item["plan_id"])
        price_id = item["plan_id"]
        if plan is not None and item["unit_price"] != plan["list_price"]:
            price_id = f"{item['plan_id']}~{item['unit_price']}"
            prices.setdefault(
                price_id, {"plan": plan, "amount": item["unit_price"], "name": plan["plan_name"]}
            )
        items.append({**item, "price_id": price_id})
    write_table(
        out_dir,
        SYSTEM,
        "price",
        ["id", "product_id", "nickname", "unit_amount", "currency", "recurring_interval",
         "recurring_interval_count", "active", "created"],
        (
            {
                "id": price_id,
                "product_id": price["plan"]["product_id"],
                "nickname": price["name"],
                "unit_amount": minor_units(price["amount"], price["plan"]["currency"], ZERO_DECIMAL),
                "currency": price["plan"]["currency"].lower(),
                "recurring_interval": _interval(price["plan"]["billing_period_months"])[0],
                "recurring_interval_count": _interval(price["plan"]["billing_period_months"])[1],
                "active": "true",
                "created": price["plan"]["available_from"],
            }
            for price_id, price in prices.items()
        ),
    )  # fmt: skip
    subscriptions = read_seed(seeds_dir, "billing__subscriptions")
    write_table(
        out_dir,
        SYSTEM,
        "subscription",
        ["id", "customer_id", "status", "created", "start_date", "canceled_at", "ended_at"],
        (
            {
                "id": s["subscription_id"],
                "customer_id": s["customer_id"],
                "status": "canceled" if s["ended_at"] else "active",
                "created": s["started_at"],
                "start_date": s["started_at"],
                "canceled_at": s["ended_at"],
                "ended_at": s["ended_at"],
            }
            for s in subscriptions
        ),
    )
    ended = {s["subscription_id"]: ts_text(s["ended_at"]) for s in subscriptions}
    history_columns = ["id", "subscription_id", "price_id", "quantity", "created",
                       "_fivetran_start", "_fivetran_end", "_fivetran_active"]  # fmt: skip
    write_table(
        out_dir,
        SYSTEM,
        "subscription_item_history",
        history_columns,
        (
            {
                "id": i["subscription_item_id"],
                "subscription_id": i["subscription_id"],
                "price_id": i["price_id"],
                "quantity": i["quantity"],
                "created": i["valid_from"],
                "_fivetran_start": i["valid_from"],
                # a version that runs to its subscription's end is the current one
                "_fivetran_end": (
                    "9999-12-31 23:59:59"
                    if not i["valid_to"]
                    or ts_text(i["valid_to"]) == ended.get(i["subscription_id"])
                    else i["valid_to"]
                ),
                "_fivetran_active": "false",
            }
            for i in items
        ),
    )
    write_table(
        out_dir,
        SYSTEM,
        "subscription_item",
        ["id", "subscription_id", "price_id", "quantity", "created"],
        (
            {
                "id": i["subscription_item_id"],
                "subscription_id": i["subscription_id"],
                "price_id": i["price_id"],
                "quantity": i["quantity"],
                "created": i["valid_from"],
            }
            for i in items
        ),
    )
    discounted = [i for i in items if _discount(i)]
    write_table(
        out_dir,
        SYSTEM,
        "coupon",
        ["id", "percent_off", "amount_off", "currency", "duration"],
        (
            {"id": f"PCT{p}", "percent_off": p, "duration": "forever"}
            for p in sorted({_discount(i) for i in discounted})
        ),
    )
    write_table(
        out_dir,
        SYSTEM,
        "discount",
        ["id", "subscription_id", "subscription_item", "coupon_id", "start", "end"],
        (
            {
                "id": f"di_{i['subscription_item_id']}",
                "subscription_id": i["subscription_id"],
                "subscription_item": i["subscription_item_id"],
                "coupon_id": f"PCT{_discount(i)}",
                "start": i["valid_from"],
                "end": i["valid_to"],
            }
            for i in discounted
        ),
    )
    write_table(
        out_dir,
        SYSTEM,
        "invoice",
        ["id", "customer_id", "subscription_id", "created", "total", "currency", "status",
         "period_start", "period_end"],
        (
            {
                "id": v["invoice_id"],
                "customer_id": v["customer_id"],
                "subscription_id": v["subscription_id"],
                "created": v["issued_at"],
                "total": minor_units(v["amount"], v["currency"], ZERO_DECIMAL),
                "currency": v["currency"].lower(),
                "status": v["status"],
                "period_start": v["period_start"],
                "period_end": v["period_end"],
            }
            for v in read_seed(seeds_dir, "billing__invoices")
        ),
    )  # fmt: skip
