"""同级比较: each agency's rank among its peers (same province, sector and level, same year),
from ``agency_peer_rank``; one page per province and year, filtered in the page by sector
and level; an index with a map of the provinces' disclosure rates."""

from __future__ import annotations

from collections import defaultdict
from html import escape

from pipelines.dashboard import labels as L
from pipelines.dashboard.markup import Chart, Page, attrs, count, figure, rate, table, text

MEASURES = (("disclosure_rate", "disclosed_or_partial", "processed", "disclosure_rank", "公开率"),
            ("refusal_share", "withheld", "processed", "refusal_rank", "不予公开占比"),
            ("not_held_share", "not_held", "processed", "not_held_rank", "不掌握占比"),
            ("review_correction_rate", "review_corrected", "review_decided",
             "review_correction_rank", "复议纠正率"))


# The table's column of the first rate (公开率); each rate is followed by its rank.
CHART_COLUMN = 7


def peer_pages(peers: list[dict], region_rates: list[dict]) -> list[Page]:
    groups: dict[str, dict[int, list[dict]]] = defaultdict(lambda: defaultdict(list))
    names = {}
    for row in peers:
        group = L.group_of(row["province_code"], row["level"])
        groups[group][row["year"]].append(row)
        names[group] = L.GROUP_NAMES.get(group) or row["province"]
    pages = [_index(groups, names, region_rates)]
    for group, years in groups.items():
        for year, rows in years.items():
            pages.append(_group_year(group, year, rows, names, groups))
    return pages


def _href(group: str, year: int) -> str:
    return f"{group}-{year}.html"


def _index(groups, names, region_rates) -> Page:
    provinces = [r for r in region_rates if r["region_scope"] == "省"]
    years = sorted({r["year"] for r in provinces})
    chart = Chart("province-map", "各省公开率（地图）", "map", percent=True, table_id="t-provinces",
                  extra={"years": years, "values": {
                      str(y): [{"code": r["province_code"], "name": r["province"],
                                "value": r["disclosure_rate"],
                                "numerator": r["disclosure_numerator"],
                                "denominator": r["disclosure_denominator"],
                                "href": _href(r["province_code"], y)
                                if y in groups.get(r["province_code"], {}) else None}
                               for r in provinces if r["year"] == y] for y in years}})
    rows = [[text(r["province"]), text(L.year_text(r["year"])), count(r["agencies"]),
             *(rate(r[column], r[f"{part}_numerator"], r[f"{part}_denominator"])
               for column, part in (("disclosure_rate", "disclosure"), ("refusal_share", "refusal"),
                                    ("not_held_share", "not_held"),
                                    ("review_correction_rate", "review")))]
            for r in provinces]
    province_table = table("各省比率（分子 / 分母）", ["省份", "年份", "机关数", "公开率", "不予公开占比",
                                                  "不掌握占比", "复议纠正率"], rows, "t-provinces",
                           row_attributes=[attrs(data_year=r["year"]) for r in provinces])
    year_select = _select("map-year", "年份", [(str(y), L.year_text(y)) for y in years],
                          str(years[-1]) if years else None)
    links = []
    for group in sorted(groups, key=lambda g: (g in L.GROUP_NAMES, g)):
        years_links = "　".join(f'<a href="{_href(group, y)}">{y}</a>'
                               for y in sorted(groups[group]))
        links.append(f'<li id="p-{group}"><strong>{escape(names[group])}</strong>：'
                     f'{years_links}</li>')
    body = (f'<p class=lead>同省、同领域、同层级的机关在同一年里互为同级；排名 1 为该项最大。'
            f'没有该数的机关不参与排名。选一个省和年份看排名表；地图按年份显示各省合计的公开率，点击省份进入。</p>'
            f'<div class="filters">{year_select}</div>'
            + figure(chart, province_table,
                     "地图边界取自 ECharts 4.9.0 npm 包自带的 china.json；颜色按当年各省公开率从低到高，"
                     "没有机关报告的省份为灰色。", stacked=True)
            + f'<section><h2>各省排名表</h2><ul class="groups">{"".join(links)}</ul></section>')
    return Page("peers/index.html", "同级比较", body, charts=[chart], scripts=("china.js",))


def _select(select_id: str, label: str, options: list[tuple[str, str]], chosen: str | None) -> str:
    choices = "".join(f'<option value="{escape(v)}"{" selected" if v == chosen else ""}>'
                      f'{escape(t)}</option>' for v, t in options)
    return (f'<label>{escape(label)} <select id="{escape(select_id)}">{choices}</select></label>')


def _group_year(group: str, year: int, rows: list[dict], names, groups) -> Page:
    name = names[group]
    sectors = sorted({r["sector"] for r in rows})
    levels = sorted({r["level"] for r in rows})
    filters = (_select("filter-year", "年份", [(_href(group, y), L.year_text(y))
                                             for y in sorted(groups[group])], _href(group, year))
               + _select("filter-province", "省份",
                         [(_href(g, year if year in groups[g] else max(groups[g])), names[g])
                          for g in sorted(groups)], _href(group, year))
               + _select("filter-sector", "领域", [("", "全部"), *((s, s) for s in sectors)], "")
               + _select("filter-level", "层级", [("", "全部"), *((v, v) for v in levels)], "")
               + _select("chart-measure", "图中比率",
                         [(str(CHART_COLUMN + 2 * i), label)
                          for i, (*_, label) in enumerate(MEASURES)], str(CHART_COLUMN)))
    headers = ["机关", "地区", "领域", "层级", "同级数", "本年新收", "新收排名"]
    for _, _, _, _, label in MEASURES:
        headers += [label, f"{label}排名"]
    headers.append("报告")
    body, extras = [], []
    for r in rows:
        place = "".join(p for p in (r["city"], r["county"]) if p) or "—"
        cells = [text(r["agency_name"], f"../{L.agency_href(r['agency_key'])}"), text(place),
                 text(r["sector"]), text(r["level"]), count(r["peers"]), count(r["received"]),
                 count(r["received_rank"])]
        for column, numerator, denominator, rank, _ in MEASURES:
            cells += [rate(r[column], r[numerator], r[denominator]), count(r[rank])]
        cells.append(text(L.report_quality(r["report_status"], r["failed_checks"]),
                          f"../{L.agency_href(r['agency_key'])}#t-checks"
                          if r["failed_checks"] else None))
        body.append(cells)
        extras.append(attrs(data_sector=r["sector"], data_level=r["level"],
                            data_agency=r["agency_key"]))
    chart = Chart("peer-bars", "筛选出的机关：所选比率最高的 30 个", "peers", percent=True,
                  table_id="t-peers", extra={"column": CHART_COLUMN, "limit": 30})
    html = figure(chart, table(f"{name} {L.year_text(year)}：同级排名", headers, body, "t-peers",
                               row_attributes=extras),
                  "图与表随筛选变化；比率后括号内为分子 / 分母。", stacked=True)
    page_body = (f'<p><a href="index.html">← 全部省份</a></p><div class="filters">{filters}</div>'
                 f'<p class="count" id="shown-count"></p>{html}')
    return Page(f"peers/{_href(group, year)}", f"同级比较：{name} {L.year_text(year)}", page_body,
                charts=[chart])
