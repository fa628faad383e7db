"""Cross-year: an agency's 结转下年度继续办理 in year Y−1 is its 上年结转 in year Y.

Report files of consecutive years are made from the seeds' verified values
(``shared/seeds/truth``), loaded into a real DuckDB warehouse, and the views, the plain
function and the Dagster asset check compared with the pairs worked out by hand.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict

import dagster as dg
import pytest

from conftest import SHARED
from models.report import Report
from pipelines.defs.resources import WarehouseResource
from pipelines.defs.warehouse import carry_over_matches_previous_year
from pipelines.reading.checks import run_checks
from pipelines.report_files import Provenance, write_report_file
from pipelines.warehouse import load_reports, run_query
from pipelines.warehouse.carry_over import CarryOverMismatch, carry_over_mismatches

OFFICE, HRSS = "乐清市人民政府办公室", "乐清市人力资源和社会保障局"


def truth(prefix: str) -> dict:
    path = next((SHARED / "seeds" / "truth").glob(f"{prefix}_*.json"))
    return json.loads(path.read_text(encoding="utf-8"))["cells"]


def plus(cells: dict, **changes: int) -> dict:
    """``cells`` with ``row__column=n`` added to each named row's column and its 总计."""
    out = dict(cells)
    for name, n in changes.items():
        row, column = name.split("__")
        out[f"requests.{row}.{column}"] += n
        out[f"requests.{row}.total"] += n
    return out


def reports() -> list[dict]:
    office, hrss = truth("004"), truth("000")  # office carries 1 自然人 request into 2024
    return [
        # the 2024 report carries that request over as a 商业企业's: two columns disagree
        dict(name="office-2023", agency=OFFICE, year=2023, cells=office),
        dict(name="office-2024", agency=OFFICE, year=2024, cells=plus(
            office, carried_over__commercial_enterprise=1, disclosed__commercial_enterprise=1,
            total_processed__commercial_enterprise=1)),
        # 2 requests carried from 2022 into 2023, every column agreeing
        dict(name="hrss-2022", agency=HRSS, year=2022, cells=plus(
            hrss, new_received__natural_person=2, carried_forward__natural_person=2)),
        dict(name="hrss-2023", agency=HRSS, year=2023, cells=plus(
            hrss, carried_over__natural_person=2, disclosed__natural_person=2,
            total_processed__natural_person=2)),
        # a second, partly read document for hrss 2022: not its report of record
        dict(name="hrss-2022-page", agency=HRSS, year=2022, status="partial",
             cells={"requests.carried_forward.natural_person": 5, "requests.carried_forward.total": 5}),
        # one year only; two years with a gap: nothing to compare
        dict(name="zezhou-2023", agency="泽州县人力资源和社会保障局", year=2023, cells=truth("002")),
        dict(name="dazhou-2021", agency="达州市人力资源和社会保障局", year=2021, cells=truth("003")),
        dict(name="dazhou-2023", agency="达州市人力资源和社会保障局", year=2023, cells=truth("003")),
    ]


def sha(name: str) -> str:
    return hashlib.sha256(name.encode()).hexdigest()


def url(name: str) -> str:
    return f"https://www.yueqing.gov.cn/xxgk/ndbg/{name}.html"


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory):
    place = tmp_path_factory.mktemp("cross_year")
    for item in reports():
        report = Report(source=f"{item['name']}.html", status=item.get("status", "ok"),
                        template="2021", agency=item["agency"], year=item["year"],
                        cells=item["cells"], checks=run_checks(item["cells"], "2021"))
        write_report_file(place / "reports", report, Provenance(
            sha256=sha(item["name"]), url=url(item["name"]), fetched_at="2025-03-01T08:00:00Z"))
    load_reports(place / "reports", place / "warehouse.duckdb", place / "staging")
    return place


def mismatch(applicant: str, carried_forward: int, carried_over: int) -> CarryOverMismatch:
    return CarryOverMismatch(
        agency_name=OFFICE, previous_year=2023, year=2024, applicant_code=applicant,
        carried_forward_previous_year=carried_forward, carried_over=carried_over,
        previous_url=url("office-2023"), previous_sha256=sha("office-2023"),
        url=url("office-2024"), sha256=sha("office-2024"))


def test_the_pairs_that_disagree_name_both_numbers_and_both_reports(warehouse):
    assert carry_over_mismatches(warehouse / "warehouse.duckdb") == [
        mismatch("natural_person", 1, 0), mismatch("commercial_enterprise", 0, 1)]


def test_every_column_of_consecutive_reports_of_record_is_paired(warehouse):
    pairs = run_query(warehouse / "warehouse.duckdb", """
        SELECT agency_name, previous_year, year, count(*) AS n, count(*) FILTER (WHERE agrees) AS agreeing
        FROM carry_over_pairs GROUP BY ALL ORDER BY agency_name""").rows()
    assert pairs == [(HRSS, 2022, 2023, 7, 7), (OFFICE, 2023, 2024, 7, 5)]


def test_each_agency_year_says_whether_its_carry_over_agrees(warehouse):
    flags = run_query(warehouse / "warehouse.duckdb", """
        SELECT agency_name, year, previous_year, columns_compared, columns_disagreeing,
               carry_over_consistent
        FROM agency_year_carry_over ORDER BY agency_name, year""").rows()
    assert flags == [
        (HRSS, 2022, None, 0, 0, None), (HRSS, 2023, 2022, 7, 0, True),
        (OFFICE, 2023, None, 0, 0, None), (OFFICE, 2024, 2023, 7, 2, False),
        ("泽州县人力资源和社会保障局", 2023, None, 0, 0, None),
        ("达州市人力资源和社会保障局", 2021, None, 0, 0, None),
        ("达州市人力资源和社会保障局", 2023, None, 0, 0, None),
    ]


def test_the_asset_check_warns_listing_the_pairs_that_disagree(warehouse):
    resource = WarehouseResource(database=str(warehouse / "warehouse.duckdb"),
                                 analyst_copy=str(warehouse / "copy.duckdb"),
                                 staging_dir=str(warehouse / "staging"))
    result = carry_over_matches_previous_year(warehouse_db=resource)
    assert not result.passed
    assert result.severity == dg.AssetCheckSeverity.WARN
    assert result.metadata["pairs_disagreeing"].value == 2
    assert result.metadata["disagreeing"].data == [
        asdict(mismatch("natural_person", 1, 0)), asdict(mismatch("commercial_enterprise", 0, 1))]
