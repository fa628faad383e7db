"""The raw store: whole files or none, each distinct content once, and a fetch log that remembers."""

from __future__ import annotations

import hashlib
import os

import pytest

from pipelines.crawl import RawStore


def test_the_same_bytes_are_stored_once_under_their_sha256(tmp_path):
    with RawStore(tmp_path) as store:
        first, second = store.put(b"report"), store.put(b"report")
    assert first == second == hashlib.sha256(b"report").hexdigest()
    assert [p.name for p in (tmp_path / "blobs").rglob("*") if p.is_file()] == [first]


def test_a_write_interrupted_midway_leaves_no_file(tmp_path, monkeypatch):
    def killed(fd):
        raise KeyboardInterrupt  # the crawl is stopped while the bytes are being written

    with RawStore(tmp_path) as store:
        monkeypatch.setattr(os, "fsync", killed)
        with pytest.raises(KeyboardInterrupt):
            store.put(b"half of a report")
        monkeypatch.undo()
        assert not store.has(hashlib.sha256(b"half of a report").hexdigest())
    assert [p for p in (tmp_path / "blobs").rglob("*") if p.is_file()] == []


def test_validators_survive_a_reopen(tmp_path):
    with RawStore(tmp_path) as store:
        sha256 = store.put(b"page")
        store.remember("http://x.gov.cn/a.html", sha256, '"abc"', "Mon, 15 Jan 2024 08:00:00 GMT")
        store.log_fetch("http://x.gov.cn/a.html", "x", status=200, size=4, sha256=sha256)
    with RawStore(tmp_path) as store:
        resource = store.resource("http://x.gov.cn/a.html")
        assert (resource.sha256, resource.etag) == (sha256, '"abc"')
        assert store.fetches()[0]["status"] == 200
        store.blob_path(sha256).unlink()
        assert store.resource("http://x.gov.cn/a.html") is None  # no copy, no conditional request


def test_sources_sharing_a_host_share_the_strictest_gate():
    from pipelines.crawl import parse_registry
    from pipelines.crawl.politeness import HostGates

    registry = parse_registry({"sources": [
        {"name": "a", "cms": "trs", "lists": ["http://x.gov.cn/a/"], "concurrency": 3, "delay": 0.5},
        {"name": "b", "cms": "trs", "lists": ["http://x.gov.cn/b/"], "concurrency": 1, "delay": 0.2},
    ]})
    gates = HostGates(registry.sources)
    gate = gates.gate("x.gov.cn", 3, 0.5)
    assert gates.gate("x.gov.cn", 1, 0.2) is gate
    assert (gate.concurrency, gate.delay) == (1, 0.5)
