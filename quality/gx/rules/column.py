"""Column rules: not null, in a set, matching a pattern, within bounds, first of month."""

from __future__ import annotations

from dataclasses import dataclass

import great_expectations.expectations as gxe
import pandas as pd

from quality.gx.rules.base import (
    Rule,
    _numeric,
    _slug,
)

# --- column rules --------------------------------------------------------------------------


@dataclass(frozen=True)
class NotNull(Rule):
    columns: tuple[str, ...]
    mostly: float = 1.0

    @property
    def name(self) -> str:
        return "not_null"

    def expectations(self) -> list[gxe.Expectation]:
        return [
            gxe.ExpectColumnValuesToNotBeNull(
                column=column,
                mostly=self.mostly,
                meta=self._meta(),
                description=f"{column} is always filled in.",
            )
            for column in self.columns
        ]

    def break_frame(self, frame: pd.DataFrame) -> pd.DataFrame:
        broken = frame.copy()
        broken[self.columns[0]] = None
        return broken


@dataclass(frozen=True)
class InSet(Rule):
    column: str
    values: tuple[str, ...]
    mostly: float = 1.0

    @property
    def name(self) -> str:
        return _slug("in_set", self.column)

    def expectations(self) -> list[gxe.Expectation]:
        return [
            gxe.ExpectColumnValuesToBeInSet(
                column=self.column,
                value_set=list(self.values),
                mostly=self.mostly,
                meta=self._meta(),
                description=f"{self.column} is one of: {', '.join(self.values)}.",
            )
        ]

    def break_frame(self, frame: pd.DataFrame) -> pd.DataFrame:
        broken = frame.copy()
        broken[self.column] = "not_a_known_value"
        return broken


@dataclass(frozen=True)
class MatchesPattern(Rule):
    """Raw text that must parse as a type: checked with a regular expression."""

    column: str
    kind: str
    regex: str
    mostly: float = 1.0
    label: str = "parses"

    @property
    def name(self) -> str:
        return _slug(self.label, self.column)

    def expectations(self) -> list[gxe.Expectation]:
        return [
            gxe.ExpectColumnValuesToMatchRegex(
                column=self.column,
                regex=self.regex,
                mostly=self.mostly,
                meta=self._meta(),
                description=f"{self.column} {'parses as' if self.label == 'parses' else 'is'} {self.kind}.",
            )
        ]

    def break_frame(self, frame: pd.DataFrame) -> pd.DataFrame:
        broken = frame.copy()
        broken[self.column] = "not parseable"
        return broken


@dataclass(frozen=True)
class Between(Rule):
    """Values of a column within [minimum, maximum] (either may be None; with `strict_min`, above
    the minimum, not at it). With `as_number`, the column is raw text and is read as a number
    first (text that does not parse is left to the parse rule)."""

    columns: tuple[str, ...]
    minimum: float | None = None
    maximum: float | None = None
    mostly: float = 1.0
    as_number: bool = False
    label: str = "between"
    strict_min: bool = False

    @property
    def name(self) -> str:
        return _slug(self.label, *self.columns)

    def _target(self, column: str) -> str:
        return f"{column}__as_number" if self.as_number else column

    def derive(self, frame: pd.DataFrame) -> pd.DataFrame:
        if not self.as_number:
            return frame
        derived = frame.copy()
        for column in self.columns:
            if column in derived.columns:
                derived[self._target(column)] = _numeric(derived[column])
        return derived

    def expectations(self) -> list[gxe.Expectation]:
        low = "-inf" if self.minimum is None else f"{self.minimum:g}"
        high = "inf" if self.maximum is None else f"{self.maximum:g}"
        opening = "(" if self.strict_min or self.minimum is None else "["
        return [
            gxe.ExpectColumnValuesToBeBetween(
                column=self._target(column),
                min_value=self.minimum,
                max_value=self.maximum,
                strict_min=self.strict_min,
                mostly=self.mostly,
                meta=self._meta(),
                description=f"{column} lies within {opening}{low}, {high}] (nulls allowed).",
            )
            for column in self.columns
        ]

    def break_frame(self, frame: pd.DataFrame) -> pd.DataFrame:
        broken = frame.copy()
        column = self.columns[0]
        if self.maximum is not None:
            bad = self.maximum + 1
        elif self.strict_min:
            bad = self.minimum  # on the bound itself: only a strict minimum rejects it
        else:
            bad = self.minimum - 1
        if self.mostly < 1:
            broken[column] = str(bad) if self.as_number else bad
        else:
            broken[column] = broken[column].astype("float64")
            broken.loc[broken.index[0], column] = bad
        return broken


def NonNegative(*columns: str) -> Between:
    return Between(tuple(columns), minimum=0, label="non_negative")


def NonPositive(*columns: str) -> Between:
    return Between(tuple(columns), maximum=0, label="non_positive")


def Share(*columns: str) -> Between:
    return Between(tuple(columns), minimum=0, maximum=1, label="share_0_1")


@dataclass(frozen=True)
class FirstOfMonth(Rule):
    column: str

    @property
    def name(self) -> str:
        return _slug("first_of_month", self.column)

    @property
    def check(self) -> str:
        return f"check__{self.column}__is_first_of_month"

    def derive(self, frame: pd.DataFrame) -> pd.DataFrame:
        derived = frame.copy()
        values = pd.to_datetime(derived[self.column], errors="coerce")
        derived[self.check] = values.dt.day.eq(1) | values.isna()
        return derived

    def expectations(self) -> list[gxe.Expectation]:
        return [
            gxe.ExpectColumnValuesToBeInSet(
                column=self.check,
                value_set=[True],
                meta=self._meta(),
                description=f"{self.column} holds the first day of a month.",
            )
        ]

    def break_frame(self, frame: pd.DataFrame) -> pd.DataFrame:
        broken = frame.copy()
        broken[self.column] = pd.to_datetime(broken[self.column]) + pd.Timedelta(days=1)
        return broken
