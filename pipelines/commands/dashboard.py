"""``xxgk dashboard``: write the static comparison site from the analyst copy."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from pipelines.dashboard import NotADashboard, VendorMissing, build_dashboard
from pipelines.settings import load_settings, option_default


def register(commands: argparse._SubParsersAction) -> None:
    dashboard = commands.add_parser(
        "dashboard", help="write the static comparison dashboard",
        description="Write a static site (overview, coverage, one page per agency, peers, data "
                    "quality) from the analyst copy to DIR. It opens from disk with no server and "
                    "loads nothing from the network.")
    dashboard.add_argument("--out", type=Path, metavar="DIR",
                           help=f"where to write the site, replaced whole "
                                f"({option_default('dashboard')})")
    dashboard.add_argument("--database", type=Path,
                           help=f"the warehouse to show ({option_default('analyst_copy')})")
    dashboard.set_defaults(run=run_dashboard)


def run_dashboard(args: argparse.Namespace) -> int:
    settings = load_settings()
    try:
        summary = build_dashboard(args.database or settings.analyst_copy,
                                  args.out or settings.dashboard,
                                  progress=lambda m: print(m, file=sys.stderr))
    except FileNotFoundError as missing:
        print(f"xxgk dashboard: {missing}", file=sys.stderr)
        return 2
    except (NotADashboard, VendorMissing) as refused:
        print(f"xxgk dashboard: {refused}", file=sys.stderr)
        return 2
    print(summary)
    return 0
