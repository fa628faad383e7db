"""The warehouse as a DuckLake lake: catalog in a real PostgreSQL server, data files in a directory.

The sample portal is crawled and read once; its reports are split by source. The lake
must hold exactly what the embedded DuckDB file holds after the same loads, however
the loads overlap: two processes loading different sources at once lose nothing and
double nothing, and a reader polling meanwhile only ever sees whole loads.
"""

from __future__ import annotations

import multiprocessing
import shutil
import time
from collections import Counter
from pathlib import Path

import duckdb
import pytest

from pipelines.crawl import crawl, load_registry
from pipelines.ingest import extract_new
from pipelines.portal import serve_sample_portal
from pipelines.report_files import read_report_files, report_path
from pipelines.warehouse import lake, load_reports, publish_analyst_copy, run_query
from pipelines.warehouse.query import exported_relations
from tests.postgres import running_postgres

pytestmark = pytest.mark.lake  # DuckDB 1.5.5 and its DuckLake extension: .venv-lake

FIRST, SECOND = "yueqing", "hanjiang"  # two of the sample portal's sources
WAIT_SECONDS = 60.0


@pytest.fixture(scope="module")
def postgres():
    with running_postgres() as server:
        yield server


@pytest.fixture(scope="module")
def reports_by_source(tmp_path_factory) -> dict[str, Path]:
    """The sample portal crawled and read, its report files in one directory per source."""
    work = tmp_path_factory.mktemp("portal")
    with serve_sample_portal() as portal:
        crawl(load_registry(portal.write_sources(work / "sources.yaml")), work / "raw")
    extract_new(work / "raw", work / "reports")
    directories = {}
    for report in read_report_files(work / "reports"):
        directory = directories.setdefault(report.provenance.source,
                                           work / "by_source" / report.provenance.source)
        directory.mkdir(parents=True, exist_ok=True)
        shutil.copy(report_path(work / "reports", report.provenance.sha256), directory)
    return directories


@pytest.fixture
def new_lake(postgres, tmp_path, monkeypatch, request) -> str:
    """An empty lake: a fresh catalog database, data files under the test's directory."""
    name = "lake_" + request.node.name.replace("[", "_").replace("]", "")[-40:].lower()
    monkeypatch.setenv(lake.DATA_SETTING, str(tmp_path / "lake-data") + "/")
    return "ducklake:postgres:" + postgres.create_database(name)


@pytest.fixture(scope="module")
def embedded_both(reports_by_source, tmp_path_factory) -> dict[str, list[tuple]]:
    """What the embedded file holds after loading the first source, then the second."""
    return _contents(_embedded([reports_by_source[FIRST], reports_by_source[SECOND]],
                               tmp_path_factory.mktemp("embedded")))


def _reports_per_source(directories: dict[str, Path]) -> dict[str, int]:
    return {source: len(list(d.glob("*.json"))) for source, d in directories.items()}


def _contents(database: str | Path) -> dict[str, list[tuple]]:
    """Every table and view of the warehouse, its rows sorted."""
    connection = (lake.connect_lake(database, read_only=True) if lake.is_lake(database)
                  else duckdb.connect(str(database), read_only=True))
    try:
        return {name: connection.execute(f'SELECT * FROM "{name}" ORDER BY ALL').fetchall()
                for name in exported_relations(connection)}
    finally:
        connection.close()


def _embedded(reports_dirs: list[Path], work: Path) -> Path:
    """The same reports loaded one after the other into the embedded single-file DuckDB."""
    database = work / "embedded.duckdb"
    for reports_dir in reports_dirs:
        load_reports(reports_dir, database, work / "embedded-staging")
    return database


def test_the_lake_holds_what_the_embedded_file_holds_after_the_same_loads(
        new_lake, reports_by_source, embedded_both, tmp_path):
    for source in (FIRST, SECOND):
        summary = load_reports(reports_by_source[source], new_lake, tmp_path / "staging")
        assert summary.reports_loaded == _reports_per_source(reports_by_source)[source]
    in_lake = _contents(new_lake)
    in_file = embedded_both
    assert set(in_lake) == set(in_file)
    assert {name: len(rows) for name, rows in in_lake.items()} == \
        {name: len(rows) for name, rows in in_file.items()}
    assert in_lake == in_file
    assert len(in_lake["reports"]) == 6 + 5  # yueqing's six reports, hanjiang's five
    assert not any((tmp_path / "staging").iterdir())  # each load's own staging is removed
    copy = publish_analyst_copy(new_lake, tmp_path / "analyst.duckdb")
    assert _contents(copy) == in_lake  # the analysts' copy: one file of the lake's snapshot
    described = run_query(copy, "select comment from duckdb_columns() where "
                                "table_name = 'agency_year' and column_name = 'agency_key'")
    assert described["comment"][0]  # the views' columns keep the glossary's words there


