"""Run suites with Great Expectations (pandas datasource on in-memory dataframes).

`run_suites(pairs)` validates each (suite, frame) pair and returns one SuiteResult per suite.
With `project_root` it uses a file-backed GX context under `<project_root>/gx/` and writes Data
Docs (HTML) there; without it, an ephemeral context (nothing written: what the tests use).
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

os.environ.setdefault("GX_ANALYTICS_ENABLED", "False")

import great_expectations as gx

from quality.gx.rules import Suite

logging.getLogger("great_expectations").setLevel(logging.ERROR)

DATASOURCE = "warehouse"


@dataclass
class Failure:
    rule: str
    expectation: str
    description: str
    observed: str


@dataclass
class SuiteResult:
    suite: str
    success: bool
    evaluated: int
    failures: list[Failure] = field(default_factory=list)

    @property
    def failed_rules(self) -> set[str]:
        return {f.rule for f in self.failures}

    def summary(self) -> str:
        if self.success:
            return f"{self.suite}: {self.evaluated} expectations passed"
        lines = [f"{self.suite}: {len(self.failures)} of {self.evaluated} expectations FAILED"]
        lines += [f"  - [{f.rule}] {f.description} (observed: {f.observed})" for f in self.failures]
        return "\n".join(lines)


def _observed(result: dict) -> str:
    if not result:
        return "error"
    if "observed_value" in result:
        return repr(result["observed_value"])
    parts = []
    if "unexpected_count" in result:
        parts.append(f"{result['unexpected_count']} unexpected")
    if result.get("partial_unexpected_list"):
        parts.append(f"e.g. {result['partial_unexpected_list'][:3]!r}")
    return ", ".join(parts) or "n/a"


def _context(project_root: Path | None):
    if project_root is None:
        return gx.get_context(mode="ephemeral")
    return gx.get_context(mode="file", project_root_dir=str(project_root))


def run_suites(
    pairs: Iterable[tuple[Suite, pd.DataFrame]],
    project_root: Path | None = None,
) -> list[SuiteResult]:
    """Validate every (suite, frame); with project_root, persist suites and write Data Docs."""
    context = _context(project_root)
    datasource = context.data_sources.add_or_update_pandas(DATASOURCE)
    # One dataframe asset per table validated: a frame is passed at run time, so suites of the
    # same table (the tests validate one rule at a time) share its asset and batch definition.
    batches: dict[str, object] = {}
    results: list[SuiteResult] = []
    for suite, frame in pairs:
        if suite.table not in batches:
            asset = datasource.add_dataframe_asset(suite.table)
            batches[suite.table] = asset.add_batch_definition_whole_dataframe("whole_table")
        gx_suite = gx.ExpectationSuite(
            name=suite.name,
            expectations=suite.expectations(),
            meta={"notes": suite.description} if suite.description else None,
        )
        if project_root is not None:
            existing = [s.name for s in context.suites.all()]
            if suite.name in existing:
                context.suites.delete(suite.name)
        gx_suite = context.suites.add(gx_suite)
        definition = gx.ValidationDefinition(
            name=suite.name, data=batches[suite.table], suite=gx_suite
        )
        if project_root is not None:
            definition = context.validation_definitions.add_or_update(definition)
            # No action on the checkpoint: the Data Docs are built once, below, not rebuilt
            # after every suite.
            checkpoint = context.checkpoints.add_or_update(
                gx.Checkpoint(name=suite.name, validation_definitions=[definition])
            )
            outcome = checkpoint.run(batch_parameters={"dataframe": suite.derive(frame)})
            validation = next(iter(outcome.run_results.values()))
        else:
            validation = definition.run(batch_parameters={"dataframe": suite.derive(frame)})
        results.append(_result(suite.name, validation))
    if project_root is not None:
        context.build_data_docs()
    return results


def _result(name: str, validation) -> SuiteResult:
    """A suite's outcome from GX's validation result: every failed expectation and its rule."""
    failures = [
        Failure(
            rule=(r.expectation_config.meta or {}).get("rule", "?"),
            expectation=r.expectation_config.type,
            description=r.expectation_config.description or "",
            observed=_observed(r.result) if r.result else repr(r.exception_info),
        )
        for r in validation.results
        if not r.success
    ]
    return SuiteResult(
        suite=name,
        success=bool(validation.success),
        evaluated=len(validation.results),
        failures=failures,
    )
