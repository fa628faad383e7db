"""Dashboard benchmark: a warehouse of N synthetic agency-years (default 100,000), then the
whole site built from it, timed and weighed.

    python bench/dashboard.py [--reports N] [--keep DIR]

The warehouse is made as ``bench/warehouse.py`` makes it (numbers that satisfy the
template's arithmetic, one failed check in a thousand; 12 years per agency, so 100,000
reports are 8,334 agencies); its making is not counted. Prints the build time, the site's
size, the largest page and the largest agency page, and peak memory; asserts nothing.
Target on the 2-core reference machine: 100,000 agency-years in under a minute.
"""

from __future__ import annotations

import argparse
import importlib.util
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipelines.dashboard import build_dashboard  # noqa: E402
from pipelines.warehouse.load import load_staged, stage, writer_lock  # noqa: E402


def _warehouse_bench():
    spec = importlib.util.spec_from_file_location("bench_warehouse",
                                                  ROOT / "bench" / "warehouse.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def make_warehouse(reports: int, work: Path) -> Path:
    bench = _warehouse_bench()
    warehouse, staging = work / "bench.duckdb", work / "staging"
    warehouse.unlink(missing_ok=True)
    agency_frame = bench.agencies(-(-reports // len(bench.YEARS)))

    def batches():
        for first in range(0, reports, 50_000):
            frames = bench.batch(first, min(50_000, reports - first), agency_frame["name_key"])
            if first == 0:
                frames.agencies = agency_frame
            yield frames

    with writer_lock(warehouse):
        stage(batches(), staging)
        load_staged(warehouse, staging, lambda message: None)
    shutil.rmtree(staging, ignore_errors=True)
    return warehouse


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=100_000)
    parser.add_argument("--keep", type=Path,
                        help="build the warehouse and the site here and keep them")
    args = parser.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="xxgk-dashboard-bench-"))
    work.mkdir(parents=True, exist_ok=True)

    begin = time.perf_counter()
    warehouse = make_warehouse(args.reports, work)
    print(f"dashboard bench: warehouse of {args.reports:,} agency-years made in "
          f"{time.perf_counter() - begin:.1f} s (not counted)")

    steps = []
    begin = time.perf_counter()
    summary = build_dashboard(warehouse, work / "site",
                              progress=lambda m: steps.append((time.perf_counter(), m)))
    previous = begin
    for moment, message in steps:
        print(f"  {message}: {moment - previous:.1f} s")
        previous = moment
    print(f"  pages written, font cut, assets copied: {begin + summary.seconds - previous:.1f} s")
    pages = sum(summary.pages.values())
    print(f"dashboard: built in {summary.seconds:.1f} s; {pages:,} pages "
          f"({', '.join(f'{n:,} {k}' for k, n in sorted(summary.pages.items()))}); "
          f"{summary.bytes_written / 2**20:,.1f} MiB in all")
    print(f"largest page {summary.largest_page[0]}: {summary.largest_page[1] / 1024:,.0f} KiB; "
          f"largest agency page {summary.largest_agency_page / 1024:,.0f} KiB; font "
          + (f"{summary.font_bytes / 1024:,.0f} KiB" if summary.font_bytes else summary.font_note))
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**20
    print(f"peak memory (resident, this process incl. DuckDB): {peak:.2f} GiB")
    if args.keep:
        print(f"kept in {work}")
    else:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
