"""CLI: python -m generator.system_layouts --system amocrm --seeds seeds --out DIR"""

from __future__ import annotations

import argparse
import importlib
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m generator.system_layouts",
        description="Write the bundled seeds in a system's export layout (<system>__<table>.csv).",
    )
    parser.add_argument("--system", required=True, help="the system's module, such as amocrm")
    parser.add_argument("--seeds", type=Path, default=Path("seeds"), help="the seeds folder")
    parser.add_argument("--out", type=Path, required=True, help="the folder to write")
    args = parser.parse_args(argv)
    try:
        module = importlib.import_module(f"generator.system_layouts.{args.system}")
    except ModuleNotFoundError:
        parser.error(f"no layout for the system '{args.system}'")
    args.out.mkdir(parents=True, exist_ok=True)
    module.write(args.seeds, args.out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
