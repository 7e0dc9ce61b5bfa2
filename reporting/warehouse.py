"""Read-only access to the DuckDB warehouse `dbt build` writes.

DuckDB has one writer: every query opens its own read-only connection and closes it at once,
so a build can start beside a dashboard. What goes wrong is said in words a user can act on.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

PROJECT_DIR = Path(__file__).resolve().parent.parent
DEFAULT_WAREHOUSE = PROJECT_DIR / "warehouse" / "sales_kpi.duckdb"


class WarehouseUnavailable(Exception):
    """The warehouse cannot be read now; the message says what to run."""


class WarehouseMissing(WarehouseUnavailable):
    pass


class WarehouseEmpty(WarehouseUnavailable):
    pass


class WarehouseBusy(WarehouseUnavailable):
    pass


def warehouse_path() -> Path:
    """DBT_DUCKDB_PATH (as `make build` sets it), else the project's default warehouse."""
    return Path(os.environ.get("DBT_DUCKDB_PATH") or DEFAULT_WAREHOUSE)


def _is_lock_error(error: Exception) -> bool:
    text = str(error).lower()
    return "lock" in text or "being used by another process" in text or "conflicting" in text


@dataclass(frozen=True)
class Warehouse:
    path: Path

    @classmethod
    def from_env(cls) -> Warehouse:
        return cls(warehouse_path())

    def query(self, sql: str, params: list[Any] | None = None) -> pd.DataFrame:
        """Rows of `sql` as a DataFrame, on a read-only connection closed before returning."""
        if not self.path.exists() or self.path.stat().st_size == 0:
            raise WarehouseMissing(
                f"No warehouse at {self.path}. Run `make build` first "
                "(or point DBT_DUCKDB_PATH at a built warehouse)."
            )
        try:
            con = duckdb.connect(str(self.path), read_only=True)
        except duckdb.Error as error:
            if _is_lock_error(error):
                raise WarehouseBusy(
                    f"`dbt build` is writing {self.path.name} right now; the figures come back "
                    "when it ends (refresh or run again then)."
                ) from error
            raise WarehouseUnavailable(
                f"Cannot open {self.path}: {error}. Rebuild it with `make build`."
            ) from error
        try:
            return con.execute(sql, params or []).df()
        except duckdb.CatalogException as error:
            raise WarehouseEmpty(
                f"The warehouse {self.path} has no marts yet ({str(error).splitlines()[0]}). "
                "Run `make build`."
            ) from error
        finally:
            con.close()

    def tables(self) -> set[str]:
        """'schema.table' names present (marts, data_quality, intermediate)."""
        frame = self.query(
            "select table_schema || '.' || table_name as name from information_schema.tables"
        )
        return set(frame["name"])

    def has(self, relation: str) -> bool:
        return relation in self.tables()
