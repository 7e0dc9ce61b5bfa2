"""The raw-inputs suites: is this export fit to compute KPIs from?

Staging already rejects bad rows one by one (data_quality.dq_rejected_rows). These suites look
at an export as a whole, before anyone trusts its numbers: columns present, values that parse,
enumerations, value ranges, an exchange rate for every currency used, no day without leads or
calls inside the data's range, and daily volumes that do not jump.

A raw export is allowed a few bad rows (staging rejects them and the KPIs are built from the
rest): row-level expectations hold for at least RAW_MOSTLY of the rows. Beyond that the export
itself is broken and the suite fails.

The contract (columns, types, nullability, optional tables) is read from the project's own
sources YAML (models/staging/*/_*__sources.yml), where it is written down once.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import yaml

from quality.gx.frames import WarehouseReader
from quality.gx.rules import (
    Between,
    ColumnsPresent,
    MatchesPattern,
    NotNull,
    RatioWithinFactor,
    RowCountAtLeast,
    Rule,
    Suite,
    UniqueKey,
)

PROJECT_DIR = Path(__file__).resolve().parents[2]

# At most 2% of a raw table's rows may break a row-level rule before the export is rejected.
RAW_MOSTLY = 0.98
# A day's leads (or calls) may not exceed VOLUME_JUMP_FACTOR times, or fall below
# 1 / VOLUME_JUMP_FACTOR of, the mean of the seven days before it (+1 smoothing for small
# counts). The weekly cycle makes a plain day-over-day ratio noisy (Monday vs Sunday is 2.5x
# in the seeds); a week's mean is the stable baseline. 6x catches a day exported twice over or
# mostly lost, not a busy Monday.
VOLUME_JUMP_FACTOR = 6.0

TYPE_PATTERNS = {
    "timestamp": r"^\s*\d{4}-\d{2}-\d{2}(?:[ T]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?\s*(?:[Zz]|[+-]\d{2}(?::?\d{2})?)?\s*$",
    "date": r"^\s*\d{4}-\d{2}-\d{2}\s*$",
    "decimal": r"^\s*[+-]?(?:\d+(?:\.\d*)?|\.\d+)\s*$",
    "integer": r"^\s*[+-]?\d+(?:\.0*)?\s*$",
    "boolean": r"^\s*(?i:true|false|t|f|1|0|yes|no)\s*$",
}

# Where currencies are used: table -> (currency column, date column the rate must cover).
CURRENCY_USES: dict[str, tuple[str, str]] = {
    "crm__deals": ("currency", "created_at"),
    "crm__quotas": ("currency", "month"),
    "billing__customers": ("currency", "created_at"),
    "billing__plans": ("currency", "available_from"),
    "billing__invoices": ("currency", "issued_at"),
    "market__competitor_prices": ("currency", "observed_on"),
}


@dataclass(frozen=True)
class ContractRange:
    """The bounds a raw number must lie within (staging rejects a row outside with `reason`)."""

    minimum: float | None
    maximum: float | None
    strict_min: bool
    reason: str


@dataclass(frozen=True)
class ContractColumn:
    name: str
    data_type: str
    nullable: bool
    values: tuple[str, ...] = ()  # an enumeration (staging rejects any other value)
    range: ContractRange | None = None


@dataclass(frozen=True)
class ContractTable:
    name: str
    optional: bool
    columns: tuple[ContractColumn, ...]
    key: tuple[str, ...] = ()  # the columns that name one record (staging's key too)

    @property
    def required_columns(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns if not c.nullable)


def load_contract(project_dir: Path = PROJECT_DIR) -> dict[str, ContractTable]:
    """The raw contract as the sources YAML declares it."""
    tables: dict[str, ContractTable] = {}
    for path in sorted(project_dir.glob("models/staging/*/_*__sources.yml")):
        document = yaml.safe_load(path.read_text())
        for source in document.get("sources", []):
            for table in source.get("tables", []):
                columns = tuple(_contract_column(c) for c in table.get("columns", []))
                meta = table.get("meta") or {}
                tables[table["name"]] = ContractTable(
                    name=table["name"],
                    optional=bool(meta.get("optional", False)),
                    columns=columns,
                    key=tuple(meta.get("key") or ()),
                )
    return tables


def _contract_column(column: dict) -> ContractColumn:
    meta = column.get("meta") or {}
    bounds = meta.get("range")
    return ContractColumn(
        name=column["name"],
        data_type=column.get("data_type", "text"),
        nullable=bool(meta.get("nullable", False)),
        values=tuple(meta.get("values") or ()),
        range=ContractRange(
            minimum=bounds.get("min"),
            maximum=bounds.get("max"),
            strict_min=bool(bounds.get("strict_min")),
            reason=bounds["reason"],
        )
        if bounds
        else None,
    )


def _table_rules(table: ContractTable) -> list[Rule]:
    rules: list[Rule] = [ColumnsPresent(table.required_columns)]
    if not table.optional:
        rules.append(RowCountAtLeast(1))
    rules.append(NotNull(table.required_columns, mostly=RAW_MOSTLY))
    for column in table.columns:
        pattern = TYPE_PATTERNS.get(column.data_type)
        if pattern:
            rules.append(MatchesPattern(column.name, column.data_type, pattern, mostly=RAW_MOSTLY))
    for column in (c for c in table.columns if c.values):
        regex = r"^\s*(?i:" + "|".join(column.values) + r")\s*$"
        rules.append(
            MatchesPattern(
                column.name,
                "one of " + ", ".join(column.values),
                regex,
                mostly=RAW_MOSTLY,
                label="enum",
            )
        )
    for column in (c for c in table.columns if c.range):
        rules.append(
            Between(
                (column.name,),
                column.range.minimum,
                column.range.maximum,
                mostly=RAW_MOSTLY,
                as_number=True,
                label="range",
                strict_min=column.range.strict_min,
            )
        )
    if table.key:
        rules.append(UniqueKey(table.key, mostly=RAW_MOSTLY))
    return rules


# --- frames derived from several raw tables ------------------------------------------------


def _to_date(series: pd.Series) -> pd.Series:
    text = series.astype("string").str.strip().str.slice(0, 10)
    return pd.to_datetime(text, format="%Y-%m-%d", errors="coerce")


def currency_usage_frame(reader: WarehouseReader) -> pd.DataFrame:
    """One row per raw row that carries a currency: does billing__fx_rates have a rate for that
    currency on or before the row's date? (USD needs none.)"""
    rates = reader.raw("billing__fx_rates")
    first_rate: dict[str, pd.Timestamp] = {}
    if rates is not None and len(rates):
        rates = rates.assign(
            currency=rates["currency"].astype("string").str.strip().str.upper(),
            rate_date=_to_date(rates["rate_date"]),
        )
        first_rate = rates.dropna().groupby("currency")["rate_date"].min().to_dict()
    rows = []
    for table, (currency_column, date_column) in CURRENCY_USES.items():
        frame = reader.raw(table)
        if frame is None or currency_column not in frame.columns:
            continue
        used = frame[frame[currency_column].notna()]
        currencies = used[currency_column].astype("string").str.strip().str.upper()
        dates = (
            _to_date(used[date_column])
            if date_column in used.columns
            else pd.Series(pd.NaT, index=used.index)
        )
        for currency, date in zip(currencies, dates, strict=True):
            first = first_rate.get(currency)
            covered = currency == "USD" or (first is not None and (pd.isna(date) or first <= date))
            rows.append(
                {
                    "source_table": table,
                    "currency": currency,
                    "row_date": date,
                    "has_rate": covered,
                }
            )
    return pd.DataFrame(rows, columns=["source_table", "currency", "row_date", "has_rate"])


