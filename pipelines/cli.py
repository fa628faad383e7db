"""``xxgk``: the command line. Thin: each command calls the same functions the assets call.

Each command lives in its own module under ``pipelines/commands/`` and exposes
``register(commands)``, which adds its sub-parser and sets ``run`` to a function
taking the parsed arguments and returning the exit status.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

COMMAND_MODULES = ("extract", "crawl", "portal", "warehouse", "dashboard")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="xxgk",
        description="Crawl, read and warehouse China's government information-disclosure "
                    "annual reports.",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    for name in COMMAND_MODULES:
        importlib.import_module(f"pipelines.commands.{name}").register(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
