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

# Every shared build, the seeds build and the fixture builds alike. Unit tests do not read the
# data: they run once, on one fixture build's warehouse (test_dbt_unit_tests.py), not in every
# build.
BUILD_ARGS = ["build", "--exclude", "resource_type:unit_test"]
# `pytest --models-only` (make test-fast): the fixture folders are built with `dbt run`, the
# models without their data tests (two fifths of a small build's CPU). The golden values are
# asserted all the same; tests that read the data tests' results are marked `data_tests` and
# left out. No test of that tier reads the build's manifest.json or run_results.json, so they
# are not written (a 5 MB manifest, about a second of CPU). conftest.py sets this from the option.
MODELS_ONLY_ARGS = ["run", "--no-write-json"]
models_only = False


def start_seeds_build(factory: pytest.TempPathFactory) -> Future:
    def build() -> tuple[Path, DbtRun]:
        workdir = factory.mktemp("seeds_build")
        return workdir, run_dbt(BUILD_ARGS, workdir)

    return background.start("seeds_build", build, background.SEEDS)


def start_fixture_build(
    factory: pytest.TempPathFactory, name: str, variables: dict[str, Any] | None = None
) -> Future:
    key = f"fixture_build:{name}:{sorted((variables or {}).items())!r}"

    def build() -> tuple[Path, DbtRun]:
        workdir = factory.mktemp(f"build_{name}")
        args = MODELS_ONLY_ARGS if models_only else BUILD_ARGS
        return workdir, run_dbt(args, workdir, FIXTURES_DIR / name, variables)

    # A build with variables of its own parses on its own (dbt_runner.run_dbt): it need not
    # wait for the shared parse, so it starts beside it.
    priority = background.LONG if variables else background.BUILD
    return background.start(key, build, priority)
