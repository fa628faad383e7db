"""Unattended nights: a portal down fails its own partition, the load starts by itself,
a failed run is posted to the alert webhook, a source not crawled for three nights is stale.

Everything runs against the bundled sample portal; the webhook is a real HTTP server on
loopback that records what it is sent.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from datetime import datetime, timedelta, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import dagster as dg
import pytest

from pipelines.crawl import RawStore, crawl, load_registry
from pipelines.crawl.freshness import last_successful_crawls, stale_sources
from pipelines.definitions import build_definitions, run_night
from pipelines.defs.alerts import alert_on_run_failure
from pipelines.defs.sources import sync_source_partitions
from pipelines.portal import Fault, serve_sample_portal
from pipelines.warehouse import run_query

ONE_QUICK_RETRY = {"XXGK_CRAWL_RETRIES": "1", "XXGK_CRAWL_RETRY_DELAY": "0"}
ZEZHOU_LIST = r"^/zwgk/ndbg/list\.html"


def settings_in(work, **more) -> dict:
    return {"XXGK_SOURCES": str(work / "sources.yaml"), "XXGK_RAW": str(work / "raw"),
            "XXGK_REPORTS": str(work / "reports"), "XXGK_STAGING": str(work / "staging"),
            "XXGK_WAREHOUSE": str(work / "warehouse.duckdb"),
            "XXGK_ANALYST_COPY": str(work / "analyst.duckdb"), **more}


def write_sources_without_retries(portal, path):
    """The portal's registry, with no request retried: a portal down fails at once."""
    portal.write_sources(path)
    path.write_text(path.read_text("utf-8").replace("  retries: 3\n", "  retries: 0\n"), "utf-8")


class Webhook:
    """A loopback HTTP server that answers 200 and keeps every JSON body POSTed to it."""

    def __init__(self) -> None:
        received = self.received = []

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 - the http.server API
                body = self.rfile.read(int(self.headers["Content-Length"]))
                received.append((self.path, self.headers["Content-Type"], json.loads(body)))
                self.send_response(200)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hooks/xxgk"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def webhook():
    hook = Webhook()
    yield hook
    hook.close()


def test_a_portal_down_is_retried_fails_its_own_partition_and_the_night_loads_the_others(
        tmp_path):
    settings = settings_in(tmp_path, **ONE_QUICK_RETRY)
    defs = build_definitions(settings)
    with dg.instance_for_test() as instance, \
            serve_sample_portal(faults=[Fault(ZEZHOU_LIST, "status", times=None, status=503)]) \
            as portal:
        write_sources_without_retries(portal, tmp_path / "sources.yaml")
        results = run_night(defs, instance)
        asked = [e for e in portal.entries() if e.path == "/zwgk/ndbg/list.html"]
    by_source = {r.dagster_run.tags.get("dagster/partition"): r for r in results}
    assert [s for s, r in by_source.items() if not r.success] == ["zezhou"]
    failed = by_source["zezhou"]
    assert [e.event_type_value for e in failed.all_events
            if e.event_type_value.startswith("STEP_") and e.event_type_value != "STEP_OUTPUT"
            and e.step_key == "raw_documents"] == ["STEP_START", "STEP_UP_FOR_RETRY",
                                                   "STEP_RESTARTED", "STEP_FAILURE"]
    assert len(asked) == 2 and {e.status for e in asked} == {503}  # once, then its retry
    check = [e.asset_check_evaluation_data for e in failed.all_events
             if e.event_type_value == "ASSET_CHECK_EVALUATION"][-1]
    assert (check.check_name, check.passed) == ("source_crawled", False)
    assert "503" in check.metadata["error"].value
    assert check.metadata["last_successful_crawl"].value == "never"
    assert by_source[None].success  # the load, of the three sources that answered
    sources = run_query(settings["XXGK_ANALYST_COPY"],
                        "select distinct registry_source from reports order by 1")
    assert sources["registry_source"].to_list() == ["hanjiang", "tianhe", "yueqing"]


def test_the_load_is_requested_once_a_crawl_brought_reports_in_though_other_sources_wait(tmp_path):
    settings = settings_in(tmp_path)
    defs = build_definitions(settings)
    load = {dg.AssetKey(n) for n in ("reports", "agency_year", "analyst_copy", "dashboard")}
    with dg.instance_for_test() as instance, serve_sample_portal() as portal:
        portal.write_sources(settings["XXGK_SOURCES"])
        sync_source_partitions(instance, settings["XXGK_SOURCES"])
        before = dg.evaluate_automation_conditions(defs=defs, instance=instance)
        crawled = defs.resolve_job_def("crawl_sources").execute_in_process(
            instance=instance, partition_key="zezhou")
        after = dg.evaluate_automation_conditions(defs=defs, instance=instance,
                                                  cursor=before.cursor)
    assert crawled.success
    assert before.total_requested == 0  # nothing crawled yet: nothing to load
    requested = {key for key in defs.resolve_asset_graph().get_all_asset_keys()
                 if after.get_requested_partitions(key)}
    assert load <= requested
    assert not requested & {dg.AssetKey("raw_documents"), dg.AssetKey("report_files")}


