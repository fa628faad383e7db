"""数据质量: reports not read whole with their problems, reports failing their own
arithmetic with both sides of each failed rule, and cross-year disagreements (结转下年度 of
one year against 上年结转 of the next, column by column).

``quality.html`` counts them by year; each year's lists are a page of their own
(``quality/<year>.html``, ``quality/unknown.html`` for documents whose year was not read), so
a warehouse of every agency in China still gives pages a browser opens quickly."""

from __future__ import annotations

from collections import Counter, defaultdict

from pipelines.dashboard import labels as L
from pipelines.dashboard.markup import Chart, Page, count, figure, raw, table, text

# A list longer than this is cut on the page, saying so and how to get the rest.
ROWS_SHOWN = 5000
KINDS = ("部分读出", "读取失败等", "勾稽关系不符", "与上年结转不符的机关")


def quality_pages(not_whole: list[dict], failing: list[dict], cross_year: list[dict],
                  sources: dict[int, dict]) -> list[Page]:
    by_year = defaultdict(lambda: {"not_whole": [], "failing": [], "cross_year": []})
    for name, rows in (("not_whole", not_whole), ("failing", failing), ("cross_year", cross_year)):
        for row in rows:
            by_year[row["year"]][name].append(row)
    years = sorted(by_year, key=lambda y: (y is None, y or 0))
    tallies = {y: _tally(by_year[y]) for y in years}
    pages = [_index(years, tallies)]
    pages += [_year_page(y, by_year[y], tallies[y], sources) for y in years]
    return pages


def _slug(year) -> str:
    return "unknown" if year is None else str(year)


def _tally(lists: dict) -> dict[str, int]:
    return {KINDS[0]: sum(r["status"] == "partial" for r in lists["not_whole"]),
            KINDS[1]: sum(r["status"] != "partial" for r in lists["not_whole"]),
            KINDS[2]: len(lists["failing"]),
            KINDS[3]: len({r["agency_key"] for r in lists["cross_year"]})}


def _index(years: list, tallies: dict) -> Page:
    chart = Chart("quality-years", "各年的问题报告", "bar", table_id="t-quality",
                  categories=[L.year_text(y) for y in years],
                  series=[{"name": kind, "data": [tallies[y][kind] for y in years]}
                          for kind in KINDS])
    body = [[text(L.year_text(y), f"quality/{_slug(y)}.html"),
             *(count(tallies[y][k]) for k in KINDS)] for y in years]
    html = figure(chart, table("各年的问题报告数（点年份看清单）", ["年份", *KINDS], body, "t-quality"))
    lead = ("<p class=lead>读不全的报告、自己的数加不起来的报告、前后两年对不上的数。这些数不会被当作干净的数；"
            "比率在缺数时为空（—）。点年份看当年的清单：每份报告的问题、不符算式两边的数、来源文件。</p>")
    return Page("quality.html", "数据质量", lead + html, charts=[chart])


def _year_page(year, lists: dict, tally: dict, sources: dict[int, dict]) -> Page:
    chart = Chart("quality-kinds", f"{L.year_text(year)}的问题报告", "hbar", table_id="t-kinds",
                  categories=list(KINDS),
                  series=[{"name": "数量", "data": [tally[k] for k in KINDS]}])
    kinds = table(f"{L.year_text(year)}的问题报告数", ["问题", "数量"],
                  [[text(k), count(tally[k])] for k in KINDS], "t-kinds")
    figures = [(figure(chart, kinds), chart)]
    rules = Counter(rule for r in lists["failing"] for rule in r["failed_rules"])
    if rules:
        order = sorted(rules, key=lambda rule: (-rules[rule], rule))
        rule_chart = Chart("quality-rules", "未通过的核对规则", "hbar", table_id="t-rules",
                           categories=order,
                           series=[{"name": "报告数", "data": [rules[r] for r in order]}])
        figures.append((figure(rule_chart, table("未通过各规则的报告数", ["规则", "报告数"],
                                                 [[text(r), count(rules[r])] for r in order],
                                                 "t-rules")), rule_chart))
    body = (f'<p><a href="../quality.html">← 各年</a></p>' + "".join(f[0] for f in figures)
            + _not_whole_section(lists["not_whole"]) + _failing_section(lists["failing"])
            + _cross_year_section(lists["cross_year"], sources))
    return Page(f"quality/{_slug(year)}.html", f"数据质量：{L.year_text(year)}", body,
                charts=[f[1] for f in figures])