def _load_in_process(reports_dir: str, uri: str, staging: str, hold: str | None,
                     release: str | None) -> None:
    """One process's load; with ``hold``, it touches that file when about to commit and
    waits there until the ``release`` file exists (so the two loads surely overlap)."""
    def progress(message: str) -> None:
        if hold and message == "committing" and not Path(hold).exists():
            Path(hold).touch()
            deadline = time.monotonic() + WAIT_SECONDS
            while not Path(release).exists() and time.monotonic() < deadline:
                time.sleep(0.05)

    said = []
    summary = load_reports(Path(reports_dir), uri, Path(staging),
                           progress=lambda message: (said.append(message), progress(message)),
                           wait_seconds=WAIT_SECONDS)
    redone = sum("loading again" in message for message in said)
    Path(staging, "loaded").write_text(f"{summary.reports_loaded} loaded, "
                                       f"{summary.reports_replaced} replaced, {redone} redone")


def test_two_processes_load_two_sources_at_once_and_a_reader_sees_only_whole_loads(
        new_lake, reports_by_source, embedded_both, tmp_path):
    counts = _reports_per_source(reports_by_source)
    load_reports(reports_by_source[FIRST], new_lake, tmp_path / "warm-up")  # the tables exist
    held, done = tmp_path / "first-is-committing", tmp_path / "second-loaded"
    spawn = multiprocessing.get_context("spawn")
    first = spawn.Process(target=_load_in_process, args=(
        str(reports_by_source[FIRST]), new_lake, str(tmp_path / "staging-1"), str(held),
        str(done)))
    second = spawn.Process(target=_load_in_process, args=(
        str(reports_by_source[SECOND]), new_lake, str(tmp_path / "staging-2"), None, None))
    seen: Counter = Counter()
    reader = lake.connect_lake(new_lake, read_only=True)
    try:
        before = _snapshot(reader)
        first.start()
        _wait_for(held, first)
        second.start()
        while second.is_alive() or first.is_alive():
            if not second.is_alive() and not done.exists():
                done.touch()  # the second has committed: let the first try its commit
            seen[_snapshot(reader)] += 1
            time.sleep(0.1)
        after = _snapshot(reader)
    finally:
        reader.close()
        for process in (first, second):
            process.join(WAIT_SECONDS)
    assert (first.exitcode, second.exitcode) == (0, 0)
    # the first, held at its commit while the second committed, was redone on the new snapshot
    assert (tmp_path / "staging-1" / "loaded").read_text() == "6 loaded, 6 replaced, 1 redone"
    assert (tmp_path / "staging-2" / "loaded").read_text() == "5 loaded, 0 replaced, 0 redone"
    assert [(source, reports) for source, reports, _ in before] == [(FIRST, counts[FIRST])]
    assert [(source, reports) for source, reports, _ in after] == sorted(
        [(FIRST, counts[FIRST]), (SECOND, counts[SECOND])])
    assert dict((s, n) for s, *n in after)[FIRST] == dict((s, n) for s, *n in before)[FIRST]
    assert set(seen) <= {before, after}, seen  # never half a load, never a doubled one
    assert _contents(new_lake) == embedded_both


def _snapshot(reader: duckdb.DuckDBPyConnection) -> tuple:
    """Per source: its reports and their section 三 rows, read in one statement."""
    return tuple(reader.execute(
        "SELECT r.registry_source, count(DISTINCT r.document_key), count(f.document_key) "
        "FROM reports r LEFT JOIN request_outcomes f USING (document_key) "
        "GROUP BY ALL ORDER BY ALL").fetchall())


def _wait_for(path: Path, process) -> None:
    deadline = time.monotonic() + WAIT_SECONDS
    while not path.exists():
        assert process.is_alive() and time.monotonic() < deadline, "the first load never began"
        time.sleep(0.05)
