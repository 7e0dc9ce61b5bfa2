"""SQL lint gate: sqlfluff (dbt templater, .sqlfluff in the dbt Labs style) finds nothing in
models/, tests/ and analyses/, and does find a style error when one is introduced."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

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


def run_sqlfluff(
    paths: list[str], project_dir: Path, scratch: Path
) -> tuple[int, list[dict], str]:
    """`sqlfluff lint <paths>`: exit code, the files it linted (JSON), stderr."""
    return _collect(_sqlfluff(paths, project_dir, scratch))


def _violations(files: list[dict]) -> list[str]:
    return [
        f"{f['filepath']}:{v.get('start_line_no', '?')} {v['code']} {v['description']}"
        for f in files
        for v in f["violations"]
    ]


def test_models_and_tests_are_lint_clean(tmp_path: Path) -> None:
    groups = [[p for p in g if (PROJECT_DIR / p).exists()] for g in LINT_GROUPS]
    running = [
        _sqlfluff(paths, PROJECT_DIR, tmp_path / f"half_{i}")
        for i, paths in enumerate(groups)
    ]
    for paths, (code, files, stderr) in zip(
        groups, [_collect(p) for p in running], strict=True
    ):
        found = _violations(files)
        assert files, (
            f"sqlfluff linted nothing in {paths} (exit {code}):\n{stderr[-3000:]}"
        )
        assert not found, "sqlfluff found:\n" + "\n".join(found)
        assert code == 0, stderr[-3000:]


def test_the_lint_halves_cover_every_sql_folder() -> None:
    covered = {p for g in LINT_GROUPS for p in g}
    layers = {
        f"models/{d.name}" for d in (PROJECT_DIR / "models").iterdir() if d.is_dir()
    }
    layers.discard("models/docs")
    expected = layers | {"tests", "analyses"}
    assert covered == expected, "a SQL folder is not linted: add it to LINT_GROUPS"


@pytest.fixture
def project_copy(tmp_path: Path) -> Path:
    return copy_project(tmp_path / "project")


def test_lint_fails_on_a_style_error(project_copy: Path, tmp_path: Path) -> None:
    """A model written against the house style, dropped into a copy of the project and
    compiled by the dbt templater like any other: sqlfluff must reject it."""
    model = project_copy / "models" / "marts" / "core" / "dim_lint_probe.sql"
    # Upper-case keywords, a leading comma and an implicit alias: dbt Labs style errors.
    model.write_text(
        "SELECT\n    product_id\n    , product_name pname\nFROM {{ ref('dim_products') }}\n"
    )
    code, files, stderr = run_sqlfluff(
        [str(model.relative_to(project_copy))], project_copy, tmp_path / "scratch"
    )
    codes = {v["code"] for f in files for v in f["violations"]}
    assert code != 0, stderr[-3000:]
    assert {"CP01", "LT04", "AL02"} <= codes, codes
