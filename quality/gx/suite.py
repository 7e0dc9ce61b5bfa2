"""A suite: a named list of rules and how to read its frame from the warehouse."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import great_expectations.expectations as gxe
import pandas as pd

from quality.gx.rules.base import Rule


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
