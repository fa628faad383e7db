"""Politeness across runs: a host another run is crawling is not asked anything until it is free.

The limit lives in the Dagster instance's concurrency storage (the one behind ``pool=``),
so it holds between processes; here the other run is a claim made on the same instance.
"""

from __future__ import annotations

import threading
import time
from urllib.parse import urlsplit

import dagster as dg
import pytest

from pipelines.crawl import load_registry
from pipelines.definitions import build_definitions
from pipelines.defs.crawl import raw_documents
from pipelines.defs.host_pools import HostBusy, holding_host_pools, host_pool
from pipelines.defs.sources import sync_source_partitions
from pipelines.portal import serve_sample_portal


def settings_in(work) -> dict:
    return {"XXGK_SOURCES": str(work / "sources.yaml"), "XXGK_RAW": str(work / "raw"),
            "XXGK_REPORTS": str(work / "reports"), "XXGK_STAGING": str(work / "staging"),
            "XXGK_WAREHOUSE": str(work / "warehouse.duckdb"),
            "XXGK_ANALYST_COPY": str(work / "analyst.duckdb")}


def test_the_crawl_asset_declares_its_pool_and_its_retry_policy():
    assert raw_documents.op.pool == "crawl"
    policy = raw_documents.op.retry_policy
    assert (policy.max_retries, policy.delay, policy.backoff) == (2, 600, dg.Backoff.EXPONENTIAL)
    deployed = build_definitions({"XXGK_CRAWL_RETRIES": "4", "XXGK_CRAWL_RETRY_DELAY": "60"})
    policy = deployed.resolve_assets_def("raw_documents").op.retry_policy
    assert (policy.max_retries, policy.delay) == (4, 60)


def test_a_second_holder_of_a_host_waits_until_the_first_lets_go():
    events: list[str] = []
    with dg.instance_for_test() as instance:
        def second():
            with holding_host_pools(instance, "run-b", "crawl", ["www.gd.gov.cn"],
                                    poll_seconds=0.05, progress=events.append):
                events.append("b holds")

        with holding_host_pools(instance, "run-a", "crawl", ["WWW.gd.gov.cn"]) as pools:
            waiter = threading.Thread(target=second)
            waiter.start()
            time.sleep(0.5)
            events.append("a lets go")
        waiter.join(timeout=10)
        info = instance.event_log_storage.get_concurrency_info(host_pool("www.gd.gov.cn"))
    assert pools == ["crawl-host/www.gd.gov.cn"]
    assert events == ["waiting for crawl-host/www.gd.gov.cn: held by run(s) run-a",
                      "a lets go", "b holds"]
    assert info.slot_count == 1 and info.claimed_slots == [] and info.pending_steps == []


def test_a_host_held_too_long_fails_the_wait_naming_the_holder():
    with dg.instance_for_test() as instance:
        with holding_host_pools(instance, "run-a", "crawl", ["rsj.dazhou.gov.cn"]):
            with pytest.raises(HostBusy, match="held by run.s. run-a"):
                with holding_host_pools(instance, "run-b", "crawl", ["rsj.dazhou.gov.cn"],
                                        wait_seconds=0.2, poll_seconds=0.05):
                    pass
        # the abandoned wait left nothing behind: the next claim gets the host at once
        with holding_host_pools(instance, "run-c", "crawl", ["rsj.dazhou.gov.cn"],
                                wait_seconds=0):
            pass


def test_a_crawl_run_asks_nothing_of_a_host_another_run_holds(tmp_path):
    settings = settings_in(tmp_path)
    defs = build_definitions(settings)
    with dg.instance_for_test() as instance, serve_sample_portal() as portal:
        portal.write_sources(settings["XXGK_SOURCES"])
        sync_source_partitions(instance, settings["XXGK_SOURCES"])
        zezhou = next(s for s in load_registry(settings["XXGK_SOURCES"]).sources
                      if s.name == "zezhou")
        (host,) = {urlsplit(url).netloc for url in zezhou.lists}
        outcome = {}

        def crawl_zezhou():
            outcome["result"] = defs.resolve_job_def("crawl_sources").execute_in_process(
                instance=instance, partition_key="zezhou", raise_on_error=False)

        with holding_host_pools(instance, "another-run", "raw_documents:tianhe", [host]):
            crawler = threading.Thread(target=crawl_zezhou)
            crawler.start()
            time.sleep(3)
            asked_while_held = portal.entries()  # this crawl is the portal's only client
        crawler.join(timeout=120)
        asked_after = portal.entries()
    assert asked_while_held == []
    assert outcome["result"].success
    assert asked_after  # once the host was free, the crawl went ahead
