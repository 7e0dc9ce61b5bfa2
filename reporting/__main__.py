"""`make report`: write the HTML and PDF reports into <out>/<as_of_date>/<period>/.

python -m reporting [--out reports] [--language en|ru] [--no-pdf]
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from reporting.figures import Figures
from reporting.locale import LANGUAGES, Formatter, default_language
from reporting.report import audiences, periods, render
from reporting.warehouse import Warehouse, WarehouseUnavailable


def write_reports(
    warehouse: Warehouse, out: Path, language: str, currency: str, pdf: bool = True, echo=print
) -> list[Path]:
    figures = Figures(warehouse)
    as_of = figures.as_of_date()
    fmt = Formatter(language, currency)
    folder = out / as_of.isoformat()
    jobs = [(a, p) for p in periods(as_of) for a in audiences(figures)]
    written: list[Path] = []
    if pdf:
        # imported only when PDFs are wanted: it loads Pango
        from weasyprint import HTML
    for number, (audience, period) in enumerate(jobs, start=1):
        target = folder / period.kind
        target.mkdir(parents=True, exist_ok=True)
        html = render(figures, audience, period, fmt, as_of)
        html_path = target / f"{audience.slug}.html"
        html_path.write_text(html, encoding="utf-8")
        written.append(html_path)
        if pdf:
            pdf_path = html_path.with_suffix(".pdf")
            HTML(string=html, base_url=str(target)).write_pdf(pdf_path)
            written.append(pdf_path)
        echo(f"  [{number}/{len(jobs)}] {period.kind} {audience.slug}")
    return written


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m reporting", description=__doc__)
    parser.add_argument("--out", default="reports", type=Path)
    parser.add_argument("--language", default=default_language(), choices=LANGUAGES)
    parser.add_argument(
        "--currency",
        default=os.environ.get("REPORTING_CURRENCY"),
        help="label money with this currency (default: the build's reporting_currency)",
    )
    parser.add_argument("--no-pdf", action="store_true", help="HTML only")
    args = parser.parse_args(argv)
    warehouse = Warehouse.from_env()
    print(f"Writing reports from {warehouse.path} ...", flush=True)
    try:
        written = write_reports(
            warehouse,
            args.out,
            args.language,
            args.currency or Figures(warehouse).reporting_currency(),
            not args.no_pdf,
            echo=lambda line: print(line, flush=True),
        )
    except WarehouseUnavailable as error:
        print(f"No reports: {error}", file=sys.stderr)
        return 1
    print(f"\n{len(written)} files written:")
    for path in written:
        print(f"  {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
