"""Project conventions, checked over dbt's manifest.json (and catalog.json for columns).

Every check is a function that returns a list of human-readable violations (empty = clean),
so a test can both assert the project is clean and feed a broken manifest to prove the check
bites. python_tests/test_conventions.py runs them.
"""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

import yaml

PROJECT = "sales_kpi"

# Folder under models/ -> the name prefixes its models may use.
LAYER_PREFIXES: dict[str, tuple[str, ...]] = {
    # Source adapters: base_<system>__<table> reads a landed table, adp_<system>__<source>_<table>
    # maps it to a contract table (enabled only when a setting names the system).
    "adapters": ("adp_", "base_"),
    "staging": ("stg_", "base_"),
    # Checks that read other tables: checked_<source>__<table> (every row that passed staging,
    # with the first link it breaks) and linked_<source>__<table> (the used rows).
    "links_checked": ("checked_", "linked_"),
    "data_quality": ("dq_",),
    "intermediate": ("int_",),
    "marts": ("kpi_", "fct_", "dim_", "rep_"),
    # The semantic layer (MetricFlow): its YAML, and the time spine model MetricFlow needs.
    "semantic": ("time_spine_",),
}
# Layers may only read layers at their rank or below (data flows one way).
LAYER_RANK = {
    "adapters": -1,
    "staging": 0,
    "links_checked": 0.5,
    "data_quality": 1,
    "intermediate": 1,
    "marts": 2,
    "semantic": 3,
}
# Marts BI tools read by name: each has a Great Expectations suite.
SUITE_PREFIXES = ("kpi_", "rep_")
KEY_TESTS = ({"unique", "not_null"}, {"unique_combination", "not_null_combination"})
# Contract data types both DuckDB and Postgres know by these names (`double` is DuckDB-only:
# write `double precision`). scripts/check_postgres.sh builds the project on Postgres.
PORTABLE_DATA_TYPES = frozenset(
    {
        "bigint",
        "boolean",
        "date",
        "decimal",
        "double precision",
        "integer",
        "text",
        "timestamp",
        "varchar",
    }
)

VAR_CALL = re.compile(r"""\bvar\(\s*['"]([A-Za-z_][A-Za-z0-9_]*)['"]""")
SETTING_CALL = re.compile(r"""\bsetting\(\s*['"]([A-Za-z_][A-Za-z0-9_]*)['"]""")
VALIDATOR_ENTRY = re.compile(r"""['"]([a-z_][a-z0-9_]*)['"]\s*:\s*_validate_""")
SETTINGS_MACRO = "macros/settings/settings.sql"


def models(manifest: dict) -> dict[str, dict]:
    return {
        uid: node
        for uid, node in manifest["nodes"].items()
        if node["resource_type"] == "model" and node["package_name"] == PROJECT
    }


def layer_of(node: dict) -> str:
    parts = Path(node["original_file_path"]).parts
    return parts[1] if len(parts) > 2 and parts[0] == "models" else "?"


def check_layer_prefixes(manifest: dict) -> list[str]:
    """stg_/base_ in staging, int_ in intermediate, kpi_/fct_/dim_/rep_ in marts, dq_ in
    data_quality; base_ models only in a staging base/ folder; no model in another folder."""
    violations = []
    for node in models(manifest).values():
        layer, name = layer_of(node), node["name"]
        allowed = LAYER_PREFIXES.get(layer)
        if allowed is None:
            violations.append(
                f"{node['original_file_path']}: models/{layer}/ is not a layer ({', '.join(LAYER_PREFIXES)})"
            )
        elif not name.startswith(allowed):
            violations.append(
                f"{name} ({node['original_file_path']}): a model in {layer}/ is named {' / '.join(allowed)}..."
            )
        elif name.startswith("base_") and Path(node["original_file_path"]).parent.name != "base":
            violations.append(
                f"{name}: base_ models live in a staging/<source>/base/ (or adapters/<system>/base/) folder"
            )
    return violations


