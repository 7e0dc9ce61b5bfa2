"""CLI: python -m generator.system_layouts --system hubspot --system stripe --seeds seeds --out DIR

Writes the seeds in each chosen system's layout (``generator.system_layouts.<name>.write``) and
copies beside them the contract files those systems do not replace.
"""

from __future__ import annotations

import argparse
import importlib
import re
import sys
from pathlib import Path

from generator.system_layouts.common import copy_contract_files


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m generator.system_layouts",
        description="Write the bundled seeds in the layouts real connectors land.",
    )
    parser.add_argument(
        "--system",
        action="append",
        required=True,
        help="a system (module of generator.system_layouts), e.g. salesforce; repeatable",
    )
    parser.add_argument("--seeds", type=Path, default=Path("seeds"), help="the contract seeds")
    parser.add_argument("--out", type=Path, required=True, help="the folder to write")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    replaced: set[str] = set()
    for name in dict.fromkeys(args.system):
        if not re.fullmatch(r"[a-z][a-z0-9_]*", name) or name == "common":
            print(f"Unknown system '{name}'.", file=sys.stderr)
            return 2
        try:
            module = importlib.import_module(f"generator.system_layouts.{name}")
        except ModuleNotFoundError:
            print(
                f"Unknown system '{name}': no generator/system_layouts/{name}.py.", file=sys.stderr
            )
            return 2
        module.write(args.seeds, args.out)
        replaced.update(getattr(module, "REPLACES", ()))
    copy_contract_files(args.seeds, args.out, replaced)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
