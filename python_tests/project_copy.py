"""A throw-away copy of the project, for tests that must break it (the real tree is shared)."""

from __future__ import annotations

import shutil
from pathlib import Path

from python_tests.dbt_runner import PROJECT_DIR

PROJECT_FILES = ("dbt_project.yml", "profiles.yml", ".sqlfluff", ".sqlfluffignore")
PROJECT_DIRS = (
    "models",
    "macros",
    "tests",
    "analyses",
    "seeds",
    "python_tests/fixtures/dq_raw",
    "python_tests/fixtures/lint_raw",
)


def copy_project(destination: Path) -> Path:
    """Copy what dbt and sqlfluff read (not the virtualenv, warehouse or target) to destination."""
    destination.mkdir(parents=True)
    for name in PROJECT_FILES:
        shutil.copy2(PROJECT_DIR / name, destination / name)
    for name in PROJECT_DIRS:
        if (PROJECT_DIR / name).exists():
            shutil.copytree(
                PROJECT_DIR / name,
                destination / name,
                ignore=shutil.ignore_patterns("__pycache__"),
            )
    return destination
