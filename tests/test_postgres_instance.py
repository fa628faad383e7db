"""The nightly job with Dagster's instance on PostgreSQL and the warehouse as a DuckLake lake.

Both on one throwaway PostgreSQL server (tests/postgres.py): the instance is the
repository's own deploy/postgres/dagster.yaml, its URL from the environment as a
deployment sets it; the lake's catalog is a second database of the same server.
"""

from __future__ import annotations

import json
import shutil

import dagster as dg
import pytest
from dagster_postgres import PostgresEventLogStorage, PostgresRunStorage, PostgresScheduleStorage

from conftest import ROOT
from pipelines.definitions import build_definitions, nightly
from pipelines.portal import serve_sample_portal
from pipelines.warehouse import lake, run_query
from tests.postgres import running_postgres

PORTAL_REPORTS = json.loads((ROOT / "data/sample_portal/expected.json").read_text("utf-8"))


@pytest.fixture(scope="module")
def night(tmp_path_factory):
    """One night of the real job on the sample portal, instance and warehouse in PostgreSQL."""
    work = tmp_path_factory.mktemp("night")
    home = work / "dagster_home"
    home.mkdir()
    shutil.copy(ROOT / "deploy/postgres/dagster.yaml", home / "dagster.yaml")
    with running_postgres() as postgres, pytest.MonkeyPatch.context() as environment:
        postgres.create_database("dagster")
        lake_uri = "ducklake:postgres:" + postgres.create_database("xxgk_lake")
        environment.setenv("DAGSTER_POSTGRES_URL",
                           f"postgresql+psycopg2://{postgres.user}@{postgres.host}:{postgres.port}/dagster")
        environment.setenv(lake.DATA_SETTING, str(work / "lake-data") + "/")
        settings = {"XXGK_SOURCES": str(work / "sources.yaml"), "XXGK_RAW": str(work / "raw"),
                    "XXGK_REPORTS": str(work / "reports"), "XXGK_STAGING": str(work / "staging"),
                    "XXGK_WAREHOUSE": lake_uri,
                    "XXGK_ANALYST_COPY": str(work / "analyst.duckdb")}
        definitions = build_definitions(settings)
        job = definitions.resolve_job_def(nightly.name)
        assets = {key.to_user_string()
                  for key in definitions.resolve_asset_graph().get_all_asset_keys()}
        with dg.DagsterInstance.from_config(str(home)) as instance, \
                serve_sample_portal() as portal:
            portal.write_sources(settings["XXGK_SOURCES"])
            result = job.execute_in_process(instance=instance)
            yield {"result": result, "instance": instance, "postgres": postgres, "assets": assets,
                   "lake": lake_uri, "work": work}


def test_the_instance_keeps_runs_and_events_in_postgres(night):
    instance = night["instance"]
    assert isinstance(instance.run_storage, PostgresRunStorage)
    assert isinstance(instance.event_log_storage, PostgresEventLogStorage)
    assert isinstance(instance.schedule_storage, PostgresScheduleStorage)
    run_id = night["result"].run_id
    [(status,)] = night["postgres"].query("dagster",
                                          f"SELECT status FROM runs WHERE run_id = '{run_id}'")
    assert status == "SUCCESS"
    stored = dict(night["postgres"].query(
        "dagster", f"SELECT dagster_event_type, count(*) FROM event_logs "
                   f"WHERE run_id = '{run_id}' GROUP BY 1"))
    assert stored["PIPELINE_SUCCESS"] == 1
    assert stored["ASSET_MATERIALIZATION"] == len(night["assets"])
    materialized = night["postgres"].query(
        "dagster", "SELECT DISTINCT asset_key FROM event_logs "
                   f"WHERE run_id = '{run_id}' AND dagster_event_type = 'ASSET_MATERIALIZATION'")
    assert {"/".join(json.loads(key)) for (key,) in materialized} == night["assets"]
    assert sum(stored.values()) == len(instance.all_logs(run_id))


def test_the_night_loads_every_stored_report_into_the_lake_and_publishes_it(night):
    assert night["result"].success
    stored = len(list((night["work"] / "reports").glob("*.json")))
    assert stored == len({(r["agency"], r["year"], r["form"]) for r in PORTAL_REPORTS})
    in_lake = run_query(night["lake"], "select count(*) as n from reports")["n"][0]
    in_copy = run_query(night["work"] / "analyst.duckdb", "select count(*) as n from reports")["n"][0]
    assert in_lake == in_copy == stored
    checks = {e.asset_check_evaluation_data.check_name: e.asset_check_evaluation_data.passed
              for e in night["result"].all_events
              if e.event_type_value == "ASSET_CHECK_EVALUATION"}
    assert checks["every_report_loaded"]
    assert (night["work"] / "lake-data").is_dir()
    assert night["postgres"].query("xxgk_lake", "SELECT count(*) FROM ducklake_table")[0][0] > 0
