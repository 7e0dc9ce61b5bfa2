"""`make build`: run `dbt build`, keep its full per-node log in logs/, show progress, and end
with a short summary a head of sales' analyst can read.

    python -m reporting.build_summary [extra dbt arguments]

The terminal gets one progress line (a counter, plus every warning and error as it happens),
then either the summary (as_of_date, the seven KPIs, rows rejected by table, what to run next)
or, when dbt fails, its error lines; the exit code is dbt's.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from reporting.figures import Figures
from reporting.locale import Formatter, label
from reporting.warehouse import PROJECT_DIR, Warehouse, WarehouseUnavailable

NODE_LINE = re.compile(r"\b(\d+) of (\d+) (START|OK|PASS|WARN|ERROR|FAIL|SKIP|NO-OP)\b")
DONE_LINE = re.compile(r"\bDone\. PASS=")
PROBLEM = re.compile(r"\b(WARN|ERROR|FAIL)\b")


def dbt_executable() -> str:
    candidate = Path(sys.executable).parent / "dbt"
    return str(candidate) if candidate.exists() else (shutil.which("dbt") or "dbt")


def log_path() -> Path:
    folder = Path(os.environ.get("DBT_LOG_PATH") or PROJECT_DIR / "logs")
    folder.mkdir(parents=True, exist_ok=True)
    return folder / f"build-{dt.datetime.now():%Y%m%d-%H%M%S}.log"


def run_build(extra: list[str], log_file: Path, out=sys.stdout) -> tuple[int, list[str]]:
    """Run dbt build, teeing every line to log_file; returns (exit code, all lines)."""
    env = {**os.environ, "DBT_USE_COLORS": "false"}
    command = [dbt_executable(), "build", *extra]
    interactive = out.isatty()
    lines: list[str] = []
    with open(log_file, "w", encoding="utf-8") as log:
        log.write("$ " + " ".join(command) + "\n")
        process = subprocess.Popen(
            command,
            cwd=PROJECT_DIR,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            bufsize=1,
        )
        assert process.stdout is not None
        last_shown, finished = -1, 0
        for line in process.stdout:
            log.write(line)
            line = line.rstrip("\n")
            lines.append(line)
            match = NODE_LINE.search(line)
            if match and " hook" not in line:
                total, status = int(match[2]), match[3]
                if status in ("WARN", "ERROR", "FAIL"):
                    text = line.split("  ", 1)[-1].strip()
                    out.write(("\r" if interactive else "") + f"  {text}\n")
                if status != "START":
                    # threads finish out of order: count completions, not the node's index
                    finished += 1
                    percent = finished * 100 // total
                    if interactive:
                        out.write(f"\r  dbt build: {finished}/{total} nodes ({percent}%)")
                    elif percent // 10 != last_shown // 10 or finished == total:
                        out.write(f"  dbt build: {finished}/{total} nodes ({percent}%)\n")
                        last_shown = percent
                    out.flush()
            elif DONE_LINE.search(line):
                out.write(
                    ("\r" if interactive else "") + "  " + line.split("  ", 1)[-1].strip() + "\n"
                )
        code = process.wait()
    if interactive:
        out.write("\n")
    return code, lines


def error_lines(lines: list[str]) -> list[str]:
    """What dbt says went wrong: from 'Encountered an error' (parse or compile) or its end-of-run
    section ('Completed with N errors') on, else every line naming an error."""
    for marker in ("Encountered an error", "Completed with"):
        for i, line in enumerate(lines):
            if marker in line:
                return [ln for ln in lines[i:] if ln.strip()][:80]
    return [ln for ln in lines if "Error" in ln or PROBLEM.search(ln)][-40:] or lines[-20:]


def summary(warehouse: Warehouse, language: str = "en") -> list[str]:
    figures = Figures(warehouse)
    as_of = figures.as_of_date()
    fmt = Formatter(language, os.environ.get("REPORTING_CURRENCY") or figures.reporting_currency())
    out = [
        f"as_of_date: {as_of.isoformat()}",
        "",
        "The seven KPIs (department, month of as_of_date):",
    ]
    for tile in figures.tiles(as_of):
        month = f" ({tile.month:%Y-%m})" if tile.key == "conversion_rate" and tile.month else ""
        out.append(f"  {label(tile.key, language) + month:<40} {fmt.kpi(tile.value, tile.kind)}")
    rejected = figures.rejected_rows()
    out.append("")
    if rejected.empty:
        out.append("Rows rejected: none (every raw row was used).")
    else:
        out.append(
            f"Rows rejected: {int(rejected['rows_rejected'].sum())} "
            "(data_quality.dq_rejected_rows says which and why)"
        )
        for row in rejected.itertuples():
            out.append(f"  {row.source_table:<40} {int(row.rows_rejected)}")
    return out


def notes(lines: list[str]) -> list[str]:
    """The NOTE lines dbt logged (e.g. an as_of_date outside the data: why marts are empty or
    sparse; macros/time/period_note.sql), once each, without the timestamp."""
    found = [line.split("NOTE: ", 1)[1].strip() for line in lines if "NOTE: " in line]
    return ["Note: " + text for text in dict.fromkeys(found)]


def next_commands() -> list[str]:
    port = os.environ.get("DASHBOARD_PORT") or "8501"
    return [
        "Next:",
        f"  make dashboard   the dashboard on http://127.0.0.1:{port}",
        "  make report      HTML and PDF reports into reports/<as_of_date>/",
        "  make docs        dbt docs: every model, column and definition",
    ]


def main(argv: list[str]) -> int:
    log_file = log_path()
    print(f"dbt build (full log: {os.path.relpath(log_file, PROJECT_DIR)})", flush=True)
    code, lines = run_build(argv, log_file)
    if code != 0:
        print(f"\ndbt build FAILED (exit code {code}). What dbt reported:", file=sys.stderr)
        for line in error_lines(lines):
            print("  " + line, file=sys.stderr)
        print(f"Full log: {log_file}", file=sys.stderr)
        return code
    warehouse = Warehouse.from_env()
    print()
    try:
        for line in summary(warehouse):
            print(line)
    except WarehouseUnavailable as error:
        print(f"(no summary: {error})")
    for line in notes(lines):
        print(line)
    print()
    print("\n".join(next_commands()))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