def check_dependencies(manifest: dict) -> list[str]:
    """Marts never select from sources; a stg_ model selects only from its own base_ model and
    a linked_ model only from its own checked_ model; a staging model reads only models of its
    own source (a check that needs another table lives in links_checked/); no layer reads a
    later one (staging < links_checked < intermediate, data_quality < marts)."""
    nodes = models(manifest)
    violations = []
    for node in nodes.values():
        layer, name = layer_of(node), node["name"]
        parents = node["depends_on"]["nodes"]
        if layer == "marts":
            violations += [
                f"{name} (a mart) selects from the source {p}"
                for p in parents
                if p.startswith("source.")
            ]
        if name.startswith("stg_"):
            own_base = "base_" + name.removeprefix("stg_")
            others = [p for p in parents if p.split(".")[-1] != own_base]
            violations += [
                f"{name} (staging) selects from {p}, not only its own {own_base}" for p in others
            ]
        if name.startswith("linked_"):
            own_checked = "checked_" + name.removeprefix("linked_")
            others = [p for p in parents if p.split(".")[-1] != own_checked]
            violations += [
                f"{name} (links_checked) selects from {p}, not only its own {own_checked}"
                for p in others
            ]
        if layer == "staging":
            own_source = _source_folder(node)
            violations += [
                f"{name} (staging, {own_source}) reads {nodes[p]['name']} of another source: "
                "checks across tables belong in models/links_checked/"
                for p in parents
                if p in nodes
                and layer_of(nodes[p]) == "staging"
                and _source_folder(nodes[p]) != own_source
            ]
        for parent in parents:
            if parent in nodes:
                parent_layer = layer_of(nodes[parent])
                if LAYER_RANK.get(parent_layer, 9) > LAYER_RANK.get(layer, 9):
                    violations.append(
                        f"{name} ({layer}) reads {nodes[parent]['name']} from the later layer {parent_layer}"
                    )
    return violations


def _source_folder(node: dict) -> str:
    """The source folder of a staging model (models/staging/<source>/...)."""
    parts = Path(node["original_file_path"]).parts
    return parts[2] if len(parts) > 3 else "?"


def check_ledger_reads_every_link_check(manifest: dict) -> list[str]:
    """Every checked_ model (rows rejected for their links) feeds both ledger models, so no
    rejection goes unrecorded: its table is listed in the links_checked_tables() macro."""
    nodes = models(manifest)
    by_name = {node["name"]: uid for uid, node in nodes.items()}
    violations = []
    for ledger in ("dq_rejected_rows", "dq_row_counts"):
        parents = set(nodes[by_name[ledger]]["depends_on"]["nodes"]) if ledger in by_name else set()
        violations += [
            f"{node['name']}: not read by {ledger} (list its table in links_checked_tables())"
            for uid, node in nodes.items()
            if node["name"].startswith("checked_") and uid not in parents
        ]
    return violations


def check_descriptions(manifest: dict, catalog: dict | None = None) -> list[str]:
    """Every model and every documented column has a description; with a catalog, every column
    the model actually has is documented."""
    violations = []
    for uid, node in models(manifest).items():
        name = node["name"]
        if not (node.get("description") or "").strip():
            violations.append(f"{name}: no description")
        for column, spec in node.get("columns", {}).items():
            if not (spec.get("description") or "").strip():
                violations.append(f"{name}.{column}: no description")
        if catalog is not None and uid in catalog.get("nodes", {}):
            documented = {c.lower() for c in node.get("columns", {})} | _contract_columns(
                manifest, node
            )
            for column in catalog["nodes"][uid]["columns"]:
                if column.lower() not in documented:
                    violations.append(f"{name}.{column}: column not documented in the model's YAML")
    return violations


