"""The raw contract: every table, its columns in order, and each column's value type.

Types drive formatting in the writer: text, ts (timestamp), date, bool, int, money
(2 decimals), rate (6 decimals), prob (2 decimals), pct (2 decimals), score (1 decimal).
"""

from __future__ import annotations

CONTRACT: dict[str, list[tuple[str, str]]] = {
    "crm__users": [
        ("user_id", "text"),
        ("full_name", "text"),
        ("email", "text"),
        ("role", "text"),
        ("manager_id", "text"),
        ("team", "text"),
        ("hired_on", "date"),
        ("left_on", "date"),
    ],
    "crm__leads": [
        ("lead_id", "text"),
        ("created_at", "ts"),
        ("channel", "text"),
        ("source", "text"),
        ("owner_id", "text"),
        ("status", "text"),
        ("disqualified_reason", "text"),
        ("converted_at", "ts"),
        ("account_id", "text"),
        ("company_name", "text"),
        ("contact_email", "text"),
        ("contact_phone", "text"),
        ("is_deleted", "bool"),
    ],
    "crm__accounts": [
        ("account_id", "text"),
        ("account_name", "text"),
        ("industry", "text"),
        ("country", "text"),
        ("created_at", "ts"),
        ("owner_id", "text"),
    ],
    "crm__deals": [
        ("deal_id", "text"),
        ("account_id", "text"),
        ("lead_id", "text"),
        ("owner_id", "text"),
        ("deal_type", "text"),
        ("product_id", "text"),
        ("stage", "text"),
        ("amount", "money"),
        ("currency", "text"),
        ("created_at", "ts"),
        ("expected_close_on", "date"),
        ("closed_at", "ts"),
        ("lost_reason", "text"),
        ("is_deleted", "bool"),
    ],
    "crm__deal_stage_history": [("deal_id", "text"), ("stage", "text"), ("entered_at", "ts")],
    "crm__pipeline_stages": [
        ("stage", "text"),
        ("stage_order", "int"),
        ("probability", "prob"),
        ("is_closed", "bool"),
        ("is_won", "bool"),
        ("forecast_category", "text"),
    ],
    "crm__products": [
        ("product_id", "text"),
        ("product_name", "text"),
        ("product_family", "text"),
        ("tier_rank", "int"),
    ],
    "crm__quotas": [
        ("user_id", "text"),
        ("month", "date"),
        ("quota_amount", "money"),
        ("currency", "text"),
    ],
    "billing__customers": [
        ("customer_id", "text"),
        ("account_id", "text"),
        ("currency", "text"),
        ("created_at", "ts"),
    ],
    "billing__plans": [
        ("plan_id", "text"),
        ("product_id", "text"),
        ("plan_name", "text"),
        ("billing_period_months", "int"),
        ("list_price", "money"),
        ("currency", "text"),
        ("available_from", "date"),
        ("available_to", "date"),
    ],
    "billing__subscriptions": [
        ("subscription_id", "text"),
        ("customer_id", "text"),
        ("started_at", "ts"),
        ("ended_at", "ts"),
    ],
    "billing__subscription_items": [
        ("subscription_item_id", "text"),
        ("subscription_id", "text"),
        ("plan_id", "text"),
        ("quantity", "int"),
        ("unit_price", "money"),
        ("discount_percent", "pct"),
        ("valid_from", "ts"),
        ("valid_to", "ts"),
    ],
    "billing__invoices": [
        ("invoice_id", "text"),
        ("customer_id", "text"),
        ("subscription_id", "text"),
        ("issued_at", "ts"),
        ("period_start", "date"),
        ("period_end", "date"),
        ("amount", "money"),
        ("currency", "text"),
        ("status", "text"),
    ],
    "billing__fx_rates": [("rate_date", "date"), ("currency", "text"), ("usd_per_unit", "rate")],
    "telephony__calls": [
        ("call_id", "text"),
        ("started_at", "ts"),
        ("direction", "text"),
        ("status", "text"),
        ("user_id", "text"),
        ("lead_id", "text"),
        ("deal_id", "text"),
        ("account_id", "text"),
        ("wait_seconds", "int"),
        ("talk_seconds", "int"),
        ("phone_number", "text"),
    ],
    "telephony__call_scores": [
        ("call_id", "text"),
        ("scored_at", "ts"),
        ("model_version", "text"),
        ("overall_score", "score"),
        ("script_adherence_score", "score"),
        ("next_step_agreed", "bool"),
        ("sentiment", "text"),
    ],
    "market__competitor_prices": [
        ("observed_on", "date"),
        ("competitor", "text"),
        ("competitor_product", "text"),
        ("product_id", "text"),
        ("price", "money"),
        ("currency", "text"),
        ("billing_period_months", "int"),
    ],
}

TABLES: tuple[str, ...] = tuple(CONTRACT)


def columns(table: str) -> list[str]:
    """Column names of a contract table, in contract order."""
    return [name for name, _ in CONTRACT[table]]
