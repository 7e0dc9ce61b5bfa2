"""Rules: the building blocks of every Great Expectations suite in this project.

A rule is one idea a reviewer can name ("weighted pipeline <= pipeline value", "0 <= rate <= 1").
Each rule knows three things:

- derive(frame): the check columns it needs (GX validates one column or a pair at a time, so an
  invariant over several columns becomes a named check column, e.g.
  `check__leads_total__eq_sum`, which Data Docs then shows by name);
- expectations(): the GX expectations, each tagged meta.rule = the rule's name;
- break_frame(frame): a copy of a frame that violates the rule, so a test can prove that the
  suite fails when the rule is broken (every gate is shown failing once).

Suites (quality/raw_suites.py, quality/mart_suites.py) are lists of rules: adding a suite for a
new mart is a few lines of data.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import great_expectations.expectations as gxe
import numpy as np
import pandas as pd

# Money in marts is compared to the cent with this tolerance (the house rule for guards).
MONEY_TOLERANCE = 0.005
# Rates and means are recomputed from their sum and count and compared with this tolerance.
RATIO_TOLERANCE = 1e-9


def _slug(*parts: str) -> str:
    return "__".join(p.replace(" ", "_") for p in parts)


def _first_row_where(frame: pd.DataFrame, mask: pd.Series) -> object:
    """Index label of the first row where mask holds (the first row when none does)."""
    hits = frame.index[mask.fillna(False).astype(bool)]
    return hits[0] if len(hits) else frame.index[0]


def _numeric(series: pd.Series) -> pd.Series:
    return pd.to_numeric(series, errors="coerce").astype("float64")


@dataclass(frozen=True)
class Rule:
    """Base class: a named rule. Subclasses fill in the three methods."""

    @property
    def name(self) -> str:
        raise NotImplementedError

    def derive(self, frame: pd.DataFrame) -> pd.DataFrame:
        return frame

    def expectations(self) -> list[gxe.Expectation]:
        raise NotImplementedError

    def break_frame(self, frame: pd.DataFrame) -> pd.DataFrame:
        raise NotImplementedError

    def _meta(self) -> dict:
        return {"rule": self.name}


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
    """Values of a column within [minimum, maximum] (either may be None). With `as_number`, the
    column is raw text and is read as a number first (text that does not parse is left to the
    parse rule)."""

    columns: tuple[str, ...]
    minimum: float | None = None
    maximum: float | None = None
    mostly: float = 1.0
    as_number: bool = False
    label: str = "between"

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
        return [
            gxe.ExpectColumnValuesToBeBetween(
                column=self._target(column),
                min_value=self.minimum,
                max_value=self.maximum,
                mostly=self.mostly,
                meta=self._meta(),
                description=f"{column} lies within [{low}, {high}] (nulls allowed).",
            )
            for column in self.columns
        ]

    def break_frame(self, frame: pd.DataFrame) -> pd.DataFrame:
        broken = frame.copy()
        column = self.columns[0]
        bad = (self.maximum + 1) if self.maximum is not None else (self.minimum - 1)
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


# --- invariants across columns -------------------------------------------------------------


@dataclass(frozen=True)
class AtMost(Rule):
    """smaller <= larger on every row where both are known (within a tolerance)."""

    smaller: str
    larger: str
    tolerance: float = 0.0

    @property
    def name(self) -> str:
        return _slug("at_most", self.smaller, self.larger)

    @property
    def check(self) -> str:
        return f"check__{self.smaller}__le__{self.larger}"

    def derive(self, frame: pd.DataFrame) -> pd.DataFrame:
        derived = frame.copy()
        derived[self.check] = _numeric(derived[self.larger]) - _numeric(derived[self.smaller])
        return derived

    def expectations(self) -> list[gxe.Expectation]:
        return [
            gxe.ExpectColumnValuesToBeBetween(
                column=self.check,
                min_value=-self.tolerance,
                meta=self._meta(),
                description=f"{self.smaller} <= {self.larger} on every row ({self.larger} - {self.smaller} >= 0).",
            )
        ]

    def break_frame(self, frame: pd.DataFrame) -> pd.DataFrame:
        broken = frame.copy()
        broken[self.smaller] = broken[self.smaller].astype("float64")
        row = _first_row_where(broken, broken[self.larger].notna())
        broken.loc[row, self.smaller] = float(broken.loc[row, self.larger]) + 1 + self.tolerance
        return broken


@dataclass(frozen=True)
class SumEquals(Rule):
    """total = sum(parts) (+ factor scaling) on every row, within a tolerance. Nulls count as 0
    in the parts."""

    total: str
    parts: tuple[str, ...]
    tolerance: float = 0.0
    factor: float = 1.0
    label: str = "eq_sum"

    @property
    def name(self) -> str:
        return _slug(self.label, self.total)

    @property
    def check(self) -> str:
        return f"check__{self.total}__{self.label}"

    def derive(self, frame: pd.DataFrame) -> pd.DataFrame:
        derived = frame.copy()
        parts = sum(_numeric(derived[p]).fillna(0) for p in self.parts)
        derived[self.check] = _numeric(derived[self.total]) - self.factor * parts
        return derived

    def expectations(self) -> list[gxe.Expectation]:
        scale = "" if self.factor == 1 else f"{self.factor:g} x "
        return [
            gxe.ExpectColumnValuesToBeBetween(
                column=self.check,
                min_value=-self.tolerance,
                max_value=self.tolerance,
                meta=self._meta(),
                description=f"{self.total} = {scale}({' + '.join(self.parts)}) on every row"
                + (f" (to {self.tolerance:g})" if self.tolerance else "")
                + ".",
            )
        ]

    def break_frame(self, frame: pd.DataFrame) -> pd.DataFrame:
        broken = frame.copy()
        broken[self.total] = broken[self.total].astype("float64")
        broken.loc[broken.index[0], self.total] = (
            float(broken.loc[broken.index[0], self.total] or 0) + 1
        )
        return broken


@dataclass(frozen=True)
class Ratio(Rule):
    """rate = scale x numerator / denominator where the denominator is not 0, and null where it
    is 0 (a rate with a zero denominator is null, never 0). The denominator may be a sum of
    columns (win rate = won / (won + lost))."""

    rate: str
    numerator: str
    denominator: str | tuple[str, ...]
    scale: float = 1.0

    @property
    def denominators(self) -> tuple[str, ...]:
        return (self.denominator,) if isinstance(self.denominator, str) else tuple(self.denominator)

    @property
    def name(self) -> str:
        return _slug("ratio", self.rate)

    @property
    def check(self) -> str:
        return f"check__{self.rate}__is_{self.numerator}_over_{'_plus_'.join(self.denominators)}"

    def _den(self, frame: pd.DataFrame) -> pd.Series:
        return sum(_numeric(frame[c]).fillna(0) for c in self.denominators)

    def derive(self, frame: pd.DataFrame) -> pd.DataFrame:
        derived = frame.copy()
        num = _numeric(derived[self.numerator])
        den = self._den(derived)
        rate = _numeric(derived[self.rate])
        with np.errstate(divide="ignore", invalid="ignore"):
            expected = self.scale * num / den.where(den != 0)
        close = (rate - expected).abs() <= RATIO_TOLERANCE * np.maximum(1.0, expected.abs())
        zero_den = den.eq(0)
        derived[self.check] = np.where(zero_den, rate.isna(), close.fillna(False)).astype(bool)
        return derived

    def expectations(self) -> list[gxe.Expectation]:
        scale = "" if self.scale == 1 else f"{self.scale:g} x "
        den = " + ".join(self.denominators)
        den = f"({den})" if len(self.denominators) > 1 else den
        return [
            gxe.ExpectColumnValuesToBeInSet(
                column=self.check,
                value_set=[True],
                meta=self._meta(),
                description=f"{self.rate} = {scale}{self.numerator} / {den}, and null (never 0) when {den} is 0.",
            )
        ]

    def break_frame(self, frame: pd.DataFrame) -> pd.DataFrame:
        broken = frame.copy()
        broken[self.rate] = broken[self.rate].astype("float64")
        row = _first_row_where(broken, self._den(broken).ne(0))
        broken.loc[row, self.rate] = _numeric(broken[self.rate]).fillna(0).loc[row] + 0.5
        return broken


@dataclass(frozen=True)
class CarriedForward(Rule):
    """Ordered by `order_by`, each row's `opening` equals the previous row's `closing` (the
    first row's opening is 0)."""

    order_by: str
    opening: str
    closing: str
    tolerance: float = MONEY_TOLERANCE

    @property
    def name(self) -> str:
        return _slug("carried_forward", self.opening)

    @property
    def check(self) -> str:
        return f"check__{self.opening}__eq_previous_{self.closing}"

    def derive(self, frame: pd.DataFrame) -> pd.DataFrame:
        derived = frame.sort_values(self.order_by).copy()
        previous = _numeric(derived[self.closing]).shift(1).fillna(0)
        derived[self.check] = _numeric(derived[self.opening]) - previous
        return derived

    def expectations(self) -> list[gxe.Expectation]:
        return [
            gxe.ExpectColumnValuesToBeBetween(
                column=self.check,
                min_value=-self.tolerance,
                max_value=self.tolerance,
                meta=self._meta(),
                description=f"{self.opening} of a row equals {self.closing} of the row before "
                f"(ordered by {self.order_by}; 0 for the first).",
            )
        ]

    def break_frame(self, frame: pd.DataFrame) -> pd.DataFrame:
        broken = frame.sort_values(self.order_by).copy()
        broken[self.opening] = broken[self.opening].astype("float64")
        row = broken.index[min(1, len(broken) - 1)]
        broken.loc[row, self.opening] = float(broken.loc[row, self.opening]) + 1000
        return broken


@dataclass(frozen=True)
class MeanBetween(Rule):
    """A distribution check dbt tests express poorly: the mean of a column (nulls ignored) lies
    in a sanity band. Bands are deliberately wide: they catch unit mistakes (a 0-100 probability,
    cents for major units, seconds for minutes), not ordinary variation."""

    column: str
    minimum: float
    maximum: float
    why: str = ""

    @property
    def name(self) -> str:
        return _slug("mean_between", self.column)

    def expectations(self) -> list[gxe.Expectation]:
        return [
            gxe.ExpectColumnMeanToBeBetween(
                column=self.column,
                min_value=self.minimum,
                max_value=self.maximum,
                meta=self._meta(),
                description=f"Mean of {self.column} lies in [{self.minimum:g}, {self.maximum:g}]. {self.why}".strip(),
            )
        ]

    def break_frame(self, frame: pd.DataFrame) -> pd.DataFrame:
        broken = frame.copy()
        values = _numeric(broken[self.column])
        # A unit mistake: everything 1000 times too large (or, for a band around 0, shifted).
        broken[self.column] = values * 1000 + (self.maximum + 1) * 1000
        return broken


@dataclass(frozen=True)
class RatioWithinFactor(Rule):
    """Volume stability: `column` stays within [1/factor, factor] (a pre-computed ratio)."""

    column: str
    factor: float
    why: str = ""

    @property
    def name(self) -> str:
        return _slug("within_factor", self.column)

    def expectations(self) -> list[gxe.Expectation]:
        return [
            gxe.ExpectColumnValuesToBeBetween(
                column=self.column,
                min_value=1 / self.factor,
                max_value=self.factor,
                meta=self._meta(),
                description=f"{self.column} stays within 1/{self.factor:g} .. {self.factor:g}. {self.why}".strip(),
            )
        ]

    def break_frame(self, frame: pd.DataFrame) -> pd.DataFrame:
        broken = frame.copy()
        broken[self.column] = broken[self.column].astype("float64")
        broken.loc[broken.index[len(broken) // 2], self.column] = self.factor * 10
        return broken


@dataclass(frozen=True)
class Suite:
    """A named suite: how to read its frame from the warehouse, and its rules."""

    name: str
    table: str
    rules: Sequence[Rule]
    description: str = ""
    tags: tuple[str, ...] = field(default_factory=tuple)

    def derive(self, frame: pd.DataFrame) -> pd.DataFrame:
        for rule in self.rules:
            try:
                frame = rule.derive(frame)
            except KeyError:
                # A column the rule reads is missing: its expectation then fails on the missing
                # check column, and ColumnsPresent names the missing column.
                continue
        return frame

    def expectations(self) -> list[gxe.Expectation]:
        return [e for rule in self.rules for e in rule.expectations()]