def _contract_columns(manifest: dict, node: dict) -> set[str]:
    """A base_, stg_ or checked_ model carries its raw table's contract columns, described once
    in the sources YAML: those count as documented for it."""
    prefix = next((p for p in ("base_", "stg_", "checked_") if node["name"].startswith(p)), None)
    if prefix is None:
        return set()
    table = node["name"].removeprefix(prefix)
    return {
        column.lower()
        for source in manifest.get("sources", {}).values()
        if source["name"] == table and (source.get("description") or "").strip()
        for column, spec in source.get("columns", {}).items()
        if (spec.get("description") or "").strip()
    }


def check_grain_in_descriptions(manifest: dict) -> list[str]:
    """Every model description states its grain; marts follow the What/Grain/Filters/Tips template."""
    violations = []
    for node in models(manifest).values():
        text = node.get("description") or ""
        if "grain" not in text.lower():
            violations.append(f"{node['name']}: the description does not state the grain")
        if layer_of(node) == "marts":
            missing = [
                w
                for w in ("What it is", "Grain", "Filters", "Tips")
                if w.lower() not in text.lower()
            ]
            if missing:
                violations.append(f"{node['name']}: mart description lacks {', '.join(missing)}")
    return violations


def key_tests(manifest: dict) -> dict[str, list[tuple[str, tuple[str, ...]]]]:
    """model unique_id -> [(test name, key columns)] of its generic data tests."""
    attached: dict[str, list[tuple[str, tuple[str, ...]]]] = defaultdict(list)
    for node in manifest["nodes"].values():
        if node["resource_type"] != "test" or not node.get("attached_node"):
            continue
        meta = node.get("test_metadata") or {}
        kwargs = meta.get("kwargs") or {}
        columns = kwargs.get("combination") or (
            [node["column_name"]] if node.get("column_name") else []
        )
        attached[node["attached_node"]].append((meta.get("name", ""), tuple(columns)))
    return attached


def model_keys(manifest: dict) -> dict[str, tuple[str, ...] | None]:
    """model unique_id -> its key columns (a unique and a not_null test on the same column or
    combination), or None when it has no key test."""
    tests = key_tests(manifest)
    keys: dict[str, tuple[str, ...] | None] = {}
    for uid in models(manifest):
        found = None
        for unique_name, null_name in (
            ("unique", "not_null"),
            ("unique_combination", "not_null_combination"),
        ):
            uniques = {cols for name, cols in tests.get(uid, []) if name == unique_name}
            not_nulls = {cols for name, cols in tests.get(uid, []) if name == null_name}
            common = sorted(uniques & not_nulls)
            if common:
                found = common[0]
                break
        keys[uid] = found
    return keys


def check_key_tests(manifest: dict) -> list[str]:
    """Every model has a key test: unique + not_null on one column, or unique_combination +
    not_null_combination on the same columns."""
    nodes = models(manifest)
    return [
        f"{nodes[uid]['name']}: no key test (unique + not_null)"
        for uid, key in model_keys(manifest).items()
        if key is None
    ]


def check_mart_contracts(manifest: dict) -> list[str]:
    """Every mart: contract enforced, every column typed with a portable type name, key columns
    not null by constraint."""
    violations = []
    keys = model_keys(manifest)
    for uid, node in models(manifest).items():
        if layer_of(node) != "marts":
            continue
        name = node["name"]
        if not ((node.get("config") or {}).get("contract") or {}).get("enforced"):
            violations.append(f"{name}: contract not enforced")
        columns = node.get("columns", {})
        if not columns:
            violations.append(f"{name}: no columns declared")
        for column, spec in columns.items():
            data_type = spec.get("data_type")
            if not data_type:
                violations.append(f"{name}.{column}: no data_type")
            elif " ".join(data_type.lower().split()) not in PORTABLE_DATA_TYPES:
                violations.append(
                    f"{name}.{column}: data_type {data_type!r} is not portable "
                    f"(one of {', '.join(sorted(PORTABLE_DATA_TYPES))})"
                )
        for column in keys.get(uid) or ():
            constraints = {c.get("type") for c in columns.get(column, {}).get("constraints", [])}
            if "not_null" not in constraints:
                violations.append(f"{name}.{column}: key column without a not_null constraint")
    return violations


