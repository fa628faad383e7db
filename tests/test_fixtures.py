"""Hand-made documents with exact expected values: realistic portal pages and text renditions.

Each ``X.expected.json`` beside a document says its status, identity, every
cell it prints, the cells a careful reader cannot read (they must be absent,
never guessed) and the checks the agency's own numbers fail.
"""

from __future__ import annotations

import pytest

from conftest import FIXTURES, load_json, output_cells
from pipelines.extract import extract_path

CASES = sorted(p for p in FIXTURES.glob("*/*.expected.json"))


def _document(expected_path):
    stem = expected_path.name[: -len(".expected.json")]
    matches = [p for p in expected_path.parent.glob(stem + ".*") if p != expected_path
               and not p.name.endswith(".json")]
    assert len(matches) == 1, matches
    return matches[0]


@pytest.mark.parametrize("expected_path", CASES, ids=lambda p: f"{p.parent.name}/{p.name[:-14]}")
def test_fixture(expected_path):
    expected = load_json(expected_path)
    report = extract_path(_document(expected_path))
    assert report.status == expected["status"], (report.problems, report.notes)
    if expected["status"] == "not_a_report":
        assert report.cells == {}
        return
    assert (report.agency, report.year, report.template) == (
        expected["agency"], expected["year"], expected["template"])
    if "identity_source" in expected:
        assert report.identity_source == expected["identity_source"]
    if "agency_as_printed" in expected:
        assert report.agency_as_printed == expected["agency_as_printed"]
    cells = output_cells(report)
    truth = expected["cells"]
    unreadable = set(expected.get("unreadable", []))
    wrong = {k: (v, truth.get(k)) for k, v in cells.items() if truth.get(k) != v}
    assert wrong == {}, "cells read wrong or not printed"
    guessed = sorted(unreadable & set(cells))
    assert guessed == [], "cells that cannot be read unambiguously were output"
    missing = sorted(set(truth) - set(cells) - unreadable)
    assert missing == [], "readable cells were not read"
    assert sorted(report.failed_checks) == sorted(expected.get("failed_checks", []))
    if expected["status"] == "partial":
        assert report.problems
