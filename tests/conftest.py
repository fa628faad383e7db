"""Shared test helpers: where the seeds live and how a report is compared with its truth."""

from __future__ import annotations

import json
from contextlib import contextmanager
from pathlib import Path

import pytest

from models.report import Report
from pipelines.crawl import crawl, load_registry
from pipelines.ingest import extract_new
from pipelines.portal import serve_sample_portal

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SHARED = ROOT.parent / "shared"


def load_json(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def output_cells(report: Report) -> dict:
    return report.to_json_dict()["cells"]


def wrong_cells(report: Report, truth: dict) -> dict:
    """Cells read differently from the truth (missing ones included), as code → (read, true)."""
    cells = output_cells(report)
    wrong = {k: (cells.get(k), v) for k, v in truth.items() if cells.get(k) != v}
    wrong.update({k: (v, None) for k, v in cells.items() if k not in truth})
    return wrong


@contextmanager
def crawled_twice(portal_root: Path, work: Path, faults=None):
    """A sample portal served while it is crawled and its documents read, twice (the
    second pass should be all 304s), with what each pass found, fetched and read; the
    portal is still serving inside the block."""
    with serve_sample_portal(portal_root, faults=faults) as portal:
        registry = load_registry(portal.write_sources(work / "sources.yaml"))
        first = crawl(registry, work / "raw")
        first_log = portal.entries()
        first_reports = extract_new(work / "raw", work / "reports")
        portal.clear_log()
        second = crawl(registry, work / "raw")
        second_log = portal.entries()
        second_reports = extract_new(work / "raw", work / "reports")
        yield dict(portal=portal, work=work, first=first, second=second, first_log=first_log,
                   second_log=second_log, first_reports=first_reports,
                   second_reports=second_reports)


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    seeds = SHARED / "seeds"
    if not seeds.is_dir():
        pytest.skip("../shared/seeds is not beside this checkout")
    return seeds


def pytest_collection_modifyitems(config, items):
    """Tests marked ``lake`` need DuckDB 1.5.5 with the DuckLake extension package (the
    `lake` extra), which the default environment's newer DuckDB cannot load: `make test`
    runs them in .venv-lake. Elsewhere they are skipped, saying where they run."""
    try:
        import duckdb_extension_ducklake  # noqa: F401
        import duckdb
        from importlib.metadata import version
        if duckdb.__version__ == version("duckdb-extension-ducklake"):
            return
    except ImportError:
        pass
    skip = pytest.mark.skip(reason="needs the `lake` extra (DuckDB 1.5.5 + DuckLake): "
                                   "`make test` runs it in .venv-lake")
    for item in items:
        if "lake" in item.keywords:
            item.add_marker(skip)
