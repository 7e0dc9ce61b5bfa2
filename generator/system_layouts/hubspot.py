"""The contract's CRM and calls as Fivetran lands HubSpot (crm_system / telephony_system
hubspot): owners and teams, companies, contacts (the leads), deals with their associations,
pipeline stages, stage history (`deal_stage`), products and line items (each deal's product
as one line item of the deal's amount, linked through `line_item_deal`), and call engagements
(durations in milliseconds).

What HubSpot cannot carry, so the marts built from it differ from the seeds' (DECISIONLOG.md,
"HubSpot adapter"): owners have no manager, role, hire or leave dates; the lead source is
HubSpot's original source (cold e-mail, cold call, event and partner are all OFFLINE, so their
channel is outbound); stages have no forecast category; calls have no wait time and talk time
only when connected; products have no tier (every product tier 1).
"""

from __future__ import annotations

from pathlib import Path

from generator.system_layouts.common import read_seed, write_table

SYSTEM = "hubspot"
REPLACES = (
    "crm__users",
    "crm__leads",
    "crm__accounts",
    "crm__deals",
    "crm__deal_stage_history",
    "crm__pipeline_stages",
    "crm__products",
    "telephony__calls",
)

# The contract's lead source -> HubSpot's original source (hs_analytics_source).
ANALYTICS_SOURCES = {
    "organic_search": "ORGANIC_SEARCH",
    "paid_search": "PAID_SEARCH",
    "social": "SOCIAL_MEDIA",
    "paid_social": "PAID_SOCIAL",
    "referral": "REFERRALS",
    "website": "DIRECT_TRAFFIC",
    "email": "EMAIL_MARKETING",
    "other_campaigns": "OTHER_CAMPAIGNS",
}
# The contract's deal type -> dealtype (newbusiness and existingbusiness are HubSpot's own;
# renewal and crosssell are portal-defined values, mapped with the hubspot_deal_types setting).
DEAL_TYPES = {
    "new_business": "newbusiness",
    "upsell": "existingbusiness",
    "renewal": "renewal",
    "cross_sell": "crosssell",
}
# HubSpot's default call outcome ids.
CONNECTED = "f240bbac-87c9-4f6e-bf70-924b57d47db7"
LEFT_VOICEMAIL = "b2cf5968-551e-4856-9783-52b3da59a7d0"
CALL_STATUSES = {
    "answered": ("COMPLETED", CONNECTED),
    "voicemail": ("COMPLETED", LEFT_VOICEMAIL),
    "no_answer": ("NO_ANSWER", ""),
    "busy": ("BUSY", ""),
    "failed": ("FAILED", ""),
}
# The hubspot_deal_types setting a build of these files needs (the portal's own types).
DEAL_TYPES_SETTING = {
    "newbusiness": "new_business",
    "existingbusiness": "upsell",
    "renewal": "renewal",
    "crosssell": "cross_sell",
}


def _lead_state(lead: dict[str, str]) -> tuple[str, str]:
    """(lifecyclestage, hs_lead_status) of a contract lead status."""
    return {
        "new": ("lead", "NEW"),
        "working": ("lead", "OPEN"),
        "qualified": ("salesqualifiedlead", "IN_PROGRESS"),
        "disqualified": ("lead", "UNQUALIFIED"),
        "converted": ("customer", "OPEN_DEAL"),
    }.get(lead["status"].strip().lower(), (lead["status"], ""))


