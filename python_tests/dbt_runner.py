"""Run dbt against a throw-away DuckDB warehouse and read the result back.

Every end-to-end test builds the project in a subprocess (exactly as a user would run it),
into its own warehouse file and target folder, so tests never share state.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb

PROJECT_DIR = Path(__file__).resolve().parent.parent
FIXTURES_DIR = Path(__file__).resolve().parent / "fixtures"


@dataclass
class DbtRun:
    returncode: int
    output: str

    @property
    def ok(self) -> bool:
        return self.returncode == 0


def dbt_executable() -> str:
    candidate = Path(sys.executable).parent / "dbt"
    return str(candidate) if candidate.exists() else "dbt"


def run_dbt(
    args: list[str],
    workdir: Path,
    raw_dir: Path | None = None,
    variables: dict[str, Any] | None = None,
) -> DbtRun:
    """Run `dbt <args>` with the warehouse and target folder inside `workdir`.

    raw_dir: a folder of <source>__<table>.csv files to read instead of the seeds
    (the seeds are then not loaded). variables: further --vars.
    """
    workdir.mkdir(parents=True, exist_ok=True)
    merged: dict[str, Any] = dict(variables or {})
    command = [dbt_executable(), *args]
    if raw_dir is not None:
        merged["raw_data_dir"] = str(raw_dir)
        if args and args[0] == "build":
            command += ["--exclude", "resource_type:seed"]
    if merged:
        command += ["--vars", json.dumps(merged)]
    env = {
        **os.environ,
        "DBT_PROFILES_DIR": str(PROJECT_DIR),
        "DBT_DUCKDB_PATH": str(workdir / "warehouse.duckdb"),
        "DBT_TARGET_PATH": str(workdir / "target"),
        "DBT_LOG_PATH": str(workdir / "logs"),
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
        "DBT_USE_COLORS": "false",
    }
    done = subprocess.run(
        command, cwd=PROJECT_DIR, env=env, capture_output=True, text=True, check=False
    )
    return DbtRun(done.returncode, done.stdout + done.stderr)


def query(workdir: Path, sql: str) -> list[dict[str, Any]]:
    """Rows of `sql` on the warehouse in `workdir`, opened read-only and closed at once."""
    con = duckdb.connect(str(workdir / "warehouse.duckdb"), read_only=True)
    try:
        cursor = con.execute(sql)
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row)) for row in cursor.fetchall()]
    finally:
        con.close()
