"""SQL lint gate: sqlfluff (dbt templater, .sqlfluff in the dbt Labs style) finds nothing in
models/, tests/ and analyses/, and does find a style error when one is introduced."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest

from python_tests import background
from python_tests.dbt_runner import PROJECT_DIR, run_timed
from python_tests.lint_raw import LINT_RAW, SOURCES, expected, found
from python_tests.project_copy import copy_project


def sqlfluff_executable() -> str:
    candidate = Path(sys.executable).parent / "sqlfluff"
    return str(candidate) if candidate.exists() else "sqlfluff"


# Every SQL folder sqlfluff lints (models/adapters apart: see test_the_lint_covers_every_sql_folder).
LINT_PATHS = [
    "models/staging",
    "models/links_checked",
    "models/data_quality",
    "models/intermediate",
    "models/marts",
    "models/semantic",
    "tests",
    "analyses",
]
# One sqlfluff run lints them all: the dbt templater compiles the whole project once per run and
# renders every file in the main process, and `--processes 2` parses and checks the rendered
# files on both cores. Staging compiles against header-only Parquet files (python_tests/lint_raw.py).
LINT_PROCESSES = "2"


def run_sqlfluff(
    paths: list[str], project_dir: Path, scratch: Path, processes: str = "1"
) -> tuple[int, list[dict], str]:
    """`sqlfluff lint <paths>` from project_dir, with a scratch warehouse and target: exit code,
    the files it linted (JSON), stderr."""
    scratch.mkdir(parents=True, exist_ok=True)
    env = {
        **os.environ,
        "DBT_PROFILES_DIR": str(project_dir),
        "DBT_DUCKDB_PATH": str(scratch / "lint.duckdb"),
        "DBT_TARGET_PATH": str(scratch / "target"),
        "DBT_LOG_PATH": str(scratch / "logs"),
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
    }
    command = [sqlfluff_executable(), "lint", *paths, "--format", "json", "--disable-progress-bar"]
    command += ["--processes", processes]
    code, stdout, stderr = run_timed(
        command, f"sqlfluff lint {' '.join(paths)}", cwd=project_dir, env=env
    )
    start = stdout.find("[")
    files = json.loads(stdout[start:]) if start >= 0 else []
    return code, files, stderr


def _violations(files: list[dict]) -> list[str]:
    return [
        f"{f['filepath']}:{v.get('start_line_no', '?')} {v['code']} {v['description']}"
        for f in files
        for v in f["violations"]
    ]


ADAPTERS_LINT_CONFIG = PROJECT_DIR / "python_tests" / "adapters_lint.cfg"
PROBE = "models/marts/core/dim_lint_probe.sql"
# A model written against the house style: upper-case keywords, a leading comma and an
# implicit alias (dbt Labs style errors CP01, LT04, AL02).
PROBE_SQL = "SELECT\n    product_id\n    , product_name pname\nFROM {{ ref('dim_products') }}\n"


def _lint_all(tmp: Path) -> tuple[list[str], tuple[int, list[dict], str]]:
    """Lint every SQL folder, on a copy of the project with the probe model added (compiled by
    the dbt templater like any other model), so that one sqlfluff run both lints the real files
    and shows the gate failing."""
    paths = [p for p in LINT_PATHS if (PROJECT_DIR / p).exists()]
    project = copy_project(tmp / "project")
    (project / PROBE).write_text(PROBE_SQL)
    return paths, run_sqlfluff(paths, project, tmp / "scratch", LINT_PROCESSES)


def background_jobs(factory: pytest.TempPathFactory) -> None:
    """Start the lint when the session starts (conftest calls this)."""
    _start(factory)


def _start(factory: pytest.TempPathFactory):
    return background.start("lint", lambda: _lint_all(factory.mktemp("lint")), background.LONG)


def _is_probe(entry: dict) -> bool:
    return entry["filepath"].replace("\\", "/").endswith(PROBE)


def test_models_and_tests_are_lint_clean(tmp_path_factory: pytest.TempPathFactory) -> None:
    paths, (code, files, stderr) = _start(tmp_path_factory).result()
    real = [f for f in files if not _is_probe(f)]
    found = _violations(real)  # template and parse errors are violations too (TMP, PRS)
    assert real, f"sqlfluff linted nothing in {paths} (exit {code}):\n{stderr[-3000:]}"
    assert not found, "sqlfluff found:\n" + "\n".join(found)
    linted = {f["filepath"].replace("\\", "/") for f in real}
    expected = {
        str(p.relative_to(PROJECT_DIR))
        for folder in paths
        for p in (PROJECT_DIR / folder).rglob("*.sql")
    }
    ignored = _ignored(expected)
    assert linted == expected - ignored, sorted((expected - ignored) ^ linted)


def _ignored(files: set[str]) -> set[str]:
    """The files .sqlfluffignore leaves out (plain folder or file prefixes)."""
    patterns = [
        line.strip().strip("/")
        for line in (PROJECT_DIR / ".sqlfluffignore").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    ]
    return {f for f in files if any(f == p or f.startswith(p + "/") for p in patterns)}


def test_the_lint_covers_every_sql_folder() -> None:
    covered = set(LINT_PATHS)
    layers = {
        f"models/{d.name}"
        for d in (PROJECT_DIR / "models").iterdir()
        if d.is_dir() and any(d.rglob("*.sql"))
    }
    # The source adapters are disabled by default (dbt would not compile them here): they are
    # linted with every adapter enabled by python_tests/test_adapters_conventions.py.
    layers.discard("models/adapters")
    expected = layers | {"tests", "analyses"}
    assert covered == expected, "a SQL folder is not linted: add it to LINT_PATHS"


def test_lint_fails_on_a_style_error(tmp_path_factory: pytest.TempPathFactory) -> None:
    """The probe model, dropped into a copy of the project and compiled by the dbt templater
    like any other: sqlfluff must reject it (and so exit non-zero)."""
    _, (code, files, stderr) = _start(tmp_path_factory).result()
    probe = [f for f in files if _is_probe(f)]
    assert probe, f"the probe was not linted:\n{stderr[-3000:]}"
    codes = {v["code"] for f in probe for v in f["violations"]}
    assert code != 0, stderr[-3000:]
    assert {"CP01", "LT04", "AL02"} <= codes, codes


def test_the_lint_raw_folders_have_the_columns_of_their_csv_folders() -> None:
    """The header-only Parquet files staging and the adapters compile against when linted
    (.sqlfluff, adapters_lint*.cfg) carry exactly the tables and columns of their CSV folders."""
    configs = (PROJECT_DIR / ".sqlfluff").read_text() + "".join(
        p.read_text() for p in sorted(ADAPTERS_LINT_CONFIG.parent.glob("adapters_lint*.cfg"))
    )
    for source in SOURCES:
        assert f"raw_data_dir = {(LINT_RAW / source).relative_to(PROJECT_DIR)}\n" in configs
        assert found(source) == expected(source), (
            f"lint_raw/{source} is stale: .venv/bin/python -m python_tests.lint_raw"
        )
