"""The contract's CRM and calls as Fivetran lands Salesforce (crm_system / telephony_system
salesforce): users and roles, leads, accounts, opportunities (probabilities 0-100, close
dates without a time), OpportunityHistory, OpportunityStage, Product2 with line items,
ForecastingQuota, and call tasks.

What Salesforce cannot carry, so the marts built from it differ from the seeds' (see
DIFFERS in python_tests/test_round_trip.py): close and conversion dates are dates; a user's
leave date (only inactive, left on the last activity); one lead source per channel
(lead_source_channels); a task points at one record (what_id: the deal, else the account);
calls have no wait time, and a call is answered only when it lasted.
"""

from __future__ import annotations

from pathlib import Path

from generator.system_layouts.common import parse_ts, read_seed, write_table

SYSTEM = "salesforce"
REPLACES = (
    "crm__users",
    "crm__leads",
    "crm__accounts",
    "crm__deals",
    "crm__deal_stage_history",
    "crm__pipeline_stages",
    "crm__products",
    "crm__quotas",
    "telephony__calls",
)

LEAD_STATUSES = {
    "new": "Open - Not Contacted",
    "working": "Working - Contacted",
    "qualified": "Qualified",
    "disqualified": "Closed - Not Converted",
    "converted": "Closed - Converted",
}
DEAL_TYPES = {
    "new_business": "New Business",
    "upsell": "Existing Business",
    "cross_sell": "Add-On",
    "renewal": "Renewal",
}
FORECAST_CATEGORIES = {
    "pipeline": "Pipeline",
    "best_case": "Best Case",
    "commit": "Commit",
    "omitted": "Omitted",
}
DISPOSITIONS = {
    "voicemail": "Left voicemail",
    "no_answer": "No Answer",
    "busy": "Busy",
    "failed": "Failed",
}


def _date(text: str) -> str:
    """The date part of a contract timestamp (Salesforce dates have no time)."""
    try:
        value = parse_ts(text)
    except ValueError:
        return text
    return "" if value is None else value.date().isoformat()


def _percent(text: str) -> str:
    try:
        return f"{float(text) * 100:g}"
    except ValueError:
        return text


def _title(text: str) -> str:
    return text.replace("_", " ").title()


def write(seeds_dir: Path, out_dir: Path) -> None:
    users = read_seed(seeds_dir, "crm__users")
    teams = sorted({u["team"] for u in users if u["team"]})
    role_ids = {name: f"00E{i:05d}" for i, name in enumerate(teams, start=1)}
    write_table(
        out_dir,
        SYSTEM,
        "user_role",
        ["id", "name", "parent_role_id"],
        ({"id": i, "name": n} for n, i in role_ids.items()),
    )
    write_table(
        out_dir,
        SYSTEM,
        "user",
        ["id", "name", "email", "manager_id", "user_role_id", "is_active", "created_date"],
        (
            {
                "id": u["user_id"],
                "name": u["full_name"],
                "email": u["email"],
                "manager_id": u["manager_id"],
                "user_role_id": role_ids.get(u["team"], ""),
                "is_active": "false" if u["left_on"] else "true",
                "created_date": u["hired_on"],
            }
            for u in users
        ),
    )
    write_table(
        out_dir,
        SYSTEM,
        "account",
        ["id", "name", "industry", "billing_country", "owner_id", "created_date", "is_deleted"],
        (
            {
                "id": a["account_id"],
                "name": a["account_name"],
                "industry": a["industry"],
                "billing_country": a["country"],
                "owner_id": a["owner_id"],
                "created_date": a["created_at"],
                "is_deleted": "false",
            }
            for a in read_seed(seeds_dir, "crm__accounts")
        ),
    )
    deals = read_seed(seeds_dir, "crm__deals")
    converted_into: dict[str, str] = {}
    for d in deals:
        if d["lead_id"]:
            converted_into.setdefault(d["lead_id"], d["deal_id"])
    write_table(
        out_dir,
        SYSTEM,
        "lead",
        [
            "id", "created_date", "owner_id", "lead_source", "status", "is_converted",
            "converted_date", "converted_account_id", "converted_opportunity_id", "company",
            "email", "phone", "is_deleted",
        ],
        (
            {
                "id": lead["lead_id"],
                "created_date": lead["created_at"],
                "owner_id": lead["owner_id"],
                "lead_source": _title(lead["source"]),
                "status": LEAD_STATUSES.get(lead["status"], lead["status"]),
                "is_converted": "true" if lead["status"] == "converted" else "false",
                "converted_date": _date(lead["converted_at"]),
                "converted_account_id": lead["account_id"],
                "converted_opportunity_id": converted_into.get(lead["lead_id"], ""),
                "company": lead["company_name"],
                "email": lead["contact_email"],
                "phone": lead["contact_phone"],
                "is_deleted": lead["is_deleted"],
            }
            for lead in read_seed(seeds_dir, "crm__leads")
        ),
    )  # fmt: skip
    _write_opportunities(seeds_dir, out_dir, deals)
    _write_tasks(seeds_dir, out_dir)
    write_table(
        out_dir,
        SYSTEM,
        "forecasting_quota",
        ["quota_owner_id", "start_date", "quota_amount", "currency_iso_code"],
        (
            {
                "quota_owner_id": q["user_id"],
                "start_date": q["month"],
                "quota_amount": q["quota_amount"],
                "currency_iso_code": q["currency"],
            }
            for q in read_seed(seeds_dir, "crm__quotas")
        ),
    )


