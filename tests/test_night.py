"""Night cost: the raw store's catalog knows which reader version read each document, so a
night when nothing changed opens no report file and reads no document; a new reader version
re-reads everything once, and a changed document is read again alone."""

from __future__ import annotations

import builtins
import io
import json

import pytest

import pipelines.ingest
import pipelines.report_files
from pipelines.cli import main
from pipelines.crawl import RawStore
from pipelines.ingest import extract_new
from pipelines.portal import serve_sample_portal
from tests.conftest import ROOT
from tests.test_crawl_store import SITES, entry, memory_root  # noqa: F401 - a fixture

PORTAL = ROOT / "data" / "sample_portal"
EXPECTED = json.loads((PORTAL / "expected.json").read_text(encoding="utf-8"))
HANWEB_ART = SITES / "hanweb" / "art"
PAGES = {  # three of 涵江区's inline reports, as the portal serves them (GBK)
    "http://www.hanjiang.gov.cn/art/2024/1/20/art_1229_5678.html": HANWEB_ART / "2024/1/20/art_1229_5678.html",
    "http://www.hanjiang.gov.cn/art/2024/1/22/art_1229_5690.html": HANWEB_ART / "2024/1/22/art_1229_5690.html",
    "http://www.hanjiang.gov.cn/art/2024/1/25/art_1229_5712.html": HANWEB_ART / "2024/1/25/art_1229_5712.html",
}
CORRECTED = HANWEB_ART / "2024/3/5/art_1229_6001.html"  # what the second URL serves later


@pytest.fixture
def night(monkeypatch, tmp_path):
    """What a night opens under the reports folder, and which documents it hands the reader."""
    seen = {"opened": [], "read": []}
    real_open, real_extract_many = io.open, pipelines.ingest.extract_many
    reports = str(tmp_path / "reports")

    def counting_open(file, *args, **kwargs):
        if isinstance(file, (str, bytes)) or hasattr(file, "__fspath__"):
            if str(file).startswith(reports):
                seen["opened"].append(str(file))
        return real_open(file, *args, **kwargs)

    def counting_extract_many(items, **kwargs):
        items = list(items)
        seen["read"].extend(source for _, source in items)
        return real_extract_many(items, **kwargs)

    monkeypatch.setattr(io, "open", counting_open)
    monkeypatch.setattr(builtins, "open", counting_open)
    monkeypatch.setattr(pipelines.ingest, "extract_many", counting_extract_many)

    def clear():
        seen["opened"].clear()
        seen["read"].clear()

    seen["clear"] = clear
    return seen


def stored(raw, pages: dict) -> dict[str, str]:
    with RawStore(raw) as store:
        shas = {url: store.put(path.read_bytes()) for url, path in pages.items()}
        for url, sha256 in shas.items():
            store.catalog(entry(url, sha256))
    return shas


def test_a_night_with_nothing_new_opens_no_report_file(tmp_path, night):
    raw, reports = tmp_path / "raw", tmp_path / "reports"
    stored(raw, PAGES)
    assert len(extract_new(raw, reports)) == 3
    night["clear"]()
    assert extract_new(raw, reports) == []
    assert night["opened"] == [] and night["read"] == []


def test_a_new_reader_version_reads_every_document_again_once(tmp_path, night, monkeypatch):
    raw, reports = tmp_path / "raw", tmp_path / "reports"
    stored(raw, PAGES)
    extract_new(raw, reports)
    night["clear"]()
    monkeypatch.setattr(pipelines.report_files, "reader_version", lambda: "the-next-reader")
    assert len(extract_new(raw, reports)) == 3
    assert sorted(night["read"]) == sorted(PAGES)
    assert {json.loads(p.read_text(encoding="utf-8"))["reader"] for p in reports.iterdir()} \
        == {"the-next-reader"}
    night["clear"]()
    assert extract_new(raw, reports) == [] and night["read"] == []


def test_a_changed_document_alone_is_read_again(tmp_path, night):
    raw, reports = tmp_path / "raw", tmp_path / "reports"
    stored(raw, PAGES)
    extract_new(raw, reports)
    night["clear"]()
    changed = "http://www.hanjiang.gov.cn/art/2024/1/22/art_1229_5690.html"
    new_sha = stored(raw, {changed: CORRECTED})[changed]
    [written] = extract_new(raw, reports)
    assert written.name == f"{new_sha}.json"
    assert night["read"] == [changed] and night["opened"] == []


def test_a_report_file_deleted_by_hand_is_read_again(tmp_path, night):
    raw, reports = tmp_path / "raw", tmp_path / "reports"
    shas = stored(raw, PAGES)
    extract_new(raw, reports)
    url = next(iter(PAGES))
    (reports / f"{shas[url]}.json").unlink()
    night["clear"]()
    assert [p.name for p in extract_new(raw, reports)] == [f"{shas[url]}.json"]
    assert night["read"] == [url]


def test_report_files_from_before_the_catalog_kept_readings_are_not_read_again(tmp_path, night):
    raw, reports = tmp_path / "raw", tmp_path / "reports"
    stored(raw, PAGES)
    extract_new(raw, reports)
    with RawStore(raw) as store:  # as a store from before: report files, but no readings
        store._db.execute("DELETE FROM readings")
    night["clear"]()
    assert extract_new(raw, reports) == [] and night["read"] == []
    assert len(night["opened"]) == 3  # each opened once to learn its reader, then recorded
    night["clear"]()
    assert extract_new(raw, reports) == [] and night["opened"] == []


def test_the_sample_portal_crawled_into_a_memory_store_twice(memory_root, tmp_path, night,  # noqa: F811
                                                             capsys):
    reports = tmp_path / "reports"
    with serve_sample_portal(PORTAL) as portal:
        sources = portal.write_sources(tmp_path / "sources.yaml")
        command = ["crawl", "--sources", str(sources), "--source", "yueqing", "--raw", memory_root,
                   "--reports", str(reports)]
        assert main(command) == 0
        first = capsys.readouterr().out.splitlines()
        night["clear"]()
        assert main(command) == 0
        second = capsys.readouterr().out.splitlines()
        trs = {portal.sites["trs"] + e["url_path"] for e in EXPECTED if e["site"] == "trs"}
    assert first[-1].startswith(f"read {len(trs)} new document(s): ")
    assert second[-1] == "read 0 new document(s): nothing new"
    assert night["opened"] == [] and night["read"] == []
    with RawStore(memory_root) as store:
        catalog = {e.url: e for e in store.documents()}
        assert set(catalog) == trs
        assert all(store.has(e.sha256) for e in catalog.values())
    assert sorted(p.name for p in reports.iterdir()) == sorted(f"{e.sha256}.json"
                                                               for e in catalog.values())
    assert not (tmp_path / "memory:").exists()  # the URL was not taken for a folder name
