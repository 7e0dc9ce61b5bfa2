"""Is the DuckDB warehouse free to be written? `make build` asks before it runs dbt.

DuckDB allows one writer: a warehouse held open by a dashboard, a notebook or another build
makes dbt fail with a long stack trace. This says it in one line instead:

    python scripts/warehouse_lock.py warehouse/sales_kpi.duckdb

exits 0 when the file is free (or does not exist yet), 1 with one line on stderr when it is
in use.
"""

from __future__ import annotations

import sys
from pathlib import Path


def warehouse_in_use(path: Path) -> str | None:
    """None when `path` can be opened for writing; else a one-line message saying why not."""
    if not path.exists():
        return None
    import duckdb

    try:
        connection = duckdb.connect(str(path))
    except duckdb.IOException as error:
        text = str(error)
        if "lock" in text.lower():
            holder = ""
            if "PID" in text:
                holder = " (by process " + text.split("PID", 1)[1].split(")", 1)[0].strip() + ")"
            return (
                f"The warehouse {path} is in use{holder}: close the dashboard, notebook or other "
                "build that holds it open, or build into another file with DBT_DUCKDB_PATH=..., "
                "then run again."
            )
        return f"The warehouse {path} cannot be opened: {text.splitlines()[0]}"
    except duckdb.Error as error:
        return f"The warehouse {path} cannot be opened: {str(error).splitlines()[0]}"
    connection.close()
    return None


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print("usage: python scripts/warehouse_lock.py <warehouse.duckdb>", file=sys.stderr)
        return 2
    problem = warehouse_in_use(Path(argv[1]))
    if problem:
        print(problem, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
