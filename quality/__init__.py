"""Quality checks in Python: quality.gx (Great Expectations suites on the warehouse) and
quality.conventions (the project's convention checks over dbt's manifest)."""
