"""The source adapters (models/adapters) follow the project's conventions and lint rules.

They are enabled only when a setting names their system, so the project-wide gates (run on the
default settings) do not see them: here the manifests of the adapters' golden builds (one
crm_system at a time: Salesforce with Stripe, HubSpot, amoCRM, Bitrix24) are checked, the
adapters are linted once per variant (sqlfluff settings in python_tests/adapters_lint*.cfg), and
the default parse is checked to hold none.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from python_tests import background
from python_tests import test_adapters_amocrm_bitrix24_golden as amocrm_bitrix24
from python_tests import test_adapters_hubspot_golden as hubspot
from python_tests import test_adapters_salesforce_stripe_golden as salesforce_stripe
from python_tests.dbt_runner import PROJECT_DIR, manifest_path, run_timed
from python_tests.test_lint import sqlfluff_executable
from quality import conventions as conv

# One CRM at a time: each variant enables the adapters the others cannot. The manifests checked
# are those of the adapters' golden builds (one per hand-made landing, built anyway by their
# golden tests), so this module parses nothing of its own.
GOLDEN_BUILDS = {
    "salesforce_stripe": (salesforce_stripe.FIXTURE, salesforce_stripe.VARIABLES),
    "hubspot": (hubspot.FIXTURE, hubspot.VARIABLES),
    "amocrm": (amocrm_bitrix24.AMOCRM, amocrm_bitrix24.AMOCRM_VARIABLES),
    "bitrix24": (amocrm_bitrix24.BITRIX24, amocrm_bitrix24.BITRIX24_VARIABLES),
}
DBT_BUILDS = list(GOLDEN_BUILDS.values())
# The adapter systems each variant enables (what its parse must hold, and nothing else).
VARIANT_SYSTEMS = {
    "salesforce_stripe": {"salesforce", "stripe"},
    "hubspot": {"hubspot"},
    "amocrm": {"amocrm"},
    "bitrix24": {"bitrix24"},
}
# variant -> (sqlfluff settings file, the adapter folders it lints)
LINT_VARIANTS = {
    "salesforce_stripe": ("python_tests/adapters_lint.cfg", ["salesforce", "stripe"]),
    "hubspot": ("python_tests/adapters_lint_hubspot.cfg", ["hubspot"]),
    "amocrm": ("python_tests/adapters_lint_amocrm.cfg", ["amocrm"]),
    "bitrix24": ("python_tests/adapters_lint_bitrix24.cfg", ["bitrix24"]),
}


@pytest.fixture(scope="module", params=sorted(GOLDEN_BUILDS))
def adapters_manifest(request, fixture_build) -> dict:
    workdir, run = fixture_build(*GOLDEN_BUILDS[request.param])
    assert run.ok, run.output[-3000:]
    manifest = json.loads((workdir / "target" / "manifest.json").read_text())
    manifest["_variant"] = request.param
    return manifest


@pytest.fixture(scope="module")
def default_manifest() -> dict:
    """The session's shared parse on the default settings (the one plain builds start from)."""
    return json.loads(manifest_path().read_text())


def _adapter_models(manifest: dict) -> list[str]:
    return sorted(
        n["name"] for n in conv.models(manifest).values() if conv.layer_of(n) == "adapters"
    )


def test_adapters_are_enabled_by_their_settings_only(adapters_manifest, default_manifest) -> None:
    # adp_<system>__<table>: the systems present are exactly the ones the variant names
    systems = {name.split("__")[0].split("_", 1)[1] for name in _adapter_models(adapters_manifest)}
    assert systems == VARIANT_SYSTEMS[adapters_manifest["_variant"]]
    assert _adapter_models(default_manifest) == []  # the default settings: the contract, no adapter


def test_the_named_adapters_are_there(adapters_manifest) -> None:
    models = _adapter_models(adapters_manifest)
    expected = {
        "salesforce_stripe": [
            "adp_salesforce__crm_deals",
            "adp_stripe__billing_subscription_items",
        ],
        "hubspot": ["adp_hubspot__crm_deals", "adp_hubspot__telephony_calls"],
        "amocrm": ["adp_amocrm__crm_deals"],
        "bitrix24": ["adp_bitrix24__crm_deals"],
    }[adapters_manifest["_variant"]]
    assert [m for m in expected if m not in models] == []


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


def _lint_variant(variant: str, tmp: Path) -> tuple[int, str, str]:
    config, folders = LINT_VARIANTS[variant]
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
        *[f"models/adapters/{folder}" for folder in folders],
        "--config",
        config,
        "--format",
        "json",
        "--disable-progress-bar",
    ]
    return run_timed(command, f"sqlfluff lint adapters ({variant})", cwd=PROJECT_DIR, env=env)


def _start_lint(factory: pytest.TempPathFactory, variant: str):
    return background.start(
        f"lint:adapters:{variant}",
        lambda: _lint_variant(variant, factory.mktemp(f"lint_adapters_{variant}")),
        background.LONG,
    )


def background_jobs(factory: pytest.TempPathFactory) -> None:
    """Start the adapters' lints when the session starts (conftest calls this)."""
    for variant in sorted(LINT_VARIANTS):
        _start_lint(factory, variant)


@pytest.mark.parametrize("variant", sorted(LINT_VARIANTS))
def test_adapters_pass_the_sql_lint(tmp_path_factory: pytest.TempPathFactory, variant) -> None:
    returncode, stdout, stderr = _start_lint(tmp_path_factory, variant).result()
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
    # every adapter model of these folders was linted (none skipped for a compile error)
    _, folders = LINT_VARIANTS[variant]
    expected = [
        p for f in folders for p in (PROJECT_DIR / "models" / "adapters" / f).rglob("*.sql")
    ]
    assert len(linted) == len(expected)


def test_every_adapter_folder_is_linted() -> None:
    folders = {p.name for p in (PROJECT_DIR / "models" / "adapters").iterdir() if p.is_dir()}
    assert folders <= {f for _, fs in LINT_VARIANTS.values() for f in fs}
