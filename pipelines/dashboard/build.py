"""The site, written: every page from the analyst copy, with ECharts, the map and a font
cut to the site's characters copied in, so it opens from disk and asks no network.

The site is written beside ``out`` and then put in its place, so a reader never sees half a
site; ``out`` is replaced only when it is empty or a site this function wrote (it holds
``MARKER``), never another directory.
"""

from __future__ import annotations

import shutil
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timezone
from importlib import resources
from pathlib import Path

from pipelines.dashboard import fonts, queries as Q, vendor
from pipelines.dashboard.agency import AgencyData, agency_page
from pipelines.dashboard.coverage import coverage, coverage_pages
from pipelines.dashboard.markup import Page
from pipelines.dashboard.overview import overview_page
from pipelines.dashboard.peers import peer_pages
from pipelines.dashboard.quality import quality_pages

MARKER = ".xxgk-dashboard"
STATIC = ("app.js", "style.css")


class NotADashboard(RuntimeError):
    """``out`` exists, holds files and is not a dashboard: it is left alone."""


@dataclass
class DashboardSummary:
    out: Path
    pages: Counter = field(default_factory=Counter)
    bytes_written: int = 0
    largest_page: tuple[str, int] = ("", 0)
    largest_agency_page: int = 0
    font_bytes: int | None = None
    font_note: str = ""
    seconds: float = 0.0

    @property
    def index(self) -> Path:
        return self.out / "index.html"

    def __str__(self) -> str:
        kinds = ", ".join(f"{n:,} {kind}" for kind, n in sorted(self.pages.items()))
        font = (f"font {self.font_bytes / 1024:,.0f} KiB" if self.font_bytes is not None
                else self.font_note)
        return (f"dashboard: {sum(self.pages.values()):,} pages ({kinds}), "
                f"{self.bytes_written / 2**20:,.1f} MiB, largest page {self.largest_page[0]} "
                f"{self.largest_page[1] / 1024:,.0f} KiB, {font}, {self.seconds:.1f} s; "
                f"open {self.index}")


def build_dashboard(database: Path, out: Path, progress=None) -> DashboardSummary:
    """Write the dashboard of ``database`` (the analyst copy) to ``out``."""
    started = time.perf_counter()
    out = Path(out)
    _check_replaceable(out)
    vendored = vendor.vendor_files()
    pages = _pages(Path(database), progress or (lambda message: None))
    out.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{out.name}-", dir=out.parent))
    work.chmod(0o755)
    try:
        summary = _write(pages, work, vendored)
        _swap(work, out)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    summary.out = out
    summary.seconds = time.perf_counter() - started
    return summary


def _check_replaceable(out: Path) -> None:
    if out.exists() and (not out.is_dir() or (any(out.iterdir()) and not (out / MARKER).exists())):
        raise NotADashboard(f"{out} exists and is not a dashboard this command wrote; "
                            "choose an empty or new directory")


def _pages(database: Path, progress) -> list[Page]:
    connection = Q.open_warehouse(database)
    try:
        read = lambda sql: Q.read(connection, sql).dicts()  # noqa: E731
        years = [row[0] for row in Q.read(connection, Q.YEARS).rows]
        agencies = read(Q.AGENCIES)
        unplaced = Q.read(connection, Q.UNPLACED).rows[0][0]
        region_rates = read(Q.REGION_RATES)
        outcome_mix = read(Q.OUTCOME_MIX)
        pages = [overview_page(read(Q.REPORTS_BY_YEAR_STATUS), outcome_mix, region_rates, unplaced)]
        progress("overview read")
        pages += coverage_pages(coverage(years, agencies, Q.read(connection, Q.COVERAGE).rows),
                                unplaced)
        progress("coverage read")
        pages += peer_pages(read(Q.PEERS), region_rates)
        progress("peers read")
        per_agency = _agency_data(connection, agencies)
        applicants = Q.read(connection, Q.APPLICANT_LABELS).rows
        sources = {s["report_key"]: s for data in per_agency.values() for s in data.sources}
        pages += quality_pages(read(Q.NOT_WHOLE), read(Q.FAILING_CHECKS),
                               Q.cross_year(connection), sources)
        progress("quality read")
    finally:
        connection.close()
    pages += [agency_page(data, applicants) for data in per_agency.values()]
    progress(f"{len(per_agency):,} agency pages made")
    return pages


