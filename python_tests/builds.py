"""The shared builds of a test session, started once each on the session's pool.

conftest.py turns them into the `seeds_build` and `fixture_build` fixtures and starts the
ones the selected tests need when the session starts.
"""

from __future__ import annotations

from concurrent.futures import Future
from pathlib import Path
from typing import Any

import pytest

from python_tests import background
from python_tests.dbt_runner import FIXTURES_DIR, DbtRun, run_dbt

# Unit tests do not read the data: they run once, in the seeds build (the full `dbt build`),
# not again in every fixture build.
FIXTURE_BUILD_ARGS = ["build", "--exclude", "resource_type:unit_test"]


def start_seeds_build(factory: pytest.TempPathFactory) -> Future:
    def build() -> tuple[Path, DbtRun]:
        workdir = factory.mktemp("seeds_build")
        return workdir, run_dbt(["build"], workdir)

    return background.start("seeds_build", build, background.SEEDS)


def start_fixture_build(
    factory: pytest.TempPathFactory, name: str, variables: dict[str, Any] | None = None
) -> Future:
    key = f"fixture_build:{name}:{sorted((variables or {}).items())!r}"

    def build() -> tuple[Path, DbtRun]:
        workdir = factory.mktemp(f"build_{name}")
        return workdir, run_dbt(FIXTURE_BUILD_ARGS, workdir, FIXTURES_DIR / name, variables)

    return background.start(key, build, background.BUILD)
