"""The source adapters (models/adapters) follow the project's conventions and lint rules.

They are enabled only when a setting names their system, so the project-wide gates (run on the
default settings) do not see them: here the project is parsed and linted with every adapter
enabled (python_tests/adapters_lint.cfg: Salesforce and Stripe; adapters_lint_amocrm.cfg and
adapters_lint_bitrix24.cfg: the CRMs that share the crm_system setting with Salesforce), and the
default parse is checked to hold none.
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
# One CRM at a time: each further variant enables the adapters the first one cannot.
ADAPTER_VARIANTS = {
    "salesforce_stripe": ALL_ADAPTERS,
    "amocrm": {"crm_system": "amocrm", "telephony_system": "amocrm"},
    "bitrix24": {"crm_system": "bitrix24", "telephony_system": "bitrix24"},
}
# variant -> (sqlfluff config with its settings, the adapter folders it lints)
LINT_VARIANTS = {
    "salesforce_stripe": ("python_tests/adapters_lint.cfg", ["salesforce", "stripe"]),
    "amocrm": ("python_tests/adapters_lint_amocrm.cfg", ["amocrm"]),
    "bitrix24": ("python_tests/adapters_lint_bitrix24.cfg", ["bitrix24"]),
}


@pytest.fixture(scope="module", params=sorted(ADAPTER_VARIANTS))
def adapters_manifest(request, tmp_path_factory: pytest.TempPathFactory) -> dict:
    workdir = tmp_path_factory.mktemp(f"parse_adapters_{request.param}")
    run = run_dbt(["parse"], workdir, variables=ADAPTER_VARIANTS[request.param])
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
    systems = {name.split("__")[0].split("_", 1)[1] for name in _adapter_models(adapters_manifest)}
    assert systems in ({"salesforce", "stripe"}, {"amocrm"}, {"bitrix24"})
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
    assert any(p.startswith("model.sales_kpi.adp_") and p.endswith("__crm_deals") for p in parents)


@pytest.mark.parametrize("variant", sorted(LINT_VARIANTS))
def test_adapters_pass_the_sql_lint(tmp_path, variant) -> None:
    config, folders = LINT_VARIANTS[variant]
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
            *[f"models/adapters/{folder}" for folder in folders],
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
    # every adapter model of these folders was linted (none skipped for a compile error)
    expected = [
        p for f in folders for p in (PROJECT_DIR / "models" / "adapters" / f).rglob("*.sql")
    ]
    assert len(linted) == len(expected)


def test_every_adapter_folder_is_linted() -> None:
    folders = {p.name for p in (PROJECT_DIR / "models" / "adapters").iterdir() if p.is_dir()}
    assert folders <= {f for _, fs in LINT_VARIANTS.values() for f in fs}