def _agency_data(connection, agencies: list[dict]) -> dict[int, AgencyData]:
    """Each agency's rows of the whole-warehouse queries, gathered in one pass over each."""
    data = {a["agency_key"]: AgencyData(agency=a) for a in agencies}
    for row in Q.read(connection, Q.AGENCY_YEARS).dicts():
        data[row["agency_key"]].years.append(row)
    for key, year, applicant, value in Q.read(connection, Q.RECEIVED_BY_APPLICANT).rows:
        data[key].received.setdefault(year, {})[applicant] = value
    for row in Q.read(connection, Q.CHECKS).dicts():
        data[row["agency_key"]].checks[row["year"]] = row
    for row in Q.read(connection, Q.SOURCES).dicts():
        data[row["agency_key"]].sources.append(row)
    for item in data.values():  # the name the agency printed last stands on its page
        if item.years:
            item.agency = {**item.agency, "agency_name": item.years[-1]["agency_name"]}
    return data


def _write(pages: list[Page], site: Path, vendored: dict[str, Path]) -> DashboardSummary:
    summary = DashboardSummary(out=site)
    generated = datetime.now(timezone.utc).isoformat(timespec="seconds")
    characters: set[str] = set()
    for directory in {str(Path(p.path).parent) for p in pages}:
        (site / directory).mkdir(parents=True, exist_ok=True)
    for page in pages:
        html = page.render(generated)
        characters.update(html)
        data = html.encode("utf-8")
        (site / page.path).write_bytes(data)
        kind = page.path.split("/")[0] if "/" in page.path else page.path.removesuffix(".html")
        summary.pages[kind] += 1
        summary.bytes_written += len(data)
        if len(data) > summary.largest_page[1]:
            summary.largest_page = (page.path, len(data))
        if kind == "agency":
            summary.largest_agency_page = max(summary.largest_agency_page, len(data))
    assets, licenses = site / "assets", site / "licenses"
    assets.mkdir(exist_ok=True)
    licenses.mkdir()
    package = resources.files("pipelines.dashboard")
    static = {name: package.joinpath("static", name).read_text("utf-8") for name in STATIC}
    for source in static.values():
        characters.update(source)
    font_face = _font(summary, characters, assets, licenses)
    static["style.css"] = static["style.css"].replace("/*FONT-FACE*/", font_face)
    for name, source in static.items():
        (assets / name).write_text(source, encoding="utf-8")
    shutil.copyfile(vendored["echarts.min.js"], assets / "echarts.min.js")
    (assets / "china.js").write_text(vendor.china_map_script(vendored["china.json"]),
                                     encoding="utf-8")
    for name in ("ECHARTS-LICENSE.txt", "ECHARTS-NOTICE.txt"):
        shutil.copyfile(vendored[name], licenses / name)
    (site / MARKER).write_text("written by xxgk dashboard\n", encoding="utf-8")
    summary.bytes_written += sum(p.stat().st_size for p in assets.iterdir())
    return summary


def _font(summary: DashboardSummary, characters: set[str], assets: Path, licenses: Path) -> str:
    """The font cut to the site's characters; its @font-face rule ('' without a font)."""
    source = fonts.find_font()
    if source is None:
        summary.font_note = ("no Noto Sans CJK font found (install fonts-noto-cjk or set "
                             "XXGK_DASHBOARD_FONT): pages use the reader's own CJK fonts")
        return ""
    printable = "".join(c for c in characters if c.isprintable())
    summary.font_bytes = fonts.write_subset(printable, assets / "xxgk-sans.woff2", source)
    (licenses / "NOTO-SANS-CJK.txt").write_text(fonts.license_text(), encoding="utf-8")
    return ('@font-face { font-family: "XXGK Sans"; src: url("xxgk-sans.woff2") format("woff2"); '
            'font-display: block; }')


def _swap(work: Path, out: Path) -> None:
    """Put the new site where the old one was: rename the old aside, the new in, drop the old."""
    old = None
    if out.exists():
        old = out.with_name(f".{out.name}-old-{time.time_ns()}")
        out.rename(old)
    work.rename(out)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
