"""Read the frames the suites validate from a built DuckDB warehouse (read-only).

Raw tables come from the raw schema the seeds land in; when the project was built on a folder
of exports (--vars '{raw_data_dir: DIR}'), pass that folder and they are read from its
`<source>__<table>.csv` / `.parquet` files instead, as text, exactly as staging reads them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pandas as pd

RAW_SCHEMA = "raw"
MARTS_SCHEMA = "marts"


@dataclass
class WarehouseReader:
    """A read-only view of one warehouse file (and optionally a raw export folder).

    Frames are cached: the raw suites read the same raw tables several times.
    """

    warehouse: Path
    raw_data_dir: Path | None = None
    _cache: dict[tuple[str, str], pd.DataFrame | None] = field(default_factory=dict)

    def _query(self, sql: str, params: list | None = None) -> pd.DataFrame:
        con = duckdb.connect(str(self.warehouse), read_only=True)
        try:
            return con.execute(sql, params or []).df()
        finally:
            con.close()

    def relations(self, schema: str) -> set[str]:
        frame = self._query(
            "select table_name from duckdb_tables() where schema_name = ? "
            "union all select view_name from duckdb_views() where schema_name = ?",
            [schema, schema],
        )
        return set(frame["table_name"])

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
        """A raw table as text (None when it is absent: an optional table then counts as empty)."""
        if self.raw_data_dir is None:
            frame = self.table(RAW_SCHEMA, name)
            return None if frame is None else frame.astype("object").where(frame.notna(), None)
        key = ("raw_data_dir", name)
        if key not in self._cache:
            self._cache[key] = self._read_export(name)
        frame = self._cache[key]
        return None if frame is None else frame.copy()

    def _read_export(self, name: str) -> pd.DataFrame | None:
        assert self.raw_data_dir is not None
        csv = self.raw_data_dir / f"{name}.csv"
        parquet = self.raw_data_dir / f"{name}.parquet"
        con = duckdb.connect()
        try:
            if csv.exists():
                frame = con.execute(
                    "select * from read_csv(?, header = true, all_varchar = true)",
                    [str(csv)],
                ).df()
            elif parquet.exists():
                frame = con.execute("select * from read_parquet(?)", [str(parquet)]).df()
                frame = frame.astype("string")
            else:
                return None
        finally:
            con.close()
        frame.columns = [str(c).strip().lower() for c in frame.columns]
        return frame.astype("object").where(frame.notna(), None)
