"""extract_new: every stored report document read once, with the catalog's provenance."""

from __future__ import annotations

import json
from pathlib import Path

from pipelines.crawl import CatalogEntry, RawStore
from pipelines.ingest import extract_new
from pipelines.report_files import read_report_files
from tests.conftest import ROOT

SITES = ROOT / "data" / "sample_portal" / "sites"
INLINE = SITES / "hanweb" / "art" / "2024" / "1" / "22" / "art_1229_5690.html"  # GBK, inline


def catalog(store: RawStore, url: str, data: bytes, **extra) -> str:
    sha256 = store.put(data)
    store.catalog(CatalogEntry(url=url, source="hanjiang", sha256=sha256, fetched_at="2024-02-01T00:00:00+00:00",
                               agencies=("莆田市涵江区民政局",), region_code="350303", **extra))
    return sha256


def test_each_new_document_is_read_once_with_its_provenance(tmp_path):
    raw, reports = tmp_path / "raw", tmp_path / "reports"
    with RawStore(raw) as store:
        sha256 = catalog(store, "http://a.gov.cn/art_1229_5690.html", INLINE.read_bytes(),
                         title="莆田市涵江区民政局2023年政府信息公开工作年度报告", published="2024-01-22")
        catalog(store, "http://b.gov.cn/copy.html", INLINE.read_bytes())  # the same bytes again
    written = extract_new(raw, reports)
    assert [p.name for p in written] == [f"{sha256}.json"]
    [stored] = list(read_report_files(reports))
    assert stored.report["status"] == "ok"
    assert (stored.report["agency"], stored.report["year"]) == ("莆田市涵江区民政局", 2023)
    truth = json.loads(next((ROOT.parent / "shared" / "seeds" / "truth").glob("000_*.json")).read_text())
    assert stored.report["cells"] == truth["cells"]  # the seed's numbers, under another agency
    provenance = stored.provenance
    assert (provenance.url, provenance.source, provenance.region_code) == (
        "http://a.gov.cn/art_1229_5690.html", "hanjiang", "350303")
    assert provenance.agencies == ("莆田市涵江区民政局",) and provenance.published == "2024-01-22"
    assert extract_new(raw, reports) == []  # nothing is read twice


def test_a_document_that_cannot_be_read_is_stored_as_failed_and_not_retried(tmp_path):
    raw, reports = tmp_path / "raw", tmp_path / "reports"
    with RawStore(raw) as store:
        catalog(store, "http://a.gov.cn/scan.pdf", b"%PDF-1.4 not really")
    [path] = extract_new(raw, reports)
    assert json.loads(Path(path).read_text(encoding="utf-8"))["report"]["status"] == "failed"
    assert extract_new(raw, reports) == []


def test_a_report_made_by_other_reading_code_is_read_again_once(tmp_path):
    raw, reports = tmp_path / "raw", tmp_path / "reports"
    with RawStore(raw) as store:
        sha256 = catalog(store, "http://a.gov.cn/art_1229_5690.html", INLINE.read_bytes())
    [path] = extract_new(raw, reports)
    body = json.loads(Path(path).read_text(encoding="utf-8"))
    body["reader"], body["report"]["status"] = "an-older-reader", "failed"
    Path(path).write_text(json.dumps(body, ensure_ascii=False), encoding="utf-8")
    assert [p.name for p in extract_new(raw, reports)] == [f"{sha256}.json"]
    [stored] = list(read_report_files(reports))
    assert stored.report["status"] == "ok" and stored.reader != "an-older-reader"
    assert extract_new(raw, reports) == []
