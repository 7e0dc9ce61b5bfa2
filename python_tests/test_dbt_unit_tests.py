"""The project's dbt unit tests (`unit_tests:` in the models' YAML), in one place.

A dbt unit test reads no data: it feeds hand-written rows to one model. But dbt takes the
column types of the rows it does not spell out from the model's inputs, so those must be
built. The unit tests run here, once per session, on the warehouse of a fixture build
(calls_golden: every model of the default settings built from a hand-made folder), in
`make test` and `make test-fast` alike. The seeds build leaves them out. The source adapters'
unit tests run on their own golden builds (test_adapters_*_golden.py): the adapters are
disabled under the default settings.
"""

from __future__ import annotations

import re

from python_tests.dbt_runner import FIXTURES_DIR, run_dbt

FIXTURE = "calls_golden"
DBT_BUILDS = [(FIXTURE, {})]  # started in the background when the session starts


def test_every_dbt_unit_test_passes(fixture_build) -> None:
    workdir, build = fixture_build(FIXTURE)
    assert build.ok, build.output[-3000:]
    run = run_dbt(
        ["test", "--select", "test_type:unit", "--no-write-json"],
        workdir,
        FIXTURES_DIR / FIXTURE,
    )
    assert run.ok, "dbt unit tests failed:\n" + run.output[-5000:]
    # Every unit test of the project ran and passed: as many ran as dbt found enabled, none
    # was skipped, and the count is of the real tests (the MRR mart's zero month is one).
    found = re.search(r"Found [^\n]*?(\d+) unit tests?\b", run.output)
    ran = re.search(r"Finished running [^\n]*?(\d+) unit tests? in", run.output)
    assert found and ran, run.output[-2000:]
    assert int(ran.group(1)) == int(found.group(1)) > 0, run.output[-2000:]
    assert "ERROR=0 SKIP=0" in run.output, run.output[-2000:]
    assert "PASS kpi_mrr::month_without_customers_is_a_zero_row_with_null_retention" in run.output
