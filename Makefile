# Two commands: `make build` (dbt build on the bundled seeds) and `make test` (the test suite).
# Each creates .venv with the pinned dependencies when it is missing.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
export DBT_PROFILES_DIR := $(CURDIR)
export DBT_DUCKDB_PATH ?= $(CURDIR)/warehouse/sales_kpi.duckdb
export DBT_SEND_ANONYMOUS_USAGE_STATS := false

.PHONY: help build test test-fast seeds docs clean validate lint portability

# `make` alone lists the targets (each documented by its `## ` comment).
.DEFAULT_GOAL := help

$(BIN)/.installed: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

help: ## List the make targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/^([a-z-]+):.*## /\1\t/' | awk -F'\t' '{printf "  make %-12s %s\n", $$1, $$2}'

build: $(BIN)/.installed ## dbt build on the bundled seeds into warehouse/sales_kpi.duckdb
	@mkdir -p "$(dir $(DBT_DUCKDB_PATH))"
	@$(BIN)/python scripts/warehouse_lock.py "$(DBT_DUCKDB_PATH)"
	@$(BIN)/python -m reporting.build_summary $(DBT_ARGS)
	@echo "Warehouse built: $(DBT_DUCKDB_PATH) (marts in schema 'marts')"

# The head of sales' dashboard (dashboard/app.py) on 127.0.0.1; reads the warehouse read-only.
.PHONY: dashboard report
DASHBOARD_PORT ?= 8501
export DASHBOARD_PORT
dashboard: $(BIN)/.installed ## The head of sales' dashboard on 127.0.0.1:$(DASHBOARD_PORT)
	$(BIN)/streamlit run dashboard/app.py --server.address 127.0.0.1 --server.port $(DASHBOARD_PORT) \
		--server.headless true --browser.gatherUsageStats false --client.toolbarMode viewer

# HTML and PDF reports (department, each team, each rep; latest complete week and month) into
# reports/<as_of_date>/. REPORT_LANGUAGE=ru for Russian labels.
report: $(BIN)/.installed ## HTML and PDF reports into reports/<as_of_date>/
	$(BIN)/python -m reporting --out reports

# The whole suite; prints its wall time. Independent dbt commands run DBT_TEST_JOBS at a time
# (default 2, one per core); see CONTRIBUTING.md "Tests".
test: $(BIN)/.installed ## The whole test suite (python_tests/), with its wall time
	@start=$$(date +%s); status=0; $(BIN)/python -m pytest || status=$$?; \
		echo "make test: $$(( $$(date +%s) - start )) s wall"; exit $$status

# The edit loop: golden tests (hand-worked marts and ledger on the small fixture folders), the
# dbt unit tests and the Python unit tests (generator, contract files); about a minute on 2
# cores (60-68 s measured with the dbt unit tests, 50-58 s without them).
# Tests that read the seeds build (marker seeds_build) are left out: that build and its
# parse are a third of the tier's CPU. --models-only builds the fixture folders with `dbt run`
# (no data tests: make test runs them) and leaves out the tests marked data_tests.
FAST_TESTS := python_tests/test_calls_golden.py python_tests/test_dbt_unit_tests.py \
	python_tests/test_funnel_golden.py python_tests/test_revenue_golden.py \
	python_tests/test_data_quality.py python_tests/test_contract_files.py \
	python_tests/test_generator.py
test-fast: $(BIN)/.installed ## Golden and unit tests only (about a minute), no seeds build, for the edit loop
	@start=$$(date +%s); status=0; $(BIN)/python -m pytest -m "not seeds_build" --models-only $(FAST_TESTS) || status=$$?; \
		echo "make test-fast: $$(( $$(date +%s) - start )) s wall"; exit $$status

# Regenerate the bundled seeds with the deterministic generator.
seeds: $(BIN)/.installed ## Regenerate the bundled seeds (deterministic generator)
	$(BIN)/python -m generator --out seeds

docs: $(BIN)/.installed ## dbt docs generate (target/index.html)
	@mkdir -p "$(dir $(DBT_DUCKDB_PATH))"
	$(BIN)/dbt docs generate
	@echo "Docs: target/index.html (serve with: $(BIN)/dbt docs serve)"

# Great Expectations on the warehouse `make build` wrote (raw inputs and every KPI mart);
# writes Data Docs to gx/uncommitted/data_docs/local_site/index.html, fails when a suite fails.
# The raw suites read what staging landed in the warehouse, whatever the build read (the seeds or
# a folder of exports), so the same command validates a build on your own exports.
validate: $(BIN)/.installed ## Great Expectations suites on the built warehouse
	$(BIN)/python -m quality.gx.validate --warehouse "$(DBT_DUCKDB_PATH)"

# Python lint and format check (ruff; settings in ruff.toml), then SQL lint (sqlfluff, dbt templater, .sqlfluff). The templater compiles the project: it gets a
# scratch warehouse and target folder, never the real ones. `make test` runs the same lint.
LINT_SCRATCH := $(CURDIR)/target/lint
lint: $(BIN)/.installed ## SQL lint (sqlfluff) and Python lint + format check (ruff)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	@mkdir -p "$(LINT_SCRATCH)"
	DBT_DUCKDB_PATH="$(LINT_SCRATCH)/lint.duckdb" DBT_TARGET_PATH="$(LINT_SCRATCH)/target" \
		$(BIN)/sqlfluff lint models tests $(wildcard analyses) --processes 2

# Portability: builds the project on a throw-away local PostgreSQL cluster (127.0.0.1, free port,
# torn down after) and on DuckDB from the same seeds, and compares the marts. Needs the
# PostgreSQL server binaries (initdb, pg_ctl); installs requirements-postgres.txt into .venv.
# Not part of `make test` (see README: Portability).
portability: $(BIN)/.installed ## Build on a throw-away PostgreSQL and compare the marts
	scripts/check_postgres.sh

# Spark: builds the whole project with dbt-spark in `session` mode on a local pyspark (Parquet
# tables in target/spark_check/, removed when it passes) and on DuckDB from the same seeds, and
# compares every mart. Installs requirements-spark.txt into .venv, and Java with apt-get when
# missing (as root). About 5 minutes; run by .ci/run after `make portability`. README: Engines.
.PHONY: spark
spark: $(BIN)/.installed ## Build on a local Spark (session mode) and compare the marts
	scripts/check_spark.sh

clean: ## Remove target/, logs/, warehouse/ and GX output
	rm -rf target logs warehouse gx/uncommitted

# Benchmark (benchmarks/README.md): streaming-generated Parquet per scale (cached in
# benchmarks/.cache/), then full build, dbt run, the floor (compiled SQL in one DuckDB process)
# and an incremental run after one appended day; min of REPEATS interleaved runs.
# make bench SCALES="1 30" REPEATS=1
SCALES ?= 1 30 300 1000
REPEATS ?= 3
.PHONY: bench
bench: $(BIN)/.installed ## Benchmark generator and builds per scale (SCALES="1 30", REPEATS=3)
	$(BIN)/python benchmarks/bench.py --scales $(SCALES) --repeats $(REPEATS)
