"""The benchmark's synthetic reports satisfy every rule of their template, as real ones should."""

from __future__ import annotations

import importlib.util

import polars as pl

from conftest import ROOT
from models import template


def test_synthetic_reports_satisfy_the_templates_arithmetic():
    spec = importlib.util.spec_from_file_location("bench_warehouse", ROOT / "bench" / "warehouse.py")
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    frames = bench.batch(0, 40, pl.Series("agency_key", range(10), dtype=pl.Int64))
    cells = pl.concat([
        frames.requests.select("document_key", code=pl.format(
            "requests.{}.{}", "row_code", "applicant_code"), value="count"),
        frames.proceedings.select("document_key", code=pl.format(
            "{}.{}", "proceeding_code", "result_code"), value="count"),
    ])
    templates = dict(frames.reports.select("document_key", "template").iter_rows())
    assert set(templates.values()) == {"2019", "2021"}
    by_report: dict[int, dict[str, int]] = {}
    for key, code, value in cells.iter_rows():
        by_report.setdefault(key, {})[code] = value
    broken = []
    for key, values in by_report.items():
        expected = set(template.request_codes(templates[key])) | set(template.proceeding_codes())
        assert set(values) == expected
        for rule in template.rules(templates[key]):
            if sum(values[c] for c in rule.left) != sum(values[c] for c in rule.right):
                broken.append((key, rule.name))
    assert broken == []
    assert cells["value"].sum() > 0 and cells["value"].min() >= 0
