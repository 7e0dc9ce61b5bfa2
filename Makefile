# Two commands: `make build` (dbt build on the bundled seeds) and `make test` (the test suite).
# Each creates .venv with the pinned dependencies when it is missing.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
export DBT_PROFILES_DIR := $(CURDIR)
export DBT_DUCKDB_PATH ?= $(CURDIR)/warehouse/sales_kpi.duckdb
export DBT_SEND_ANONYMOUS_USAGE_STATS := false

.PHONY: build test seeds docs clean

$(BIN)/.installed: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

build: $(BIN)/.installed
	@mkdir -p "$(dir $(DBT_DUCKDB_PATH))"
	$(BIN)/dbt build
	@echo "Warehouse built: $(DBT_DUCKDB_PATH) (marts in schema 'marts')"

test: $(BIN)/.installed
	$(BIN)/python -m pytest

# Regenerate the bundled seeds with the deterministic generator.
seeds: $(BIN)/.installed
	$(BIN)/python -m generator --out seeds

docs: $(BIN)/.installed
	@mkdir -p "$(dir $(DBT_DUCKDB_PATH))"
	$(BIN)/dbt docs generate
	@echo "Docs: target/index.html (serve with: $(BIN)/dbt docs serve)"

clean:
	rm -rf target logs warehouse