def write(seeds_dir: Path, out_dir: Path) -> None:
    users = read_seed(seeds_dir, "crm__users")
    teams = sorted({u["team"] for u in users if u["team"]})
    team_ids = {name: str(7000 + i) for i, name in enumerate(teams, start=1)}
    write_table(
        out_dir,
        SYSTEM,
        "owner",
        ["owner_id", "email", "first_name", "last_name", "created_at", "is_active"],
        (
            {
                "owner_id": u["user_id"],
                "email": u["email"],
                "first_name": u["full_name"].split(" ", 1)[0],
                "last_name": u["full_name"].split(" ", 1)[1] if " " in u["full_name"] else "",
                "created_at": u["hired_on"],
                "is_active": "false" if u["left_on"] else "true",
            }
            for u in users
        ),
    )
    write_table(
        out_dir, SYSTEM, "team", ["id", "name"], ({"id": i, "name": n} for n, i in team_ids.items())
    )
    write_table(
        out_dir,
        SYSTEM,
        "owner_team",
        ["owner_id", "team_id", "is_team_primary"],
        (
            {"owner_id": u["user_id"], "team_id": team_ids[u["team"]], "is_team_primary": "true"}
            for u in users
            if u["team"]
        ),
    )
    write_table(
        out_dir,
        SYSTEM,
        "company",
        [
            "id",
            "property_name",
            "property_industry",
            "property_country",
            "property_createdate",
            "property_hubspot_owner_id",
        ],
        (
            {
                "id": a["account_id"],
                "property_name": a["account_name"],
                "property_industry": a["industry"],
                "property_country": a["country"],
                "property_createdate": a["created_at"],
                "property_hubspot_owner_id": a["owner_id"],
            }
            for a in read_seed(seeds_dir, "crm__accounts")
        ),
    )
    _write_contacts(seeds_dir, out_dir)
    _write_deals(seeds_dir, out_dir)
    _write_products(seeds_dir, out_dir)
    _write_calls(seeds_dir, out_dir)


def _write_contacts(seeds_dir: Path, out_dir: Path) -> None:
    rows = []
    for lead in read_seed(seeds_dir, "crm__leads"):
        lifecycle, lead_status = _lead_state(lead)
        source = lead["source"].strip().lower()
        rows.append(
            {
                "id": lead["lead_id"],
                "property_createdate": lead["created_at"],
                "property_hubspot_owner_id": lead["owner_id"],
                "property_hs_analytics_source": ANALYTICS_SOURCES.get(source, "OFFLINE"),
                "property_lifecyclestage": lifecycle,
                "property_hs_lead_status": lead_status,
                "property_associatedcompanyid": lead["account_id"],
                "property_hs_lead_disqualification_reason": lead["disqualified_reason"],
                "property_hs_lifecyclestage_customer_date": lead["converted_at"],
                "property_company": lead["company_name"],
                "property_email": lead["contact_email"],
                "property_phone": lead["contact_phone"],
                "is_deleted": lead["is_deleted"],
            }
        )
    write_table(out_dir, SYSTEM, "contact", list(rows[0]) if rows else ["id"], rows)


def _write_deals(seeds_dir: Path, out_dir: Path) -> None:
    stages = read_seed(seeds_dir, "crm__pipeline_stages")
    closed = {s["stage"].strip().lower() for s in stages if s["is_closed"].strip() == "true"}
    write_table(
        out_dir,
        SYSTEM,
        "deal_pipeline_stage",
        [
            "stage_id",
            "pipeline_id",
            "label",
            "display_order",
            "probability",
            "closed_won",
            "is_closed",
        ],
        (
            {
                "stage_id": s["stage"],
                "pipeline_id": "default",
                "label": s["stage"].replace("_", " ").title(),
                "display_order": s["stage_order"],
                "probability": s["probability"],
                "closed_won": s["is_won"],
                "is_closed": s["is_closed"],
            }
            for s in stages
        ),
    )
    deals = read_seed(seeds_dir, "crm__deals")
    write_table(
        out_dir,
        SYSTEM,
        "deal",
        [
            "deal_id",
            "owner_id",
            "deal_pipeline_id",
            "deal_pipeline_stage_id",
            "property_amount",
            "property_deal_currency_code",
            "property_createdate",
            "property_closedate",
            "property_dealtype",
            "property_closed_lost_reason",
            "is_deleted",
        ],
        (
            {
                "deal_id": d["deal_id"],
                "owner_id": d["owner_id"],
                "deal_pipeline_id": "default",
                "deal_pipeline_stage_id": d["stage"],
                "property_amount": d["amount"],
                "property_deal_currency_code": d["currency"],
                "property_createdate": d["created_at"],
                "property_closedate": (
                    d["closed_at"]
                    if d["stage"].strip().lower() in closed
                    else d["expected_close_on"]
                ),
                "property_dealtype": DEAL_TYPES.get(d["deal_type"], d["deal_type"]),
                "property_closed_lost_reason": d["lost_reason"],
                "is_deleted": d["is_deleted"],
            }
            for d in deals
        ),
    )
    write_table(
        out_dir,
        SYSTEM,
        "deal_company",
        ["deal_id", "company_id"],
        (
            {"deal_id": d["deal_id"], "company_id": d["account_id"]}
            for d in deals
            if d["account_id"]
        ),
    )
    write_table(
        out_dir,
        SYSTEM,
        "deal_contact",
        ["deal_id", "contact_id"],
        ({"deal_id": d["deal_id"], "contact_id": d["lead_id"]} for d in deals if d["lead_id"]),
    )
    write_table(
        out_dir,
        SYSTEM,
        "deal_stage",
        ["deal_id", "value", "date_entered"],
        (
            {"deal_id": h["deal_id"], "value": h["stage"], "date_entered": h["entered_at"]}
            for h in read_seed(seeds_dir, "crm__deal_stage_history")
        ),
    )