def declared_vars(project_dir: Path) -> dict:
    return yaml.safe_load((project_dir / "dbt_project.yml").read_text()).get("vars", {}) or {}


def validated_settings(project_dir: Path) -> set[str]:
    return set(VALIDATOR_ENTRY.findall((project_dir / SETTINGS_MACRO).read_text()))


def check_vars(project_dir: Path, files: dict[str, str] | None = None) -> list[str]:
    """Every var used is declared in dbt_project.yml and validated in the settings macro; models,
    tests and other macros read settings through setting(), never var() (only YAML, which cannot
    call a macro, may use var())."""
    if files is None:
        files = {
            str(path.relative_to(project_dir)): path.read_text()
            for folder in ("models", "macros", "tests", "analyses", "seeds")
            for path in sorted((project_dir / folder).rglob("*"))
            if path.suffix in {".sql", ".yml", ".yaml", ".md"} and path.is_file()
        }
    declared = set(declared_vars(project_dir))
    validated = validated_settings(project_dir)
    violations = []
    used: set[str] = set()
    for path, text in files.items():
        for name in VAR_CALL.findall(text):
            used.add(name)
            if path.endswith(".sql") and path != SETTINGS_MACRO:
                violations.append(f"{path}: var('{name}') read directly; use setting('{name}')")
        used.update(SETTING_CALL.findall(text))
    for name in sorted(used - declared):
        violations.append(f"var '{name}' is used but not declared in dbt_project.yml vars")
    for name in sorted(used - validated):
        violations.append(f"var '{name}' is used but not validated in {SETTINGS_MACRO}")
    for name in sorted(declared - validated):
        violations.append(f"var '{name}' is declared but not validated in {SETTINGS_MACRO}")
    return violations


def check_gx_coverage(manifest: dict, suite_marts: set[str]) -> list[str]:
    """Every kpi_/rep_ mart has a Great Expectations suite, and every suite names a mart."""
    marts = {n["name"] for n in models(manifest).values() if layer_of(n) == "marts"}
    public = {m for m in marts if m.startswith(SUITE_PREFIXES)}
    return [
        f"{m}: no Great Expectations suite in quality/mart_suites.py"
        for m in sorted(public - suite_marts)
    ] + [
        f"quality/mart_suites.py: suite for {m}, which is not a mart of the project"
        for m in sorted(suite_marts - marts)
    ]


def pii_columns(manifest: dict) -> set[str]:
    """Names of the raw contract's personal-data columns (meta.pii in the sources YAML)."""
    return {
        column.lower()
        for source in manifest.get("sources", {}).values()
        for column, spec in source.get("columns", {}).items()
        if (spec.get("meta") or {}).get("pii")
    }


def check_no_pii_in_marts(manifest: dict, catalog: dict | None = None) -> list[str]:
    """No personal-data column of the raw contract reaches a mart (by name, in the YAML and,
    with a catalog, in the built relation)."""
    pii = pii_columns(manifest)
    violations = []
    for uid, node in models(manifest).items():
        if layer_of(node) != "marts":
            continue
        columns = {c.lower() for c in node.get("columns", {})}
        if catalog is not None and uid in catalog.get("nodes", {}):
            columns |= {c.lower() for c in catalog["nodes"][uid]["columns"]}
        violations += [
            f"{node['name']}.{c}: personal data in a mart" for c in sorted(columns & pii)
        ]
    return violations


EMAIL_PATTERN = r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+[.][A-Za-z]{2,}"
PHONE_PATTERN = r"[+]?[0-9][0-9 ().-]{8,}[0-9]"


