"""The nightly job with Dagster's instance on PostgreSQL and the warehouse as a DuckLake lake,
two runs at once (one source each), as several machines would run them.

Both on one throwaway PostgreSQL server (tests/postgres.py): the instance is the
repository's own deploy/postgres/dagster.yaml, its URL from the environment as a
deployment sets it; the lake's catalog is a second database of the same server.
"""

from __future__ import annotations

import json
import multiprocessing
import shutil
from pathlib import Path

import dagster as dg
import pytest
import yaml
from dagster_postgres import PostgresEventLogStorage, PostgresRunStorage, PostgresScheduleStorage

from conftest import ROOT
from pipelines.defs.sources import SOURCES as SOURCE_PARTITIONS
from pipelines.definitions import build_definitions, crawl_sources, load_warehouse
from pipelines.portal import serve_sample_portal
from pipelines.warehouse import lake, run_query
from tests.postgres import running_postgres

pytestmark = pytest.mark.lake  # DuckDB 1.5.5 and its DuckLake extension: .venv-lake

SOURCES = ("yueqing", "hanjiang")  # one night each, at the same time
RUN_SECONDS = 300


@pytest.fixture(scope="module")
def nights(tmp_path_factory):
    """Two runs of the real job at once, in two processes, each crawling one source of the
    sample portal; one instance and one lake for both, on one PostgreSQL server."""
    work = tmp_path_factory.mktemp("nights")
    home = work / "dagster_home"
    home.mkdir()
    shutil.copy(ROOT / "deploy/postgres/dagster.yaml", home / "dagster.yaml")
    with running_postgres() as postgres, pytest.MonkeyPatch.context() as environment, \
            serve_sample_portal() as portal:
        postgres.create_database("dagster")
        lake_uri = "ducklake:postgres:" + postgres.create_database("xxgk_lake")
        environment.setenv("DAGSTER_POSTGRES_URL",
                           f"postgresql+psycopg2://{postgres.user}@{postgres.host}:{postgres.port}/dagster")
        environment.setenv(lake.DATA_SETTING, str(work / "lake-data") + "/")
        registry = yaml.safe_load(portal.write_sources(work / "sources.yaml").read_text("utf-8"))
        # The instance's tables and the partitions are made once, before the two processes:
        # each night's registry holds its own source only, and syncing would drop the other.
        with dg.DagsterInstance.from_config(str(home)) as instance:
            instance.add_dynamic_partitions(SOURCE_PARTITIONS.name, list(SOURCES))
        spawn = multiprocessing.get_context("spawn")
        runs = {}
        for source in SOURCES:
            night = work / source
            night.mkdir()
            only = {**registry, "sources": [s for s in registry["sources"] if s["name"] == source]}
            (night / "sources.yaml").write_text(yaml.safe_dump(only, allow_unicode=True), "utf-8")
            runs[source] = spawn.Process(target=_run_night, args=(str(home), str(night), lake_uri))
            runs[source].start()
        for process in runs.values():
            process.join(RUN_SECONDS)
        with dg.DagsterInstance.from_config(str(home)) as instance:
            yield {"exit_codes": {s: p.exitcode for s, p in runs.items()}, "instance": instance,
                   "postgres": postgres, "lake": lake_uri, "work": work,
                   "run_ids": {s: (work / s / "run_id").read_text().split() for s in SOURCES},
                   "assets": json.loads((work / SOURCES[0] / "assets.json").read_text())}


def _run_night(home: str, night: str, lake_uri: str) -> None:
    """One process's night: the nightly job on its own registry, files and analysts' copy."""
    night = Path(night)
    settings = {"XXGK_SOURCES": str(night / "sources.yaml"), "XXGK_RAW": str(night / "raw"),
                "XXGK_REPORTS": str(night / "reports"), "XXGK_STAGING": str(night / "staging"),
                "XXGK_WAREHOUSE": lake_uri, "XXGK_ANALYST_COPY": str(night / "analyst.duckdb")}
    definitions = build_definitions(settings)
    source = yaml.safe_load((night / "sources.yaml").read_text("utf-8"))["sources"][0]["name"]
    with dg.DagsterInstance.from_config(home) as instance:
        crawled = definitions.resolve_job_def(crawl_sources.name).execute_in_process(
            instance=instance, partition_key=source)
        loaded = definitions.resolve_job_def(load_warehouse.name).execute_in_process(
            instance=instance)
    (night / "run_id").write_text(f"{crawled.run_id} {loaded.run_id}")
    (night / "assets.json").write_text(json.dumps(sorted(
        key.to_user_string() for key in definitions.resolve_asset_graph().get_all_asset_keys())))


def test_both_runs_and_all_their_events_are_in_postgres(nights):
    assert nights["exit_codes"] == {source: 0 for source in SOURCES}
    instance, postgres = nights["instance"], nights["postgres"]
    assert isinstance(instance.run_storage, PostgresRunStorage)
    assert isinstance(instance.event_log_storage, PostgresEventLogStorage)
    assert isinstance(instance.schedule_storage, PostgresScheduleStorage)
    for run_ids in nights["run_ids"].values():  # a night: its source's crawl, then the load
        materialized = []
        for run_id in run_ids:
            [(status,)] = postgres.query("dagster",
                                         f"SELECT status FROM runs WHERE run_id = '{run_id}'")
            assert status == "SUCCESS"
            stored = dict(postgres.query("dagster", "SELECT dagster_event_type, count(*) FROM "
                                                    f"event_logs WHERE run_id = '{run_id}' GROUP BY 1"))
            assert stored["PIPELINE_SUCCESS"] == 1
            materialized += postgres.query(
                "dagster", "SELECT asset_key FROM event_logs WHERE dagster_event_type = "
                           f"'ASSET_MATERIALIZATION' AND run_id = '{run_id}'")
            assert sum(stored.values()) == len(instance.all_logs(run_id))
        assert sorted("/".join(json.loads(key)) for (key,) in materialized) == nights["assets"]


def test_the_lake_holds_each_nights_reports_once_and_their_checks_passed(nights):
    per_source = {source: len(list((nights["work"] / source / "reports").glob("*.json")))
                  for source in SOURCES}
    assert per_source == {"yueqing": 6, "hanjiang": 5}  # the sample portal's two sources
    in_lake = run_query(nights["lake"], "select registry_source, count(*) as n from reports "
                                        "group by all order by all")
    assert dict(in_lake.iter_rows()) == per_source  # each night's reports once, none lost
    for source, run_ids in nights["run_ids"].items():
        copy = run_query(nights["work"] / source / "analyst.duckdb",
                         "select count(*) as n from reports")["n"][0]
        assert copy in (per_source[source], sum(per_source.values()))  # a snapshot, whole
        checks = {event.asset_check_evaluation_data.check_name:
                  event.asset_check_evaluation_data.passed
                  for run_id in run_ids
                  for event in nights["instance"].all_logs(
                      run_id, of_type=dg.DagsterEventType.ASSET_CHECK_EVALUATION)
                  for event in [event.dagster_event]}
        assert checks["every_report_loaded"] and checks["source_crawled"], checks
    assert nights["postgres"].query("xxgk_lake", "SELECT count(*) FROM ducklake_table")[0][0] > 0
