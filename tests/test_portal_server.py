"""The sample portal's server: what real portals' nginx does, plus the faults the tests inject."""

from __future__ import annotations

import httpx
import pytest

from pipelines.portal import Fault, serve_sample_portal
from tests.conftest import ROOT

PORTAL = ROOT / "data" / "sample_portal"


def test_files_etags_304s_query_pages_and_site_placeholders():
    with serve_sample_portal(PORTAL) as portal, httpx.Client() as client:
        trs = portal.sites["trs"]
        first = client.get(trs + "/art/xxgk/ndbg/index_1.html")
        assert first.status_code == 200 and portal.sites["mirror"] in first.text
        etag = first.headers["etag"]
        again = client.get(trs + "/art/xxgk/ndbg/index_1.html", headers={"If-None-Match": etag})
        assert again.status_code == 304 and again.content == b""
        since = client.get(trs + "/art/xxgk/ndbg/index_1.html",
                           headers={"If-Modified-Since": first.headers["last-modified"]})
        assert since.status_code == 304
        hanweb = client.get(portal.sites["hanweb"] + "/col/col1229/index.html?uid=4567&pageNum=2")
        assert hanweb.status_code == 200 and b"charset=gb2312" in hanweb.content
        assert client.get(trs + "/../../etc/passwd").status_code == 404
        assert [e.status for e in portal.entries("trs")] == [200, 304, 304, 404]
        assert portal.entries("trs")[1].conditional


def test_faults_misbehave_as_many_times_as_configured():
    faults = [Fault("robots", "status", times=2, status=503),
              Fault("index_1", "redirect", times=None, to="/art/xxgk/ndbg/index_2.html", site="trs")]
    with serve_sample_portal(PORTAL, faults=faults) as portal, httpx.Client() as client:
        codes = [client.get(portal.sites["gd"] + "/robots.txt").status_code for _ in range(3)]
        moved = client.get(portal.sites["trs"] + "/art/xxgk/ndbg/index_1.html")
        assert codes == [503, 503, 200]
        assert moved.status_code == 302 and moved.headers["location"] == "/art/xxgk/ndbg/index_2.html"


def test_a_truncated_answer_promises_more_than_it_sends():
    with serve_sample_portal(PORTAL, faults=[Fault("robots", "truncate")]) as portal:
        with pytest.raises(httpx.RemoteProtocolError):
            httpx.get(portal.sites["generic"] + "/robots.txt")


def test_unknown_fault_kinds_are_refused():
    with pytest.raises(ValueError, match="fault kind 'explode'"):
        Fault("/", "explode")