def _cut(rows: list[dict]) -> tuple[list[dict], str]:
    if len(rows) <= ROWS_SHOWN:
        return rows, ""
    return rows[:ROWS_SHOWN], (f"<p class=note>只列出前 {ROWS_SHOWN:,} 行（共 {len(rows):,} 行）；"
                               f"全部见 <code>xxgk query</code> 或 <code>xxgk export</code>。</p>")


def _agency_cell(row: dict):
    if row["agency_key"] is None:
        return text(row["agency_name"] or "机关未读出")
    return text(row["agency_name"], f"../{L.agency_href(row['agency_key'])}")


def _source_cells(row: dict) -> list:
    fetched = row["fetched_at"].isoformat(timespec="seconds") if row.get("fetched_at") else None
    return [text(row["url"], row["url"]), text(fetched),
            raw(f"<code>{text(row['sha256']).html}</code>")]


def _not_whole_section(rows: list[dict]) -> str:
    shown, note = _cut(rows)
    body = [[_agency_cell(r), text(L.year_text(r["year"])),
             text(L.STATUS.get(r["status"], r["status"])),
             text(r["format"]),
             raw("<ul>" + "".join(f"<li>{text(p).html}</li>" for p in r["problems"]) + "</ul>")
             if r["problems"] else text("—"), *_source_cells(r)] for r in shown]
    return ("<section><h2>未能完整读出的报告</h2><p class=note>部分读出的报告只留下确定读出的数，缺的格子不估算；"
            "问题一栏说明缺了什么。</p>" + note
            + table(f"未能完整读出的报告（{len(rows):,} 份）",
                    ["机关", "年份", "状态", "格式", "问题", "网址", "抓取时间", "sha256"], body,
                    "t-not-whole")
            + "</section>")


def _failing_section(rows: list[dict]) -> str:
    shown, note = _cut(rows)
    body = []
    for r in shown:
        failed = "".join(f"<li><code>{text(rule).html}</code>：{text(detail).html}</li>"
                         for rule, detail in zip(r["failed_rules"], r["failure_details"]))
        body.append([_agency_cell(r), text(L.year_text(r["year"])),
                     text(L.STATUS.get(r["status"], r["status"])), count(r["failed_checks"]),
                     raw(f'<ul class="failed">{failed}</ul>'), *_source_cells(r)])
    return ("<section><h2>自身勾稽关系不符的报告</h2><p class=note>机关自己印出的数不满足表格规定的算式"
            "（如 本年新收 + 上年结转 = 总计 + 结转下年度）；列出算式两边的数。这是机关的错误，原样记录。</p>" + note
            + table(f"勾稽关系不符的报告（{len(rows):,} 份）", ["机关", "年份", "状态", "不符项数",
                                                        "不符的核对（两边的数）", "网址", "抓取时间",
                                                        "sha256"], body, "t-failing")
            + "</section>")


def _cross_year_section(rows: list[dict], sources: dict[int, dict]) -> str:
    shown, note = _cut(rows)
    body = []
    for r in shown:
        before, after = sources.get(r["previous_report_key"]), sources.get(r["report_key"])
        body.append([_agency_cell(r), text(r["applicant_label"]),
                     text(f'{r["previous_year"]}年结转下年度'), count(r["carried_forward"]),
                     text(f'{r["year"]}年上年结转'), count(r["carried_over"]),
                     count(r["carried_over"] - r["carried_forward"]),
                     text("上年报告", before["url"] if before else None),
                     text("本年报告", after["url"] if after else None)])
    return ("<section><h2>与上一年对不上的数</h2><p class=note>上一年报告的“结转下年度继续办理”应等于这一年报告的"
            "“上年结转”（同一批申请）；按申请人类型逐列比较用于比较的两份报告。</p>" + note
            + table(f"结转数与上一年不符（{len(rows):,} 处）", ["机关", "申请人类型", "上一年", "结转下年度",
                                                       "这一年", "上年结转", "差", "上一年来源", "这一年来源"],
                    body, "t-cross-year")
            + "</section>")
