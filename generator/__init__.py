"""Deterministic raw-data generator for the sales KPI project.

`generate(config)` returns every raw contract table as a list of row dicts; `writer`
turns them into CSV or Parquet files. Same config, same bytes: all randomness comes from
`random.Random` instances seeded from the config's seed, never from the clock.
"""

from generator.build import generate
from generator.config import GeneratorConfig

__all__ = ["GeneratorConfig", "generate"]
