"""The generator's knobs: one frozen dataclass with explicit defaults."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta


@dataclass(frozen=True)
class GeneratorConfig:
    """Every setting of a run. Volumes are given at scale 1.0 and multiplied by `scale`."""

    seed: int = 42
    scale: float = 1.0
    start: date = date(2024, 1, 1)
    end: date = date(2025, 12, 31)
    mess: bool = True
    leads: int = 3000
    calls: int = 30000
    imported_accounts: int = 40
    unlinked_customer_share: float = 0.05
    fx_days_before_start: int = 31
    timestamp_variant_share: float = 0.01

    def scaled(self, n: int, minimum: int = 1) -> int:
        """A volume at this scale, never below `minimum`."""
        return max(minimum, round(n * self.scale))

    @property
    def start_ts(self) -> datetime:
        return datetime.combine(self.start, time.min)

    @property
    def end_ts(self) -> datetime:
        """The last second of the range: nothing happens after it."""
        return datetime.combine(self.end, time(23, 59, 59))

    @property
    def first_fx_day(self) -> date:
        """Rates (and plans) start a few weeks before the range."""
        return self.start - timedelta(days=self.fx_days_before_start)

    @property
    def n_days(self) -> int:
        return (self.end - self.start).days + 1

    def rng(self, stream: str) -> random.Random:
        """An independent, reproducible random stream per module or purpose."""
        return random.Random(f"{self.seed}:{stream}")
