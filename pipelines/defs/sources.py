"""One partition per source of the site registry, kept in step with ``data/sources.yaml``.

A source can then be crawled, read or backfilled alone; a source added to the registry
becomes a partition, a source removed from it stops being one (its stored documents
and reports stay). The ``source_partitions`` sensor syncs them; ``sync_source_partitions``
is the same step for a script (``make demo``) that runs without the daemon.
"""

import dagster as dg

from pipelines.crawl import load_registry
from pipelines.defs.resources import CrawlerResource

SOURCES = dg.DynamicPartitionsDefinition(name="sources")


def partition_changes(registry_names: list[str], partitions: list[str]) -> tuple[list, list]:
    """(sources to add as partitions, partitions whose source left the registry)."""
    return ([n for n in registry_names if n not in partitions],
            [p for p in partitions if p not in registry_names])


def sync_source_partitions(instance: dg.DagsterInstance, sources_file: str) -> list[str]:
    """Make the partitions the registry's sources; return them."""
    names = load_registry(sources_file).names()
    added, removed = partition_changes(names, instance.get_dynamic_partitions(SOURCES.name))
    if added:
        instance.add_dynamic_partitions(SOURCES.name, added)
    for name in removed:
        instance.delete_dynamic_partition(SOURCES.name, name)
    return names


@dg.sensor(minimum_interval_seconds=300, default_status=dg.DefaultSensorStatus.RUNNING,
           description="Keeps the source partitions in step with the site registry.")
def source_partitions(context: dg.SensorEvaluationContext,
                      crawler: CrawlerResource) -> dg.SensorResult:
    names = load_registry(crawler.sources_file).names()
    added, removed = partition_changes(names, context.instance.get_dynamic_partitions(SOURCES.name))
    requests = []
    if added:
        requests.append(SOURCES.build_add_request(added))
    if removed:
        requests.append(SOURCES.build_delete_request(removed))
    return dg.SensorResult(dynamic_partitions_requests=requests)