def _write_opportunities(seeds_dir: Path, out_dir: Path, deals: list[dict[str, str]]) -> None:
    stages = read_seed(seeds_dir, "crm__pipeline_stages")
    by_stage = {s["stage"].strip().lower(): s for s in stages}
    write_table(
        out_dir,
        SYSTEM,
        "opportunity_stage",
        ["master_label", "sort_order", "default_probability", "is_closed", "is_won",
         "forecast_category_name"],
        (
            {
                "master_label": s["stage"],
                "sort_order": s["stage_order"],
                "default_probability": _percent(s["probability"]),
                "is_closed": s["is_closed"],
                "is_won": s["is_won"],
                "forecast_category_name": FORECAST_CATEGORIES.get(
                    s["forecast_category"], s["forecast_category"]
                ),
            }
            for s in stages
        ),
    )  # fmt: skip
    rows = []
    for d in deals:
        stage = by_stage.get(d["stage"].strip().lower(), {})
        closed = stage.get("is_closed", "false") == "true"
        rows.append(
            {
                "id": d["deal_id"],
                "account_id": d["account_id"],
                "owner_id": d["owner_id"],
                "type": DEAL_TYPES.get(d["deal_type"], d["deal_type"]),
                "stage_name": d["stage"],
                "amount": d["amount"],
                "currency_iso_code": d["currency"],
                "close_date": _date(d["closed_at"]) if closed else d["expected_close_on"],
                "created_date": d["created_at"],
                "is_closed": "true" if closed else "false",
                "is_won": stage.get("is_won", "false"),
                "is_deleted": d["is_deleted"],
                "probability": _percent(stage.get("probability", "")),
                "forecast_category_name": FORECAST_CATEGORIES.get(
                    stage.get("forecast_category", ""), ""
                ),
                "loss_reason": _title(d["lost_reason"]),
                "lead_id": d["lead_id"],
            }
        )
    write_table(out_dir, SYSTEM, "opportunity", list(rows[0]) if rows else ["id"], rows)
    write_table(
        out_dir,
        SYSTEM,
        "opportunity_history",
        ["opportunity_id", "created_date", "stage_name"],
        (
            {
                "opportunity_id": h["deal_id"],
                "created_date": h["entered_at"],
                "stage_name": h["stage"],
            }
            for h in read_seed(seeds_dir, "crm__deal_stage_history")
        ),
    )
    write_table(
        out_dir,
        SYSTEM,
        "product_2",
        ["id", "name", "family"],
        (
            {"id": p["product_id"], "name": p["product_name"], "family": p["product_family"]}
            for p in read_seed(seeds_dir, "crm__products")
        ),
    )
    write_table(
        out_dir,
        SYSTEM,
        "opportunity_line_item",
        ["opportunity_id", "product_2_id", "total_price"],
        (
            {
                "opportunity_id": d["deal_id"],
                "product_2_id": d["product_id"],
                "total_price": d["amount"],
            }
            for d in deals
            if d["product_id"]
        ),
    )


def _write_tasks(seeds_dir: Path, out_dir: Path) -> None:
    write_table(
        out_dir,
        SYSTEM,
        "task",
        ["id", "owner_id", "who_id", "what_id", "created_date", "activity_date", "task_subtype",
         "call_type", "call_duration_in_seconds", "call_disposition", "is_deleted"],
        (
            {
                "id": c["call_id"],
                "owner_id": c["user_id"],
                "who_id": c["lead_id"],
                "what_id": c["deal_id"] or c["account_id"],
                "created_date": c["started_at"],
                "activity_date": _date(c["started_at"]),
                "task_subtype": "Call",
                "call_type": _title(c["direction"]),
                "call_duration_in_seconds": c["talk_seconds"],
                "call_disposition": DISPOSITIONS.get(c["status"], ""),
                "is_deleted": "false",
            }
            for c in read_seed(seeds_dir, "telephony__calls")
        ),
    )  # fmt: skip
