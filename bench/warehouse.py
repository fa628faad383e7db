"""Warehouse benchmark: load N synthetic reports (default 1,000,000), then time each comparison view.

    python bench/warehouse.py [--reports N] [--batch N] [--keep DIR]

The reports' numbers satisfy the template's arithmetic (rows sum to 总计, outcomes
to （七）总计, 新收 + 结转 = 总计 + 结转下年度, proceedings to their 总计), generated
with polars expressions a batch at a time, never a Python loop per report. Prints
figures, asserts none. Targets on the 2-core reference machine: load < 2 min,
each view < 1 s.
"""

from __future__ import annotations

import argparse
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

import duckdb
import polars as pl

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from models import template as t  # noqa: E402
from pipelines.warehouse.agency import DEPARTMENTS, GOVERNMENT, resolve_agency  # noqa: E402
from pipelines.warehouse.frames import SCHEMAS, ReportFrames  # noqa: E402
from pipelines.warehouse.gazetteer import regions  # noqa: E402
from pipelines.warehouse.load import load_staged, stage, writer_lock  # noqa: E402

YEARS = tuple(range(2013, 2025))
APPLICANTS = [a.code for a in t.APPLICANTS if a.code != "total"]

VIEWS = {
    "agency_year": "SELECT * FROM agency_year",
    "region_year": "SELECT * FROM region_year",
    "agency_year_change": "SELECT * FROM agency_year_change",
    "region_year_change": "SELECT * FROM region_year_change",
    "agency_peer_rank": "SELECT * FROM agency_peer_rank",
    "reports_failing_checks": "SELECT * FROM reports_failing_checks",
    "proactive_shared": "SELECT * FROM proactive_shared",
}
QUESTIONS = {
    "county 人社 refusal, one province-year": (
        "SELECT * FROM agency_peer_rank WHERE province = '浙江省' AND sector = '人社' "
        "AND level = '县级' AND year = 2023 ORDER BY refusal_rank"),
    "one county's review correction over years": (
        "SELECT * FROM region_year_change WHERE region_scope = '县' AND county = '乐清市' "
        "AND sector = '全部' AND level = '全部' ORDER BY year"),
    "reports failing checks, worst first": (
        "SELECT * FROM reports_failing_checks ORDER BY failed_checks DESC LIMIT 100"),
}


def agencies(count: int) -> pl.DataFrame:
    """``count`` agencies: each county-level division's (and prefecture's) departments."""
    sectors = [words[0] for _, words in DEPARTMENTS] + [GOVERNMENT]
    places = [r for r in regions() if r.level != "省级"]
    rows = []
    for index in range(count):
        place = places[index % len(places)]
        name = f"{place.name}{sectors[(index // len(places)) % len(sectors)]}局"
        rows.append({**resolve_agency(name, place.code).row(), "registry_source": "bench"})
    return pl.DataFrame(rows, schema=SCHEMAS["agencies"])


def noise(index: pl.Expr, seed: int, modulo: int) -> pl.Expr:
    return (index.hash(seed) % modulo).cast(pl.Int64)


def skewed(index: pl.Expr, seed: int) -> pl.Expr:
    """Mostly zero, sometimes a few, rarely dozens: the shape of real counts."""
    roll = noise(index, seed, 100)
    return (pl.when(roll < 70).then(0).when(roll < 95).then(noise(index, seed + 1, 5))
            .otherwise(noise(index, seed + 2, 60)))


def template_rows(kind: str) -> pl.DataFrame:
    rows = []
    for template in (t.TEMPLATE_2021, t.TEMPLATE_2019):
        for code in t.OUTCOME_ROWS[template] if kind == "outcomes" else t.PROACTIVE_CELLS[template]:
            rows.append({"template": template, "code": code})
    return pl.DataFrame(rows)


