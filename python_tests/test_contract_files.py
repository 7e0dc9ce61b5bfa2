"""The raw contract is written once (scripts/contract_spec.py); the sources YAML, the seed
properties, the generator's schema and the raw_tables() macro are rendered from it. This fails
when someone edits one and not the other."""

from __future__ import annotations

import importlib.util

from python_tests.dbt_runner import PROJECT_DIR


def _contract_module():
    spec = importlib.util.spec_from_file_location(
        "contract_spec", PROJECT_DIR / "scripts" / "contract_spec.py"
    )
    module = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    spec.loader.exec_module(module)
    return module


def test_rendered_contract_files_are_committed_as_rendered():
    module = _contract_module()
    for path, text in module.rendered_files(PROJECT_DIR).items():
        assert path.read_text(encoding="utf-8") == text, (
            f"{path} is stale: run scripts/contract_spec.py"
        )


def test_seed_headers_follow_the_contract():
    module = _contract_module()
    for table, spec in module.TABLES.items():
        source = table.split("__")[0]
        header = (PROJECT_DIR / "seeds" / source / f"{table}.csv").read_text().splitlines()[0]
        assert header.split(",") == [c[0] for c in spec["columns"]], table


def test_every_table_has_a_key_of_its_required_columns():
    """Staging ranks duplicates by the key, the ledger shows it and the GX raw suites check it
    is unique (quality/gx/raw_suites.py reads it from the sources YAML): one declaration each."""
    module = _contract_module()
    for table, spec in module.TABLES.items():
        required = {c[0] for c in spec["columns"] if not c[2]}
        assert spec.get("key"), f"{table} declares no key"
        assert set(spec["key"]) <= required, f"{table}: key {spec['key']} is not required columns"
