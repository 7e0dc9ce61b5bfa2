"""The bundled seeds as a Bitrix24 REST export: bitrix24__<table>.csv (UTF-8, ISO dates).

Teams become departments headed by their manager (the head's department is the parent of the
others), stages keep their names as STATUS_ID with SEMANTICS S / F, deal types travel in TYPE_ID,
calls in voximplant's CALL_TYPE / CALL_FAILED_CODE. What Bitrix24 cannot hold is not written
(deleted deals, which vanish from its exports; lost reasons; forecast categories; products;
countries; call wait times; several links of one call): see DECISIONLOG.md, "amoCRM and Bitrix24".
"""

from __future__ import annotations

from pathlib import Path

from generator.system_layouts._ru_crm_common import read_seed, write_csv

CALL_TYPES = {"outbound": "1", "inbound": "2"}
# voximplant has no voicemail code: a call that reached voicemail was not answered (304).
FAILED_CODES = {"answered": "200", "no_answer": "304", "voicemail": "304", "busy": "486", "failed": "503"}  # fmt: skip
LEAD_STATUSES = {
    "new": ("NEW", "P"),
    "working": ("IN_PROCESS", "P"),
    "qualified": ("PROCESSED", "P"),
    "converted": ("CONVERTED", "S"),
}


def _true(text: str) -> bool:
    return text.strip().lower() in ("true", "1")


def _departments(users: list[dict[str, str]]) -> tuple[dict[str, str], list[list[str]]]:
    """team -> department id, and the department rows (ID, NAME, PARENT, UF_HEAD)."""
    teams = sorted({u["team"] for u in users})
    ids = {team: str(number) for number, team in enumerate(teams, start=1)}
    heads = {}
    for user in users:
        if user["role"] in ("manager", "head"):
            heads.setdefault(user["team"], user["user_id"])
    top = next((u for u in users if u["role"] == "head"), None)
    top_department = ids[top["team"]] if top else ""
    rows = [
        [
            ids[team],
            team,
            "" if ids[team] == top_department else top_department,
            heads.get(team, ""),
        ]
        for team in teams
    ]
    return ids, rows


