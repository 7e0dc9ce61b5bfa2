"""The source adapters (models/adapters) follow the project's conventions and lint rules.

They are enabled only when a setting names their system, so the project-wide gates (run on the
default settings) do not see them: here the project is parsed and linted with every adapter
enabled (python_tests/adapters_lint.cfg), and the default parse is checked to hold none.
"""

from __future__ import annotations

import json
import os
import subprocess

import pytest

from python_tests.dbt_runner import PROJECT_DIR, run_dbt
from python_tests.test_lint import sqlfluff_executable
from quality import conventions as conv

ALL_ADAPTERS = {
    "crm_system": "salesforce",
    "billing_system": "stripe",
    "telephony_system": "salesforce",
}
# The systems that cannot be enabled together with the ones above (one crm_system at a time).
OTHER_ADAPTERS = {
    "crm_system": "hubspot",
    "billing_system": "stripe",
    "telephony_system": "hubspot",
}
# sqlfluff: (settings file, folders it lints); every adapter folder is in one of them.
LINT_SETUPS = [
    ("python_tests/adapters_lint.cfg", ["models/adapters/salesforce", "models/adapters/stripe"]),
    ("python_tests/adapters_lint_hubspot.cfg", ["models/adapters/hubspot"]),
]


@pytest.fixture(scope="module")
def adapters_manifest(tmp_path_factory: pytest.TempPathFactory) -> dict:
    workdir = tmp_path_factory.mktemp("parse_adapters")
    run = run_dbt(["parse"], workdir, variables=ALL_ADAPTERS)
    assert run.ok, run.output[-3000:]
    return json.loads((workdir / "target" / "manifest.json").read_text())


@pytest.fixture(scope="module")
def other_adapters_manifest(tmp_path_factory: pytest.TempPathFactory) -> dict:
    workdir = tmp_path_factory.mktemp("parse_other_adapters")
    run = run_dbt(["parse"], workdir, variables=OTHER_ADAPTERS)
    assert run.ok, run.output[-3000:]
    return json.loads((workdir / "target" / "manifest.json").read_text())


@pytest.fixture(scope="module")
def default_manifest(tmp_path_factory: pytest.TempPathFactory) -> dict:
    workdir = tmp_path_factory.mktemp("parse_default")
    run = run_dbt(["parse"], workdir)
    assert run.ok, run.output[-3000:]
    return json.loads((workdir / "target" / "manifest.json").read_text())


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
def test_adapters_follow_the_conventions(adapters_manifest, other_adapters_manifest, check) -> None:
    assert check(adapters_manifest) == []
    assert check(other_adapters_manifest) == []


def test_hubspot_adapter_is_enabled_by_its_settings(other_adapters_manifest) -> None:
    models = _adapter_models(other_adapters_manifest)
    assert "adp_hubspot__crm_deals" in models and "adp_hubspot__telephony_calls" in models
    assert not [m for m in models if "salesforce" in m]


def test_staging_reads_the_adapter_models(adapters_manifest) -> None:
    nodes = adapters_manifest["nodes"]
    parents = nodes["model.sales_kpi.base_crm__deals"]["depends_on"]["nodes"]
    assert "model.sales_kpi.adp_salesforce__crm_deals" in parents


@pytest.mark.parametrize("config, folders", LINT_SETUPS, ids=["salesforce_stripe", "hubspot"])
def test_adapters_pass_the_sql_lint(tmp_path, config, folders) -> None:
    env = {
        **os.environ,
        "DBT_PROFILES_DIR": str(PROJECT_DIR),
        "DBT_DUCKDB_PATH": str(tmp_path / "lint.duckdb"),
        "DBT_TARGET_PATH": str(tmp_path / "target"),
        "DBT_LOG_PATH": str(tmp_path / "logs"),
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
    }
    done = subprocess.run(
        [
            sqlfluff_executable(),
            "lint",
            *folders,
            "--config",
            config,
            "--format",
            "json",
            "--disable-progress-bar",
        ],
        cwd=PROJECT_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
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
    assert len(linted) == sum(len(list((PROJECT_DIR / f).rglob("*.sql"))) for f in folders)


def test_every_adapter_folder_is_linted() -> None:
    linted = {f for _, folders in LINT_SETUPS for f in folders}
    present = {f"models/adapters/{d.name}" for d in (PROJECT_DIR / "models" / "adapters").iterdir()}
    assert present <= linted
