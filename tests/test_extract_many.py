"""Reading many documents: one worker process per core unless told fewer, documents taken
from the caller only as workers fall idle (so a crawl's bytes are not all held at once)."""

from __future__ import annotations

import os

import pytest

from conftest import FIXTURES
from pipelines.extract import default_workers, extract_many

TEXT_REPORTS = sorted((FIXTURES / "text").glob("f0*.txt"))[:4]


def test_the_default_is_one_worker_per_core_this_process_may_use(monkeypatch):
    monkeypatch.delenv("XXGK_WORKERS", raising=False)
    assert default_workers() == len(os.sched_getaffinity(0))


def test_xxgk_workers_limits_the_workers(monkeypatch):
    monkeypatch.setenv("XXGK_WORKERS", "3")
    assert default_workers() == 3


@pytest.mark.parametrize("setting", ["0", "two", "-1", "1.5"])
def test_a_bad_xxgk_workers_is_refused_with_its_value(monkeypatch, setting):
    monkeypatch.setenv("XXGK_WORKERS", setting)
    with pytest.raises(ValueError, match=f"XXGK_WORKERS must be .* at least 1 .*{setting!r}"):
        default_workers()


def test_documents_are_taken_from_the_caller_only_as_a_worker_falls_idle():
    taken = []

    def documents():
        for path in TEXT_REPORTS:
            taken.append(path)
            yield (path.read_bytes(), path.name)

    seen = []
    for report in extract_many(documents(), workers=1):
        seen.append((report.source, len(taken)))
    # one worker: the next document is taken only once the one before it was read, and
    # handed to the worker before that report reaches the caller (so it never waits on
    # the caller): when report k arrives, documents 1 to k + 1 have been taken, no more
    count = len(TEXT_REPORTS)
    assert seen == [(path.name, min(number + 1, count))
                    for number, path in enumerate(TEXT_REPORTS, 1)]


def test_several_workers_read_in_input_order():
    reports = list(extract_many([str(p) for p in TEXT_REPORTS * 2], workers=3))
    assert [r.source for r in reports] == [str(p) for p in TEXT_REPORTS * 2]
    assert all(r.status in ("ok", "partial") for r in reports)


def test_no_documents_start_no_worker():
    assert list(extract_many([], workers=4)) == []


def test_workers_below_one_are_refused():
    with pytest.raises(ValueError, match="at least 1"):
        list(extract_many([str(TEXT_REPORTS[0])], workers=0))


def test_forked_workers_read_as_fresh_ones_do():
    paths = [str(p) for p in TEXT_REPORTS]
    fresh = [r.to_json_dict() for r in extract_many(paths, workers=2)]
    forked = [r.to_json_dict() for r in extract_many(paths, workers=2, forked=True)]
    assert forked == fresh


def test_a_forked_worker_that_dies_or_hangs_costs_only_its_document(monkeypatch):
    """A forked worker runs this process's code, patched here: one document kills its
    worker, one never ends; the others are read, by workers started afresh."""
    import pipelines.workers as workers

    read = workers.extract_path

    def misbehaving(path, time_limit=None):
        if path.endswith("dies"):
            os._exit(3)
        if path.endswith("hangs"):
            import time
            time.sleep(60)
        return read(path, time_limit=time_limit)

    monkeypatch.setattr(workers, "extract_path", misbehaving)
    good = str(TEXT_REPORTS[0])
    reports = list(extract_many([good, "dies", good, "hangs", good], workers=2,
                                time_limit=3, forked=True))
    assert [r.status for r in reports] == ["ok", "failed", "ok", "failed", "ok"]
    assert reports[1].problems == ["the reading process died while reading the file"]
    assert reports[3].problems == ["reading took longer than 3 s: stopped"]
