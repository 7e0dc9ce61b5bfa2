"""The raw data contract as data: tables, columns, types, nullability and PII.

This file is the ONE place the contract is written down in the repo. `python
scripts/contract_spec.py` renders from it every other file that lists raw tables or columns:

- the dbt sources YAML (models/staging/<source>/_<source>__sources.yml), which the macros
  read (column order, type, nullable, pii, optional_column, pseudonymise, free_text);
- the seed properties (seeds/_seeds.yml);
- the generator's schema (generator/schema.py: columns and how each value is written);
- the list of raw tables for the data-quality ledger (macros/dq/raw_tables.sql).

python_tests/test_contract_files.py checks that the committed files are what it renders, so
adding a column or a table is one edit here plus a re-render.

A table has its `key`: the columns that name one record. Staging keeps one row per key (the
others are rejected as duplicates) and shows it in the ledger as the record key; the Great
Expectations raw suites check it is unique in the export.

A column is (name, type, nullable, pii, description) with an optional sixth element, a dict of
flags:
- optional_column: the column may be absent from an export and then reads as null silently
  (other nullable columns that are absent are reported in dq_schema_findings);
- pseudonymise: an id of a person (user/owner/manager id); a value shaped like an e-mail
  address or a phone number is replaced in staging by a stable pseudonym;
- free_text: free text that reaches marts; e-mail addresses and phone numbers in it are masked;
- format: how the generator writes a decimal (money, rate, prob, pct, score; default money);
- values: an enumeration, the only values the column may hold (lower case; staging lower-cases
  the text first and rejects any other value as `unknown <column>`);
- range: the values a number may take (`at_least`, `above`, `between`): staging rejects a row
  outside it with the range's reason (`negative amount`, ...), and the Great Expectations raw
  suites check the same bounds. A column with no range may hold any number (stage_order: only
  the order of the stages matters).
"""

from __future__ import annotations

import sys
from pathlib import Path

# (column, type, nullable, pii, description[, flags])
Col = tuple

PSEUDONYMISE = {"pseudonymise": True}
FREE_TEXT = {"free_text": True}


def at_least(low: float, reason: str) -> dict:
    """A value below `low` is rejected with `reason`."""
    return {"range": {"min": low, "reason": reason}}


def above(low: float, reason: str) -> dict:
    """A value at or below `low` is rejected with `reason`."""
    return {"range": {"min": low, "strict_min": True, "reason": reason}}


def between(low: float, high: float, reason: str) -> dict:
    """A value outside [low, high] is rejected with `reason`."""
    return {"range": {"min": low, "max": high, "reason": reason}}


