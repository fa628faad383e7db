"""``xxgk sample-portal``: serve the bundled sample portal on loopback until Ctrl-C."""

from __future__ import annotations

import argparse
import threading
from pathlib import Path

from pipelines.portal import serve_sample_portal
from pipelines.portal.server import DEFAULT_ROOT


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "sample-portal",
        description="Serve the sites under data/sample_portal/ on loopback, each on a free port, "
                    "and print their URLs. With --sources-out, write a site registry for them "
                    "that `xxgk crawl --sources` takes.",
    )
    parser.add_argument("--root", default=str(DEFAULT_ROOT), metavar="DIR",
                        help="the portal's directory (default: the bundled data/sample_portal)")
    parser.add_argument("--sources-out", metavar="PATH",
                        help="write a sources file for the running portal here")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    with serve_sample_portal(Path(args.root)) as portal:
        for name, url in portal.sites.items():
            print(f"{name:8} {url}/", flush=True)
        if args.sources_out:
            print(f"sources written to {portal.write_sources(args.sources_out)}", flush=True)
        print("serving; Ctrl-C stops", flush=True)
        try:
            threading.Event().wait()
        except KeyboardInterrupt:
            pass
    return 0