def write(seeds_dir: Path, out_dir: Path) -> None:
    users = read_seed(seeds_dir, "crm__users")
    department_ids, departments = _departments(users)
    write_csv(
        out_dir / "bitrix24__departments.csv", ["ID", "NAME", "PARENT", "UF_HEAD"], departments
    )
    user_rows = []
    for user in users:
        first, _, last = user["full_name"].partition(" ")
        user_rows.append(
            [user["user_id"], first, last, user["email"], f"[{department_ids[user['team']]}]",
             user["hired_on"], "N" if user["left_on"] else "Y"]
        )  # fmt: skip
    write_csv(
        out_dir / "bitrix24__users.csv",
        ["ID", "NAME", "LAST_NAME", "EMAIL", "UF_DEPARTMENT", "DATE_REGISTER", "ACTIVE"],
        user_rows,
    )

    stages = read_seed(seeds_dir, "crm__pipeline_stages")
    write_csv(
        out_dir / "bitrix24__stages.csv",
        ["ENTITY_ID", "STATUS_ID", "NAME", "SORT", "SEMANTICS"],
        [
            ["DEAL_STAGE", s["stage"].upper(), s["stage"], s["stage_order"],
             "S" if _true(s["is_won"]) else "F" if _true(s["is_closed"]) else ""]
            for s in stages
        ],
    )  # fmt: skip
    closed_stages = {s["stage"] for s in stages if _true(s["is_closed"])}

    accounts = read_seed(seeds_dir, "crm__accounts")
    write_csv(
        out_dir / "bitrix24__companies.csv",
        ["ID", "TITLE", "DATE_CREATE", "ASSIGNED_BY_ID", "INDUSTRY"],
        [
            [a["account_id"], a["account_name"], a["created_at"], a["owner_id"], a["industry"]]
            for a in accounts
        ],
    )

    leads = read_seed(seeds_dir, "crm__leads")
    lead_rows = []
    for lead in leads:
        if lead["status"] == "disqualified":
            status_id, semantic = (lead["disqualified_reason"] or "junk").upper(), "F"
        else:
            status_id, semantic = LEAD_STATUSES.get(lead["status"], (lead["status"], "P"))
        lead_rows.append(
            [lead["lead_id"], lead["company_name"], lead["created_at"], lead["owner_id"],
             lead["source"].upper(), status_id, semantic, lead["account_id"] or "0",
             lead["company_name"], lead["converted_at"]]
        )  # fmt: skip
    write_csv(
        out_dir / "bitrix24__leads.csv",
        ["ID", "TITLE", "DATE_CREATE", "ASSIGNED_BY_ID", "SOURCE_ID", "STATUS_ID",
         "STATUS_SEMANTIC_ID", "COMPANY_ID", "COMPANY_TITLE", "DATE_CLOSED"],
        lead_rows,
    )  # fmt: skip

    # Bitrix24 deletes deals for good: a deleted deal is not in its export.
    deals = [d for d in read_seed(seeds_dir, "crm__deals") if not _true(d["is_deleted"])]
    write_csv(
        out_dir / "bitrix24__deals.csv",
        ["ID", "TITLE", "OPPORTUNITY", "CURRENCY_ID", "STAGE_ID", "CATEGORY_ID", "ASSIGNED_BY_ID",
         "DATE_CREATE", "CLOSEDATE", "CLOSED", "COMPANY_ID", "LEAD_ID", "TYPE_ID", "SOURCE_ID"],
        [
            [d["deal_id"], "", d["amount"], d["currency"], d["stage"].upper(), "0", d["owner_id"],
             d["created_at"], d["closed_at"] or d["expected_close_on"],
             "Y" if d["closed_at"] else "N", d["account_id"] or "0", d["lead_id"] or "0",
             d["deal_type"].upper(), ""]
            for d in deals
        ],
    )  # fmt: skip

    history = read_seed(seeds_dir, "crm__deal_stage_history")
    seen: set[str] = set()
    history_rows = []
    for number, entry in enumerate(history, start=1):
        type_id = (
            "3" if entry["stage"] in closed_stages else "2" if entry["deal_id"] in seen else "1"
        )
        seen.add(entry["deal_id"])
        history_rows.append(
            [str(number), entry["deal_id"], entry["stage"].upper(), entry["entered_at"], type_id]
        )
    write_csv(
        out_dir / "bitrix24__stage_history.csv",
        ["ID", "OWNER_ID", "STAGE_ID", "CREATED_TIME", "TYPE_ID"],
        history_rows,
    )

    calls = read_seed(seeds_dir, "telephony__calls")
    call_rows = []
    for call in calls:
        # A call links one CRM entity: the deal, else the lead, else the company.
        if call["deal_id"]:
            entity_type, entity_id = "DEAL", call["deal_id"]
        elif call["lead_id"]:
            entity_type, entity_id = "LEAD", call["lead_id"]
        elif call["account_id"]:
            entity_type, entity_id = "COMPANY", call["account_id"]
        else:
            entity_type, entity_id = "", ""
        call_rows.append(
            [call["call_id"], call["user_id"], CALL_TYPES.get(call["direction"], call["direction"]),
             call["started_at"], call["talk_seconds"],
             FAILED_CODES.get(call["status"], call["status"]), entity_type, entity_id,
             call["phone_number"]]
        )  # fmt: skip
    write_csv(
        out_dir / "bitrix24__calls.csv",
        ["CALL_ID", "PORTAL_USER_ID", "CALL_TYPE", "CALL_START_DATE", "CALL_DURATION",
         "CALL_FAILED_CODE", "CRM_ENTITY_TYPE", "CRM_ENTITY_ID", "PHONE_NUMBER"],
        call_rows,
    )  # fmt: skip
