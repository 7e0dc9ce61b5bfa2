"""The source adapters (models/adapters) follow the project's conventions and lint rules.

They are enabled only when a setting names their system, so the project-wide gates (run on the
default settings) do not see them: here the project is parsed and linted with every adapter
enabled (python_tests/adapters_lint.cfg), and the default parse is checked to hold none.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from python_tests import background
from python_tests.dbt_runner import PROJECT_DIR, DbtRun, manifest_path, run_dbt, run_timed
from python_tests.test_lint import sqlfluff_executable
from quality import conventions as conv

ALL_ADAPTERS = {
    "crm_system": "salesforce",
    "billing_system": "stripe",
    "telephony_system": "salesforce",
}


def _parse_adapters(workdir: Path) -> tuple[Path, DbtRun]:
    return workdir, run_dbt(["parse"], workdir, variables=ALL_ADAPTERS)


def _start_parse(factory: pytest.TempPathFactory):
    return background.start(
        "parse:adapters",
        lambda: _parse_adapters(factory.mktemp("parse_adapters")),
        background.BUILD,
    )


@pytest.fixture(scope="module")
def adapters_manifest(tmp_path_factory: pytest.TempPathFactory) -> dict:
    workdir, run = _start_parse(tmp_path_factory).result()
    assert run.ok, run.output[-3000:]
    return json.loads((workdir / "target" / "manifest.json").read_text())


@pytest.fixture(scope="module")
def default_manifest() -> dict:
    """The session's shared parse on the default settings (the one plain builds start from)."""
    return json.loads(manifest_path().read_text())


def _adapter_models(manifest: dict) -> list[str]:
    return sorted(
        n["name"] for n in conv.models(manifest).values() if conv.layer_of(n) == "adapters"
    )


def test_adapters_are_enabled_by_their_settings_only(adapters_manifest, default_manifest) -> None:
    assert "adp_salesforce__crm_deals" in _adapter_models(adapters_manifest)
    assert "adp_stripe__billing_subscription_items" in _adapter_models(adapters_manifest)
    assert _adapter_models(default_manifest) == []  # the default settings: the contract, no adapter


@pytest.mark.parametrize(
    "check",
    [
        conv.check_layer_prefixes,
        conv.check_dependencies,
        conv.check_descriptions,
        conv.check_grain_in_descriptions,
        conv.check_key_tests,
        conv.check_portable_sql,
        conv.check_unit_test_names,
    ],
)
def test_adapters_follow_the_conventions(adapters_manifest, check) -> None:
    assert check(adapters_manifest) == []


def test_staging_reads_the_adapter_models(adapters_manifest) -> None:
    nodes = adapters_manifest["nodes"]
    parents = nodes["model.sales_kpi.base_crm__deals"]["depends_on"]["nodes"]
    assert "model.sales_kpi.adp_salesforce__crm_deals" in parents


def _lint_adapters(tmp: Path) -> tuple[int, str, str]:
    env = {
        **os.environ,
        "DBT_PROFILES_DIR": str(PROJECT_DIR),
        "DBT_DUCKDB_PATH": str(tmp / "lint.duckdb"),
        "DBT_TARGET_PATH": str(tmp / "target"),
        "DBT_LOG_PATH": str(tmp / "logs"),
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
    }
    command = [
        sqlfluff_executable(),
        "lint",
        "models/adapters",
        "--config",
        "python_tests/adapters_lint.cfg",
        "--format",
        "json",
        "--disable-progress-bar",
    ]
    return run_timed(command, "sqlfluff lint models/adapters", cwd=PROJECT_DIR, env=env)


def background_jobs(factory: pytest.TempPathFactory) -> None:
    """Start the adapters' parse and lint when the session starts (conftest calls this)."""
    _start_parse(factory)
    _start_lint(factory)


def _start_lint(factory: pytest.TempPathFactory):
    return background.start(
        "lint:adapters", lambda: _lint_adapters(factory.mktemp("lint_adapters")), background.LONG
    )


def test_adapters_pass_the_sql_lint(tmp_path_factory: pytest.TempPathFactory) -> None:
    returncode, stdout, stderr = _start_lint(tmp_path_factory).result()
    done = subprocess.CompletedProcess([], returncode, stdout, stderr)
    start = done.stdout.find("[")
    files = json.loads(done.stdout[start:]) if start >= 0 else []
    linted = [f["filepath"] for f in files]
    problems = [
        f"{f['filepath']}:{v.get('start_line_no')} {v['code']} {v['description']}"
        for f in files
        for v in f["violations"]
    ]
    assert done.returncode == 0 and problems == [], "\n".join(problems) or done.stderr[-3000:]
    # every adapter model was linted (none skipped for a compile error)
    assert len(linted) == len(list((PROJECT_DIR / "models" / "adapters").rglob("*.sql")))