def check_no_contacts_in_mart_values(connection, schema: str = "marts") -> list[str]:
    """No text value of any table in `schema` holds an e-mail address or a phone number
    (personal data checked by value, not only by column name). `connection`: an open DuckDB
    connection to the built warehouse."""
    columns = connection.execute(
        "select table_name, column_name from information_schema.columns "
        "where table_schema = ? and data_type in ('VARCHAR', 'TEXT') order by 1, 2",
        [schema],
    ).fetchall()
    violations = []
    for table, column in columns:
        for kind, pattern in (
            ("an e-mail address", EMAIL_PATTERN),
            ("a phone number", PHONE_PATTERN),
        ):
            found = connection.execute(
                f'select count(*) from "{schema}"."{table}" where regexp_matches("{column}", ?)',
                [pattern],
            ).fetchone()[0]
            if found:
                violations.append(f"{table}.{column}: {found} value(s) hold {kind}")
    return violations


# DuckDB-only syntax that must stay out of models and singular tests (the same SQL runs on
# Postgres and Spark); engine-specific code belongs in an adapter.dispatch macro.
NON_PORTABLE_SQL: dict[str, re.Pattern[str]] = {
    "qualify": re.compile(r"\bqualify\b", re.IGNORECASE),
    "group by all": re.compile(r"\bgroup\s+by\s+all\b", re.IGNORECASE),
    "* exclude": re.compile(r"\*\s*exclude\b", re.IGNORECASE),
    "try_cast": re.compile(r"\btry_cast\s*\(", re.IGNORECASE),
    "quantile": re.compile(r"\bquantile(?:_cont|_disc)?\s*\(", re.IGNORECASE),
    "date_diff": re.compile(r"\bdate_diff\s*\(", re.IGNORECASE),
    ":: cast": re.compile(r"::\s*[a-z]", re.IGNORECASE),
    "list / struct functions": re.compile(
        r"\b(?:list_[a-z_]+|struct_pack|list_value)\s*\(", re.IGNORECASE
    ),
}
COMMENTS = re.compile(r"\{#.*?#\}|/\*.*?\*/|--[^\n]*", re.DOTALL)


def check_unit_test_names(manifest: dict) -> list[str]:
    """Unit test names of at most 63 characters: dbt names a temporary relation after the test,
    and Postgres cuts relation names at 63 (the build then fails there, not on DuckDB)."""
    return [
        f"{node['original_file_path']}: unit test {node['name']} is {len(node['name'])} characters long"
        f" (at most {MAX_RELATION_NAME})"
        for node in manifest.get("unit_tests", {}).values()
        if node.get("package_name") == PROJECT and len(node["name"]) > MAX_RELATION_NAME
    ]


MAX_RELATION_NAME = 63


def check_portable_sql(manifest: dict) -> list[str]:
    """No DuckDB-only syntax in the SQL of models and singular tests (comments ignored)."""
    violations = []
    for node in manifest["nodes"].values():
        if node["package_name"] != PROJECT or node["resource_type"] not in {
            "model",
            "test",
        }:
            continue
        if node.get("test_metadata"):
            continue  # generic tests are rendered from macros
        code = COMMENTS.sub(" ", node.get("raw_code") or "")
        violations += [
            f"{node['original_file_path']}: {label} is DuckDB-only; use a dbt or project macro"
            for label, pattern in NON_PORTABLE_SQL.items()
            if pattern.search(code)
        ]
    return violations


def check_marts_on_the_map(manifest: dict, documents: dict[str, str]) -> list[str]:
    """Every kpi_/rep_ mart is named in each map of the project (README, overview page)."""
    public = sorted(
        n["name"]
        for n in models(manifest).values()
        if layer_of(n) == "marts" and n["name"].startswith(SUITE_PREFIXES)
    )
    return [
        f"{name}: {mart} is not mentioned"
        for name, text in documents.items()
        for mart in public
        if not re.search(rf"\b{re.escape(mart)}\b", text)
    ]


MART_SECTIONS = ("What it is:", "Grain:", "Filters:", "Tips:")
MART_META = ("owner", "tier")


