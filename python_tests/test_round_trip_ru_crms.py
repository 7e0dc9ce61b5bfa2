"""Round trip through the amoCRM and Bitrix24 layouts: the bundled seeds written as each system
exports them (generator/system_layouts), with the contract files the system cannot hold copied
beside them, build to the same marts as the seeds build wherever the system can carry the data.

What a layout cannot carry is listed in DECISIONLOG.md ("amoCRM and Bitrix24", Round trip); the
checks below compare what it can, row by row, against the shared seeds build.
"""

from __future__ import annotations

import csv
import importlib
import shutil
from pathlib import Path

import pytest

from python_tests import background
from python_tests.dbt_runner import PROJECT_DIR, query, run_dbt

SEEDS_DIR = PROJECT_DIR / "seeds"
# What neither system holds: read from the contract's own files beside the exports.
CONTRACT_FILES = [
    *sorted((SEEDS_DIR / "billing").glob("*.csv")),
    *sorted((SEEDS_DIR / "market").glob("*.csv")),
    SEEDS_DIR / "crm" / "crm__products.csv",
    SEEDS_DIR / "crm" / "crm__quotas.csv",
    SEEDS_DIR / "telephony" / "telephony__call_scores.csv",
]


def _open_stage_probabilities() -> dict[str, float]:
    with (SEEDS_DIR / "crm" / "crm__pipeline_stages.csv").open(newline="") as handle:
        return {
            row["stage"]: float(row["probability"])
            for row in csv.DictReader(handle)
            if row["is_closed"].strip().lower() not in ("true", "1")
        }


# The systems have no stage probabilities: the seeds' own are given through the setting, keyed
# by the stage id each layout writes (amoCRM: the stage name; Bitrix24: upper-cased).
PROBABILITIES = _open_stage_probabilities()
VARIABLES = {
    "amocrm": {
        "crm_system": "amocrm",
        "telephony_system": "amocrm",
        "stage_probabilities": PROBABILITIES,
    },
    "bitrix24": {
        "crm_system": "bitrix24",
        "telephony_system": "bitrix24",
        "stage_probabilities": {stage.upper(): p for stage, p in PROBABILITIES.items()},
    },
}

_factory: list[pytest.TempPathFactory] = []


def _layout_build(system: str) -> tuple[Path, object]:
    workdir = _factory[0].mktemp(f"round_trip_{system}")
    exports = workdir / "exports"
    exports.mkdir()
    importlib.import_module(f"generator.system_layouts.{system}").write(SEEDS_DIR, exports)
    for path in CONTRACT_FILES:
        shutil.copy(path, exports / path.name)
    run = run_dbt(
        ["build", "--exclude", "resource_type:unit_test"], workdir, exports, VARIABLES[system]
    )
    return workdir, run


def _start(system: str):
    return background.start(f"round_trip:{system}", lambda: _layout_build(system), background.BUILD)


def background_jobs(factory: pytest.TempPathFactory) -> None:
    """Start both layout builds on the session's pool (called by conftest)."""
    if not _factory:
        _factory.append(factory)
    for system in VARIABLES:
        _start(system)


@pytest.fixture(scope="module")
def layout_build(tmp_path_factory: pytest.TempPathFactory):
    if not _factory:
        _factory.append(tmp_path_factory)

    def built(system: str) -> Path:
        workdir, run = _start(system).result()
        assert run.ok, run.output[-5000:]
        return workdir

    return built


@pytest.fixture(scope="module")
def seeds(seeds_build) -> Path:
    workdir, run = seeds_build
    assert run.ok, run.output[-3000:]
    return workdir


def _rows(workdir: Path, sql: str) -> list[tuple]:
    return sorted(
        (tuple(row.values()) for row in query(workdir, sql)),
        key=lambda values: tuple("" if v is None else str(v) for v in values),
    )


def _differences(seeds: Path, layout: Path, sql: str) -> list[str]:
    want, got = _rows(seeds, sql), _rows(layout, sql)
    missing = [row for row in want if row not in got]
    extra = [row for row in got if row not in want]
    return [f"only in the seeds build: {row}" for row in missing[:5]] + [
        f"only in the layout build: {row}" for row in extra[:5]
    ]


# (system, what, SQL run on both warehouses): what each layout carries, compared row by row.
CHECKS = [
    # Both: the report period is the same (as_of_date from the same latest event).
    ("amocrm", "report period", "select * from intermediate.int_report_period"),
    ("bitrix24", "report period", "select * from intermediate.int_report_period"),
]


@pytest.mark.parametrize(
    ("system", "what", "sql"), CHECKS, ids=[f"{system}-{what}" for system, what, _ in CHECKS]
)
def test_layout_gives_the_seeds_marts(seeds, layout_build, system, what, sql):
    assert _differences(seeds, layout_build(system), sql) == []