TABLES: dict[str, dict[str, object]] = {
    "crm__users": {
        "key": ("user_id",),
        "optional": False,
        "description": "The sales team, one row per person (reps, managers, the head of sales).",
        "columns": [
            ("user_id", "text", False, False, "Primary key of the person.", PSEUDONYMISE),
            ("full_name", "text", False, True, "Full name (personal data: never reaches a mart)."),
            ("email", "text", False, True, "Work e-mail (personal data: never reaches a mart)."),
            (
                "role",
                "text",
                False,
                False,
                "One of rep, manager, head.",
                {"values": ("rep", "manager", "head")},
            ),
            (
                "manager_id",
                "text",
                True,
                False,
                "The person's manager (a user); null for the head of sales.",
                PSEUDONYMISE,
            ),
            ("team", "text", False, False, "Team name.", FREE_TEXT),
            ("hired_on", "date", False, False, "First working day."),
            ("left_on", "date", True, False, "Last working day; null while employed."),
        ],
    },
    "crm__leads": {
        "key": ("lead_id",),
        "optional": False,
        "description": "One row per lead (a prospect's first contact or a record created by a rep).",
        "columns": [
            ("lead_id", "text", False, False, "Primary key of the lead."),
            ("created_at", "timestamp", False, False, "First contact / creation, UTC."),
            (
                "channel",
                "text",
                False,
                False,
                "inbound (the lead came to us) or outbound (we went to them).",
                {"values": ("inbound", "outbound")},
            ),
            (
                "source",
                "text",
                False,
                False,
                "Finer origin (website, paid_search, referral, cold_call, ...): free lower-case text.",
                FREE_TEXT,
            ),
            ("owner_id", "text", True, False, "The rep who owns the lead (a user).", PSEUDONYMISE),
            (
                "status",
                "text",
                False,
                False,
                "One of new, working, qualified, disqualified, converted.",
                {"values": ("new", "working", "qualified", "disqualified", "converted")},
            ),
            (
                "disqualified_reason",
                "text",
                True,
                False,
                "Free text; duplicate, spam and test mark a lead that is not a real prospect.",
                FREE_TEXT,
            ),
            (
                "converted_at",
                "timestamp",
                True,
                False,
                "When the CRM marked the lead converted, UTC.",
            ),
            ("account_id", "text", True, False, "The account the lead became."),
            ("company_name", "text", False, False, "Company name as typed on the lead.", FREE_TEXT),
            ("contact_email", "text", True, True, "Contact e-mail (personal data)."),
            ("contact_phone", "text", True, True, "Contact phone (personal data)."),
            ("is_deleted", "boolean", False, False, "Soft delete in the CRM."),
        ],
    },
    "crm__accounts": {
        "key": ("account_id",),
        "optional": False,
        "description": "One row per company (customer or prospect account).",
        "columns": [
            ("account_id", "text", False, False, "Primary key of the account."),
            ("account_name", "text", False, False, "Company name.", FREE_TEXT),
            ("industry", "text", True, False, "Industry.", FREE_TEXT),
            ("country", "text", True, False, "ISO 3166 alpha-2 country code."),
            ("created_at", "timestamp", False, False, "When the account was created, UTC."),
            ("owner_id", "text", True, False, "Account manager (a user).", PSEUDONYMISE),
        ],
    },
    "crm__deals": {
        "key": ("deal_id",),
        "optional": False,
        "description": "One row per deal (opportunity).",
        "columns": [
            ("deal_id", "text", False, False, "Primary key of the deal."),
            ("account_id", "text", True, False, "The account the deal is with."),
            ("lead_id", "text", True, False, "The lead the deal came from."),
            ("owner_id", "text", False, False, "The rep who owns the deal (a user).", PSEUDONYMISE),
            (
                "deal_type",
                "text",
                False,
                False,
                "One of new_business, upsell, cross_sell, renewal.",
                {"values": ("new_business", "upsell", "cross_sell", "renewal")},
            ),
            ("product_id", "text", True, False, "The product the deal is for."),
            ("stage", "text", False, False, "Current stage (a pipeline stage)."),
            (
                "amount",
                "decimal",
                True,
                False,
                "Deal value in major units; may be empty on early stages.",
                at_least(0, "negative amount"),
            ),
            (
                "currency",
                "text",
                True,
                False,
                "ISO 4217 code of amount; required when amount is set.",
            ),
            ("created_at", "timestamp", False, False, "When the deal was created, UTC."),
            ("expected_close_on", "date", True, False, "Expected close date."),
            ("closed_at", "timestamp", True, False, "When the deal was closed (won or lost), UTC."),
            (
                "lost_reason",
                "text",
                True,
                False,
                "Why a lost deal was lost (price, competitor, no_budget, ...).",
                FREE_TEXT,
            ),
            ("is_deleted", "boolean", False, False, "Soft delete in the CRM."),
        ],
    },
    "crm__deal_stage_history": {
        "key": ("deal_id", "entered_at"),
        "optional": True,
        "description": "One row per stage a deal entered; (deal_id, entered_at) is unique. A deal with no rows has been in its current stage since it was created.",
        "columns": [
            ("deal_id", "text", False, False, "The deal."),
            ("stage", "text", False, False, "The stage entered."),
            ("entered_at", "timestamp", False, False, "When the deal entered the stage, UTC."),
        ],
    },
    "crm__pipeline_stages": {
        "key": ("stage",),
        "optional": False,
        "description": "Reference list of pipeline stages, one row per stage.",
        "columns": [
            ("stage", "text", False, False, "Primary key: the stage name."),
            ("stage_order", "integer", False, False, "Position of the stage in the pipeline."),
            (
                "probability",
                "decimal",
                False,
                False,
                "Win probability from 0 to 1 (never 0 to 100).",
                {"format": "prob", **between(0, 1, "probability outside 0-1")},
            ),
            ("is_closed", "boolean", False, False, "True for closed stages (won or lost)."),
            ("is_won", "boolean", False, False, "True only for the won stage(s)."),
            (
                "forecast_category",
                "text",
                True,
                False,
                "Optional column: the forecast category of the stage (pipeline, best_case, commit, omitted); a missing column or an empty value makes an open stage pipeline (a closed one omitted).",
                {"values": ("pipeline", "best_case", "commit", "omitted"), "optional_column": True},
            ),
        ],
    },
    "crm__products": {
        "key": ("product_id",),
        "optional": False,
        "description": "One row per product we sell.",
        "columns": [
            ("product_id", "text", False, False, "Primary key of the product."),
            ("product_name", "text", False, False, "Product name.", FREE_TEXT),
            (
                "product_family",
                "text",
                False,
                False,
                "Family: upsell stays within a family, cross-sell crosses into another.",
                FREE_TEXT,
            ),
            (
                "tier_rank",
                "integer",
                False,
                False,
                "Higher is a more expensive tier of the same family.",
            ),
        ],
    },
    "crm__quotas": {
        "key": ("user_id", "month"),
        "optional": True,
        "description": "Sales targets: one row per rep and month.",
        "columns": [
            ("user_id", "text", False, False, "The rep (a user).", PSEUDONYMISE),
            ("month", "date", False, False, "First day of the month."),
            (
                "quota_amount",
                "decimal",
                False,
                False,
                "Won amount target.",
                at_least(0, "negative amount"),
            ),
            ("currency", "text", False, False, "ISO 4217 code of quota_amount."),
        ],
    },
    "billing__customers": {
        "key": ("customer_id",),
        "optional": False,
        "description": "One row per paying customer in billing.",
        "columns": [
            ("customer_id", "text", False, False, "Primary key of the customer."),
            (
                "account_id",
                "text",
                True,
                False,
                "The CRM account; null when billing has no CRM link.",
            ),
            ("currency", "text", False, False, "ISO 4217 billing currency."),
            ("created_at", "timestamp", False, False, "When the customer was created, UTC."),
        ],
    },
    "billing__plans": {
        "key": ("plan_id",),
        "optional": False,
        "description": "One row per price plan.",
        "columns": [
            ("plan_id", "text", False, False, "Primary key of the plan."),
            ("product_id", "text", False, False, "The product the plan sells."),
            ("plan_name", "text", False, False, "Plan name.", FREE_TEXT),
            (
                "billing_period_months",
                "integer",
                False,
                False,
                "Billing period: 1, 3, 6 or 12 months.",
                above(0, "non-positive billing period"),
            ),
            (
                "list_price",
                "decimal",
                False,
                False,
                "List price per seat per billing period.",
                at_least(0, "negative amount"),
            ),
            ("currency", "text", False, False, "ISO 4217 code of list_price."),
            ("available_from", "date", False, False, "First day the plan can be bought."),
            ("available_to", "date", True, False, "Day the plan stops being sold (exclusive)."),
        ],
    },
    "billing__subscriptions": {
        "key": ("subscription_id",),
        "optional": False,
        "description": "One row per subscription.",
        "columns": [
            ("subscription_id", "text", False, False, "Primary key of the subscription."),
            ("customer_id", "text", False, False, "The customer."),
            ("started_at", "timestamp", False, False, "Start, UTC."),
            ("ended_at", "timestamp", True, False, "End (exclusive), UTC; null while running."),
        ],
    },
    "billing__subscription_items": {
        "key": ("subscription_item_id",),
        "optional": False,
        "description": "What a subscription contains over time: one row per version of an item. Every change closes the current row and opens a new one.",
        "columns": [
            ("subscription_item_id", "text", False, False, "Primary key: one version of an item."),
            ("subscription_id", "text", False, False, "The subscription."),
            ("plan_id", "text", False, False, "The plan."),
            (
                "quantity",
                "integer",
                False,
                False,
                "Seats / licences.",
                at_least(0, "negative quantity"),
            ),
            (
                "unit_price",
                "decimal",
                False,
                False,
                "Contracted price per seat per billing period, in the plan's currency.",
                at_least(0, "negative amount"),
            ),
            (
                "discount_percent",
                "decimal",
                False,
                False,
                "Discount from 0 to 100.",
                {"format": "pct", **between(0, 100, "discount outside 0-100")},
            ),
            ("valid_from", "timestamp", False, False, "Start of this version, UTC."),
            (
                "valid_to",
                "timestamp",
                True,
                False,
                "End of this version (exclusive), UTC; null while current.",
            ),
        ],
    },
    "billing__invoices": {
        "key": ("invoice_id",),
        "optional": True,
        "description": "Billed amounts, one row per invoice.",
        "columns": [
            ("invoice_id", "text", False, False, "Primary key of the invoice."),
            ("customer_id", "text", False, False, "The customer."),
            ("subscription_id", "text", True, False, "The subscription billed."),
            ("issued_at", "timestamp", False, False, "When the invoice was issued, UTC."),
            ("period_start", "date", False, False, "First day billed."),
            ("period_end", "date", False, False, "End of the period billed (exclusive)."),
            (
                "amount",
                "decimal",
                False,
                False,
                "Amount billed.",
                at_least(0, "negative amount"),
            ),
            ("currency", "text", False, False, "ISO 4217 code of amount."),
            (
                "status",
                "text",
                False,
                False,
                "One of paid, open, void, refunded.",
                {"values": ("paid", "open", "void", "refunded")},
            ),
        ],
    },
    "billing__fx_rates": {
        "key": ("rate_date", "currency"),
        "optional": False,
        "description": "Exchange rates: the value of one unit of a currency in USD on a date. A conversion on a date uses the latest rate on or before it.",
        "columns": [
            ("rate_date", "date", False, False, "Date of the rate."),
            ("currency", "text", False, False, "ISO 4217 code."),
            (
                "usd_per_unit",
                "decimal",
                False,
                False,
                "Value of one unit in USD.",
                {"format": "rate", **above(0, "non-positive rate")},
            ),
        ],
    },
    "telephony__calls": {
        "key": ("call_id",),
        "optional": False,
        "description": "One row per call, inbound or outbound.",
        "columns": [
            ("call_id", "text", False, False, "Primary key of the call."),
            ("started_at", "timestamp", False, False, "When the call started, UTC."),
            (
                "direction",
                "text",
                False,
                False,
                "inbound or outbound.",
                {"values": ("inbound", "outbound")},
            ),
            (
                "status",
                "text",
                False,
                False,
                "One of answered, no_answer, busy, voicemail, failed; an inbound call not answered is a missed call.",
                {"values": ("answered", "no_answer", "busy", "voicemail", "failed")},
            ),
            (
                "user_id",
                "text",
                True,
                False,
                "The rep on the call, or the rep it rang (a CRM user).",
                PSEUDONYMISE,
            ),
            ("lead_id", "text", True, False, "The CRM lead the call is about."),
            ("deal_id", "text", True, False, "The CRM deal the call is about."),
            ("account_id", "text", True, False, "The CRM account the call is with."),
            (
                "wait_seconds",
                "integer",
                True,
                False,
                "Ringing / queue time before answer.",
                at_least(0, "negative duration"),
            ),
            (
                "talk_seconds",
                "integer",
                False,
                False,
                "Talk time; 0 when not answered.",
                at_least(0, "negative duration"),
            ),
            ("phone_number", "text", False, True, "The other party's number (personal data)."),
        ],
    },
    "telephony__call_scores": {
        "key": ("call_id", "scored_at"),
        "optional": True,
        "description": "Automatic quality scores of recorded calls; a call may be re-scored and the latest score counts.",
        "columns": [
            ("call_id", "text", False, False, "The call scored."),
            ("scored_at", "timestamp", False, False, "When the score was made, UTC."),
            ("model_version", "text", False, False, "Version of the scoring model."),
            (
                "overall_score",
                "decimal",
                False,
                False,
                "Overall quality, 0 to 100.",
                {"format": "score", **between(0, 100, "score outside 0-100")},
            ),
            (
                "script_adherence_score",
                "decimal",
                True,
                False,
                "Script adherence, 0 to 100.",
                {"format": "score", **between(0, 100, "score outside 0-100")},
            ),
            (
                "next_step_agreed",
                "boolean",
                True,
                False,
                "Did the call end with an agreed next step.",
            ),
            (
                "sentiment",
                "text",
                True,
                False,
                "positive, neutral or negative.",
                {"values": ("positive", "neutral", "negative")},
            ),
        ],
    },
    "market__competitor_prices": {
        "key": ("observed_on", "competitor", "competitor_product"),
        "optional": True,
        "description": "Observed competitor prices; (observed_on, competitor, competitor_product) is unique.",
        "columns": [
            ("observed_on", "date", False, False, "Date of the observation."),
            ("competitor", "text", False, False, "Competitor name.", FREE_TEXT),
            ("competitor_product", "text", False, False, "Competitor's product name.", FREE_TEXT),
            ("product_id", "text", True, False, "Our comparable product; null = not mapped yet."),
            (
                "price",
                "decimal",
                False,
                False,
                "Price per seat per billing period.",
                at_least(0, "negative amount"),
            ),
            ("currency", "text", False, False, "ISO 4217 code of price."),
            (
                "billing_period_months",
                "integer",
                False,
                False,
                "Billing period the price is for, in months.",
                above(0, "non-positive billing period"),
            ),
        ],
    },
}

