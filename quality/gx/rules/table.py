"""Table-level rules: row count, columns present, unique key."""

from __future__ import annotations

from dataclasses import dataclass

import great_expectations.expectations as gxe
import pandas as pd

from quality.gx.rules.base import (
    Rule,
    _slug,
)

# --- table-level rules ---------------------------------------------------------------------


@dataclass(frozen=True)
class RowCountAtLeast(Rule):
    minimum: int = 1

    @property
    def name(self) -> str:
        return f"row_count_at_least_{self.minimum}"

    def expectations(self) -> list[gxe.Expectation]:
        return [
            gxe.ExpectTableRowCountToBeBetween(
                min_value=self.minimum,
                meta=self._meta(),
                description=f"The table has at least {self.minimum} row(s): an empty KPI table means a broken build.",
            )
        ]

    def break_frame(self, frame: pd.DataFrame) -> pd.DataFrame:
        return frame.iloc[0:0].copy()


@dataclass(frozen=True)
class ColumnsPresent(Rule):
    columns: tuple[str, ...]

    @property
    def name(self) -> str:
        return "columns_present"

    def expectations(self) -> list[gxe.Expectation]:
        return [
            gxe.ExpectTableColumnsToMatchSet(
                column_set=list(self.columns),
                exact_match=False,
                meta=self._meta(),
                description="Every required column of the contract is present.",
            )
        ]

    def break_frame(self, frame: pd.DataFrame) -> pd.DataFrame:
        return frame.drop(columns=[self.columns[0]])


@dataclass(frozen=True)
class UniqueKey(Rule):
    columns: tuple[str, ...]
    mostly: float = 1.0

    @property
    def name(self) -> str:
        return _slug("unique_key", *self.columns)

    def expectations(self) -> list[gxe.Expectation]:
        text = f"({', '.join(self.columns)}) identifies a row"
        if self.mostly < 1:
            text += f" (at least {self.mostly:.0%} of rows: duplicates beyond that mean a broken export)"
        if len(self.columns) == 1:
            return [
                gxe.ExpectColumnValuesToBeUnique(
                    column=self.columns[0],
                    mostly=self.mostly,
                    meta=self._meta(),
                    description=text,
                )
            ]
        return [
            gxe.ExpectCompoundColumnsToBeUnique(
                column_list=list(self.columns),
                mostly=self.mostly,
                ignore_row_if="never",
                meta=self._meta(),
                description=text,
            )
        ]

    def break_frame(self, frame: pd.DataFrame) -> pd.DataFrame:
        if self.mostly < 1:
            # every row twice: half the rows are duplicates, far beyond any tolerance.
            return pd.concat([frame, frame], ignore_index=True)
        return pd.concat([frame, frame.iloc[[0]]], ignore_index=True)