def test_a_failed_run_is_posted_to_the_alert_webhook(tmp_path, webhook):
    settings = settings_in(tmp_path, XXGK_ALERT_WEBHOOK=webhook.url, XXGK_CRAWL_RETRIES="0")
    defs = build_definitions(settings)
    with dg.instance_for_test() as instance, \
            serve_sample_portal(faults=[Fault(ZEZHOU_LIST, "status", times=None, status=503)]) \
            as portal:
        write_sources_without_retries(portal, tmp_path / "sources.yaml")
        sync_source_partitions(instance, settings["XXGK_SOURCES"])
        failed = defs.resolve_job_def("crawl_sources").execute_in_process(
            instance=instance, partition_key="zezhou", raise_on_error=False)
        context = dg.build_run_status_sensor_context(
            sensor_name=alert_on_run_failure.name, dagster_instance=instance,
            dagster_run=failed.dagster_run, dagster_event=failed.get_run_failure_event(),
            resources={"alerts": defs.resources["alerts"]}).for_run_failure()
        alert_on_run_failure(context)
    assert not failed.success
    ((path, content_type, body),) = webhook.received
    assert path == "/hooks/xxgk" and content_type == "application/json"
    assert body["job"] == "crawl_sources" and body["partition"] == "zezhou"
    assert body["run_id"] == failed.dagster_run.run_id
    assert list(body["failed_steps"]) == ["raw_documents"]
    assert "zezhou could not be crawled" in body["failed_steps"]["raw_documents"]
    assert body["text"].startswith(f"xxgk: run {failed.run_id[:8]} of crawl_sources for source "
                                   "zezhou failed (raw_documents: ")


def test_without_a_webhook_the_alert_sensor_skips(tmp_path):
    defs = build_definitions(settings_in(tmp_path))
    with dg.instance_for_test() as instance:
        failed = dg.materialize([_failing], instance=instance, raise_on_error=False)
        context = dg.build_run_status_sensor_context(
            sensor_name=alert_on_run_failure.name, dagster_instance=instance,
            dagster_run=failed.dagster_run, dagster_event=failed.get_run_failure_event(),
            resources={"alerts": defs.resources["alerts"]}).for_run_failure()
        skipped = alert_on_run_failure(context)
    assert isinstance(skipped, dg.SkipReason) and "XXGK_ALERT_WEBHOOK" in skipped.skip_message


@dg.asset
def _failing() -> None:
    raise RuntimeError("a step that fails")


def crawled_store(tmp_path):
    """The raw store after one successful crawl of every sample source."""
    with serve_sample_portal() as portal:
        sources = portal.write_sources(tmp_path / "sources.yaml")
        crawl(load_registry(sources), tmp_path / "raw")
    return load_registry(sources)


def age_fetches(raw_root, source: str, days: int) -> None:
    """Make every fetch of ``source`` ``days`` days older (the store stamps fetches itself)."""
    with sqlite3.connect(raw_root / "crawl.sqlite") as db:
        for row_id, fetched_at in db.execute("SELECT id, fetched_at FROM fetches WHERE source = ?",
                                             (source,)).fetchall():
            older = datetime.fromisoformat(fetched_at) - timedelta(days=days)
            db.execute("UPDATE fetches SET fetched_at = ? WHERE id = ?",
                       (older.isoformat(timespec="seconds"), row_id))


def test_last_success_is_when_a_list_page_last_answered(tmp_path):
    registry = crawled_store(tmp_path)
    with RawStore(tmp_path / "raw") as store:
        store.log_fetch(registry.sources[0].lists[0], registry.sources[0].name, status=503)
        last = last_successful_crawls(store, registry.sources)
    now = datetime.now(timezone.utc)
    assert set(last) == {"yueqing", "hanjiang", "tianhe", "zezhou"}
    assert all(now - timedelta(minutes=5) < when <= now for when in last.values())
    assert stale_sources(last, now) == {}
    assert stale_sources(last, now + timedelta(days=3, hours=1)) == last
    assert stale_sources({"new": None}, now) == {"new": None}


def test_a_source_not_crawled_successfully_for_three_nights_is_stale(tmp_path):
    registry = crawled_store(tmp_path)
    age_fetches(tmp_path / "raw", "tianhe", days=4)
    age_fetches(tmp_path / "raw", "zezhou", days=2)  # two nights: not yet stale
    settings = settings_in(tmp_path)
    with RawStore(tmp_path / "raw") as store:  # a failure since does not refresh it
        store.log_fetch(registry.sources[2].lists[0], "tianhe", status=503)
    defs = build_definitions(settings)
    with dg.instance_for_test() as instance:
        result = defs.resolve_job_def("check_freshness").execute_in_process(instance=instance)
    (evaluation,) = [e.asset_check_evaluation_data for e in result.all_events
                     if e.event_type_value == "ASSET_CHECK_EVALUATION"]
    assert evaluation.check_name == "sources_crawled_recently"
    assert evaluation.asset_key == dg.AssetKey("raw_documents")
    assert not evaluation.passed and evaluation.severity == dg.AssetCheckSeverity.WARN
    assert evaluation.metadata["stale"].value == 1
    table = evaluation.metadata["stale_sources"].value
    assert "| tianhe |" in table and "| 4 |" in table and "zezhou" not in table