SOURCE_DESCRIPTIONS = {
    "crm": "The CRM export: team, leads, accounts, deals and their stage history, stages, products, quotas.",
    "billing": "The billing system export: customers, plans, subscriptions and their items, invoices, exchange rates.",
    "telephony": "The telephony export: calls and their automatic quality scores.",
    "market": "Price monitoring: observed competitor prices.",
}


FLAGS = ("optional_column", "pseudonymise", "free_text")
GENERATOR_FORMATS = {
    "text": "text",
    "timestamp": "ts",
    "date": "date",
    "boolean": "bool",
    "integer": "int",
}


def column_flags(column: Col) -> dict:
    return dict(column[5]) if len(column) > 5 else {}


def generator_format(column: Col) -> str:
    """How the generator writes the column's values (generator/writer.py)."""
    typ = column[1]
    if typ == "decimal":
        return column_flags(column).get("format", "money")
    return GENERATOR_FORMATS[typ]


# Freshness: the tables a live export adds rows to every working day, and the column that
# dates a row. `dbt source freshness` (not part of `dbt build`) compares the latest day in
# the raw table with the clock: it answers "is the export still arriving?", which only the
# clock can. Nothing else in the project reads the clock (as_of_date is the latest event).
# The raw columns are text: the day part is cast (a row whose day does not parse makes the
# freshness check error, as it should for a broken export). A weekend is 2 days without
# rows, hence warn after 3 days and error after 7. The bundled seeds (2024) are stale by
# design: run freshness on a live export, not on them (see DECISIONLOG).
FRESHNESS: dict[str, str] = {
    "crm__leads": "created_at",
    "crm__deals": "created_at",
    "crm__deal_stage_history": "entered_at",
    "billing__invoices": "issued_at",
    "billing__fx_rates": "rate_date",
    "telephony__calls": "started_at",
    "telephony__call_scores": "scored_at",
}
FRESHNESS_WARN_DAYS = 3
FRESHNESS_ERROR_DAYS = 7


