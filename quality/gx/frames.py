"""Read the frames the suites validate from a built DuckDB warehouse (read-only).

The raw suites validate the values dbt read, never a second reading of the files: the CSV
dialect (raw_csv_dialect), delimiter detection, encodings, null tokens and the parsing of every
value have one home, the staging layer (macros/raw). A raw table's frame is built from what
staging landed in the warehouse, `staging.base_<source>__<table>` (every row of the export,
rejected ones included, with dbt's verdict in rejection_reason), whether the build read the
seeds or a folder of exports (raw_data_dir):

- a typed column (number, date, timestamp, boolean) holds the value dbt parsed, written in the
  contract's own text form (ISO dates, decimal point), or UNPARSEABLE where dbt rejected the
  row because that value did not parse; so a decimal comma read under raw_csv_dialect: ru
  counts as parsed, and a 1e25 under any dialect does not;
- a text column holds the text dbt kept (enumerations lower-cased, ids pseudonymised, contacts
  in free text masked); a personal-data column that staging keeps only as a hash
  (<column>_hash) holds that hash, and one it does not keep at all holds NOT_KEPT (null when
  dbt rejected the row for missing it);
- a row dbt could not split into the header's fields (`unparseable row`) has no values;
- a column the file lacked (a `missing column` row of data_quality.dq_schema_findings) is left
  out of the frame, so the suite sees the file's columns.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd

RAW_SCHEMA = "raw"
STAGING_SCHEMA = "staging"
DATA_QUALITY_SCHEMA = "data_quality"
MARTS_SCHEMA = "marts"
# What a value that dbt could not parse reads as (never the raw text: it may be personal data).
UNPARSEABLE = "<unparseable>"
# What a personal-data column staging does not keep in clear reads as.
NOT_KEPT = "<personal data, not kept>"
# Contract columns a base_ model keeps under another name: table -> {contract column: column}.
RENAMED = {"crm__quotas": {"month": "quota_month"}}
# Columns of a base_ model that are not raw contract columns.
BOOKKEEPING = {"_row_number", "record_key", "rejection_reason", "links_dropped", "values_dropped"}


@lru_cache(maxsize=1)
def _contract() -> dict:
    from quality.gx.raw_suites import load_contract  # it imports this module

    return load_contract()


def _text_of(value: object, sql_type: str) -> str | None:
    """A parsed value in the raw contract's text form."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    if sql_type == "VARCHAR":
        return str(value)
    if sql_type == "DATE":
        return pd.Timestamp(value).strftime("%Y-%m-%d")
    if sql_type.startswith("TIMESTAMP"):
        return pd.Timestamp(value).strftime("%Y-%m-%d %H:%M:%S")
    if sql_type == "BOOLEAN":
        return "true" if bool(value) else "false"
    if sql_type in ("TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT"):
        return str(int(value))
    return np.format_float_positional(float(value), trim="-")  # DECIMAL, DOUBLE


@dataclass
class WarehouseReader:
    """A read-only view of one warehouse file, as it was when first read.

    Frames and the lists of relations are cached: the raw suites read the same raw tables
    several times, and every frame asks which relations exist. A reader is made for one
    validation; a warehouse changed since needs a new reader.
    """

    warehouse: Path
    _cache: dict[tuple[str, str], pd.DataFrame | None] = field(default_factory=dict)
    _relations: dict[str, frozenset[str]] = field(default_factory=dict)

    def _query(self, sql: str, params: list | None = None) -> pd.DataFrame:
        con = duckdb.connect(str(self.warehouse), read_only=True)
        try:
            return con.execute(sql, params or []).df()
        finally:
            con.close()

    def relations(self, schema: str) -> set[str]:
        """The tables and views of a schema."""
        if schema not in self._relations:
            frame = self._query(
                "select table_name from duckdb_tables() where schema_name = ? "
                "union all select view_name from duckdb_views() where schema_name = ?",
                [schema, schema],
            )
            self._relations[schema] = frozenset(frame["table_name"])
        return set(self._relations[schema])

    def table(self, schema: str, name: str) -> pd.DataFrame | None:
        """All rows of schema.name, or None when the relation does not exist."""
        key = (schema, name)
        if key not in self._cache:
            if name not in self.relations(schema):
                self._cache[key] = None
            else:
                self._cache[key] = self._query(f'select * from "{schema}"."{name}"')
        frame = self._cache[key]
        return None if frame is None else frame.copy()

    def raw(self, name: str) -> pd.DataFrame | None:
        """A raw table as the text dbt read (None when staging has not landed it)."""
        key = ("landed", name)
        if key not in self._cache:
            self._cache[key] = self._landed(name)
        frame = self._cache[key]
        return None if frame is None else frame.copy()

    def _landed(self, name: str) -> pd.DataFrame | None:
        base = f"base_{name}"
        if base not in self.relations(STAGING_SCHEMA):
            return None
        types = dict(
            self._query(
                "select column_name, data_type from information_schema.columns "
                "where table_schema = ? and table_name = ? order by ordinal_position",
                [STAGING_SCHEMA, base],
            ).itertuples(index=False)
        )
        landed = self._query(f'select * from "{STAGING_SCHEMA}"."{base}"')
        reasons = (
            landed["rejection_reason"]
            .astype("object")
            .where(landed["rejection_reason"].notna(), None)
        )
        unsplit = reasons == "unparseable row"
        lacking = set()
        if "dq_schema_findings" in self.relations(DATA_QUALITY_SCHEMA):
            findings = self._query(
                f'select column_name from "{DATA_QUALITY_SCHEMA}"."dq_schema_findings" '
                "where source_table = ? and finding = 'missing column'",
                [name],
            )
            lacking = set(findings["column_name"])
        frame = pd.DataFrame(index=landed.index)
        for column in self._contract_columns(name, types):
            if column in lacking:
                continue
            kept_as = RENAMED.get(name, {}).get(column, column)
            if kept_as in types:
                sql_type = types[kept_as]
                values = [_text_of(v, sql_type) for v in landed[kept_as].astype("object")]
                if sql_type != "VARCHAR":
                    failed = reasons == f"unparseable {column}"
                    values = [UNPARSEABLE if f else v for v, f in zip(values, failed, strict=True)]
            elif f"{column}_hash" in types:
                values = list(landed[f"{column}_hash"].astype("object"))
            else:
                values = [None if r == f"missing {column}" else NOT_KEPT for r in reasons]
            frame[column] = pd.Series(values, index=landed.index, dtype="object")
        frame.loc[unsplit, :] = None
        return frame.astype("object").where(frame.notna(), None)

    @staticmethod
    def _contract_columns(name: str, types: dict[str, str]) -> list[str]:
        """The raw contract's columns of the table (the sources YAML), else the base model's."""
        table = _contract().get(name)
        if table is not None:
            return [c.name for c in table.columns]
        renamed = {kept: column for column, kept in RENAMED.get(name, {}).items()}
        return [renamed.get(c, c.removesuffix("_hash")) for c in types if c not in BOOKKEEPING]
