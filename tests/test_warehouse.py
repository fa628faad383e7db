"""The warehouse: the five seeds loaded, compared in SQL, reloaded, replaced, killed mid-load.

Expected figures are worked out by hand from the seeds' verified values
(``shared/seeds/truth/*.json``); the arithmetic is written next to each.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import re
import stat
import subprocess
import sys
import textwrap
from pathlib import Path

import duckdb
import polars as pl
import pytest

from conftest import ROOT, SHARED
from models.report import Report
from pipelines.extract import extract_path
from pipelines.report_files import Provenance, read_report_files, write_report_file
from pipelines.warehouse import export, load_reports, publish_analyst_copy, run_query

FETCHED = "2024-03-01T08:00:00Z"


def seed_url(name: str) -> str:
    return f"https://xxgk.example.gov.cn/reports/{name}"


@pytest.fixture(scope="session")
def seed_reports(seeds_dir) -> list[tuple[Report, Provenance]]:
    out = []
    for path in sorted(seeds_dir.glob("*.txt")):
        report = extract_path(path)
        provenance = dataclasses.replace(
            Provenance.of_file(path), url=seed_url(path.name), fetched_at=FETCHED, source="seeds")
        out.append((report, provenance))
    return out


@pytest.fixture
def place(tmp_path, seed_reports):
    """A reports directory holding the five seeds, and where the warehouse goes."""
    reports = tmp_path / "reports"
    for report, provenance in seed_reports:
        write_report_file(reports, report, provenance)
    return {"reports": reports, "warehouse": tmp_path / "warehouse.duckdb",
            "staging": tmp_path / "staging", "copy": tmp_path / "analyst.duckdb", "tmp": tmp_path}


def load(place) -> object:
    return load_reports(place["reports"], place["warehouse"], place["staging"])


def query(place, sql: str) -> pl.DataFrame:
    return run_query(place["warehouse"], sql)


def one(place, sql: str) -> dict:
    rows = query(place, sql).to_dicts()
    assert len(rows) == 1, rows
    return rows[0]


def snapshot(database: Path) -> dict[str, list[tuple]]:
    """Every row of every table of every layer, in a stable order."""
    connection = duckdb.connect(str(database), read_only=True)
    try:
        tables = [r[0] for r in connection.execute(
            "SELECT CASE schema_name WHEN 'main' THEN '' ELSE schema_name || '.' END || table_name "
            "FROM duckdb_tables() WHERE NOT internal ORDER BY 1").fetchall()]
        return {t: connection.execute(f"SELECT * FROM {t} ORDER BY ALL").fetchall() for t in tables}
    finally:
        connection.close()


def truth(name_prefix: str) -> dict:
    path = next((SHARED / "seeds" / "truth").glob(f"{name_prefix}_*.json"))
    return json.loads(path.read_text(encoding="utf-8"))


def reread(place, seed_index: int, change: dict, fetched_at: str = "2024-06-01T08:00:00Z",
           keep_old: bool = False) -> Path:
    """Write a re-fetched version of a seed's report: same URL, new bytes, changed cells.

    The old version's file is removed unless ``keep_old``.
    """
    files = sorted(read_report_files(place["reports"]), key=lambda f: f.provenance.url)
    original = files[seed_index]
    body = dict(original.report)
    body["cells"] = {**body["cells"], **change}
    report = Report(**{k: v for k, v in body.items() if k != "checks"})
    sha = hashlib.sha256(json.dumps(body["cells"], sort_keys=True).encode()).hexdigest()
    provenance = dataclasses.replace(original.provenance, sha256=sha, fetched_at=fetched_at)
    if not keep_old:
        (place["reports"] / f"{original.provenance.sha256}.json").unlink()
    return write_report_file(place["reports"], report, provenance)


# ------------------------------------------------------------------ views against the seeds

def test_every_seed_is_one_agency_year_with_its_region(place):
    load(place)
    rows = query(place, "SELECT agency_name, province, city, county, region_code, level, sector, "
                        "year FROM agency_year ORDER BY region_code, agency_name").rows()
    assert rows == [
        ("泽州县人力资源和社会保障局", "山西省", "晋城市", "泽州县", "140525", "县级", "人社", 2023),
        ("乐清市人力资源和社会保障局", "浙江省", "温州市", "乐清市", "330382", "县级", "人社", 2023),
        ("乐清市人民政府办公室", "浙江省", "温州市", "乐清市", "330382", "县级", "人民政府", 2023),
        ("莆田市涵江区人力资源和社会保障局", "福建省", "莆田市", "涵江区", "350303", "县级", "人社", 2023),
        ("达州市人力资源和社会保障局", "四川省", "达州市", None, "511700", "地市级", "人社", 2023),
    ]


def test_agency_year_counts_and_rates_match_the_truth(place):
    load(place)
    office = one(place, "SELECT * FROM agency_year WHERE agency_name = '乐清市人民政府办公室'")
    cells = truth("004")["cells"]
    assert cells["requests.new_received.total"] == 70 and cells["requests.total_processed.total"] == 69
    assert (office["received"], office["carried_over"], office["processed"],
            office["carried_forward"]) == (70, 0, 69, 1)
    # 予以公开 42 + 部分公开 15 over （七）总计 69
    assert office["disclosure_rate"] == pytest.approx((42 + 15) / 69)
    # 不予公开: every reason row is 0
    assert office["withheld"] == 0 and office["refusal_share"] == 0
    # 本机关不掌握 12 over 69; 不予处理 0
    assert office["not_held_share"] == pytest.approx(12 / 69)
    assert office["not_processed_share"] == 0
    assert office["review_total"] == 0 and office["review_correction_rate"] is None

    zezhou = one(place, "SELECT * FROM agency_year WHERE county = '泽州县'")
    # 行政复议: 维持 1, 纠正 1, 其他 0, 尚未审结 0, 总计 2 → 1 / (2 − 0)
    assert (zezhou["review_total"], zezhou["review_corrected"]) == (2, 1)
    assert zezhou["review_correction_rate"] == pytest.approx(1 / (2 - 0))
    # 行政诉讼: 直接起诉 总计 17 (纠正 4, 尚未审结 4) + 复议后起诉 总计 0 → 4 / ((17 + 0) − (4 + 0))
    assert (zezhou["litigation_total"], zezhou["litigation_corrected"],
            zezhou["litigation_pending"]) == (17, 4, 4)
    assert zezhou["litigation_correction_rate"] == pytest.approx(4 / 13)
    # no request at all: 总计 0, so no rate
    assert zezhou["processed"] == 0 and zezhou["disclosure_rate"] is None

    dazhou = one(place, "SELECT * FROM agency_year WHERE city = '达州市'")
    assert (dazhou["received"], dazhou["processed"], dazhou["disclosure_rate"]) == (6, 6, 1.0)


def test_region_roll_ups_sum_the_agencies_inside(place, seed_reports):
    report, provenance = seed_reports[3]  # 达州市人社局's numbers, published as 济源市人社局's
    write_report_file(place["reports"], dataclasses.replace(report, agency="济源市人力资源和社会保障局"),
                      dataclasses.replace(provenance, sha256="1" * 64, url=seed_url("jiyuan")))
    load(place)
    yueqing = one(place, "SELECT * FROM region_year WHERE region_scope = '县' "
                         "AND county = '乐清市' AND sector = '全部' AND level = '全部'")
    # 乐清市人社局 (新收 3, 总计 3, 予以公开 3) + 乐清市政府办 (新收 70, 总计 69, 42 + 15 公开)
    assert (yueqing["agencies"], yueqing["received"], yueqing["processed"]) == (2, 3 + 70, 3 + 69)
    assert yueqing["disclosure_rate"] == pytest.approx((3 + 42 + 15) / (3 + 69))
    zhejiang = one(place, "SELECT * FROM region_year WHERE region_scope = '省' "
                          "AND province = '浙江省' AND sector = '人社' AND level = '全部'")
    assert (zhejiang["agencies"], zhejiang["received"]) == (1, 3)
    # a county under its province directly (济源市) is a 县 without a 市
    jiyuan = one(place, "SELECT * FROM region_year WHERE region_scope = '县' "
                        "AND county = '济源市' AND sector = '全部'")
    assert (jiyuan["province"], jiyuan["city"], jiyuan["region_code"], jiyuan["received"]) == (
        "河南省", None, "419001", 6)
    nation = one(place, "SELECT * FROM region_year WHERE region_scope = '全国' "
                        "AND sector = '人社' AND level = '全部'")
    # the five 人社局: received 3 + 0 + 0 + 6 + 6 (济源); litigation 纠正 4 of (17 − 4) decided
    assert (nation["agencies"], nation["received"]) == (5, 15)
    assert nation["litigation_correction_rate"] == pytest.approx(4 / 13)


def test_peers_are_ranked_within_province_sector_and_level(place):
    load(place)
    ranks = query(place, "SELECT agency_name, peers, received_rank FROM agency_peer_rank "
                         "WHERE province = '浙江省' ORDER BY agency_name").rows()
    # 乐清's two agencies are of different sectors, so each is alone among its peers
    assert ranks == [("乐清市人力资源和社会保障局", 1, 1), ("乐清市人民政府办公室", 1, 1)]


def test_year_over_year_change_compares_with_the_previous_report(place, seed_reports):
    report, provenance = seed_reports[0]  # 乐清市人社局 2023: received 3
    earlier = dataclasses.replace(report, year=2022, cells={**report.cells,
                                                            "requests.new_received.total": 5})
    write_report_file(place["reports"], earlier, dataclasses.replace(
        provenance, sha256="0" * 64, url=seed_url("yueqing-2022")))
    load(place)
    change = one(place, "SELECT * FROM agency_year_change WHERE year = 2023 "
                        "AND agency_name = '乐清市人力资源和社会保障局'")
    assert (change["previous_year"], change["received"], change["received_change"]) == (2022, 3, 3 - 5)


def test_reports_failing_their_own_arithmetic_are_listed(place, seed_reports):
    report, provenance = seed_reports[3]
    broken = dataclasses.replace(report, checks=[
        *report.checks[:1], dataclasses.replace(report.checks[1], passed=False, detail="6 ≠ 7")])
    write_report_file(place["reports"], broken, provenance)
    load(place)
    failing = query(place, "SELECT agency_name, failed_checks, failed_rules, failure_details "
                           "FROM reports_failing_checks").rows()
    assert failing == [("达州市人力资源和社会保障局", 1, [report.checks[1].rule], ["6 ≠ 7"])]


# ------------------------------------------------------------------ every report, whatever it is

def test_failed_and_partial_reports_are_loaded_with_their_problems(place, seed_reports):
    write_report_file(place["reports"], extract_path(place["tmp"] / "missing.pdf"),
                      Provenance(sha256="f" * 64, url="https://xxgk.example.gov.cn/missing.pdf"))
    report, provenance = seed_reports[4]  # 乐清市政府办, one 不予公开 reason unread
    cells = {k: v for k, v in report.cells.items() if k != "requests.withheld_state_secret.total"}
    partial = dataclasses.replace(report, status="partial", cells=cells,
                                  problems=["requests.withheld_state_secret.total unread"])
    write_report_file(place["reports"], partial, provenance)
    load(place)
    statuses = query(place, "SELECT status, count(*) FROM reports GROUP BY 1 ORDER BY 1").rows()
    assert statuses == [("failed", 1), ("ok", 4), ("partial", 1)]
    failed = one(place, "SELECT * FROM reports WHERE status = 'failed'")
    assert failed["problems"] == ["no such file"] and failed["agency_key"] is None
    office = one(place, "SELECT * FROM agency_year WHERE agency_name = '乐清市人民政府办公室'")
    # the group 不予公开 lacks a row, so neither it nor its share is given; the rest still is
    assert office["withheld"] is None and office["refusal_share"] is None
    assert office["disclosure_rate"] == pytest.approx((42 + 15) / 69)
    assert one(place, "SELECT count(*) AS n FROM request_outcomes r JOIN reports USING "
                      "(document_key) WHERE status = 'partial'")["n"] == 175 - 1


def test_a_cell_the_template_does_not_know_is_named_not_loaded(place, seed_reports):
    report, provenance = seed_reports[0]
    odd = dataclasses.replace(report, cells={**report.cells, "requests.nonsense.total": 1,
                                             "requests.disclosed.total": 2.5})
    write_report_file(place["reports"], odd, provenance)
    load(place)
    problems = one(place, "SELECT problems FROM reports WHERE agency_name = "
                          "'乐清市人力资源和社会保障局'")["problems"]
    assert problems == ["cell requests.disclosed.total holds 2.5, not a whole count; not loaded",
                        "cell requests.nonsense.total is not in the template; not loaded"]
    office = one(place, "SELECT disclosed, disclosure_rate FROM agency_year "
                        "WHERE agency_name = '乐清市人力资源和社会保障局'")
    assert office == {"disclosed": None, "disclosure_rate": None}


# ------------------------------------------------------------------ idempotent, replacing, atomic

def test_loading_twice_changes_no_row(place):
    load(place)
    first = snapshot(place["warehouse"])
    load(place)
    assert snapshot(place["warehouse"]) == first
    assert len(first["request_outcomes"]) == 5 * 25 * 7  # 25 rows × 7 applicant columns each


def test_a_re_read_report_replaces_its_rows(place):
    load(place)
    before = one(place, "SELECT count(*) AS n FROM request_outcomes")["n"]
    reread(place, 0, {"requests.new_received.natural_person": 4, "requests.new_received.total": 4})
    load(place)
    assert one(place, "SELECT count(*) AS n FROM reports")["n"] == 5
    assert one(place, "SELECT count(*) AS n FROM request_outcomes")["n"] == before
    row = one(place, "SELECT received, documents FROM agency_year "
                     "WHERE agency_name = '乐清市人力资源和社会保障局'")
    assert row == {"received": 4, "documents": 1}


def test_of_two_fetches_of_one_report_the_later_stands(place):
    reread(place, 0, {"requests.new_received.total": 4}, keep_old=True)
    summary = load(place)
    assert (summary.reports_loaded, summary.documents_superseded) == (5, 1)
    row = one(place, "SELECT received FROM agency_year WHERE agency_name = '乐清市人力资源和社会保障局'")
    assert row["received"] == 4


# A load or publish that stops at a named point and waits there to be killed.
KILLED = textwrap.dedent("""
    import re, shutil, sys, time
    from pathlib import Path
    from pipelines.report_files import read_report_files
    from pipelines.warehouse import load_frames, publish_analyst_copy
    from pipelines.warehouse import publish
    from pipelines.warehouse.frames import frame_reports

    point, reports, warehouse, staging, copy = sys.argv[1], *map(Path, sys.argv[2:])

    def wait_here():
        print("STOPPED", flush=True)
        time.sleep(120)

    def batches():  # one report at a time, so staging is killed between two batches
        for number, report_file in enumerate(read_report_files(reports)):
            if point == "staging" and number == 3:
                wait_here()
            yield frame_reports([report_file])

    def progress(message):
        if point == "transaction start" and message.startswith("load step 1 of"):
            wait_here()
        if point == "transaction end" and re.match(r"load step (\\d+) of \\1 done", message):
            wait_here()  # every row replaced, not committed
        if point == "commit" and message == "committing":
            wait_here()

    def half_a_copy(source, target):
        with open(source, "rb") as whole, open(target, "wb") as half:
            half.write(whole.read(Path(source).stat().st_size // 2))
        wait_here()

    load_frames(batches(), warehouse, staging, progress)
    if point == "publish":
        publish.shutil.copyfile = half_a_copy
    publish_analyst_copy(warehouse, copy)
""")


@pytest.mark.parametrize("point", ["staging", "transaction start", "transaction end", "commit",
                                   "publish"])
def test_a_load_killed_midway_leaves_the_previous_warehouse_and_copy(place, point):
    load(place)
    publish_analyst_copy(place["warehouse"], place["copy"])
    before, copy_before = snapshot(place["warehouse"]), snapshot(place["copy"])
    reread(place, 0, {"requests.new_received.total": 4})
    write_report_file(place["reports"], extract_path(place["tmp"] / "missing.pdf"),
                      Provenance(sha256="e" * 64, url="https://xxgk.example.gov.cn/gone"))
    loader = subprocess.Popen(
        [sys.executable, "-c", KILLED, point, str(place["reports"]), str(place["warehouse"]),
         str(place["staging"]), str(place["copy"])], cwd=ROOT, stdout=subprocess.PIPE, text=True)
    try:
        assert loader.stdout.readline().strip() == "STOPPED"
    finally:
        loader.kill()
        loader.wait(timeout=30)
    assert loader.returncode == -9
    assert snapshot(place["copy"]) == copy_before
    if point != "publish":
        assert snapshot(place["warehouse"]) == before
    load(place)  # the next load and publish go through
    publish_analyst_copy(place["warehouse"], place["copy"])
    assert [p.name for p in place["copy"].parent.glob(".*.tmp")] == []
    for database in (place["warehouse"], place["copy"]):
        assert run_query(database, "SELECT count(*) FROM reports").item() == 6
        assert run_query(database, "SELECT received FROM agency_year WHERE agency_name = "
                                   "'乐清市人力资源和社会保障局'").item() == 4


# ------------------------------------------------------------------ analysts and writers

def test_the_analyst_copy_is_read_only_and_refreshed_without_blocking_the_load(place):
    load(place)
    copy = publish_analyst_copy(place["warehouse"], place["copy"])
    assert stat.S_IMODE(os.stat(copy).st_mode) & 0o222 == 0
    analyst = duckdb.connect(str(copy), read_only=True)  # an analyst keeps it open
    sql = "SELECT received FROM agency_year WHERE agency_name = '乐清市人力资源和社会保障局'"
    assert analyst.execute(sql).fetchone() == (3,)
    reread(place, 0, {"requests.new_received.total": 4})
    load(place)
    publish_analyst_copy(place["warehouse"], place["copy"])
    assert analyst.execute(sql).fetchone() == (3,)  # the open snapshot is untouched
    analyst.close()
    assert run_query(copy, sql).item() == 4


ANALYST = textwrap.dedent("""
    import sys, time
    import duckdb
    connection = duckdb.connect(sys.argv[1], read_only=True)
    print(connection.execute("SELECT count(*) FROM reports").fetchone()[0], flush=True)
    time.sleep(120)
""")


def test_an_analyst_process_holding_the_copy_open_does_not_block_a_load(place):
    load(place)
    publish_analyst_copy(place["warehouse"], place["copy"])
    analyst = subprocess.Popen([sys.executable, "-c", ANALYST, str(place["copy"])], cwd=ROOT,
                               stdout=subprocess.PIPE, text=True)
    try:
        assert analyst.stdout.readline().strip() == "5"
        reread(place, 0, {"requests.new_received.total": 4})
        load(place)
        publish_analyst_copy(place["warehouse"], place["copy"])
        assert analyst.poll() is None  # still open, on its old snapshot
    finally:
        analyst.kill()
        analyst.wait(timeout=30)
    assert run_query(place["copy"], "SELECT received FROM agency_year WHERE agency_name = "
                                    "'乐清市人力资源和社会保障局'").item() == 4


def test_every_table_view_and_column_is_documented_in_the_database(place):
    load(place)
    connection = duckdb.connect(str(place["warehouse"]), read_only=True)
    undocumented = connection.execute("""
        SELECT table_name FROM duckdb_tables() WHERE NOT internal AND coalesce(comment, '') = ''
        UNION ALL SELECT view_name FROM duckdb_views() WHERE NOT internal
            AND schema_name IN ('main', 'staging', 'core') AND coalesce(comment, '') = ''
        UNION ALL SELECT table_name || '.' || column_name FROM duckdb_columns()
            WHERE NOT internal AND schema_name IN ('main', 'staging', 'core')
            AND coalesce(comment, '') = ''
    """).fetchall()
    views = connection.execute("SELECT count(*) FROM duckdb_views() WHERE NOT internal "
                               "AND schema_name = 'main'").fetchone()[0]
    connection.close()
    assert undocumented == [] and views >= 10


def test_exports_write_every_table_and_view(place, tmp_path):
    load(place)
    written = export(place["warehouse"], tmp_path / "out", "parquet")
    names = {p.stem for p in written}
    assert {"reports", "agencies", "agency_year", "region_year"} <= names
    assert pl.read_parquet(tmp_path / "out" / "agency_year.parquet").height == 5
    csv = export(place["warehouse"], tmp_path / "csv", "csv")
    assert pl.read_csv(next(p for p in csv if p.stem == "reports")).height == 5


def test_the_analysts_example_questions_run(place):
    load(place)
    answers = {p.stem: query(place, p.read_text(encoding="utf-8"))
               for p in sorted((ROOT / "sql" / "examples").glob("*.sql"))}
    assert len(answers) >= 3
    refusals = answers["county_hrss_refusal_zhejiang_2023"]
    assert refusals["agency_name"].to_list() == ["乐清市人力资源和社会保障局"]
    assert refusals["refusal_share"].to_list() == [0.0]  # 不予公开 0 of 3
    failing = answers["reports_failing_checks"]
    assert failing.height == 0  # the seeds' arithmetic holds


# ------------------------------------------------------------------ the command line

def xxgk(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    """``xxgk ARGS`` run in ``cwd``, its data directory ``cwd/data`` (set explicitly: the
    default is the repository's ``data/``, whatever the current directory)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "XXGK_DATA_DIR": str(cwd / "data")}
    env.pop("XXGK_CONFIG", None)
    return subprocess.run([sys.executable, "-m", "pipelines.cli", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=300)


def test_cli_load_query_and_export(seeds_dir, tmp_path):
    seeds = sorted(str(p) for p in seeds_dir.glob("*.txt"))
    run = xxgk("load", *seeds[:2], cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    assert "2 reports loaded" in run.stdout
    copy = tmp_path / "data" / "warehouse-analyst.duckdb"
    first = snapshot(copy)
    again = xxgk("load", *seeds[:2], cwd=tmp_path)
    assert again.returncode == 0, again.stderr
    assert snapshot(copy) == first  # the same documents loaded again change no row
    table = xxgk("query", "SELECT agency_name, received FROM agency_year ORDER BY 1",
                 cwd=tmp_path)
    assert table.returncode == 0, table.stderr
    assert table.stdout.splitlines()[0].split() == ["agency_name", "received"]
    assert re.search(r"莆田市涵江区人力资源和社会保障局\s+0", table.stdout)
    as_json = xxgk("query", "--json", "SELECT year, count(*) AS n FROM reports GROUP BY 1",
                   cwd=tmp_path)
    assert json.loads(as_json.stdout) == [{"year": 2023, "n": 2}]
    as_csv = xxgk("query", "--csv", "SELECT problems FROM reports LIMIT 1", cwd=tmp_path)
    assert as_csv.stdout.splitlines()[0] == "problems"
    exported = xxgk("export", "--format", "csv", "out", cwd=tmp_path)
    assert exported.returncode == 0 and (tmp_path / "out" / "agency_year.csv").exists()
    bad = xxgk("query", "SELECT * FROM no_such_view", cwd=tmp_path)
    assert bad.returncode == 1 and "no_such_view" in bad.stderr


HOLD_LOCK = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    from pipelines.warehouse.load import writer_lock
    with writer_lock(Path(sys.argv[1])):
        print("LOCKED", flush=True)
        time.sleep(120)
""")


def test_a_second_writer_is_refused_with_a_clear_message(place):
    holder = subprocess.Popen([sys.executable, "-c", HOLD_LOCK, str(place["warehouse"])],
                              cwd=ROOT, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "LOCKED"
        run = xxgk("load", "--reports", str(place["reports"]), "--warehouse",
                   str(place["warehouse"]), "--staging", str(place["staging"]), cwd=place["tmp"])
    finally:
        holder.kill()
        holder.wait(timeout=30)
    assert run.returncode == 2
    assert f"being written by pid {holder.pid}" in run.stderr
    assert "only one load runs at a time" in run.stderr