def _freshness_lines(table: str) -> list[str]:
    column = FRESHNESS.get(table)
    if column is None:
        return []
    return [
        "        config:",
        f'          loaded_at_field: "cast(substring({column}, 1, 10) as timestamp)"',
        "          freshness:",
        f"            warn_after: {{count: {FRESHNESS_WARN_DAYS}, period: day}}",
        f"            error_after: {{count: {FRESHNESS_ERROR_DAYS}, period: day}}",
    ]


def _q(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _range_yaml(bounds: dict) -> str:
    parts = [f"{name}: {bounds[name]}" for name in ("min", "max") if name in bounds]
    if bounds.get("strict_min"):
        parts.append("strict_min: true")
    parts.append(f"reason: {_q(bounds['reason'])}")
    return "{" + ", ".join(parts) + "}"


def render_sources(source: str) -> str:
    lines = [
        "# Rendered by scripts/contract_spec.py from the raw data contract: edit that file, not this one.",
        "version: 2",
        "",
        "sources:",
        f"  - name: {source}",
        f"    description: {_q(SOURCE_DESCRIPTIONS[source])}",
        "    schema: \"{{ var('raw_schema', 'raw') }}\"",
        "    tables:",
    ]
    for table, spec in TABLES.items():
        if not table.startswith(source + "__"):
            continue
        lines += [
            f"      - name: {table}",
            f"        description: {_q(str(spec['description']))}",
            "        meta:",
            f"          key: [{', '.join(spec['key'])}]",  # type: ignore[arg-type]
            f"          optional: {str(spec['optional']).lower()}",
            *_freshness_lines(table),
            "        columns:",
        ]
        for column in spec["columns"]:  # type: ignore[union-attr]
            name, typ, nullable, pii, desc = column[:5]
            lines += [
                f"          - name: {name}",
                f"            description: {_q(desc)}",
                f"            data_type: {typ}",
                "            meta:",
                f"              nullable: {str(nullable).lower()}",
                f"              pii: {str(pii).lower()}",
            ]
            flags = column_flags(column)
            lines += [f"              {flag}: true" for flag in FLAGS if flags.get(flag)]
            if flags.get("values"):
                lines.append(f"              values: [{', '.join(flags['values'])}]")
            if flags.get("range"):
                lines.append(f"              range: {_range_yaml(flags['range'])}")
    return "\n".join(lines) + "\n"


def render_seeds() -> str:
    lines = [
        "# Rendered by scripts/contract_spec.py: every raw column loads as text, exactly as a",
        "# file export would; staging casts each one to its contract type and rejects what",
        "# does not parse.",
        "version: 2",
        "",
        "seeds:",
    ]
    for table, spec in TABLES.items():
        lines += [
            f"  - name: {table}",
            f"    description: {_q('Bundled sample data for the raw table ' + table + '.')}",
            "    config:",
            "      column_types:",
        ]
        for name, *_ in spec["columns"]:  # type: ignore[union-attr]
            lines.append(f"        {name}: varchar")
    return "\n".join(lines) + "\n"


def render_generator_schema() -> str:
    lines = [
        '"""The raw contract for the generator: every table, its columns in order, and how each',
        "column's values are written: text, ts (timestamp), date, bool, int, money (2 decimals),",
        "rate (6 decimals), prob (2 decimals), pct (2 decimals), score (1 decimal).",
        "",
        "Rendered by scripts/contract_spec.py from the raw data contract: edit that file, not this one.",
        '"""',
        "",
        "from __future__ import annotations",
        "",
        "CONTRACT: dict[str, list[tuple[str, str]]] = {",
    ]
    for table, spec in TABLES.items():
        lines.append(f'    "{table}": [')
        for column in spec["columns"]:  # type: ignore[union-attr]
            lines.append(f'        ("{column[0]}", "{generator_format(column)}"),')
        lines.append("    ],")
    lines += [
        "}",
        "",
        "TABLES: tuple[str, ...] = tuple(CONTRACT)",
        "",
        "",
        "def columns(table: str) -> list[str]:",
        '    """Column names of a contract table, in contract order."""',
        "    return [name for name, _ in CONTRACT[table]]",
    ]
    return "\n".join(lines) + "\n"


def render_raw_tables_macro() -> str:
    names = ", ".join(f"'{table}'" for table in TABLES)
    return (
        "{#- Every raw table of the contract, as <source>__<table>. Rendered by\n"
        "    scripts/contract_spec.py from the raw data contract: edit that file, not this one. -#}\n"
        "{% macro raw_tables() %}\n"
        f"    {{{{ return([{names}]) }}}}\n"
        "{% endmacro %}\n"
    )


def rendered_files(root: Path) -> dict[Path, str]:
    files = {
        root / "seeds" / "_seeds.yml": render_seeds(),
        root / "generator" / "schema.py": render_generator_schema(),
        root / "macros" / "dq" / "raw_tables.sql": render_raw_tables_macro(),
    }
    for source in SOURCE_DESCRIPTIONS:
        files[root / "models" / "staging" / source / f"_{source}__sources.yml"] = render_sources(
            source
        )
    return files


def main() -> int:
    root = Path(__file__).resolve().parent.parent
    for path, text in rendered_files(root).items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        print(f"wrote {path.relative_to(root)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