def check_mart_description_paragraphs(manifest: dict) -> list[str]:
    """A mart's description is the template as separate paragraphs (so the docs site shows
    What it is / Grain / Filters / Tips as sections): it opens with "What it is:" and each
    other section opens a paragraph of its own, in that order."""
    violations = []
    for node in models(manifest).values():
        if layer_of(node) != "marts":
            continue
        paragraphs = [p.strip() for p in (node.get("description") or "").split("\n\n")]
        openers = [s for p in paragraphs for s in MART_SECTIONS if p.startswith(s)]
        if openers != list(MART_SECTIONS):
            violations.append(
                f"{node['name']}: description paragraphs open with {openers}, "
                f"expected {list(MART_SECTIONS)} (a blank line before each section)"
            )
    return violations


def check_mart_meta(manifest: dict) -> list[str]:
    """Every mart names its owner and tier in meta (dbt_project.yml sets them for models/marts;
    dbt-score and the docs site read them)."""
    violations = []
    for node in models(manifest).values():
        if layer_of(node) != "marts":
            continue
        meta = {**((node.get("config") or {}).get("meta") or {}), **(node.get("meta") or {})}
        missing = [key for key in MART_META if not meta.get(key)]
        if missing:
            violations.append(f"{node['name']}: no {', '.join(missing)} in meta")
    return violations


def check_source_freshness(manifest: dict, event_tables: set[str]) -> list[str]:
    """Freshness is declared where it means something: every event table (a live export adds
    rows to it every working day) has a loaded_at_field and both warn_after and error_after;
    the other raw tables (reference lists, settings) have none."""
    violations = []
    for node in manifest.get("sources", {}).values():
        if node.get("package_name") != PROJECT:
            continue
        name = node["name"]
        config = node.get("config") or {}
        loaded_at = config.get("loaded_at_field") or node.get("loaded_at_field")
        freshness = config.get("freshness") or node.get("freshness") or {}
        thresholds = [
            key for key in ("warn_after", "error_after") if (freshness.get(key) or {}).get("count")
        ]
        if name in event_tables:
            if not loaded_at:
                violations.append(f"source {name}: event table without a loaded_at_field")
            if thresholds != ["warn_after", "error_after"]:
                violations.append(f"source {name}: freshness needs warn_after and error_after")
        elif loaded_at or thresholds:
            violations.append(f"source {name}: freshness on a table that is not an event table")
    return violations


MACRO_SIGNATURE = re.compile(r"\{%-?\s*macro\s+[A-Za-z0-9_]+\((.*?)\)\s*-?%\}", re.S)


def check_macro_docs(manifest: dict) -> list[str]:
    """Every macro under macros/ is described in a macros/**/_*__macros.yml, with each of
    its arguments (names as in its signature, in order) described too."""
    violations = []
    for node in manifest.get("macros", {}).values():
        if node.get("package_name") != PROJECT:
            continue
        if not node.get("original_file_path", "").startswith("macros/"):
            continue
        name = node["name"]
        if not (node.get("description") or "").strip():
            violations.append(
                f"macro {name}: no description (add it to the folder's _*__macros.yml)"
            )
            continue
        match = MACRO_SIGNATURE.search(node.get("macro_sql") or "")
        signature = [
            a.split("=")[0].strip()
            for a in (match.group(1) if match else "").split(",")
            if a.strip()
        ]
        documented = [a.get("name") for a in node.get("arguments") or []]
        if documented != signature:
            violations.append(
                f"macro {name}: arguments documented {documented}, signature {signature}"
            )
        undescribed = [
            a.get("name")
            for a in node.get("arguments") or []
            if not (a.get("description") or "").strip()
        ]
        if undescribed:
            violations.append(f"macro {name}: arguments without a description: {undescribed}")
    return violations


# --- dbt-project-evaluator's rules that apply here, with the documented exceptions ---------