def daily_volume_frame(reader: WarehouseReader) -> pd.DataFrame:
    """One row per day from the first to the last lead or call: leads and calls that day, and
    each against the mean of the seven days before."""
    counts = {}
    for name, table, column in (
        ("leads", "crm__leads", "created_at"),
        ("calls", "telephony__calls", "started_at"),
    ):
        frame = reader.raw(table)
        days = (
            _to_date(frame[column]).dropna()
            if frame is not None and column in frame.columns
            else pd.Series([], dtype="datetime64[ns]")
        )
        counts[name] = days.value_counts()
    known = pd.concat([counts["leads"], counts["calls"]])
    if known.empty:
        return pd.DataFrame(
            columns=[
                "day",
                "leads",
                "calls",
                "events",
                "leads_vs_last_week",
                "calls_vs_last_week",
            ]
        )
    days = pd.date_range(known.index.min(), known.index.max(), freq="D")
    frame = pd.DataFrame({"day": days})
    for name in ("leads", "calls"):
        frame[name] = frame["day"].map(counts[name]).fillna(0).astype("int64")
        baseline = frame[name].rolling(7).mean().shift(1)
        frame[f"{name}_vs_last_week"] = (frame[name] + 1) / (baseline + 1)
    frame["events"] = frame["leads"] + frame["calls"]
    return frame


