"""The bundled seeds as an amoCRM (API v4) export: amocrm__<table>.csv.

amoCRM's "leads" are deals and its contacts stand for the contract's leads; timestamps are unix
seconds; statuses 142 / 143 are won / lost; call notes carry call_status codes. What amoCRM
cannot hold is not written (deal types, products, currencies, lead statuses, managers, hire
dates, call wait times, several links of one call): see DECISIONLOG.md, "amoCRM and Bitrix24".
"""

from __future__ import annotations

from pathlib import Path

from generator.system_layouts._ru_crm_common import read_seed, unix_seconds, write_csv

PIPELINE_ID = "1"
CALL_STATUS_CODES = {
    "voicemail": "1",
    "answered": "4",
    "failed": "5",
    "no_answer": "6",
    "busy": "7",
}


def _status_ids(stages: list[dict[str, str]]) -> dict[str, str]:
    """Contract stage -> amoCRM status id: won stages 142, lost stages 143, others their name."""
    ids = {}
    for stage in stages:
        closed = stage["is_closed"].strip().lower() in ("true", "1")
        won = stage["is_won"].strip().lower() in ("true", "1")
        ids[stage["stage"]] = "142" if won else "143" if closed else stage["stage"]
    return ids


def write(seeds_dir: Path, out_dir: Path) -> None:
    users = read_seed(seeds_dir, "crm__users")
    write_csv(
        out_dir / "amocrm__users.csv",
        ["id", "name", "email", "group_name", "is_active"],
        [
            [
                u["user_id"],
                u["full_name"],
                u["email"],
                u["team"],
                "false" if u["left_on"] else "true",
            ]
            for u in users
        ],
    )

    stages = read_seed(seeds_dir, "crm__pipeline_stages")
    status_ids = _status_ids(stages)
    write_csv(
        out_dir / "amocrm__statuses.csv",
        ["pipeline_id", "status_id", "name", "sort"],
        [[PIPELINE_ID, status_ids[s["stage"]], s["stage"], s["stage_order"]] for s in stages],
    )

    accounts = read_seed(seeds_dir, "crm__accounts")
    write_csv(
        out_dir / "amocrm__companies.csv",
        ["id", "name", "created_at", "responsible_user_id"],
        [
            [a["account_id"], a["account_name"], unix_seconds(a["created_at"]), a["owner_id"]]
            for a in accounts
        ],
    )

    leads = read_seed(seeds_dir, "crm__leads")
    lead_sources = {lead["lead_id"]: lead["source"] for lead in leads}
    write_csv(
        out_dir / "amocrm__contacts.csv",
        ["id", "name", "created_at", "responsible_user_id", "company_id"],
        [
            [lead["lead_id"], lead["company_name"], unix_seconds(lead["created_at"]),
             lead["owner_id"], lead["account_id"]]
            for lead in leads
        ],
    )  # fmt: skip

    deals = read_seed(seeds_dir, "crm__deals")
    reasons = sorted({d["lost_reason"] for d in deals if d["lost_reason"]})
    reason_ids = {name: str(number) for number, name in enumerate(reasons, start=1)}
    write_csv(
        out_dir / "amocrm__loss_reasons.csv",
        ["id", "name"],
        [[i, n] for n, i in reason_ids.items()],
    )
    write_csv(
        out_dir / "amocrm__leads.csv",
        ["id", "name", "price", "responsible_user_id", "pipeline_id", "status_id", "created_at",
         "closed_at", "loss_reason_id", "is_deleted", "company_id", "contact_id", "utm_source"],
        [
            [d["deal_id"], "", d["amount"], d["owner_id"], PIPELINE_ID,
             status_ids.get(d["stage"], d["stage"]), unix_seconds(d["created_at"]),
             unix_seconds(d["closed_at"]), reason_ids.get(d["lost_reason"], ""), d["is_deleted"],
             d["account_id"], d["lead_id"], lead_sources.get(d["lead_id"], "")]
            for d in deals
        ],
    )  # fmt: skip

    history = read_seed(seeds_dir, "crm__deal_stage_history")
    write_csv(
        out_dir / "amocrm__events.csv",
        ["id", "type", "entity_id", "created_at", "value_after_status_id", "value_after_pipeline_id"],
        [
            [f"ev{number}", "lead_status_changed", h["deal_id"], unix_seconds(h["entered_at"]),
             status_ids.get(h["stage"], h["stage"]), PIPELINE_ID]
            for number, h in enumerate(history, start=1)
        ],
    )  # fmt: skip

    calls = read_seed(seeds_dir, "telephony__calls")
    notes = []
    for call in calls:
        # A note hangs on one entity: the deal, else the lead (a contact), else the account.
        if call["deal_id"]:
            entity_type, entity_id = "leads", call["deal_id"]
        elif call["lead_id"]:
            entity_type, entity_id = "contacts", call["lead_id"]
        elif call["account_id"]:
            entity_type, entity_id = "companies", call["account_id"]
        else:
            entity_type, entity_id = "", ""
        notes.append(
            [call["call_id"], "call_in" if call["direction"] == "inbound" else "call_out",
             entity_id, entity_type, call["user_id"], unix_seconds(call["started_at"]),
             call["talk_seconds"], CALL_STATUS_CODES.get(call["status"], call["status"]),
             call["phone_number"]]
        )  # fmt: skip
    write_csv(
        out_dir / "amocrm__notes.csv",
        ["id", "note_type", "entity_id", "entity_type", "responsible_user_id", "created_at",
         "duration", "call_status", "phone"],
        notes,
    )  # fmt: skip
