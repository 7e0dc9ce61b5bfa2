"""The Spark build of `make spark`: `dbt build` in this process, then its views as Parquet.

    DBT_TARGET=spark SPARK_WAREHOUSE_DIR=... python scripts/spark_build.py [dbt build args]

dbt-spark's `session` mode runs Spark inside the dbt process, with an in-memory catalog that
lives as long as that process. A table is Parquet files under the warehouse folder, which
scripts/compare_engines.py reads after the build; a view (fct_call_reports, say) is only a
name in the catalog and is gone when dbt exits. So dbt runs here, in-process (dbtRunner), and
once the build has passed, every view of the compared schemas is written by the same Spark
session as Parquet at the place a table of that name would have
(`<warehouse>/<schema>.db/<view>/`): the rows compared are the ones Spark computed. Spark is
stopped before exiting (its Java process with it). Exits with dbt's status.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

COMPARED_SCHEMAS = ("marts", "data_quality")


def _running_session():
    """The session dbt-spark started in this process (None when Spark never started)."""
    from pyspark import SparkContext
    from pyspark.sql import SparkSession

    if SparkContext._active_spark_context is None:  # noqa: SLF001 - no public test for it
        return None
    return SparkSession.builder.getOrCreate()  # the existing session, not a new one


def write_views(warehouse: Path) -> list[str]:
    """Write every view of the compared schemas as Parquet; returns their names."""
    spark = _running_session()
    if spark is None:
        return []
    written = []
    for schema in COMPARED_SCHEMAS:
        if not spark.catalog.databaseExists(schema):
            continue
        for table in spark.catalog.listTables(schema):
            if table.tableType != "VIEW":
                continue
            target = warehouse / f"{schema}.db" / table.name
            spark.table(f"{schema}.{table.name}").write.mode("overwrite").parquet(str(target))
            written.append(f"{schema}.{table.name}")
    return written


def stop_spark() -> None:
    spark = _running_session()
    if spark is not None:
        spark.stop()


def main(dbt_args: list[str]) -> int:
    from dbt.cli.main import dbtRunner

    warehouse = Path(os.environ["SPARK_WAREHOUSE_DIR"])
    try:
        result = dbtRunner().invoke(["build", *dbt_args])
        if not result.success:
            return 1
        views = write_views(warehouse)
        print(f"Views written as Parquet for the comparison: {', '.join(views) or 'none'}")
        return 0
    finally:
        stop_spark()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