# A model with more direct parents than this is hard to review (the evaluator's "too many
# joins", counted as it counts them: direct parents).
MAX_PARENTS = 7
# Each exception and why (DECISIONLOG, "Clarity and fast feedback").
MANY_PARENTS_EXCEPTIONS = {
    "dq_rejected_rows": "the ledger unions every raw table's rejected rows, one parent each",
    "dq_row_counts": "the ledger counts every raw table, one parent each",
    "int_report_period": "the report period spans the latest event of every event table",
    "dq_schema_findings": "the schema ledger unions every raw table's findings, one parent each",
    "fct_rep_figures_monthly": "one row per rep and month with a figure from every KPI mart",
}
# Models that read a source and refs, each with its reason. (base_ models read only their
# source: the checks against other tables live in models/links_checked/.)
SOURCE_AND_REF_EXCEPTIONS = {
    "dq_schema_findings": "reads each raw table's header (its source) to list missing and extra "
    "columns, after the base_ models that read its rows",
}
# A model that reads a parent both directly and through a model whose only child it is (the
# evaluator's "rejoining of upstream concepts"): (parent, model) -> why both reads are needed.
REJOIN_EXCEPTIONS = {
    ("int_calendar_months", "fct_rep_figures_monthly"): "the calendar gives the trailing "
    "three-month windows, the month-end snapshot dates and the report's months; int_rep_months "
    "and kpi_upsell_cross_sell (which also read it) give who was employed and the upsell figures, "
    "and a month in which only a manager or a rep who left has figures is in neither",
    ("int_deal_stage_spans", "fct_open_deals"): "each open deal's current stay comes from its "
    "spans; the usual length of a stage is summarised over every deal in "
    "int_stage_stays_summarised (an idea of its own, unit-tested there)",
}
HARD_CODED_RELATION = re.compile(
    r"\b(?:from|join)\s+\"?(?:raw|staging|data_quality|intermediate|marts)\"?\s*\.\s*\"?\w+",
    re.IGNORECASE,
)


def check_many_parents(manifest: dict) -> list[str]:
    """No model has more than MAX_PARENTS direct parents, except the documented ones."""
    violations = []
    for node in models(manifest).values():
        parents = set(node["depends_on"]["nodes"])
        if len(parents) > MAX_PARENTS and node["name"] not in MANY_PARENTS_EXCEPTIONS:
            violations.append(
                f"{node['name']}: {len(parents)} direct parents (more than {MAX_PARENTS}): "
                "split it, or document the exception in MANY_PARENTS_EXCEPTIONS"
            )
    return violations


def check_sources_read_alone(manifest: dict) -> list[str]:
    """A model that reads a source reads nothing else from the project (the evaluator's
    "direct join to source"), except the documented SOURCE_AND_REF_EXCEPTIONS."""
    violations = []
    for node in models(manifest).values():
        parents = node["depends_on"]["nodes"]
        reads_source = any(p.startswith("source.") for p in parents)
        reads_model = any(p.startswith("model.") for p in parents)
        if reads_source and reads_model and node["name"] not in SOURCE_AND_REF_EXCEPTIONS:
            violations.append(f"{node['name']}: reads a source and other models")
    return violations


def check_roots_and_unused_sources(manifest: dict) -> list[str]:
    """Every model has a parent (no root model that hides its inputs), and every source is
    read by some model (no unused source)."""
    violations = [
        f"{node['name']}: a root model (no ref or source)"
        for node in models(manifest).values()
        if not node["depends_on"]["nodes"]
    ]
    read = {p for n in manifest["nodes"].values() for p in n.get("depends_on", {}).get("nodes", [])}
    violations += [
        f"source {node['name']}: not read by any model"
        for uid, node in manifest.get("sources", {}).items()
        if node.get("package_name") == PROJECT and uid not in read
    ]
    return violations


def check_no_hard_coded_relations(manifest: dict) -> list[str]:
    """Models read relations through ref() and source(), never by schema-qualified name."""
    return [
        f"{node['name']}: hard-coded relation {match.group(0)!r}"
        for node in models(manifest).values()
        for match in [HARD_CODED_RELATION.search(node.get("raw_code") or "")]
        if match
    ]