def raw_suites(project_dir: Path = PROJECT_DIR) -> list[Suite]:
    contract = load_contract(project_dir)
    suites = [
        Suite(
            name=f"raw__{table.name}",
            table=table.name,
            rules=_table_rules(table),
            description=f"Raw input {table.name}: columns, types, enumerations, ranges, key.",
            tags=("raw",),
        )
        for table in contract.values()
    ]
    suites.append(
        Suite(
            name="raw__currency_coverage",
            table="derived:currency_usage",
            rules=[
                MatchesPattern(
                    "currency",
                    "an ISO 4217 code",
                    r"^[A-Z]{3}$",
                    mostly=RAW_MOSTLY,
                    label="iso_code",
                ),
                _HasRate(),
            ],
            description="Every currency used has an exchange rate on or before the row's date.",
            tags=("raw",),
        )
    )
    suites.append(
        Suite(
            name="raw__daily_volumes",
            table="derived:daily_volumes",
            rules=[
                RowCountAtLeast(1),
                Between(("events",), minimum=1, label="no_empty_day"),
                RatioWithinFactor(
                    "leads_vs_last_week",
                    VOLUME_JUMP_FACTOR,
                    "Leads of a day vs the week before.",
                ),
                RatioWithinFactor(
                    "calls_vs_last_week",
                    VOLUME_JUMP_FACTOR,
                    "Calls of a day vs the week before.",
                ),
            ],
            description="No day without leads or calls inside the data's range; no sudden jumps in volume.",
            tags=("raw",),
        )
    )
    return suites


@dataclass(frozen=True)
class _HasRate(Rule):
    @property
    def name(self) -> str:
        return "fx_rate_for_every_currency"

    def expectations(self):
        import great_expectations.expectations as gxe

        return [
            gxe.ExpectColumnValuesToBeInSet(
                column="has_rate",
                value_set=[True],
                mostly=RAW_MOSTLY,
                meta={"rule": self.name},
                description="Every currency used has an exchange rate on or before the row's date (USD needs none).",
            )
        ]

    def break_frame(self, frame: pd.DataFrame) -> pd.DataFrame:
        broken = frame.copy()
        broken["has_rate"] = False
        return broken


def raw_frame(
    suite: Suite, reader: WarehouseReader, contract: dict[str, ContractTable]
) -> pd.DataFrame:
    """The frame a raw suite validates (an absent optional table: an empty frame)."""
    if suite.table == "derived:currency_usage":
        return currency_usage_frame(reader)
    if suite.table == "derived:daily_volumes":
        return daily_volume_frame(reader)
    frame = reader.raw(suite.table)
    if frame is None:
        table = contract[suite.table]
        if not table.optional:
            # A required table that is missing fails ColumnsPresent and RowCountAtLeast.
            return pd.DataFrame()
        return pd.DataFrame(columns=[c.name for c in table.columns])
    return frame
