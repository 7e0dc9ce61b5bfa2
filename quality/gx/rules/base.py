"""Rules: the building blocks of every Great Expectations suite in this project.

A rule is one idea a reviewer can name ("weighted pipeline <= pipeline value", "0 <= rate <= 1").
Each rule knows three things:

- derive(frame): the check columns it needs (GX validates one column or a pair at a time, so an
  invariant over several columns becomes a named check column, e.g.
  `check__leads_total__eq_sum`, which Data Docs then shows by name);
- expectations(): the GX expectations, each tagged meta.rule = the rule's name;
- break_frame(frame): a copy of a frame that violates the rule, so a test can prove that the
  suite fails when the rule is broken (every gate is shown failing once).

Suites (quality/gx/raw_suites.py, quality/gx/mart_suites.py) are lists of rules: adding a suite for a
new mart is a few lines of data.
"""

from __future__ import annotations

from dataclasses import dataclass

import great_expectations.expectations as gxe
import pandas as pd

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
