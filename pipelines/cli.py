"""``xxgk``: the command line. Thin: each command calls the same functions the assets call.

Each command lives in its own module under ``pipelines/commands/``, which exposes
``register(commands)``: it adds its sub-parser(s) and sets ``run`` to a function
taking the parsed arguments and returning the exit status. ``COMMANDS`` below
names each command's module and its one-line summary; adding a command is one
line there.

Paths and other settings a command does not get as options come from
``pipelines.settings`` (environment, then config file, then defaults); an unusable
setting ends the command with status 2 and a message naming it.

Only the module of the command being run is imported: the others appear in the
parser as their summary alone. Importing every module would cost every call the
import of httpx, polars, DuckDB and the crawler (about a second), which a cron job
calling ``xxgk extract`` once per document would pay each time.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from pipelines.settings import SettingsError

# command → (module under pipelines.commands, the summary ``xxgk -h`` lists)
COMMANDS = {
    "extract": ("extract", "read documents and print one JSON object per document"),
    "crawl": ("crawl", "crawl the portals of the site registry and read the new reports"),
    "sample-portal": ("portal", "serve the bundled sample portal on loopback (free ports) "
                                "until Ctrl-C"),
    "load": ("warehouse", "load report files into the DuckDB warehouse"),
    "query": ("warehouse", "run SQL against the analyst copy"),
    "export": ("warehouse", "write every table and view to files"),
    "dashboard": ("dashboard", "write the static comparison dashboard"),
    "settings": ("settings", "show every setting, its value and where the value came from"),
}


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The parser with ``command``'s module registered in full; every other command is
    declared by its summary only (enough for ``xxgk -h`` and for a misspelt name)."""
    parser = argparse.ArgumentParser(
        prog="xxgk",
        description="Crawl, read and warehouse China's government information-disclosure "
                    "annual reports.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    chosen = COMMANDS[command][0] if command in COMMANDS else None
    for name, (module, summary) in COMMANDS.items():
        if name in commands.choices:
            continue
        if module == chosen:
            importlib.import_module(f"pipelines.commands.{module}").register(commands)
        else:
            commands.add_parser(name, help=summary)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    args = build_parser(argv[0] if argv else None).parse_args(argv)
    try:
        return args.run(args)
    except SettingsError as error:
        print(f"xxgk {args.command}: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
