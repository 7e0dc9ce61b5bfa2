"""Convention and documentation gates over dbt's manifest.json and catalog.json.

The project must be clean; each check is also fed a manifest broken for it and must object
(every gate is shown failing once). `dbt docs generate` runs here, on the seeds build.
"""

from __future__ import annotations

import copy
import importlib.util
import json
import shutil
import subprocess
from concurrent.futures import Future
from pathlib import Path

import pytest

from python_tests import background
from python_tests.builds import start_seeds_build
from python_tests.dbt_runner import (
    PROJECT_DIR,
    DbtRun,
    dbt_env,
    dbt_executable,
    manifest_path,
    run_dbt,
)
from python_tests.project_copy import copy_project
from quality import conventions as conv
from quality.gx.mart_suites import MART_SUITES

PUBLIC_MARTS = (
    "kpi_pipeline_value",
    "kpi_conversion_rate",
    "kpi_mrr",
    "kpi_upsell_cross_sell",
    "kpi_call_quality",
    "kpi_speed_to_lead",
    "kpi_sales_cycle",
    "kpi_stage_velocity",
    "kpi_competitor_pricing",
)


@pytest.fixture(scope="session")
def manifest() -> dict:
    """The manifest of `dbt parse` (no warehouse needed): the session's shared parse, the one
    every plain build starts from."""
    return json.loads(manifest_path().read_text())


def _docs_generate(seeds: Future) -> tuple[Path, DbtRun, DbtRun]:
    """On a copy of the seeds warehouse: `dbt docs generate` opens its warehouse for writing,
    and other tests read the seeds warehouse meanwhile (DuckDB has one writer)."""
    workdir, build = seeds.result()
    docs = workdir.parent / f"{workdir.name}_docs"
    docs.mkdir(exist_ok=True)
    if build.ok:
        shutil.copy2(workdir / "warehouse.duckdb", docs / "warehouse.duckdb")
    return docs, build, run_dbt(["docs", "generate"], docs)


def background_jobs(factory: pytest.TempPathFactory) -> None:
    """Start `dbt docs generate` as soon as the seeds build is done, and the broken-doc
    parse now (conftest calls this when the session starts)."""
    seeds = start_seeds_build(factory)
    seeds.add_done_callback(
        lambda done: background.start(
            "docs_generate", lambda: _docs_generate(done), background.AFTER_SEEDS
        )
    )
    _start_broken_doc_parse(factory)


