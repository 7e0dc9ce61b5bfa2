"""Shared fixtures: warehouses built once per test session."""

from __future__ import annotations

from pathlib import Path

import pytest

from python_tests.dbt_runner import FIXTURES_DIR, DbtRun, run_dbt


@pytest.fixture(scope="session")
def seeds_build(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, DbtRun]:
    """The whole project built on the bundled seeds (what `make build` does)."""
    workdir = tmp_path_factory.mktemp("seeds_build")
    result = run_dbt(["build"], workdir)
    return workdir, result


@pytest.fixture(scope="session")
def fixture_build(tmp_path_factory: pytest.TempPathFactory):
    """Build the project on a hand-made raw folder under python_tests/fixtures, once per
    folder and session. Returns (workdir, DbtRun)."""
    cache: dict[tuple[str, str], tuple[Path, DbtRun]] = {}

    def build(name: str, variables: dict | None = None) -> tuple[Path, DbtRun]:
        key = (name, repr(sorted((variables or {}).items())))
        if key not in cache:
            workdir = tmp_path_factory.mktemp(f"build_{name}")
            cache[key] = (workdir, run_dbt(["build"], workdir, FIXTURES_DIR / name, variables))
        return cache[key]

    return build
