"""A report's JSON form is exactly what ``dataclasses.asdict`` makes of it (cells as JSON
numbers): ``to_json_dict`` builds it directly, for speed, and must not drift from it."""

from __future__ import annotations

import json
from dataclasses import asdict, fields
from decimal import Decimal

from conftest import FIXTURES
from models.report import Check, Report
from pipelines.extract import extract_path


def as_asdict_makes_it(report: Report) -> dict:
    out = asdict(report)
    out["cells"] = {k: int(v) if isinstance(v, Decimal) and v == v.to_integral_value()
                    else float(v) if isinstance(v, Decimal) else v
                    for k, v in report.cells.items()}
    return out


def test_every_field_set_reads_as_asdict_makes_it():
    report = Report(
        source="a.pdf", status="partial", template="2021", agency="某县统计局", year=2023,
        cells={"requests.total": 12, "fees.amount": Decimal("1.50"), "x": Decimal("3.00")},
        checks=[Check("outcomes.total", False, "12 ≠ 11")], problems=["表三缺一行"],
        notes=["年份取自统计期限"], format="pdf", agency_as_printed="某縣統計局",
        identity_source={"agency": "title"}, derived_from_prose={"requests.total": "收到12件"})
    assert all(getattr(report, f.name) not in (None, [], {}) for f in fields(Report))
    out = report.to_json_dict()
    assert out == as_asdict_makes_it(report)
    assert list(out) == list(as_asdict_makes_it(report))  # the printed key order too
    assert out["cells"] == {"requests.total": 12, "fees.amount": 1.5, "x": 3}
    out["problems"].append("changed")
    out["identity_source"]["year"] = "x"
    assert report.problems == ["表三缺一行"] and report.identity_source == {"agency": "title"}


def test_real_reports_print_as_before():
    for path in sorted((FIXTURES / "converted" / "pdf").glob("*.pdf"))[:3] + \
            sorted((FIXTURES / "text").glob("f0*.txt"))[:3]:
        report = extract_path(path)
        assert json.dumps(report.to_json_dict(), ensure_ascii=False) == \
            json.dumps(as_asdict_makes_it(report), ensure_ascii=False)
