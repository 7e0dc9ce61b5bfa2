"""Run every suite on a built warehouse: `python -m quality.gx.validate` (what `make validate` does).

    python -m quality.gx.validate [--warehouse PATH] [--no-docs]

Reads the warehouse read-only, validates the raw inputs and every KPI mart with Great
Expectations, writes the Data Docs site to gx/uncommitted/data_docs/local_site/index.html and
exits non-zero when any suite fails (or a mart that has a suite is missing).
"""

from __future__ import annotations

import argparse
import html
import os
import shutil
import sys
from pathlib import Path

import pandas as pd

from quality.gx.frames import MARTS_SCHEMA, WarehouseReader
from quality.gx.mart_suites import mart_suites
from quality.gx.raw_suites import PROJECT_DIR, load_contract, raw_frame, raw_suites
from quality.gx.rules import Suite
from quality.gx.runner import Failure, SuiteResult, run_suites

DEFAULT_WAREHOUSE = PROJECT_DIR / "warehouse" / "sales_kpi.duckdb"
GX_GENERATED = ("expectations", "validation_definitions", "checkpoints", "uncommitted")


def all_suites() -> list[Suite]:
    return raw_suites() + mart_suites()


def collect(
    reader: WarehouseReader, suites: list[Suite] | None = None
) -> tuple[list[tuple[Suite, pd.DataFrame]], list[SuiteResult]]:
    """(suite, frame) pairs to validate, and a failed result for each mart that is missing."""
    contract = load_contract()
    marts = reader.relations(MARTS_SCHEMA)
    pairs: list[tuple[Suite, pd.DataFrame]] = []
    missing: list[SuiteResult] = []
    for suite in suites if suites is not None else all_suites():
        if "raw" in suite.tags:
            pairs.append((suite, raw_frame(suite, reader, contract)))
        elif suite.table in marts:
            frame = reader.table(MARTS_SCHEMA, suite.table)
            assert frame is not None
            pairs.append((suite, frame))
        else:
            missing.append(
                SuiteResult(
                    suite=suite.name,
                    success=False,
                    evaluated=0,
                    failures=[
                        Failure(
                            "mart_exists",
                            "-",
                            f"marts.{suite.table} is not in the warehouse",
                            "missing",
                        )
                    ],
                )
            )
    return pairs, missing


def validate(
    warehouse: Path,
    project_root: Path | None = None,
    suites: list[Suite] | None = None,
) -> list[SuiteResult]:
    reader = WarehouseReader(warehouse)
    pairs, missing = collect(reader, suites)
    return run_suites(pairs, project_root=project_root) + missing


def _reset_gx_store(project_root: Path) -> None:
    """Suites are generated from quality/*.py on every run: clear what the last run wrote."""
    for name in GX_GENERATED:
        shutil.rmtree(project_root / "gx" / name, ignore_errors=True)
    config = project_root / "gx" / "great_expectations.yml"
    if config.exists():
        config.unlink()


def write_summary(results: list[SuiteResult], project_root: Path) -> Path:
    """A static page (no JavaScript, no CDN: readable offline) listing every suite, its status,
    its failures and a link to its GX validation page."""
    site = project_root / "gx" / "uncommitted" / "data_docs" / "local_site"
    rows = []
    for result in results:
        pages = sorted((site / "validations" / result.suite).rglob("*.html"))
        link = (
            f'<a href="{html.escape(str(pages[-1].relative_to(site)))}">{html.escape(result.suite)}</a>'
            if pages
            else html.escape(result.suite)
        )
        status = "passed" if result.success else "FAILED"
        failures = "".join(
            f"<li>[{html.escape(f.rule)}] {html.escape(f.description)} <i>observed: {html.escape(f.observed)}</i></li>"
            for f in result.failures
        )
        rows.append(
            f'<tr class="{status.lower()}"><td>{link}</td><td>{status}</td><td>{result.evaluated}</td>'
            f"<td><ul>{failures}</ul></td></tr>"
        )
    passed = sum(r.success for r in results)
    page = f"""<!doctype html>
<html><head><meta charset="utf-8"><title>Sales KPI: data validation</title>
<style>
body {{ font-family: sans-serif; margin: 2em; }} table {{ border-collapse: collapse; }}
td, th {{ border: 1px solid #ccc; padding: 4px 8px; vertical-align: top; text-align: left; }}
tr.passed td:nth-child(2) {{ color: #1a7f37; }} tr.failed td:nth-child(2) {{ color: #cf222e; font-weight: bold; }}
ul {{ margin: 0; padding-left: 1.2em; }}
</style></head><body>
<h1>Data validation: {passed} of {len(results)} suites passed</h1>
<p>Great Expectations suites on the raw inputs (<code>raw__*</code>) and on every KPI mart. Each suite
links to its full GX validation result; the <a href="index.html">GX Data Docs home</a> needs
internet access for its styles. Suites are defined in <code>quality/gx/raw_suites.py</code> and
<code>quality/gx/mart_suites.py</code>.</p>
<table><tr><th>suite</th><th>status</th><th>expectations</th><th>failures</th></tr>
{chr(10).join(rows)}
</table></body></html>
"""
    path = site / "summary.html"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(page)
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--warehouse",
        type=Path,
        default=Path(os.environ.get("DBT_DUCKDB_PATH", DEFAULT_WAREHOUSE)),
        help="the DuckDB file `make build` wrote (default: $DBT_DUCKDB_PATH or warehouse/sales_kpi.duckdb)",
    )
    parser.add_argument(
        "--raw-data-dir",
        type=Path,
        default=None,
        help="ignored (kept for old scripts): the raw suites read what staging landed in the "
        "warehouse, whether the build read the seeds or a folder of exports",
    )
    parser.add_argument("--no-docs", action="store_true", help="validate only; write no Data Docs")
    parser.add_argument(
        "--gx-root",
        type=Path,
        default=PROJECT_DIR,
        help="where the GX project folder gx/ is written (default: the repository root)",
    )
    args = parser.parse_args(argv)
    if not args.warehouse.exists():
        print(
            f"No warehouse at {args.warehouse}: run `make build` first.",
            file=sys.stderr,
        )
        return 2
    project_root = None if args.no_docs else args.gx_root
    if project_root is not None:
        _reset_gx_store(project_root)
    results = validate(args.warehouse, project_root)
    for result in results:
        print(result.summary())
    failed = [r for r in results if not r.success]
    print(f"\n{len(results) - len(failed)} of {len(results)} suites passed.")
    if project_root is not None:
        index = project_root / "gx" / "uncommitted" / "data_docs" / "local_site" / "index.html"
        print(f"Data Docs: {index}")
        print(f"Summary (no JavaScript needed): {write_summary(results, project_root)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
