"""Python lint gate: ruff (settings in ruff.toml) finds nothing and the code is formatted,
the same checks `make lint` runs."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from python_tests.dbt_runner import PROJECT_DIR


def ruff(*args: str, cwd: Path = PROJECT_DIR) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "ruff", *args], cwd=cwd, capture_output=True, text=True, check=False
    )


def test_python_is_ruff_clean() -> None:
    done = ruff("check", ".")
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]


def test_python_is_ruff_formatted() -> None:
    done = ruff("format", "--check", ".")
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]


def test_ruff_flags_an_unused_import_and_bad_format(tmp_path: Path) -> None:
    (tmp_path / "ruff.toml").write_text((PROJECT_DIR / "ruff.toml").read_text())
    (tmp_path / "probe.py").write_text("import os\nx = {  'a':1 }\n")
    assert "F401" in ruff("check", ".", cwd=tmp_path).stdout
    assert ruff("format", "--check", ".", cwd=tmp_path).returncode != 0