@pytest.fixture(scope="session")
def docs_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`dbt docs generate` on the warehouse built from the seeds; returns its target folder."""
    seeds = start_seeds_build(tmp_path_factory)
    seeds.result()
    workdir, build, run = background.result("docs_generate", lambda: _docs_generate(seeds))
    assert build.ok, build.output[-3000:]
    assert run.ok, run.output[-3000:]
    return workdir / "target"


def _model(manifest: dict, name: str) -> dict:
    return next(n for n in conv.models(manifest).values() if n["name"] == name)


# --- the project is clean ------------------------------------------------------------------


def test_layer_prefixes_match_folders(manifest: dict) -> None:
    assert conv.check_layer_prefixes(manifest) == []


def test_marts_never_read_sources_and_staging_reads_only_its_base(
    manifest: dict,
) -> None:
    assert conv.check_dependencies(manifest) == []


def test_every_model_and_column_is_described(manifest: dict) -> None:
    assert conv.check_descriptions(manifest) == []


def test_every_model_states_its_grain(manifest: dict) -> None:
    assert conv.check_grain_in_descriptions(manifest) == []


def test_every_model_has_a_key_test(manifest: dict) -> None:
    assert conv.check_key_tests(manifest) == []


def test_every_mart_has_an_enforced_contract(manifest: dict) -> None:
    assert conv.check_mart_contracts(manifest) == []


def test_mart_descriptions_are_separate_paragraphs(manifest: dict) -> None:
    assert conv.check_mart_description_paragraphs(manifest) == []


def test_every_mart_has_an_owner_and_a_tier(manifest: dict) -> None:
    assert conv.check_mart_meta(manifest) == []


def test_paragraph_check_flags_a_run_on_description(manifest: dict) -> None:
    broken = copy.deepcopy(manifest)
    node = _model(broken, "kpi_mrr")
    node["description"] = node["description"].replace("\n\nGrain:", "\nGrain:")
    assert [v for v in conv.check_mart_description_paragraphs(broken) if v.startswith("kpi_mrr:")]


def test_meta_check_flags_a_mart_without_owner(manifest: dict) -> None:
    broken = copy.deepcopy(manifest)
    node = _model(broken, "kpi_mrr")
    node["meta"] = {}
    node["config"]["meta"] = {"tier": 1}
    assert conv.check_mart_meta(broken) == ["kpi_mrr: no owner in meta"]


def _event_tables() -> set[str]:
    spec = importlib.util.spec_from_file_location(
        "contract_spec", PROJECT_DIR / "scripts" / "contract_spec.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return set(module.FRESHNESS)


def test_event_tables_declare_freshness(manifest: dict) -> None:
    assert _event_tables(), "no event table declares freshness"
    assert conv.check_source_freshness(manifest, _event_tables()) == []


def test_freshness_check_flags_a_missing_threshold(manifest: dict) -> None:
    broken = copy.deepcopy(manifest)
    calls = next(n for n in broken["sources"].values() if n["name"] == "telephony__calls")
    calls["config"]["freshness"]["error_after"] = {"count": None, "period": None}
    calls.get("freshness", {}).pop("error_after", None)
    assert conv.check_source_freshness(broken, _event_tables()) == [
        "source telephony__calls: freshness needs warn_after and error_after"
    ]
    # A reference table declared as an event table is flagged too (and vice versa).
    assert set(conv.check_source_freshness(manifest, _event_tables() | {"crm__users"})) == {
        "source crm__users: event table without a loaded_at_field",
        "source crm__users: freshness needs warn_after and error_after",
    }
    assert conv.check_source_freshness(manifest, _event_tables() - {"crm__leads"}) == [
        "source crm__leads: freshness on a table that is not an event table"
    ]


def test_every_macro_and_argument_is_described(manifest: dict) -> None:
    assert conv.check_macro_docs(manifest) == []


def test_macro_check_flags_an_undescribed_macro_and_a_stale_argument(manifest: dict) -> None:
    broken = copy.deepcopy(manifest)
    macros = {m["name"]: m for m in broken["macros"].values() if m["package_name"] == "sales_kpi"}
    macros["safe_divide"]["description"] = ""
    macros["local_date"]["arguments"] = [{"name": "timestamp_column", "description": "x"}]
    assert conv.check_macro_docs(broken) == [
        v
        for v in conv.check_macro_docs(broken)
        if v.startswith(("macro safe_divide:", "macro local_date:"))
    ]
    assert sorted(v.split(":")[0] for v in conv.check_macro_docs(broken)) == [
        "macro local_date",
        "macro safe_divide",
    ]


def test_evaluator_rules_that_apply_hold_with_documented_exceptions(manifest: dict) -> None:
    assert conv.check_many_parents(manifest) == []
    assert conv.check_sources_read_alone(manifest) == []
    assert conv.check_roots_and_unused_sources(manifest) == []
    assert conv.check_no_hard_coded_relations(manifest) == []
    assert conv.check_rejoined_concepts(manifest) == []
    assert conv.check_yaml_beside_models(manifest) == []


def test_evaluator_checks_bite(manifest: dict) -> None:
    broken = copy.deepcopy(manifest)
    mrr = _model(broken, "kpi_mrr")
    others = [uid for uid in conv.models(broken) if uid != mrr["unique_id"]][: conv.MAX_PARENTS + 1]
    source = next(iter(broken["sources"]))
    mrr["depends_on"]["nodes"] = [*others, source]
    mrr["raw_code"] += "\nleft join marts.kpi_pipeline_value as p on true"
    assert [v.split(":")[0] for v in conv.check_many_parents(broken)] == ["kpi_mrr"]
    assert conv.check_sources_read_alone(broken) == ["kpi_mrr: reads a source and other models"]
    assert [v.split(":")[0] for v in conv.check_no_hard_coded_relations(broken)] == ["kpi_mrr"]
    _model(broken, "dim_reps")["depends_on"]["nodes"] = []
    for node in broken["nodes"].values():
        if "nodes" in node.get("depends_on", {}):
            node["depends_on"]["nodes"] = [p for p in node["depends_on"]["nodes"] if p != source]
    found = conv.check_roots_and_unused_sources(broken)
    assert "dim_reps: a root model (no ref or source)" in found
    assert f"source {broken['sources'][source]['name']}: not read by any model" in found


def test_rejoin_and_yaml_directory_checks_bite(manifest: dict) -> None:
    broken = copy.deepcopy(manifest)
    # dim_reps reads int_rep_months (whose only child is then dim_reps) and its parent too.
    _model(broken, "fct_rep_figures_monthly")["depends_on"]["nodes"].remove(
        "model.sales_kpi.int_rep_months"
    )
    _model(broken, "dim_reps")["depends_on"]["nodes"] += [
        "model.sales_kpi.int_rep_months",
        "model.sales_kpi.int_calendar_months",
    ]
    assert {v.split(":")[0] for v in conv.check_rejoined_concepts(broken)} == {"dim_reps"}
    deals = _model(broken, "base_crm__deals")
    deals["patch_path"] = "sales_kpi://models/staging/crm/_crm__models.yml"
    assert conv.check_yaml_beside_models(broken) == [
        "base_crm__deals: described in models/staging/crm/_crm__models.yml, "
        "not in models/staging/crm/base/"
    ]


def test_every_var_is_declared_and_validated() -> None:
    assert conv.check_vars(PROJECT_DIR) == []


def test_no_personal_data_reaches_a_mart(manifest: dict) -> None:
    assert conv.pii_columns(manifest) >= {"email", "full_name", "phone_number"}
    assert conv.check_no_pii_in_marts(manifest) == []


def test_unit_test_names_fit_a_postgres_relation_name(manifest: dict) -> None:
    assert conv.check_unit_test_names(manifest) == []


def test_a_long_unit_test_name_is_caught() -> None:
    long_name = "a" * 64
    broken = {
        "unit_tests": {
            "unit_test.x": {
                "name": long_name,
                "package_name": conv.PROJECT,
                "original_file_path": "models/x.yml",
            }
        }
    }
    assert conv.check_unit_test_names(broken) == [
        f"models/x.yml: unit test {long_name} is 64 characters long (at most 63)"
    ]


def test_models_and_tests_use_portable_sql(manifest: dict) -> None:
    assert conv.check_portable_sql(manifest) == []


def test_every_public_mart_has_a_gx_suite(manifest: dict) -> None:
    assert conv.check_gx_coverage(manifest, set(MART_SUITES)) == []


def test_the_public_marts_exist(manifest: dict) -> None:
    names = {n["name"] for n in conv.models(manifest).values()}
    assert set(PUBLIC_MARTS) <= names, sorted(set(PUBLIC_MARTS) - names)


# --- docs ----------------------------------------------------------------------------------


def test_docs_generate_writes_a_site_with_every_model(docs_site: Path) -> None:
    assert (docs_site / "index.html").stat().st_size > 0
    catalog = json.loads((docs_site / "catalog.json").read_text())
    manifest = json.loads((docs_site / "manifest.json").read_text())
    missing = [n["name"] for uid, n in conv.models(manifest).items() if uid not in catalog["nodes"]]
    assert not missing, f"models not in the docs catalog (not built?): {missing}"


def test_every_column_in_the_warehouse_is_documented(docs_site: Path) -> None:
    catalog = json.loads((docs_site / "catalog.json").read_text())
    manifest = json.loads((docs_site / "manifest.json").read_text())
    assert conv.check_descriptions(manifest, catalog) == []
    assert conv.check_no_pii_in_marts(manifest, catalog) == []


def test_the_overview_page_explains_kpis_layers_and_own_exports(manifest: dict) -> None:
    overview = manifest["docs"].get(f"doc.{conv.PROJECT}.__overview__")
    assert overview, "models/overview.md must define {% docs __overview__ %}"
    text = overview["block_contents"]
    for needle in (
        *PUBLIC_MARTS,
        "rep_scorecard",
        "staging",
        "intermediate",
        "marts",
        "raw_data_dir",
    ):
        assert needle in text, f"the overview page does not mention {needle}"


def test_readme_and_overview_name_every_public_mart(manifest: dict) -> None:
    documents = {
        "README.md": (PROJECT_DIR / "README.md").read_text(),
        "models/overview.md": (PROJECT_DIR / "models" / "overview.md").read_text(),
    }
    assert conv.check_marts_on_the_map(manifest, documents) == []
    documents["README.md"] = documents["README.md"].replace("kpi_mrr", "the MRR mart")
    assert conv.check_marts_on_the_map(manifest, documents) == [
        "README.md: kpi_mrr is not mentioned"
    ]


def _broken_doc_parse(tmp_path: Path) -> subprocess.CompletedProcess:
    project = copy_project(tmp_path / "project")
    yml = project / "models" / "marts" / "core" / "_core__models.yml"
    text = yml.read_text()
    assert "description:" in text
    yml.write_text(
        text.replace("description:", "description: \"{{ doc('no_such_doc_block') }}\" #", 1)
    )
    return subprocess.run(
        [dbt_executable(), "parse"],
        cwd=project,
        env=dbt_env(tmp_path, project),
        capture_output=True,
        text=True,
        check=False,
    )


def _start_broken_doc_parse(factory: pytest.TempPathFactory) -> Future:
    return background.start(
        "broken_doc_parse", lambda: _broken_doc_parse(factory.mktemp("broken_doc"))
    )


def test_a_broken_doc_reference_fails_the_docs_build(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    done = _start_broken_doc_parse(tmp_path_factory).result()
    assert done.returncode != 0
    assert "no_such_doc_block" in done.stdout + done.stderr


# --- each check bites ----------------------------------------------------------------------


def test_prefix_check_flags_a_misplaced_model(manifest: dict) -> None:
    broken = copy.deepcopy(manifest)
    node = _model(broken, "kpi_mrr")
    node["name"] = "mrr_summary"
    assert any("mrr_summary" in v for v in conv.check_layer_prefixes(broken))
    node = _model(broken, "dim_reps")
    node["original_file_path"] = "models/reporting/dim_reps.sql"
    assert any("not a layer" in v for v in conv.check_layer_prefixes(broken))


def test_dependency_check_flags_a_mart_reading_a_source(manifest: dict) -> None:
    broken = copy.deepcopy(manifest)
    _model(broken, "kpi_mrr")["depends_on"]["nodes"].append(
        "source.sales_kpi.billing.billing__invoices"
    )
    assert any(
        "kpi_mrr (a mart) selects from the source" in v for v in conv.check_dependencies(broken)
    )


def test_dependency_check_flags_staging_reading_another_staging_model(
    manifest: dict,
) -> None:
    broken = copy.deepcopy(manifest)
    _model(broken, "stg_crm__deals")["depends_on"]["nodes"].append("model.sales_kpi.stg_crm__users")
    assert any(
        v.startswith("stg_crm__deals (staging) selects from")
        for v in conv.check_dependencies(broken)
    )


def test_base_models_read_their_source_alone(manifest: dict) -> None:
    # A base_ model that checks a link against another source's staging model (the shape
    # issue 10 moved into models/links_checked/) is caught twice: it reads a source and a
    # model, and a staging model reads another source.
    broken = copy.deepcopy(manifest)
    _model(broken, "base_crm__deals")["depends_on"]["nodes"].append(
        "model.sales_kpi.stg_billing__fx_rates"
    )
    assert "base_crm__deals: reads a source and other models" in conv.check_sources_read_alone(
        broken
    )
    assert any(
        v.startswith("base_crm__deals (staging, crm) reads stg_billing__fx_rates of another source")
        for v in conv.check_dependencies(broken)
    )


def test_base_models_take_ranges_and_enumerations_from_the_contract(manifest: dict) -> None:
    assert conv.check_contract_rules_in_base_models(manifest) == []


def test_contract_rule_check_flags_a_hand_written_range_and_a_missing_call(
    manifest: dict,
) -> None:
    # base_crm__deals written the old way: amount's range by hand instead of range_rule
    # (the rule the GX raw suite would not have seen), and deal_type's enumeration left out.
    broken = copy.deepcopy(manifest)
    deals = _model(broken, "base_crm__deals")
    deals["raw_code"] = (
        deals["raw_code"]
        .replace("range_rule('crm', 'deals', 'amount'),", "('amount < 0', 'negative amount'),")
        .replace("enumeration_rule('crm', 'deals', 'deal_type'),", "")
    )
    assert conv.check_contract_rules_in_base_models(broken) == [
        "base_crm__deals: deal_type has values in the contract but the model does not call "
        "enumeration_rule for it",
        "base_crm__deals: amount has range in the contract but the model does not call "
        "range_rule for it",
        "base_crm__deals: hand-written range \"('amount < 0',\": give the column a range in "
        "scripts/contract_spec.py and call range_rule",
    ]


def test_dependency_check_flags_linked_reading_more_than_its_checked_model(
    manifest: dict,
) -> None:
    broken = copy.deepcopy(manifest)
    _model(broken, "linked_crm__deals")["depends_on"]["nodes"].append(
        "model.sales_kpi.stg_crm__users"
    )
    assert any(
        v.startswith("linked_crm__deals (links_checked) selects from")
        for v in conv.check_dependencies(broken)
    )


def test_every_link_check_feeds_the_ledger(manifest: dict) -> None:
    assert conv.check_ledger_reads_every_link_check(manifest) == []
    broken = copy.deepcopy(manifest)
    ledger = _model(broken, "dq_rejected_rows")
    ledger["depends_on"]["nodes"].remove("model.sales_kpi.checked_crm__deals")
    assert conv.check_ledger_reads_every_link_check(broken) == [
        "checked_crm__deals: not read by dq_rejected_rows (list its table in links_checked_tables())"
    ]


def test_dependency_check_flags_a_layer_reading_a_later_one(manifest: dict) -> None:
    broken = copy.deepcopy(manifest)
    _model(broken, "int_report_period")["depends_on"]["nodes"].append("model.sales_kpi.kpi_mrr")
    assert any("from the later layer marts" in v for v in conv.check_dependencies(broken))


def test_description_check_flags_missing_descriptions(manifest: dict) -> None:
    broken = copy.deepcopy(manifest)
    node = _model(broken, "dim_products")
    node["description"] = ""
    next(iter(node["columns"].values()))["description"] = " "
    violations = conv.check_descriptions(broken)
    assert "dim_products: no description" in violations
    assert any(v.startswith("dim_products.") for v in violations)
    catalog = {"nodes": {node["unique_id"]: {"columns": {"undocumented_column": {}}}}}
    assert (
        "dim_products.undocumented_column: column not documented in the model's YAML"
        in conv.check_descriptions(broken, catalog)
    )


def test_grain_check_flags_a_description_without_grain(manifest: dict) -> None:
    broken = copy.deepcopy(manifest)
    _model(broken, "kpi_mrr")["description"] = "Monthly recurring revenue."
    assert any(v.startswith("kpi_mrr:") for v in conv.check_grain_in_descriptions(broken))


def test_key_test_check_flags_a_model_without_one(manifest: dict) -> None:
    broken = copy.deepcopy(manifest)
    target = _model(broken, "dim_products")["unique_id"]
    broken["nodes"] = {
        uid: n for uid, n in broken["nodes"].items() if n.get("attached_node") != target
    }
    assert "dim_products: no key test (unique + not_null)" in conv.check_key_tests(broken)


def test_contract_check_flags_an_unenforced_or_untyped_mart(manifest: dict) -> None:
    broken = copy.deepcopy(manifest)
    node = _model(broken, "dim_products")
    node["config"]["contract"]["enforced"] = False
    node["columns"]["product_name"]["data_type"] = None
    node["columns"]["product_id"]["constraints"] = []
    node["columns"]["product_family"]["data_type"] = "double"
    violations = conv.check_mart_contracts(broken)
    assert "dim_products: contract not enforced" in violations
    assert "dim_products.product_name: no data_type" in violations
    assert any(
        v.startswith("dim_products.product_family: data_type 'double' is not portable")
        for v in violations
    )
    assert "dim_products.product_id: key column without a not_null constraint" in violations


def test_var_check_flags_undeclared_and_direct_vars() -> None:
    files = {
        "models/marts/x.sql": "select {{ var('reporting_currency') }}",
        "models/marts/y.sql": "select {{ setting('made_up_setting') }}",
    }
    violations = conv.check_vars(PROJECT_DIR, files)
    assert (
        "models/marts/x.sql: var('reporting_currency') read directly; use setting('reporting_currency')"
        in violations
    )
    assert "var 'made_up_setting' is used but not declared in dbt_project.yml vars" in violations
    assert (
        "var 'made_up_setting' is used but not validated in macros/settings/settings.sql"
        in violations
    )


def test_gx_coverage_check_flags_a_mart_without_a_suite(manifest: dict) -> None:
    suites = set(MART_SUITES) - {"kpi_mrr"}
    assert (
        "kpi_mrr: no Great Expectations suite in quality/mart_suites.py"
        in conv.check_gx_coverage(manifest, suites)
    )
    assert any(
        "kpi_ghost" in v for v in conv.check_gx_coverage(manifest, set(MART_SUITES) | {"kpi_ghost"})
    )


def test_no_mart_value_holds_an_e_mail_or_a_phone(seeds_build) -> None:
    import duckdb

    workdir, run = seeds_build
    assert run.ok, run.output[-3000:]
    connection = duckdb.connect(str(workdir / "warehouse.duckdb"), read_only=True)
    try:
        assert conv.check_no_contacts_in_mart_values(connection) == []
    finally:
        connection.close()


def test_value_check_flags_contacts_in_a_mart() -> None:
    import duckdb

    connection = duckdb.connect()
    try:
        connection.execute("create schema marts")
        connection.execute(
            "create table marts.dim_reps as select * from (values "
            "('rep1', 'smb'), ('anna@example.com', 'call +7 912 345 67 89'), ('rep3', null)"
            ") as t(rep_id, team)"
        )
        assert conv.check_no_contacts_in_mart_values(connection) == [
            "dim_reps.rep_id: 1 value(s) hold an e-mail address",
            "dim_reps.team: 1 value(s) hold a phone number",
        ]
    finally:
        connection.close()


def test_pii_check_flags_personal_data_in_a_mart(manifest: dict) -> None:
    broken = copy.deepcopy(manifest)
    node = _model(broken, "dim_reps")
    node["columns"]["email"] = {"name": "email", "description": "oops"}
    assert conv.check_no_pii_in_marts(broken) == ["dim_reps.email: personal data in a mart"]


def test_portability_check_flags_duckdb_only_syntax(manifest: dict) -> None:
    broken = copy.deepcopy(manifest)
    node = _model(broken, "dim_products")
    node["raw_code"] = (
        "-- qualify in a comment is fine\n"
        "select * exclude (tier_rank), try_cast(product_id as int) as n from products\n"
        "qualify row_number() over (partition by product_family order by product_id) = 1"
    )
    labels = [v.split(": ")[1].split(" is ")[0] for v in conv.check_portable_sql(broken)]
    assert labels == ["qualify", "* exclude", "try_cast"]
