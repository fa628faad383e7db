"""Unattended nights: a warehouse held by another process makes a step wait, not fail.

A second, real process holds the warehouse (DuckDB's own file lock, or the loader's
writer lock); the night's warehouse steps read it read-only where they only read,
wait while a writer holds it, and name the holder when the bounded wait runs out.
"""

from __future__ import annotations

import dataclasses
import subprocess
import sys
import textwrap
import time

import dagster as dg
import pytest

from conftest import ROOT
from pipelines.definitions import build_definitions
from pipelines.extract import extract_path
from pipelines.report_files import Provenance, write_report_file
from pipelines.warehouse import WarehouseBusy, load_reports, publish_analyst_copy, run_query

HOLD_DUCKDB = textwrap.dedent("""
    import sys, time, duckdb
    connection = duckdb.connect(sys.argv[1], read_only=sys.argv[2] == "read_only")
    print("OPEN", flush=True)
    time.sleep(float(sys.argv[3]))
    connection.close()
    print("CLOSED", flush=True)
""")

HOLD_WRITER_LOCK = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    from pipelines.warehouse.load import writer_lock
    with writer_lock(Path(sys.argv[1])):
        print("LOCKED", flush=True)
        time.sleep(float(sys.argv[2]))
""")


@pytest.fixture
def loaded(tmp_path, seeds_dir):
    """Two seeds read and loaded; the settings the Dagster definitions take for them."""
    reports = tmp_path / "reports"
    for path in sorted(seeds_dir.glob("*.txt"))[:2]:
        provenance = dataclasses.replace(Provenance.of_file(path), source="seeds",
                                         url=f"https://xxgk.example.gov.cn/{path.name}")
        write_report_file(reports, extract_path(path), provenance)
    warehouse = tmp_path / "warehouse.duckdb"
    load_reports(reports, warehouse, tmp_path / "staging")
    return {"XXGK_REPORTS": str(reports), "XXGK_WAREHOUSE": str(warehouse),
            "XXGK_STAGING": str(tmp_path / "staging"),
            "XXGK_ANALYST_COPY": str(tmp_path / "analyst.duckdb"),
            "XXGK_RAW": str(tmp_path / "raw"), "XXGK_SOURCES": str(tmp_path / "sources.yaml")}


def hold(script: str, *args: str, ready: str) -> subprocess.Popen:
    holder = subprocess.Popen([sys.executable, "-c", script, *args], cwd=ROOT,
                              stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == ready
    return holder


def release(holder: subprocess.Popen) -> None:
    holder.kill()
    holder.wait(timeout=30)


def publish_step(settings: dict) -> tuple[bool, str]:
    """The night's analyst_copy step alone, as the UI would launch it: success, and its log."""
    defs = build_definitions(settings)
    job = defs.resolve_implicit_global_asset_job_def()
    instance = dg.DagsterInstance.ephemeral()
    result = job.execute_in_process(instance=instance, raise_on_error=False,
                                    asset_selection=[dg.AssetKey("analyst_copy")])
    return result.success, "\n".join(e.user_message for e in instance.all_logs(result.run_id))


def test_publishing_while_another_process_reads_the_warehouse_needs_no_wait(loaded):
    holder = hold(HOLD_DUCKDB, loaded["XXGK_WAREHOUSE"], "read_only", "120", ready="OPEN")
    try:
        started = time.monotonic()
        success, log = publish_step({**loaded, "XXGK_LOCK_WAIT": "0"})
        seconds = time.monotonic() - started
    finally:
        release(holder)
    assert success, log
    assert "held open" not in log and seconds < 60
    assert run_query(loaded["XXGK_ANALYST_COPY"], "select count(*) from reports").item() == 2


def test_publishing_while_a_writer_holds_the_file_waits_for_it_then_succeeds(loaded):
    holder = hold(HOLD_DUCKDB, loaded["XXGK_WAREHOUSE"], "read_write", "3", ready="OPEN")
    try:
        success, log = publish_step({**loaded, "XXGK_LOCK_WAIT": "60"})
        assert holder.stdout.readline().strip() == "CLOSED"  # published only after it let go
    finally:
        release(holder)
    assert success, log
    assert f"(PID {holder.pid}); retrying for up to 60 s" in log
    assert run_query(loaded["XXGK_ANALYST_COPY"], "select count(*) from reports").item() == 2


def test_a_writer_holding_the_file_past_the_wait_fails_the_step_naming_it(loaded):
    holder = hold(HOLD_DUCKDB, loaded["XXGK_WAREHOUSE"], "read_write", "120", ready="OPEN")
    try:
        with pytest.raises(WarehouseBusy) as busy:
            publish_analyst_copy(loaded["XXGK_WAREHOUSE"], loaded["XXGK_ANALYST_COPY"],
                                 wait_seconds=1)
    finally:
        release(holder)
    assert "is held open by" in str(busy.value) and f"(PID {holder.pid})" in str(busy.value)
    assert "waited 1 s" in str(busy.value)


def test_a_load_waits_for_the_load_before_it(loaded, tmp_path):
    holder = hold(HOLD_WRITER_LOCK, loaded["XXGK_WAREHOUSE"], "2", ready="LOCKED")
    said = []
    try:
        summary = load_reports(loaded["XXGK_REPORTS"], loaded["XXGK_WAREHOUSE"],
                               loaded["XXGK_STAGING"], progress=said.append, wait_seconds=60)
    finally:
        release(holder)
    assert summary.reports_loaded == 2
    assert said[0] == (f"the warehouse {loaded['XXGK_WAREHOUSE']} is being written by pid "
                       f"{holder.pid}; waiting up to 60 s for it to finish")


def test_a_load_meeting_a_writer_past_the_wait_is_refused_saying_how_long_it_waited(loaded):
    holder = hold(HOLD_WRITER_LOCK, loaded["XXGK_WAREHOUSE"], "120", ready="LOCKED")
    try:
        with pytest.raises(WarehouseBusy) as busy:
            load_reports(loaded["XXGK_REPORTS"], loaded["XXGK_WAREHOUSE"],
                         loaded["XXGK_STAGING"], wait_seconds=1)
    finally:
        release(holder)
    assert str(busy.value) == (
        f"the warehouse {loaded['XXGK_WAREHOUSE']} is being written by pid {holder.pid} "
        "(waited 1 s); only one load runs at a time — wait for it to finish and try again")
