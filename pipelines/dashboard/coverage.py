"""发布情况: who published in which year. An agency × year matrix per province (national
agencies and those without a settled region in groups of their own), and the counts by year.

An agency-year is published (a report read whole), partial, failed (a document of the agency
and year that could not be read), a gap (nothing this year, something the year before) or
missing. Only agencies that appear in the warehouse are listed: one never seen is unknown here.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass

from pipelines.dashboard import labels as L
from pipelines.dashboard.markup import Cell, Chart, Page, attrs, count, figure, table, text

SERIES = (L.PUBLISHED, L.PARTIAL, L.FAILED, L.GAP, L.MISSING)
COLOURS = {L.PUBLISHED: "#3a9a5b", L.PARTIAL: "#e0b02a", L.FAILED: "#d9534f", L.GAP: "#8f1d1d",
           L.MISSING: "#c5ccd4"}
BEST = {0: L.PUBLISHED, 1: L.PARTIAL, 2: L.FAILED}


@dataclass
class Coverage:
    """Each listed agency's state in each year."""

    years: list[int]
    agencies: list[dict]
    states: dict[tuple[int, int], str]

    def state(self, agency_key: int, year: int) -> str:
        return self.states.get((agency_key, year), L.MISSING)


def coverage(years: list[int], agencies: list[dict], best: list[tuple]) -> Coverage:
    published = {(key, year): BEST[b] for key, year, b in best}
    states = dict(published)
    for agency in agencies:
        key = agency["agency_key"]
        for year in years:
            if (key, year) not in published and (key, year - 1) in published:
                states[(key, year)] = L.GAP
    return Coverage(years, agencies, states)


def coverage_pages(cov: Coverage, unplaced: int) -> list[Page]:
    groups = defaultdict(list)
    for agency in cov.agencies:
        groups[L.group_of(agency["province_code"], agency["level"])].append(agency)
    pages = [_group_page(code, members, cov) for code, members in groups.items()]
    return [_index_page(groups, cov, unplaced), *pages]


def _tally(members: list[dict], cov: Coverage) -> dict[int, Counter]:
    return {y: Counter(cov.state(a["agency_key"], y) for a in members) for y in cov.years}


def _year_figure(members: list[dict], cov: Coverage, chart_id: str, title: str):
    tally = _tally(members, cov)
    table_id = f"t-{chart_id}"
    chart = Chart(chart_id, title, "bar", stack=True, table_id=table_id,
                  categories=[L.year_text(y) for y in cov.years],
                  series=[{"name": L.COVERAGE[s], "state": s, "color": COLOURS[s],
                           "data": [tally[y][s] for y in cov.years]} for s in SERIES])
    body = [[text(L.year_text(y)), *(count(tally[y][s]) for s in SERIES), count(len(members))]
            for y in cov.years]
    html = figure(chart, table(f"{title}（机关数）", ["年份", *(L.COVERAGE[s] for s in SERIES), "机关数"],
                               body, table_id))
    return html, chart


def _group_name(code: str, members: list[dict]) -> str:
    return L.GROUP_NAMES.get(code) or members[0]["province"] or code


def _index_page(groups: dict, cov: Coverage, unplaced: int) -> Page:
    everyone = [a for members in groups.values() for a in members]
    html, chart = _year_figure(everyone, cov, "coverage-years", "各年发布情况")
    latest = cov.years[-1] if cov.years else None
    order = sorted(groups, key=lambda c: (c in L.GROUP_NAMES, c))
    rows = []
    for code in order:
        members = groups[code]
        tally = _tally(members, cov)
        gaps = sum(t[L.GAP] for t in tally.values())
        rows.append([text(_group_name(code, members), f"{code}.html"), count(len(members)),
                     count(tally[latest][L.PUBLISHED] if latest else 0),
                     count(tally[latest][L.PARTIAL] if latest else 0), count(gaps)])
    groups_table = table(f"各省：机关数、{L.year_text(latest)}已发布与部分读出、断档次数",
                         ["地区", "机关数", f"{L.year_text(latest)}已发布", f"{L.year_text(latest)}部分读出",
                          "断档（各年合计）"], rows, "t-groups")
    note = (f"<p class=note>另有 {unplaced:,} 份文件读不出机关或年份，无法放进矩阵；见"
            f"<a href=\"../quality.html\">数据质量</a>。</p>" if unplaced else "")
    body = (f"<p class=lead>每个机关每年是否发布了年度报告：已发布（完整读出）、部分读出、读取失败、"
            f"断档（上一年有报告、这一年没有）、未见。点击地区看每个机关的逐年矩阵。</p>{html}{note}"
            f"<section><h2>按地区</h2>{groups_table}</section>")
    return Page("coverage/index.html", "发布情况", body, charts=[chart])


def _group_page(code: str, members: list[dict], cov: Coverage) -> Page:
    name = _group_name(code, members)
    html, chart = _year_figure(members, cov, "coverage-group", f"{name}：各年发布情况")
    rows, extras = [], []
    for agency in members:
        key = agency["agency_key"]
        place = "".join(p for p in (agency["city"], agency["county"]) if p) or "—"
        cells = [text(agency["agency_name"], f"../{L.agency_href(key)}"), text(place),
                 text(agency["level"]), text(agency["sector"])]
        for year in cov.years:
            state = cov.state(key, year)
            cells.append(Cell(L.COVERAGE_SHORT[state],
                              attrs(class_=f"state {state}", data_state=state,
                                    title=f"{year}年：{L.COVERAGE[state]}")))
        rows.append(cells)
        extras.append(attrs(data_agency=key))
    matrix = table(f"{name}：机关 × 年份", ["机关", "地区", "层级", "领域",
                                         *(L.year_text(y) for y in cov.years)],
                   rows, "t-matrix", row_attributes=extras)
    legend = "".join(f'<span class="state {s}">{L.COVERAGE_SHORT[s]}</span> {L.COVERAGE[s]}　'
                     for s in SERIES)
    body = (f'<p><a href="index.html">← 全部地区</a></p>{html}'
            f'<section><h2>机关 × 年份</h2><p class="legend">{legend}</p>'
            f'<div class="table-wrap wide">{matrix}</div></section>')
    return Page(f"coverage/{code}.html", f"发布情况：{name}", body, charts=[chart])
