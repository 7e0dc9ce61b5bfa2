"""The rules every Great Expectations suite is made of, by what they check: a table
(rules.table), one column (rules.column) or an invariant across columns (rules.invariants);
rules.base has the Rule interface. Import them from here."""

from quality.gx.rules.base import MONEY_TOLERANCE, RATIO_TOLERANCE, Rule
from quality.gx.rules.column import (
    Between,
    FirstOfMonth,
    InSet,
    MatchesPattern,
    NonNegative,
    NonPositive,
    NotNull,
    Share,
)
from quality.gx.rules.invariants import (
    AtMost,
    CarriedForward,
    MeanBetween,
    Ratio,
    RatioWithinFactor,
    SumEquals,
)
from quality.gx.rules.table import ColumnsPresent, RowCountAtLeast, UniqueKey
from quality.gx.suite import Suite

__all__ = [
    "MONEY_TOLERANCE",
    "RATIO_TOLERANCE",
    "AtMost",
    "Between",
    "CarriedForward",
    "ColumnsPresent",
    "FirstOfMonth",
    "InSet",
    "MatchesPattern",
    "MeanBetween",
    "NonNegative",
    "NonPositive",
    "NotNull",
    "Ratio",
    "RatioWithinFactor",
    "Rule",
    "Share",
    "SumEquals",
    "RowCountAtLeast",
    "Suite",
    "UniqueKey",
]