def check_rejoined_concepts(manifest: dict) -> list[str]:
    """No model reads a parent both directly and through a model that exists only for it (the
    evaluator's "rejoining of upstream concepts"), except the documented REJOIN_EXCEPTIONS."""
    nodes = models(manifest)
    parents = {uid: set(node["depends_on"]["nodes"]) for uid, node in nodes.items()}
    children: dict[str, set[str]] = defaultdict(set)
    for uid, found in parents.items():
        for parent in found:
            children[parent].add(uid)
    violations = []
    for uid, found in parents.items():
        for middle in sorted(found & nodes.keys()):
            if children[middle] != {uid}:
                continue
            for upstream in sorted(parents[middle] & found):
                pair = (upstream.split(".")[-1], nodes[uid]["name"])
                if pair not in REJOIN_EXCEPTIONS:
                    violations.append(
                        f"{pair[1]}: reads {pair[0]} directly and through "
                        f"{nodes[middle]['name']} (its only child): read it once, or document "
                        "the exception in REJOIN_EXCEPTIONS"
                    )
    return violations


def check_yaml_beside_models(manifest: dict) -> list[str]:
    """A model is described, and its generic tests declared, in a YAML file of its own folder
    (the evaluator's "model and test directories"): a base_ model in staging/<source>/base/."""
    nodes = models(manifest)
    violations = []
    for node in nodes.values():
        folder = Path(node["original_file_path"]).parent
        patch = (node.get("patch_path") or "").split("://")[-1]
        if patch and Path(patch).parent != folder:
            violations.append(f"{node['name']}: described in {patch}, not in {folder}/")
    for test in manifest["nodes"].values():
        attached = test.get("attached_node")
        if test["resource_type"] != "test" or attached not in nodes:
            continue
        path = Path(test["original_file_path"])
        folder = Path(nodes[attached]["original_file_path"]).parent
        if path.suffix in {".yml", ".yaml"} and path.parent != folder:
            violations.append(
                f"{test['name']}: declared in {path}, not beside its model in {folder}/"
            )
    return violations


# A row rule written by hand in a base_ model that compares a column with a number: a range,
# which belongs in the contract (scripts/contract_spec.py) so staging and the GX raw suites
# read the same bounds.
HAND_WRITTEN_RANGE = re.compile(r"""\(\s*'[^']*\b\w+\s*(?:<=|>=|<|>)\s*-?\d[^']*'\s*,""")


def check_contract_rules_in_base_models(manifest: dict) -> list[str]:
    """One home for each raw rule: every enumerated column (meta `values`) and every column
    with a range (meta `range`) of a source table is checked by its staging base_ model
    through enumeration_rule / range_rule, which read the contract; no base_ model writes a
    range of its own."""
    nodes = models(manifest)
    base_models = {
        n["name"]: n
        for n in nodes.values()
        if n["name"].startswith("base_") and layer_of(n) == "staging"
    }
    violations = []
    for source in manifest.get("sources", {}).values():
        if source.get("package_name") != PROJECT:
            continue
        source_name, table = source["name"].split("__", 1)
        model = base_models.get("base_" + source["name"])
        code = re.sub(r"\s+", "", model["raw_code"]) if model else ""
        for column in source.get("columns", {}).values():
            meta = column.get("meta") or {}
            for key, macro in (("values", "enumeration_rule"), ("range", "range_rule")):
                call = f"{macro}('{source_name}','{table}','{column['name']}')"
                if meta.get(key) and call not in code:
                    violations.append(
                        f"base_{source['name']}: {column['name']} has {key} in the contract "
                        f"but the model does not call {macro} for it"
                    )
    for name, model in sorted(base_models.items()):
        for match in HAND_WRITTEN_RANGE.finditer(model["raw_code"]):
            violations.append(
                f"{name}: hand-written range {match.group(0)!r}: give the column a range in "
                "scripts/contract_spec.py and call range_rule"
            )
    return violations
