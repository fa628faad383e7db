"""``xxgk settings``: every setting's value and where it came from (see ``pipelines.settings``)."""

from __future__ import annotations

import argparse

from pipelines.commands.extract import text_table
from pipelines.settings import SETTINGS, load_settings


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "settings",
        description="Show each setting as the commands and the Dagster job resolve it "
                    "(environment variable, then the config file, then the default; relative "
                    "paths against data_dir), and where its value came from.")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    settings = load_settings()
    rows = [("setting", "value", "from")]
    for setting in SETTINGS:
        value = getattr(settings, setting.name)
        shown = str(value) if value is not None else setting.shown_default().strip("`")
        rows.append((setting.name, shown, settings.origins[setting.name]))
    print(text_table(rows))
    print(f"config file: {settings.config_file or 'none'}")
    return 0
