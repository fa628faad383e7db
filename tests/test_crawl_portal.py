"""The crawler against the bundled sample portal, over real HTTP, audited from the server's log.

One module-scoped crawl of the whole portal, then a second pass, answer the
politeness and incrementality questions; the fault tests each crawl one source
with faults injected. Nothing here depends on how PDFs or DOCX read.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from pipelines.crawl import RawStore, crawl, load_registry
from pipelines.portal import AccessEntry, Fault, serve_sample_portal
from tests.conftest import ROOT, crawled_twice

PORTAL = ROOT / "data" / "sample_portal"
EXPECTED = json.loads((PORTAL / "expected.json").read_text(encoding="utf-8"))
DELAY = 0.1  # the sample sources' delay
HANWEB_CRAWL_DELAY = 0.3  # the hanweb site's robots.txt


def max_in_flight(entries: list[AccessEntry]) -> int:
    events = sorted([(e.start, 1) for e in entries] + [(e.end, -1) for e in entries],
                    key=lambda event: (event[0], event[1]))
    level = peak = 0
    for _, step in events:
        level += step
        peak = max(peak, level)
    return peak


def smallest_gap(entries: list[AccessEntry]) -> float:
    ordered = sorted(entries, key=lambda e: e.start)
    return min(b.start - a.end for a, b in zip(ordered, ordered[1:]))


@pytest.fixture(scope="module")
def full_crawl(tmp_path_factory):
    with crawled_twice(PORTAL, tmp_path_factory.mktemp("full")) as passes:
        yield passes


def test_every_report_of_every_site_is_found_and_stored(full_crawl):
    portal = full_crawl["portal"]
    site_of_source = {"yueqing": "trs", "hanjiang": "hanweb", "tianhe": "gd", "zezhou": "generic"}
    with RawStore(full_crawl["work"] / "raw") as store:
        catalog = {(site_of_source[e.source], e.url): e for e in store.documents()}
        for expected in EXPECTED:
            url = portal.sites[expected["site"]] + expected["url_path"]
            entry = catalog.pop((expected["site"], url))
            assert store.has(entry.sha256)
            assert entry.title.startswith(expected["title"])
    assert catalog == {}  # nothing else taken for a report: no notice, budget or other report
    assert len(EXPECTED) >= 15
    assert {e["form"] for e in EXPECTED} >= {"inline", "pdf", "docx", "scan"}


def test_counts_per_source_and_the_duplicate_stored_once(full_crawl):
    first = full_crawl["first"]
    counts = {s.name: (s.found, s.new, s.duplicates, len(s.failed), s.error) for s in first.sources}
    assert counts == {"yueqing": (6, 6, 0, 0, None), "hanjiang": (5, 5, 0, 0, None),
                      "tianhe": (6, 5, 1, 0, None), "zezhou": (3, 3, 0, 0, None)}
    assert len(first.new_documents) == 19
    with RawStore(full_crawl["work"] / "raw") as store:
        documents = store.documents()
    assert len(documents) == 20 and len({d.sha256 for d in documents}) == 19
    assert len(full_crawl["first_reports"]) == 19  # one report file per distinct document


def test_gbk_titles_and_registry_hints_reach_the_catalog(full_crawl):
    with RawStore(full_crawl["work"] / "raw") as store:
        hanweb = [d for d in store.documents() if d.source == "hanjiang"]
    assert sorted(d.title for d in hanweb) == sorted(
        e["title"] for e in EXPECTED if e["site"] == "hanweb")
    assert {d.region_code for d in hanweb} == {"350303"}
    assert all("莆田市涵江区民政局" in d.agencies for d in hanweb)
    assert {d.published for d in hanweb} >= {"2024-01-20", "2025-01-15"}


def test_inline_reports_are_read_with_their_provenance(full_crawl):
    from pipelines.report_files import read_report_files

    files = {f.provenance.url: f for f in read_report_files(full_crawl["work"] / "reports")}
    url = full_crawl["portal"].sites["hanweb"] + "/art/2024/1/22/art_1229_5690.html"
    report = files[url]
    assert report.report["status"] == "ok"
    assert report.report["agency"] == "莆田市涵江区民政局" and report.report["year"] == 2023
    assert report.provenance.source == "hanjiang" and report.provenance.region_code == "350303"


def test_nothing_off_site_or_disallowed_is_ever_requested(full_crawl):
    log = full_crawl["first_log"] + full_crawl["second_log"]
    assert [e for e in log if e.site == "mirror"] == []
    assert [e.path for e in log if e.path.startswith("/private/")] == []
    skipped = dict(full_crawl["first"].source("yueqing").skipped)
    assert any("off-site" in reason for reason in skipped.values())
    assert any("robots.txt" in reason for reason in skipped.values())


def test_one_request_at_a_time_per_host_with_the_delay_kept(full_crawl):
    by_site = defaultdict(list)
    for entry in full_crawl["first_log"]:
        by_site[entry.site].append(entry)
    assert set(by_site) == {"trs", "hanweb", "gd", "generic"}
    for site, entries in by_site.items():
        assert max_in_flight(entries) == 1, site
        floor = HANWEB_CRAWL_DELAY if site == "hanweb" else DELAY
        assert smallest_gap(entries) >= floor - 0.01, site
    # different hosts are crawled at the same time: every site is busy at one moment
    spans = [(min(e.start for e in es), max(e.end for e in es)) for es in by_site.values()]
    assert max(start for start, _ in spans) < min(end for _, end in spans)


def test_every_request_is_identified_and_robots_is_read_first(full_crawl):
    log = full_crawl["first_log"]
    assert {e.headers["user-agent"] for e in log} == {load_registry_agent()}
    for site in ("trs", "hanweb", "gd", "generic"):
        first = min((e for e in log if e.site == site), key=lambda e: e.start)
        assert first.path == "/robots.txt"


def load_registry_agent() -> str:
    from pipelines.crawl.registry import USER_AGENT
    return USER_AGENT


def test_a_second_crawl_asks_only_conditionally_gets_304s_and_extracts_nothing(full_crawl):
    log = full_crawl["second_log"]
    assert log and all(e.conditional for e in log)
    assert {e.status for e in log} == {304}
    assert len(log) == len({(e.site, e.path) for e in log})  # one request per page
    second = full_crawl["second"]
    assert [s.new for s in second.sources] == [0, 0, 0, 0]
    assert second.new_documents == []
    assert full_crawl["second_reports"] == []


# ---------------------------------------------------------------- faults, one source at a time

def crawl_with(tmp_path: Path, faults: list[Fault], source: str, **overrides):
    with serve_sample_portal(PORTAL, faults=faults) as portal:
        sources = portal.write_sources(tmp_path / "sources.yaml")
        if overrides:
            text = sources.read_text(encoding="utf-8")
            for key, value in overrides.items():
                text = re.sub(rf"(?m)^  {key}: .*\n", "", text)
                text = text.replace("defaults:\n", f"defaults:\n  {key}: {value}\n", 1)
            sources.write_text(text, encoding="utf-8")
        summary = crawl(load_registry(sources), tmp_path / "raw", only=[source])
        return portal, summary, portal.entries()


def requests_of(log: list[AccessEntry], path: str) -> list[AccessEntry]:
    return [e for e in log if e.path == path]


def test_503_then_success_is_retried_after_a_pause(tmp_path):
    path = "/zwgk/ndbg/2024-01-18/1039.html"
    _, summary, log = crawl_with(tmp_path, [Fault(path, "status", times=2, status=503)], "zezhou")
    tries = requests_of(log, path)
    assert [e.status for e in tries] == [503, 503, 200]
    assert tries[1].start - tries[0].end >= 0.1 and tries[2].start - tries[1].end >= 0.2  # backoff
    assert summary.source("zezhou").new == 3 and summary.source("zezhou").failed == []


def test_a_slow_answer_times_out_and_is_asked_again_without_overlap(tmp_path):
    path = "/zwgk/ndbg/2023-01-17/877.html"
    _, summary, log = crawl_with(tmp_path, [Fault(path, "delay", times=1, seconds=1.5)], "zezhou",
                                 timeout=1)
    # the first answer came after the client had given up (499: the client closed the request)
    assert [e.status for e in requests_of(log, path)] == [499, 200]
    assert max_in_flight([e for e in log if e.site == "generic"]) == 1
    assert summary.source("zezhou").new == 3


def test_a_truncated_download_is_not_stored_and_is_fetched_again(tmp_path):
    path = "/zwgk/ndbg/2024-01-18/1039.html"
    _, summary, log = crawl_with(tmp_path, [Fault(path, "truncate", times=1)], "zezhou")
    tries = requests_of(log, path)
    assert len(tries) == 2 and tries[0].bytes_sent < tries[1].bytes_sent
    whole = (PORTAL / "sites" / "generic" / path.lstrip("/")).read_bytes()
    with RawStore(tmp_path / "raw") as store:
        blobs = [store.get(d.sha256) for d in store.documents()]
        half = [f for f in store.fetches() if f["url"].endswith(path) and f["error"]]
    assert whole in blobs and whole[: len(whole) // 2] not in blobs
    assert len(half) == 1  # the failed try is in the fetch log, with its reason
    assert not list((tmp_path / "raw" / "blobs").rglob("*.tmp"))


def test_a_404_is_recorded_and_the_other_reports_still_come_in(tmp_path):
    path = "/zwgk/ndbg/2024-01-18/1039.html"
    _, summary, log = crawl_with(tmp_path, [Fault(path, "status", times=None, status=404)], "zezhou")
    zezhou = summary.source("zezhou")
    assert zezhou.new == 2 and zezhou.error is None
    assert [(urlsplit(u).path, r) for u, r in zezhou.failed] == [(path, "HTTP 404")]
    assert len(requests_of(log, path)) == 1  # a 404 is not retried


def test_redirects_are_followed_within_the_cap_and_never_off_site(tmp_path):
    hop = "/zwgk/ndbg/2024-01-18/1039.html"
    faults = [Fault(r"^/old/1039\.html$", "redirect", times=None, to="/older/1039.html"),
              Fault(r"^/older/1039\.html$", "redirect", times=None, to=hop),
              Fault(hop, "redirect", times=1, to="/old/1039.html"),
              Fault("/zwgk/ndbg/2023-01-17/877.html", "redirect", times=None,
                    to="{{site:mirror}}/art/ndbg/t20240110_999.html")]
    portal, summary, log = crawl_with(tmp_path, faults, "zezhou")
    assert sorted(e.path for e in log if e.status == 302) == sorted(
        [hop, "/old/1039.html", "/older/1039.html", "/zwgk/ndbg/2023-01-17/877.html"])
    assert requests_of(log, hop)[-1].status == 200
    assert [e for e in log if e.site == "mirror"] == []
    zezhou = summary.source("zezhou")
    assert zezhou.new == 2
    assert "not followed: off-site" in dict(zezhou.failed)[portal.sites["generic"] +
                                                           "/zwgk/ndbg/2023-01-17/877.html"]


def test_a_redirect_loop_stops_at_the_cap(tmp_path):
    path = "/zwgk/ndbg/2024-01-18/1039.html"
    faults = [Fault(path, "redirect", times=None, to="/loop.html"),
              Fault("/loop.html", "redirect", times=None, to=path)]
    _, summary, log = crawl_with(tmp_path, faults, "zezhou", max_redirects=3)
    assert len([e for e in log if e.status == 302]) == 4
    assert "more than 3 redirects" in summary.source("zezhou").failed[0][1]


def test_a_failing_source_does_not_stop_the_others(tmp_path):
    with serve_sample_portal(PORTAL, faults=[Fault("/col/", "status", times=None, status=500,
                                                   site="hanweb")]) as portal:
        registry = load_registry(portal.write_sources(tmp_path / "sources.yaml"))
        summary = crawl(registry, tmp_path / "raw", only=["hanjiang", "zezhou"])
        log = portal.entries("hanweb")
    hanjiang, zezhou = summary.source("hanjiang"), summary.source("zezhou")
    assert "no list page could be read: HTTP 500 (after 4 tries)" in hanjiang.error
    assert len([e for e in log if e.path.startswith("/col/")]) == 4
    assert zezhou.error is None and zezhou.new == 3
    assert not summary.all_failed


def test_loopback_is_refused_unless_the_source_allows_it(tmp_path):
    _, summary, log = crawl_with(tmp_path, [], "zezhou", allow_private="false")
    assert log == []
    assert "private or loopback address" in summary.source("zezhou").error


def test_a_permanent_redirect_is_remembered_so_the_next_crawl_asks_only_conditionally(tmp_path):
    old = "/zwgk/ndbg/2024-01-18/1039.html"
    new = "/zwgk//ndbg/2024-01-18/1039.html"  # the same file under another address
    faults = [Fault(rf"^{re.escape(old)}$", "redirect", times=None, status=301, to=new)]
    with serve_sample_portal(PORTAL, faults=faults) as portal:
        registry = load_registry(portal.write_sources(tmp_path / "sources.yaml"))
        first = crawl(registry, tmp_path / "raw", only=["zezhou"])
        portal.clear_log()
        crawl(registry, tmp_path / "raw", only=["zezhou"])
        second_log = portal.entries()
    assert first.source("zezhou").new == 3
    assert [e.path for e in second_log if e.path in (old, new)] == [new]
    assert all(e.conditional and e.status == 304 for e in second_log)


def test_a_body_over_the_size_cap_is_refused_and_not_stored(tmp_path):
    _, summary, log = crawl_with(tmp_path, [], "zezhou", max_bytes=2000)  # the lists (under 800 bytes) fit
    zezhou = summary.source("zezhou")
    assert zezhou.new == 0 and len(zezhou.failed) == 3
    assert all(reason.startswith("too large") for _, reason in zezhou.failed)
    with RawStore(tmp_path / "raw") as store:
        assert store.documents() == []