def _write_products(seeds_dir: Path, out_dir: Path) -> None:
    write_table(
        out_dir,
        SYSTEM,
        "product",
        ["id", "property_name", "property_hs_product_family"],
        (
            {
                "id": p["product_id"],
                "property_name": p["product_name"],
                "property_hs_product_family": p["product_family"],
            }
            for p in read_seed(seeds_dir, "crm__products")
        ),
    )
    # One line item per deal with a product, of the deal's amount (so it is the largest).
    sold = [d for d in read_seed(seeds_dir, "crm__deals") if d["product_id"]]
    write_table(
        out_dir,
        SYSTEM,
        "line_item",
        ["id", "product_id", "property_quantity", "property_amount"],
        (
            {
                "id": f"li-{d['deal_id']}",
                "product_id": d["product_id"],
                "property_quantity": "1",
                "property_amount": d["amount"],
            }
            for d in sold
        ),
    )
    write_table(
        out_dir,
        SYSTEM,
        "line_item_deal",
        ["line_item_id", "deal_id"],
        ({"line_item_id": f"li-{d['deal_id']}", "deal_id": d["deal_id"]} for d in sold),
    )


def _duration_ms(talk_seconds: str) -> str:
    try:
        return str(round(float(talk_seconds) * 1000))
    except ValueError:
        return talk_seconds


def _write_calls(seeds_dir: Path, out_dir: Path) -> None:
    calls = read_seed(seeds_dir, "telephony__calls")
    write_table(
        out_dir,
        SYSTEM,
        "engagement",
        ["id", "type", "owner_id", "timestamp"],
        (
            {
                "id": c["call_id"],
                "type": "CALL",
                "owner_id": c["user_id"],
                "timestamp": c["started_at"],
            }
            for c in calls
        ),
    )
    rows = []
    for c in calls:
        status, disposition = CALL_STATUSES.get(c["status"].strip().lower(), (c["status"], ""))
        inbound = c["direction"].strip().lower() == "inbound"
        rows.append(
            {
                "engagement_id": c["call_id"],
                "property_hs_call_direction": c["direction"].upper(),
                "property_hs_call_duration": _duration_ms(c["talk_seconds"]),
                "property_hs_call_status": status,
                "property_hs_call_disposition": disposition,
                "property_hs_call_to_number": "" if inbound else c["phone_number"],
                "property_hs_call_from_number": c["phone_number"] if inbound else "",
            }
        )
    write_table(
        out_dir, SYSTEM, "engagement_call", list(rows[0]) if rows else ["engagement_id"], rows
    )
    for table, column, key in (
        ("engagement_contact", "contact_id", "lead_id"),
        ("engagement_deal", "deal_id", "deal_id"),
        ("engagement_company", "company_id", "account_id"),
    ):
        write_table(
            out_dir,
            SYSTEM,
            table,
            ["engagement_id", column],
            ({"engagement_id": c["call_id"], column: c[key]} for c in calls if c[key]),
        )
