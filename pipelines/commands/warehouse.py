"""``xxgk load``, ``xxgk query`` and ``xxgk export``: fill the warehouse, ask it, hand it out.

A path not given as an option is the setting of the same name (``pipelines.settings``)."""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from datetime import datetime, timezone
from decimal import Decimal
from pathlib import Path

import polars as pl

from pipelines.commands.extract import text_table
from pipelines.extract import extract_path
from pipelines.report_files import Provenance, write_report_file
from pipelines.settings import load_settings, option_default
from pipelines.warehouse import WarehouseBusy, export, load_reports, publish_analyst_copy, run_query
from pipelines.warehouse.query import EXPORT_FORMATS


def register(commands: argparse._SubParsersAction) -> None:
    load = commands.add_parser(
        "load",
        description="Load every report file of --reports into the warehouse (idempotent: a "
                    "re-read report replaces its rows), then publish the read-only analyst copy. "
                    "Documents given as PATHs are read first and their report files written.")
    load.add_argument("paths", nargs="*", metavar="PATH", help="documents to read and load")
    load.add_argument("--reports", type=Path,
                      help=f"report files directory ({option_default('reports')})")
    load.add_argument("--warehouse", type=Path,
                      help=f"the warehouse file ({option_default('warehouse')})")
    load.add_argument("--staging", type=Path,
                      help=f"Parquet staging directory ({option_default('staging')})")
    load.add_argument("--analyst-copy", type=Path,
                      help=f"read-only copy for analysts ({option_default('analyst_copy')})")
    load.set_defaults(run=run_load)

    query = commands.add_parser(
        "query",
        description="Run one SQL statement against the warehouse (the analyst copy by default) "
                    "and print the result as an aligned table, CSV or JSON.")
    query.add_argument("sql")
    query.add_argument("--database", type=Path,
                       help=f"database to query ({option_default('analyst_copy')})")
    shape = query.add_mutually_exclusive_group()
    shape.add_argument("--csv", action="store_true",
                       help="CSV with a header row (a list's items joined with '; ')")
    shape.add_argument("--json", action="store_true", help="a JSON array of objects")
    query.set_defaults(run=run_query_command)

    exporter = commands.add_parser(
        "export",
        description="Write every table and view analysts read (the schema main) to DIR, one "
                    "file each. Parquet keeps lists as lists; CSV joins a list's items with "
                    "'; ', as `xxgk query --csv` does.")
    exporter.add_argument("directory", metavar="DIR", type=Path)
    exporter.add_argument("--format", choices=EXPORT_FORMATS, default="parquet")
    exporter.add_argument("--database", type=Path,
                          help=f"database to export ({option_default('analyst_copy')})")
    exporter.set_defaults(run=run_export)


def run_load(args: argparse.Namespace) -> int:
    settings = load_settings()
    reports = args.reports or settings.reports
    warehouse = args.warehouse or settings.warehouse
    missing = [path for path in args.paths if not Path(path).is_file()]
    for path in missing:
        print(f"xxgk load: {path}: no such file; not loaded", file=sys.stderr)
    for path in (p for p in args.paths if p not in missing):
        report = extract_path(path)
        # A local file's "fetch" is its last change, so loading it again changes nothing.
        changed = datetime.fromtimestamp(Path(path).stat().st_mtime, timezone.utc)
        provenance = dataclasses.replace(Provenance.of_file(path),
                                         fetched_at=changed.isoformat(timespec="seconds"))
        write_report_file(reports, report, provenance)
        print(f"read {path}: {report.status}", file=sys.stderr)
    try:
        summary = load_reports(reports, warehouse, args.staging or settings.staging)
        copy = publish_analyst_copy(warehouse, args.analyst_copy or settings.analyst_copy)
    except WarehouseBusy as busy:
        print(f"xxgk load: {busy}", file=sys.stderr)
        return 2
    print(f"{summary}; analyst copy at {copy}")
    return 1 if missing else 0


def run_query_command(args: argparse.Namespace) -> int:
    database = args.database or load_settings().analyst_copy
    try:
        result = run_query(database, args.sql, lists_joined=not args.json)
    except FileNotFoundError as missing:
        print(f"xxgk query: {missing}", file=sys.stderr)
        return 2
    except Exception as error:  # noqa: BLE001 - an analyst's SQL error is a message, not a trace
        print(f"xxgk query: {type(error).__name__}: {error}", file=sys.stderr)
        return 1
    if args.csv:
        sys.stdout.write(result.write_csv())
    elif args.json:
        print(json.dumps(result.to_dicts(), ensure_ascii=False, default=_json_value, indent=1))
    else:
        print(readable_table(result))
    return 0


def run_export(args: argparse.Namespace) -> int:
    database = args.database or load_settings().analyst_copy
    try:
        written = export(database, args.directory, args.format)
    except FileNotFoundError as missing:
        print(f"xxgk export: {missing}", file=sys.stderr)
        return 2
    for path in written:
        print(path)
    return 0


def readable_table(frame: pl.DataFrame) -> str:
    """An aligned table for people; numbers with at most 4 decimals, NULL as '-' (lists come
    joined, as ``run_query(..., lists_joined=True)`` returns them)."""
    rows = [tuple(frame.columns)]
    rows += [tuple(_cell(value) for value in row) for row in frame.iter_rows()]
    return text_table(rows) + f"\n({frame.height} row{'s' if frame.height != 1 else ''})"


def _cell(value) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:.4f}".rstrip("0").rstrip(".")
    if isinstance(value, Decimal):
        return _plain_decimal(value)
    return str(value)


def _plain_decimal(value: Decimal) -> str:
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def _json_value(value):
    """JSON for what DuckDB returns beyond JSON's types: decimals as numbers, times as ISO text."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value.isoformat() if hasattr(value, "isoformat") else str(value)
