"""SQL lint gate: sqlfluff (dbt templater, .sqlfluff in the dbt Labs style) finds nothing in
models/, tests/ and analyses/, and does find a style error when one is introduced."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from python_tests import background
from python_tests.dbt_runner import PROJECT_DIR
from python_tests.project_copy import copy_project


def sqlfluff_executable() -> str:
    candidate = Path(sys.executable).parent / "sqlfluff"
    return str(candidate) if candidate.exists() else "sqlfluff"


# The dbt templater renders every file in sqlfluff's main process, so `--processes` barely
# helps; two sqlfluff runs side by side (each compiling the project once) use both cores.
# The halves are balanced by SQL size.
LINT_GROUPS = (
    ["models/staging", "models/data_quality", "models/marts"],
    ["models/intermediate", "models/semantic", "tests", "analyses"],
)


def _sqlfluff(paths: list[str], project_dir: Path, scratch: Path) -> subprocess.Popen:
    """Start `sqlfluff lint <paths>` from project_dir, with a scratch warehouse and target."""
    scratch.mkdir(parents=True, exist_ok=True)
    env = {
        **os.environ,
        "DBT_PROFILES_DIR": str(project_dir),
        "DBT_DUCKDB_PATH": str(scratch / "lint.duckdb"),
        "DBT_TARGET_PATH": str(scratch / "target"),
        "DBT_LOG_PATH": str(scratch / "logs"),
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
    }
    command = [sqlfluff_executable(), "lint", *paths, "--format", "json"]
    return subprocess.Popen(
        [*command, "--disable-progress-bar"],
        cwd=project_dir,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _collect(process: subprocess.Popen) -> tuple[int, list[dict], str]:
    stdout, stderr = process.communicate()
    start = stdout.find("[")
    files = json.loads(stdout[start:]) if start >= 0 else []
    return process.returncode, files, stderr


def run_sqlfluff(paths: list[str], project_dir: Path, scratch: Path) -> tuple[int, list[dict], str]:
    """`sqlfluff lint <paths>`: exit code, the files it linted (JSON), stderr."""
    return _collect(_sqlfluff(paths, project_dir, scratch))


def _violations(files: list[dict]) -> list[str]:
    return [
        f"{f['filepath']}:{v.get('start_line_no', '?')} {v['code']} {v['description']}"
        for f in files
        for v in f["violations"]
    ]


PROBE = "models/marts/core/dim_lint_probe.sql"
# A model written against the house style: upper-case keywords, a leading comma and an
# implicit alias (dbt Labs style errors CP01, LT04, AL02).
PROBE_SQL = "SELECT\n    product_id\n    , product_name pname\nFROM {{ ref('dim_products') }}\n"


def _lint_half(index: int, tmp: Path) -> tuple[list[str], tuple[int, list[dict], str]]:
    """Lint one half. The first half runs on a copy of the project with the probe model added
    (compiled by the dbt templater like any other model), so that one sqlfluff run both
    lints the real files and shows the gate failing: each run compiles the whole project."""
    paths = [p for p in LINT_GROUPS[index] if (PROJECT_DIR / p).exists()]
    if index == 0:
        project = copy_project(tmp / "project")
        (project / PROBE).write_text(PROBE_SQL)
        return paths, run_sqlfluff(paths, project, tmp / "scratch")
    return paths, run_sqlfluff(paths, PROJECT_DIR, tmp / "scratch")


def background_jobs(factory: pytest.TempPathFactory) -> None:
    """Start both halves when the session starts (conftest calls this)."""
    for index in range(len(LINT_GROUPS)):
        _start(factory, index)


def _start(factory: pytest.TempPathFactory, index: int):
    return background.start(
        f"lint:{index}",
        lambda: _lint_half(index, factory.mktemp(f"lint_{index}")),
        background.LONG,
    )


def _is_probe(entry: dict) -> bool:
    return entry["filepath"].replace("\\", "/").endswith(PROBE)


def test_models_and_tests_are_lint_clean(tmp_path_factory: pytest.TempPathFactory) -> None:
    for index in range(len(LINT_GROUPS)):
        paths, (code, files, stderr) = _start(tmp_path_factory, index).result()
        real = [f for f in files if not _is_probe(f)]
        found = _violations(real)
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
        if index != 0:
            assert code == 0, stderr[-3000:]


def _ignored(files: set[str]) -> set[str]:
    """The files .sqlfluffignore leaves out (plain folder or file prefixes)."""
    patterns = [
        line.strip().strip("/")
        for line in (PROJECT_DIR / ".sqlfluffignore").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    ]
    return {f for f in files if any(f == p or f.startswith(p + "/") for p in patterns)}


def test_the_lint_halves_cover_every_sql_folder() -> None:
    covered = {p for g in LINT_GROUPS for p in g}
    layers = {
        f"models/{d.name}"
        for d in (PROJECT_DIR / "models").iterdir()
        if d.is_dir() and any(d.rglob("*.sql"))
    }
    # The source adapters are disabled by default (dbt would not compile them here): they are
    # linted with every adapter enabled by python_tests/test_adapters_conventions.py.
    layers.discard("models/adapters")
    expected = layers | {"tests", "analyses"}
    assert covered == expected, "a SQL folder is not linted: add it to LINT_GROUPS"


def test_lint_fails_on_a_style_error(tmp_path_factory: pytest.TempPathFactory) -> None:
    """The probe model, dropped into a copy of the project and compiled by the dbt templater
    like any other: sqlfluff must reject it (and so exit non-zero)."""
    _, (code, files, stderr) = _start(tmp_path_factory, 0).result()
    probe = [f for f in files if _is_probe(f)]
    assert probe, f"the probe was not linted:\n{stderr[-3000:]}"
    codes = {v["code"] for f in probe for v in f["violations"]}
    assert code != 0, stderr[-3000:]
    assert {"CP01", "LT04", "AL02"} <= codes, codes
