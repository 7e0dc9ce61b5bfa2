"""Invariants across columns: at most, sums, ratios, carried-forward values, means, day-to-day factors."""

from __future__ import annotations

from dataclasses import dataclass

import great_expectations.expectations as gxe
import numpy as np
import pandas as pd

from quality.gx.rules.base import (
    MONEY_TOLERANCE,
    RATIO_TOLERANCE,
    Rule,
    _first_row_where,
    _numeric,
    _slug,
)

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
