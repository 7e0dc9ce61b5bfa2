"""Run dbt against a throw-away DuckDB warehouse and read the result back.

Every end-to-end test builds the project in a subprocess (exactly as a user would run it),
into its own warehouse file and target folder, so tests never share state.

Two things keep the suite fast without sharing any warehouse between tests:

- Parse once. dbt parses the whole project at the start of every command (~7 s of CPU here)
  unless it finds a `partial_parse.msgpack` in the target folder made with the same command
  line `--vars` and the same connection settings. So dbt runs in the working folder, the
  warehouse is `warehouse.duckdb` relative to it, and the raw folder is always the relative
  path `raw` (a link to the real folder): every build on a raw folder has the same `--vars`
  and profile, `dbt parse` runs once, and the others start from a copy of its parse.
- Run in parallel. `jobs()` is one shared pool of DBT_TEST_JOBS (default 2) workers: the
  session fixtures in conftest.py submit the builds there ahead of the tests that read them,
  and a test module can submit its own independent dbt commands (see test_raw_reading.py).
"""

from __future__ import annotations

import itertools
import json
import os
import queue
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb

PROJECT_DIR = Path(__file__).resolve().parent.parent
FIXTURES_DIR = Path(__file__).resolve().parent / "fixtures"
RAW_LINK = "raw"  # the raw folder as dbt sees it: <workdir>/raw, a link to the real folder
PARTIAL_PARSE = "partial_parse.msgpack"


@dataclass
class DbtRun:
    returncode: int
    output: str

    @property
    def ok(self) -> bool:
        return self.returncode == 0


def dbt_executable() -> str:
    candidate = Path(sys.executable).parent / "dbt"
    return str(candidate) if candidate.exists() else "dbt"


def dbt_env(
    workdir: Path, project_dir: Path = PROJECT_DIR, *, in_workdir: bool = False
) -> dict[str, str]:
    """The environment of a dbt (or sqlfluff dbt templater) run with its warehouse, target
    and logs inside `workdir`. in_workdir: the command runs in `workdir`, and the warehouse is
    named relative to it (the profile, part of dbt's parse state, is then the same for all)."""
    return {
        **os.environ,
        "DBT_PROFILES_DIR": str(project_dir),
        "DBT_DUCKDB_PATH": "warehouse.duckdb" if in_workdir else str(workdir / "warehouse.duckdb"),
        "DBT_TARGET_PATH": str(workdir / "target"),
        "DBT_LOG_PATH": str(workdir / "logs"),
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
        "DBT_USE_COLORS": "false",
        # No debug log file (a tenth of a small build's CPU goes to writing it); the test
        # keeps the command's output. DBT_LOG_LEVEL_FILE=debug in the environment keeps it.
        "DBT_LOG_LEVEL_FILE": os.environ.get("DBT_LOG_LEVEL_FILE", "none"),
    }


# dbt commands that run nodes: the tests run them on one thread each. Two builds run side by
# side on the pool (one per core), and a second thread in each only adds contention for the
# GIL: one thread takes ~10% less CPU for the same build.
NODE_COMMANDS = {"build", "run", "test", "seed"}


# --- subprocesses, timed ---------------------------------------------------------------------

# (label, wall seconds, CPU seconds) of every command run through run_timed; conftest.py prints
# the totals and, under `pytest --durations`, the costliest commands.
COMMAND_TIMES: list[tuple[str, float, float]] = []


def run_timed(command: list[str], label: str | None = None, **popen: Any) -> tuple[int, str, str]:
    """Run a command to completion: (exit code, stdout, stderr), text. Records its wall time and
    the CPU time (user + system) of the process and its children in COMMAND_TIMES."""
    started = time.monotonic()
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **popen
    )
    # Not communicate(): it reaps the process and loses its resource usage. Read both pipes on
    # threads, then reap it with os.wait4, which returns the usage.
    out: list[str] = []
    err: list[str] = []
    readers = [
        threading.Thread(target=lambda: out.append(process.stdout.read()), daemon=True),
        threading.Thread(target=lambda: err.append(process.stderr.read()), daemon=True),
    ]
    for reader in readers:
        reader.start()
    for reader in readers:
        reader.join()
    process.stdout.close()
    process.stderr.close()
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    label = label or " ".join([Path(command[0]).name, *command[1:4]])
    COMMAND_TIMES.append((label, time.monotonic() - started, usage.ru_utime + usage.ru_stime))
    return process.returncode, out[0], err[0]