def batch(first: int, size: int, agency_keys: pl.Series) -> ReportFrames:
    """Reports ``first`` … ``first + size - 1``: agency ``i // len(YEARS)``, one year each.

    ``agency_keys`` are the agencies' name keys (``agencies()["name_key"]``): the load
    settles each report's agency from the name it was published under."""
    index = pl.int_range(first, first + size, eager=True).alias("document_key")
    year = pl.lit(YEARS[-1]) - (pl.col("document_key") % len(YEARS)).cast(pl.Int32)
    reports = pl.DataFrame(index).with_columns(
        report_key=pl.col("document_key"),
        agency_index=pl.col("document_key") // len(YEARS),
        year=year.cast(pl.Int32),
    ).with_columns(
        agency_key=pl.lit(agency_keys).gather(pl.col("agency_index")),
        agency_name_key=pl.lit(agency_keys).gather(pl.col("agency_index")),
        template=pl.when(pl.col("year") >= 2021).then(pl.lit(t.TEMPLATE_2021))
                   .otherwise(pl.lit(t.TEMPLATE_2019)),
    )
    requests = _requests(reports)
    return ReportFrames(
        reports=_report_rows(reports),
        agencies=pl.DataFrame(schema=SCHEMAS["agencies"]),
        requests=requests,
        proceedings=_proceedings(reports),
        proactive=_proactive(reports),
        checks=_checks(reports),
    )


def _requests(reports: pl.DataFrame) -> pl.DataFrame:
    applicants = pl.DataFrame({"applicant_code": APPLICANTS})
    outcomes = (reports.select("document_key", "template")
                .join(template_rows("outcomes"), on="template")
                .rename({"code": "row_code"}).join(applicants, how="cross")
                .with_row_index("cell").with_columns(count=skewed(pl.col("cell"), 1))
                .drop("cell", "template"))
    per_column = outcomes.group_by("document_key", "applicant_code").agg(
        total_processed=pl.col("count").sum())
    per_column = per_column.with_row_index("cell").with_columns(
        carried_forward=skewed(pl.col("cell"), 7),
        carried_over=skewed(pl.col("cell"), 11))
    # 新收 + 上年结转 = 总计 + 结转下年度, with 上年结转 no larger than the right side
    per_column = per_column.with_columns(
        carried_over=pl.min_horizontal("carried_over", pl.col("total_processed")
                                       + pl.col("carried_forward")),
    ).with_columns(
        new_received=pl.col("total_processed") + pl.col("carried_forward")
        - pl.col("carried_over"),
    ).drop("cell")
    balance = per_column.unpivot(index=["document_key", "applicant_code"],
                                 variable_name="row_code", value_name="count")
    by_column = pl.concat([outcomes, balance.select(outcomes.columns)])
    totals = by_column.group_by("document_key", "row_code").agg(pl.col("count").sum()).with_columns(
        applicant_code=pl.lit("total"))
    return pl.concat([by_column, totals.select(by_column.columns)]).select(
        list(SCHEMAS["requests"])).cast(SCHEMAS["requests"])


def _proceedings(reports: pl.DataFrame) -> pl.DataFrame:
    parts = [p.code for p in t.PROCEEDINGS]
    results = [r.code for r in t.PROCEEDING_RESULTS if r.code != "total"]
    cells = (reports.select("document_key").join(pl.DataFrame({"proceeding_code": parts}), how="cross")
             .join(pl.DataFrame({"result_code": results}), how="cross")
             .with_row_index("cell").with_columns(count=skewed(pl.col("cell"), 21)).drop("cell"))
    totals = cells.group_by("document_key", "proceeding_code").agg(pl.col("count").sum()).with_columns(
        result_code=pl.lit("total"))
    return pl.concat([cells, totals.select(cells.columns)]).cast(SCHEMAS["proceedings"])


def _proactive(reports: pl.DataFrame) -> pl.DataFrame:
    return (reports.select("document_key", "template").join(template_rows("proactive"), on="template")
            .rename({"code": "item_code"}).with_row_index("cell")
            .with_columns(value=skewed(pl.col("cell"), 31).cast(pl.Float64))
            .select(list(SCHEMAS["proactive"])))


def _checks(reports: pl.DataFrame) -> pl.DataFrame:
    rules = pl.DataFrame([{"template": tt, "rule": r.name}
                          for tt in (t.TEMPLATE_2021, t.TEMPLATE_2019) for r in t.rules(tt)])
    return (reports.select("document_key", "template").join(rules, on="template")
            .with_row_index("cell")
            # one check in a thousand marked failed, so the failing-checks view has work to do
            .with_columns(passed=noise(pl.col("cell"), 41, 1000) > 0, detail=pl.lit("synthetic"))
            .select(list(SCHEMAS["checks"])))


