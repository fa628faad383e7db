"""A 图片版 report page crawled over real HTTP: its own pictures fetched, kept and read by OCR.

The sample portal's 泽州县民政局 page prints its six tables as pictures (greyscale,
150 dpi renderings of the real tables), beside a logo declared 48×48, a share button
in a folder the source's registry entry excludes, and a picture on another host.
The server's own request log says what was asked for.
"""

from __future__ import annotations

import json

import pytest

from pipelines.crawl import RawStore, crawl, load_registry
from pipelines.crawl.discovery import report_images
from pipelines.ingest import extract_new
from pipelines.portal import serve_sample_portal
from tests.conftest import ROOT

PORTAL = ROOT / "data" / "sample_portal"
SITE = PORTAL / "sites" / "generic"
PAGE = "/zwgk/ndbg/2024-01-19/1046.html"
TABLES = [f"/zwgk/ndbg/2024-01-19/W020240119_{n}.png" for n in range(1, 7)]
FURNITURE = ["/images/zzx_top.png", "/zwgk/images/share_wx.png"]
FOREIGN = "/zwgk/ndbg/2024-01-19/W020240119_7.png"  # on the mirror host
SCANS = ROOT / "tests" / "fixtures" / "scans"
SEEDS = ROOT.parent / "shared" / "seeds"


def _crawl(tmp_path, portal, max_images=None):
    sources = portal.write_sources(tmp_path / "sources.yaml")
    if max_images is not None:
        text = sources.read_text(encoding="utf-8").replace(
            "  - name: zezhou\n", f"  - name: zezhou\n    max_images: {max_images}\n")
        sources.write_text(text, encoding="utf-8")
    return crawl(load_registry(sources), tmp_path / "raw", only=["zezhou"])


@pytest.fixture(scope="module")
def crawled(tmp_path_factory):
    work = tmp_path_factory.mktemp("pictures")
    with serve_sample_portal(PORTAL) as portal:
        summary = _crawl(work, portal)
        log = portal.entries()
        reports = extract_new(work / "raw", work / "reports", workers=1)
        yield dict(work=work, summary=summary, log=log, reports=reports, portal=portal)


def test_the_report_pictures_are_kept_byte_for_byte_under_their_urls(crawled):
    base = crawled["portal"].sites["generic"]
    summary = crawled["summary"].source("zezhou")
    assert summary.images == 6 and summary.image_failures == [] and summary.error is None
    with RawStore(crawled["work"] / "raw") as store:
        for path in TABLES:
            kept = store.resource(base + path)
            assert kept is not None, path
            assert store.get(kept.sha256) == (SITE / path.lstrip("/")).read_bytes()
        assert [d.url for d in store.documents() if d.url == base + PAGE]  # the page: a report
        assert not any(d.url.endswith(".png") for d in store.documents())  # a picture: no report


def test_furniture_and_another_hosts_picture_are_never_asked_for(crawled):
    asked = [(e.site, e.path) for e in crawled["log"]]
    for path in TABLES:
        assert asked.count(("generic", path)) == 1
    for path in FURNITURE:
        assert ("generic", path) not in asked
    assert ("mirror", FOREIGN) not in asked and not [e for e in crawled["log"] if e.site == "mirror"]


def test_pictures_keep_the_hosts_delay(crawled):
    pictures = sorted((e for e in crawled["log"] if e.path in TABLES), key=lambda e: e.start)
    assert min(b.start - a.end for a, b in zip(pictures, pictures[1:])) >= 0.1 - 0.01


def test_the_stored_page_reads_its_pictured_tables_by_ocr(crawled):
    """Tables 三 and 四 confirmed by their arithmetic, exactly the printed numbers; 二 named."""
    expected = json.loads((SCANS / "w02_html_page_tables_as_pictures.expected.json").read_text("utf-8"))
    seed = sorted(SEEDS.glob("*.txt"))[0]  # the seed the pictured tables print
    truth = json.loads((SEEDS / "truth" / f"{seed.stem}.json").read_text("utf-8"))
    files = [json.loads(p.read_text("utf-8")) for p in crawled["reports"]]
    [report] = [f["report"] for f in files if f["provenance"]["url"].endswith(PAGE)]
    assert report["status"] == "partial" and report["agency"] == "泽州县民政局"
    assert {k: int(v) for k, v in report["cells"].items()} == expected["cells"]
    assert all(truth["cells"][k] == v for k, v in report["cells"].items())


def test_the_cap_per_page_holds_and_names_what_it_left(tmp_path):
    with serve_sample_portal(PORTAL) as portal:
        summary = _crawl(tmp_path, portal, max_images=4).source("zezhou")
        asked = [e.path for e in portal.entries("generic")]
    assert summary.images == 4 and [p for p in asked if p in TABLES] == TABLES[:4]
    left = [url for url, reason in summary.skipped if "cap of 4" in reason]
    assert [url.split("/", 3)[3] for url in left] == [t.lstrip("/") for t in TABLES[4:]]


def test_a_picture_that_fails_is_recorded_and_the_page_kept(tmp_path):
    with serve_sample_portal(PORTAL) as portal:
        sources = portal.write_sources(tmp_path / "sources.yaml")
        text = sources.read_text(encoding="utf-8").replace(
            "  - name: zezhou\n", "  - name: zezhou\n    max_image_bytes: 20000\n")
        sources.write_text(text, encoding="utf-8")
        summary = crawl(load_registry(sources), tmp_path / "raw", only=["zezhou"]).source("zezhou")
    too_large = [url for url, reason in summary.image_failures if reason.startswith("too large")]
    assert len(too_large) == 3 and summary.images == 3  # tables 三, 四, 五 are over 20 kB
    assert summary.error is None and summary.found == 3


def test_which_pictures_a_page_offers():
    html = ('<img src="/a/logo.png"><img src="t1.png" width="900"><img src="t1.png">'
            '<img src="//cdn.example.com/t2.png"><img src="/ico.gif" width="16" height="16">'
            '<img src="data:image/png;base64,AAAA"><img src="/static/share/x.png"><img src="/b/t3.jpg">'
            '<img src="http://zz.gov.cn:8080/t4.png">')  # another port: another server
    assert report_images(html, "http://zz.gov.cn/zwgk/p.html", ("^/static/",)) == [
        "http://zz.gov.cn/zwgk/t1.png", "http://zz.gov.cn/b/t3.jpg"]
