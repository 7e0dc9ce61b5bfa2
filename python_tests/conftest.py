"""Shared fixtures: warehouses built once per test session, in the background.

How a test gets a built warehouse cheaply (see CONTRIBUTING.md, "Tests"):

- `seeds_build`: the whole project built on the bundled seeds (what `make build` does, but for
  the dbt unit tests, which test_dbt_unit_tests.py runs once).
- `fixture_build(name, variables)`: the project built on python_tests/fixtures/<name>, once
  per (folder, variables) and session, whatever module asks for it.
- Declare the fixture folders a module builds in a module-level `DBT_BUILDS` list of
  (folder, variables) pairs, and list the module's own independent dbt commands in a
  module-level `background_jobs(tmp_path_factory)` function (see test_raw_reading.py): when
  the session starts, every build and job the selected tests need is started on the shared
  pool (python_tests/dbt_runner.jobs), two at a time, while the first tests run.
"""

from __future__ import annotations

import resource
import time
from collections import defaultdict
from pathlib import Path

import pytest

from python_tests import background, builds
from python_tests.builds import start_fixture_build, start_seeds_build
from python_tests.dbt_runner import (
    COMMAND_TIMES,
    DbtRun,
    InProcessDbt,
    shared_parse,
    shutdown_jobs,
)

# The order modules run in, so that the tests this thread runs (Great Expectations, pandas
# recomputations: CPU in this process) overlap with the dbt work on the pool, and the tests
# of a job come after it is likely done. Modules not listed run in the middle, in name order.
MODULE_ORDER = {
    "test_contract_files": 0,
    "test_python_lint": 0,
    "test_generator": 0,
    "test_gx_suites": 1,
    "test_calls_independent": 1,
    "test_conventions": 2,
    "test_lint": 8,
    "test_raw_reading": 8,
    "test_seeds_with_bad_rows": 9,
}


def _module_rank(item: pytest.Item) -> int:
    module = getattr(item, "module", None)
    name = module.__name__.rsplit(".", 1)[-1] if module else ""
    return MODULE_ORDER.get(name, 5)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--models-only",
        action="store_true",
        help="build the fixture folders with `dbt run` (no data tests) and leave out the tests "
        "marked data_tests, which read the data tests' results (make test-fast)",
    )


def pytest_configure(config: pytest.Config) -> None:
    builds.models_only = config.getoption("--models-only")


def pytest_itemcollected(item: pytest.Item) -> None:
    """Mark the tests that read the seeds build (`-m "not seeds_build"`: make test-fast)."""
    if "seeds_build" in getattr(item, "fixturenames", ()):
        item.add_marker(pytest.mark.seeds_build)


@pytest.hookimpl(trylast=True)  # after -k / -m have deselected what will not run
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Order the modules (MODULE_ORDER) and start, in the background, the dbt work the
    selected tests will need."""
    items.sort(key=_module_rank)  # stable: the order inside a module is kept
    if builds.models_only:
        deselected = [i for i in items if i.get_closest_marker("data_tests")]
        config.hook.pytest_deselected(items=deselected)
        items[:] = [i for i in items if not i.get_closest_marker("data_tests")]
    if config.option.collectonly:
        return
    factory: pytest.TempPathFactory = config._tmp_path_factory  # type: ignore[attr-defined]
    fixtures = {name for item in items for name in getattr(item, "fixturenames", ())}
    modules = list(dict.fromkeys(item.module for item in items if hasattr(item, "module")))
    # The shared parses first (plain builds; builds on a raw folder), side by side.
    if "seeds_build" in fixtures:
        background.start("parse:seeds", lambda: shared_parse(None), background.PARSE)
    if "fixture_build" in fixtures or any(hasattr(m, "background_jobs") for m in modules):
        background.start(
            "parse:raw", lambda: shared_parse('{"raw_data_dir": "raw"}'), background.PARSE
        )
    if "seeds_build" in fixtures:
        start_seeds_build(factory)
    for module in modules:
        for name, variables in getattr(module, "DBT_BUILDS", ()):
            start_fixture_build(factory, name, variables)
    for module in modules:
        starter = getattr(module, "background_jobs", None)
        if starter is not None:
            starter(factory)


@pytest.fixture(scope="session")
def seeds_build(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, DbtRun]:
    """The whole project built on the bundled seeds (`make build` but for the unit tests)."""
    return start_seeds_build(tmp_path_factory).result()


@pytest.fixture(scope="session")
def fixture_build(tmp_path_factory: pytest.TempPathFactory):
    """Build the project on a hand-made raw folder under python_tests/fixtures, once per
    folder, variables and session (unit tests excluded: test_dbt_unit_tests.py runs them).
    Returns (workdir, DbtRun)."""

    def build(name: str, variables: dict | None = None) -> tuple[Path, DbtRun]:
        return start_fixture_build(tmp_path_factory, name, variables).result()

    return build


@pytest.fixture(scope="session")
def dbt_in_process(tmp_path_factory: pytest.TempPathFactory) -> InProcessDbt:
    """dbt in this process on one parse: `dbt_in_process.compile(select, vars)` returns (ok,
    messages, compiled SQL) in about a second. For stops and settings checked at compile time."""
    return InProcessDbt(tmp_path_factory.mktemp("in_process"))


_started = time.monotonic()
# CPU seconds of the main thread (the one running the tests) spent in each module's tests,
# fixtures included; the dbt commands on the pool are counted apart (COMMAND_TIMES).
_module_cpu: dict[str, float] = defaultdict(float)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item: pytest.Item, nextitem: pytest.Item | None):
    before = time.thread_time()
    yield
    _module_cpu[item.nodeid.split("::", 1)[0]] += time.thread_time() - before


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    shutdown_jobs()


def _cpu_seconds() -> tuple[float, float]:
    """CPU (user + system) of this process and of its finished subprocesses."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime, children.ru_utime + children.ru_stime


def pytest_terminal_summary(terminalreporter, exitstatus: int, config: pytest.Config) -> None:
    write = terminalreporter.write_line
    if config.option.durations is not None:
        write("CPU seconds of each module's tests in this process (fixtures included):")
        for module, cpu in sorted(_module_cpu.items(), key=lambda kv: -kv[1]):
            write(f"  {cpu:7.1f}  {module}")
        write("Subprocesses run through dbt_runner.run_timed (wall s, CPU s):")
        for label, wall, cpu in sorted(COMMAND_TIMES, key=lambda t: -t[2]):
            write(f"  {wall:7.1f} {cpu:7.1f}  {label}")
    own, children = _cpu_seconds()
    write(
        f"python_tests wall time: {time.monotonic() - _started:.0f} s; CPU time: "
        f"{own + children:.0f} s ({own:.0f} s in pytest, {children:.0f} s in subprocesses); "
        f"dbt commands run {background.max_workers()} at a time (DBT_TEST_JOBS)"
    )
