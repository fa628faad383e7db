"""Shared test helpers: where the seeds live and how a report is compared with its truth."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from models.report import Report

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


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    seeds = SHARED / "seeds"
    if not seeds.is_dir():
        pytest.skip("../shared/seeds is not beside this checkout")
    return seeds