def _report_rows(reports: pl.DataFrame) -> pl.DataFrame:
    key = pl.col("document_key").cast(pl.String)
    return reports.with_columns(
        report_id=pl.lit("https://bench.example.gov.cn/report/") + key,
        sha256=key.str.zfill(64),
        agency_name=pl.lit(None, pl.String),
        status=pl.lit("ok"), format=pl.lit("html"),
        document_source=pl.lit(None, pl.String), url=pl.lit("https://bench.example.gov.cn/report/") + key,
        fetched_at=pl.lit("2024-03-01T00:00:00").str.to_datetime(time_zone="UTC"),
        registry_source=pl.lit("bench"), region_code_hint=pl.lit(None, pl.String),
        title=pl.lit(None, pl.String), published=pl.lit(None, pl.String),
        problems=pl.lit([], pl.List(pl.String)), notes=pl.lit([], pl.List(pl.String)),
        cells_read=pl.lit(200, pl.Int32), agency_as_printed=pl.lit(None, pl.String),
        agency_source=pl.lit("title"), year_source=pl.lit("title"), prose_derived=pl.lit(False),
        ocr=pl.lit(False),
    ).select(list(SCHEMAS["reports"])).cast(SCHEMAS["reports"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=1_000_000)
    parser.add_argument("--batch", type=int, default=50_000)
    parser.add_argument("--keep", type=Path, help="build the warehouse here and keep it")
    args = parser.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="xxgk-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    warehouse, staging = work / "bench.duckdb", work / "staging"
    warehouse.unlink(missing_ok=True)

    started = time.perf_counter()
    agency_frame = agencies(-(-args.reports // len(YEARS)))
    print(f"agencies: {agency_frame.height:,} resolved in {time.perf_counter() - started:.1f} s")

    generating = 0.0

    def batches():
        nonlocal generating
        for first in range(0, args.reports, args.batch):
            begin = time.perf_counter()
            frames = batch(first, min(args.batch, args.reports - first), agency_frame["name_key"])
            if first == 0:
                frames.agencies = agency_frame
            generating += time.perf_counter() - begin
            yield frames

    with writer_lock(warehouse):
        begin = time.perf_counter()
        staged = stage(batches(), staging)
        staging_seconds = time.perf_counter() - begin - generating
        begin = time.perf_counter()
        steps = []
        load_staged(warehouse, staging, lambda message: steps.append((time.perf_counter(), message)))
        loading_seconds = time.perf_counter() - begin
    rows = duckdb.connect(str(warehouse), read_only=True).execute(
        "SELECT (SELECT count(*) FROM request_outcomes) + (SELECT count(*) FROM proceeding_outcomes) "
        "+ (SELECT count(*) FROM proactive_measures) + (SELECT count(*) FROM check_results)").fetchone()[0]
    print(f"reports: {staged:,}; fact rows: {rows:,}; generated in {generating:.1f} s")
    print(f"load: {staging_seconds + loading_seconds:.1f} s "
          f"(Parquet staging {staging_seconds:.1f} s, DuckDB transaction {loading_seconds:.1f} s)")
    previous = begin
    for moment, message in steps:
        print(f"  {message}: {moment - previous:.1f} s")
        previous = moment
    print(f"warehouse size: {warehouse.stat().st_size / 2**30:.2f} GiB")

    connection = duckdb.connect(str(warehouse))
    for name, sql in {**VIEWS, **QUESTIONS}.items():
        # every column computed and kept (in a temporary table), none pruned away
        begin = time.perf_counter()
        connection.execute(f"CREATE OR REPLACE TEMP TABLE answer AS {sql}")
        seconds = time.perf_counter() - begin
        result = connection.execute("SELECT count(*) FROM answer").fetchone()[0]
        print(f"view {name}: {seconds:.2f} s ({result:,} rows)")
    connection.close()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**20
    print(f"peak memory (resident, this process incl. DuckDB): {peak:.2f} GiB")
    if args.keep:
        print(f"warehouse kept in {work}")
    else:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