# --- one parse per distinct --vars ---------------------------------------------------------

_parses: dict[str, Path] = {}
_parse_locks: dict[str, threading.Lock] = {}
_parses_guard = threading.Lock()
_parse_root: Path | None = None


def _parse_dir() -> Path:
    global _parse_root
    with _parses_guard:
        if _parse_root is None:
            import tempfile

            _parse_root = Path(tempfile.mkdtemp(prefix="dbt_parse_"))
        return _parse_root


def shared_parse(vars_json: str | None) -> Path | None:
    """The partial-parse file of the project for these command-line vars, parsed once per
    session (the first caller runs `dbt parse`, the others wait for it). None if it failed."""
    key = vars_json or ""
    with _parses_guard:
        lock = _parse_locks.setdefault(key, threading.Lock())
    with lock:
        if key not in _parses:
            workdir = _parse_dir() / f"parse_{len(_parse_locks)}_{abs(hash(key))}"
            workdir.mkdir(parents=True)
            command = [dbt_executable(), "parse", "--project-dir", str(PROJECT_DIR)]
            if vars_json:
                command += ["--vars", vars_json]
            run_timed(
                command, f"dbt parse {key}", cwd=workdir, env=dbt_env(workdir, in_workdir=True)
            )
            made = workdir / "target" / PARTIAL_PARSE
            _parses[key] = made if made.exists() else None  # type: ignore[assignment]
        return _parses[key]


def manifest_path(vars_json: str | None = None) -> Path:
    """manifest.json of the shared parse (what `dbt parse` writes)."""
    made = shared_parse(vars_json)
    assert made is not None, "dbt parse failed"
    return made.parent / "manifest.json"


# --- running dbt ---------------------------------------------------------------------------


def _link_raw(workdir: Path, raw_dir: Path) -> None:
    link = workdir / RAW_LINK
    if link.resolve() == raw_dir.resolve():
        return
    if link.is_symlink() or link.exists():
        raise FileExistsError(f"{link} exists and is not {raw_dir}")
    link.symlink_to(raw_dir.resolve(), target_is_directory=True)


def run_dbt(
    args: list[str],
    workdir: Path,
    raw_dir: Path | None = None,
    variables: dict[str, Any] | None = None,
    reuse_parse: bool | None = None,
) -> DbtRun:
    """Run `dbt <args>` with the warehouse and target folder inside `workdir`.

    raw_dir: a folder of <source>__<table>.csv files to read instead of the seeds
    (the seeds are then not loaded). variables: further --vars. reuse_parse: start from the
    session's shared parse for these vars (default: when there are no further vars, i.e.
    for the plain builds every test shares; a one-off set of vars parses on its own).
    """
    workdir.mkdir(parents=True, exist_ok=True)
    merged: dict[str, Any] = dict(variables or {})
    command = [dbt_executable(), *args, "--project-dir", str(PROJECT_DIR)]
    if args and args[0] in NODE_COMMANDS:
        command += ["--threads", "1"]
    if raw_dir is not None:
        _link_raw(workdir, raw_dir)
        merged["raw_data_dir"] = RAW_LINK
        if args and args[0] == "build":
            command += ["--exclude", "resource_type:seed"]
    vars_json = json.dumps(merged, sort_keys=True) if merged else None
    if vars_json:
        command += ["--vars", vars_json]
    if reuse_parse is None:
        reuse_parse = not variables
    target = workdir / "target"
    if reuse_parse and not (target / PARTIAL_PARSE).exists():
        parsed = shared_parse(vars_json)
        if parsed is not None:
            target.mkdir(parents=True, exist_ok=True)
            shutil.copy2(parsed, target / PARTIAL_PARSE)
    label = f"dbt {' '.join(args)[:60]} [{workdir.name}]"
    code, stdout, stderr = run_timed(
        command, label, cwd=workdir, env=dbt_env(workdir, in_workdir=True)
    )
    return DbtRun(code, stdout + stderr)


# --- dbt in this process ---------------------------------------------------------------------


