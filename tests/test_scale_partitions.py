"""One partition per source of the registry: synced as the registry changes, crawled alone."""

from __future__ import annotations

from datetime import datetime

import dagster as dg
import yaml

from pipelines.crawl import load_registry
from pipelines.definitions import build_definitions, nightly_crawl
from pipelines.defs.sources import SOURCES, source_partitions, sync_source_partitions
from pipelines.portal import serve_sample_portal


def settings_in(work) -> dict:
    return {"XXGK_SOURCES": str(work / "sources.yaml"), "XXGK_RAW": str(work / "raw"),
            "XXGK_REPORTS": str(work / "reports"), "XXGK_STAGING": str(work / "staging"),
            "XXGK_WAREHOUSE": str(work / "warehouse.duckdb"),
            "XXGK_ANALYST_COPY": str(work / "analyst.duckdb")}


def drop_source(sources_file, name: str) -> None:
    registry = yaml.safe_load(sources_file.read_text("utf-8"))
    registry["sources"] = [s for s in registry["sources"] if s["name"] != name]
    sources_file.write_text(yaml.safe_dump(registry, allow_unicode=True), "utf-8")


def test_partitions_follow_the_registry_as_sources_come_and_go(tmp_path):
    with serve_sample_portal() as portal:
        sources_file = portal.write_sources(tmp_path / "sources.yaml")
    instance = dg.DagsterInstance.ephemeral()
    assert sync_source_partitions(instance, str(sources_file)) == \
        ["yueqing", "hanjiang", "tianhe", "zezhou"]
    assert instance.get_dynamic_partitions(SOURCES.name) == \
        ["yueqing", "hanjiang", "tianhe", "zezhou"]
    drop_source(sources_file, "tianhe")
    sync_source_partitions(instance, str(sources_file))
    assert instance.get_dynamic_partitions(SOURCES.name) == ["yueqing", "hanjiang", "zezhou"]


def test_the_sensor_asks_for_the_sources_the_registry_gained_and_lost(tmp_path):
    with serve_sample_portal() as portal:
        sources_file = portal.write_sources(tmp_path / "sources.yaml")
    instance = dg.DagsterInstance.ephemeral()
    instance.add_dynamic_partitions(SOURCES.name, ["yueqing", "retired"])
    defs = build_definitions(settings_in(tmp_path))
    with dg.build_sensor_context(instance=instance, resources=defs.resources) as context:
        result = source_partitions(context)
    added, deleted = result.dynamic_partitions_requests
    assert added.partition_keys == ["hanjiang", "tianhe", "zezhou"]
    assert deleted.partition_keys == ["retired"]


def test_the_nightly_schedule_asks_for_one_crawl_per_source(tmp_path):
    with dg.instance_for_test() as instance:
        instance.add_dynamic_partitions(SOURCES.name, ["yueqing", "zezhou"])
        context = dg.build_schedule_context(instance=instance,
                                            scheduled_execution_time=datetime(2026, 3, 1, 2, 30))
        requests = nightly_crawl(context)
    assert [(r.partition_key, r.run_key) for r in requests] == \
        [("yueqing", "2026-03-01-yueqing"), ("zezhou", "2026-03-01-zezhou")]


def test_one_source_is_crawled_and_read_alone(tmp_path):
    settings = settings_in(tmp_path)
    defs = build_definitions(settings)
    instance = dg.DagsterInstance.ephemeral()
    with serve_sample_portal() as portal:
        portal.write_sources(settings["XXGK_SOURCES"])
        sync_source_partitions(instance, settings["XXGK_SOURCES"])
        zezhou = next(s for s in load_registry(settings["XXGK_SOURCES"]).sources
                      if s.name == "zezhou")
        result = defs.resolve_job_def("crawl_sources").execute_in_process(
            instance=instance, partition_key="zezhou")
        requested = {e.site for e in portal.entries()}
        its_site = {site for site, base in portal.sites.items()
                    if any(page.startswith(base) for page in zezhou.lists)}
    assert result.success
    assert len(its_site) == 1 and requested == its_site
    statuses = instance.get_status_by_partition(
        dg.AssetKey("report_files"), ["zezhou", "yueqing"], SOURCES)
    assert statuses == {"zezhou": dg.AssetPartitionStatus.MATERIALIZED, "yueqing": None}
