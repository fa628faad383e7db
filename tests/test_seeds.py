"""The five real seed reports come out exactly as their verified truth says."""

from __future__ import annotations

import pytest

from conftest import SHARED, load_json, wrong_cells
from pipelines.extract import extract_path

SEED_NAMES = sorted(p.stem for p in (SHARED / "seeds").glob("*.txt"))


@pytest.mark.parametrize("name", SEED_NAMES or ["(no seeds)"])
def test_seed_matches_truth_cell_for_cell(seeds_dir, name):
    truth = load_json(seeds_dir / "truth" / f"{name}.json")
    report = extract_path(seeds_dir / f"{name}.txt")
    assert report.status == "ok", report.problems
    assert (report.agency, report.year, report.template) == (
        truth["agency"], truth["year"], truth["template"])
    assert wrong_cells(report, truth["cells"]) == {}
    assert report.failed_checks == []


def test_all_thousand_seed_cells_are_read(seeds_dir):
    total = right = 0
    for name in SEED_NAMES:
        truth = load_json(seeds_dir / "truth" / f"{name}.json")["cells"]
        report = extract_path(seeds_dir / f"{name}.txt")
        total += len(truth)
        right += len(truth) - len(wrong_cells(report, truth))
    assert (right, total) == (999, 999)