class InProcessDbt:
    """dbt in this process (dbtRunner) on one parse of the project, with its warehouse and
    target in `workdir`: a `dbt compile` that stops on bad input or a bad setting costs about a
    second, not a subprocess. The session shares one (conftest.py: `dbt_in_process`). Use it
    from the tests' thread only, never from a pool job: dbt keeps global state."""

    def __init__(self, workdir: Path):
        os.environ.update(
            {
                "DBT_PROFILES_DIR": str(PROJECT_DIR),
                "DBT_DUCKDB_PATH": str(workdir / "warehouse.duckdb"),
                "DBT_TARGET_PATH": str(workdir / "target"),
                "DBT_LOG_PATH": str(workdir / "logs"),
                "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
                "DBT_USE_COLORS": "false",
            }
        )
        from dbt.cli.main import dbtRunner

        self._runner_class = dbtRunner
        cwd = os.getcwd()
        os.chdir(PROJECT_DIR)
        try:
            parsed = dbtRunner().invoke(["parse", "--quiet"])
        finally:
            os.chdir(cwd)
        assert parsed.success, parsed.exception
        self.manifest = parsed.result

    def compile(self, select: str, variables: dict) -> tuple[bool, str, str | None]:
        """(ok, every message dbt logged, the compiled SQL of the selected model)."""
        return self._compile(["--select", select], variables)

    def inline(self, sql: str, variables: dict) -> tuple[bool, str, str | None]:
        """(ok, messages, compiled SQL) of a one-off query using the project's macros."""
        return self._compile(["--inline", sql], variables)

    def _compile(self, selection: list[str], variables: dict) -> tuple[bool, str, str | None]:
        messages: list[str] = []

        def collect(event) -> None:
            messages.append(str(getattr(event.info, "msg", "")))

        cwd = os.getcwd()
        os.chdir(PROJECT_DIR)
        try:
            result = self._runner_class(manifest=self.manifest, callbacks=[collect]).invoke(
                ["compile", *selection, "--vars", json.dumps(variables), "--quiet"]
            )
        finally:
            os.chdir(cwd)
        compiled = None
        if result.success and result.result is not None:
            compiled = result.result.results[0].node.compiled_code
        if result.exception is not None:
            messages.append(str(result.exception))
        return result.success, "\n".join(messages), compiled


# --- the shared pool -----------------------------------------------------------------------


class PriorityPool:
    """A pool of worker threads that runs the waiting job with the lowest priority number
    first (then in submission order): the builds the first tests wait for, and the longest
    jobs, start first."""

    def __init__(self, workers: int) -> None:
        self._queue: queue.PriorityQueue = queue.PriorityQueue()
        self._count = itertools.count()
        self._threads = [
            threading.Thread(target=self._work, name=f"dbt-{i}", daemon=True)
            for i in range(workers)
        ]
        for thread in self._threads:
            thread.start()

    def submit(self, fn: Callable[[], Any], priority: int = 50) -> Future:
        future: Future = Future()
        self._queue.put((priority, next(self._count), fn, future))
        return future

    def _work(self) -> None:
        while True:
            _, _, fn, future = self._queue.get()
            if fn is None:
                return
            if not future.set_running_or_notify_cancel():
                continue
            try:
                future.set_result(fn())
            except BaseException as error:  # noqa: BLE001 - handed to the test that waits
                future.set_exception(error)

    def shutdown(self) -> None:
        """Cancel the jobs not started, wait for the running ones."""
        while not self._queue.empty():
            _, _, _, future = self._queue.get()
            if future is not None:
                future.cancel()
        for _ in self._threads:
            self._queue.put((-1, next(self._count), None, None))
        for thread in self._threads:
            thread.join()


_pool: PriorityPool | None = None


def jobs() -> PriorityPool:
    """The session's pool for independent dbt commands (DBT_TEST_JOBS workers, default 2:
    one dbt process per core; a dbt build of the small fixtures is mostly single-threaded)."""
    global _pool
    with _parses_guard:
        if _pool is None:
            workers = int(os.environ.get("DBT_TEST_JOBS", "2"))
            _pool = PriorityPool(max(1, workers))
        return _pool


def shutdown_jobs() -> None:
    global _pool
    if _pool is not None:
        _pool.shutdown()
        _pool = None
    if _parse_root is not None:
        shutil.rmtree(_parse_root, ignore_errors=True)


def query(workdir: Path, sql: str) -> list[dict[str, Any]]:
    """Rows of `sql` on the warehouse in `workdir`, opened read-only and closed at once."""
    con = duckdb.connect(str(workdir / "warehouse.duckdb"), read_only=True)
    try:
        cursor = con.execute(sql)
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
    finally:
        con.close()
