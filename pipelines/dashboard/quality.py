"""数据质量: reports not read whole with their problems, reports failing their own
arithmetic with both sides of each failed rule, and cross-year disagreements (结转下年度 of
one year against 上年结转 of the next, column by column)."""

from __future__ import annotations

from collections import Counter

from pipelines.dashboard import labels as L
from pipelines.dashboard.markup import Chart, Page, count, figure, raw, table, text

# A list longer than this is cut on the page, saying so and how to get the rest.
ROWS_SHOWN = 5000


def quality_page(not_whole: list[dict], failing: list[dict], cross_year: list[dict],
                 sources: dict[int, dict]) -> Page:
    summary = _summary_figure(not_whole, failing, cross_year)
    body = (f"<p class=lead>读不全的报告、自己的数加不起来的报告、前后两年对不上的数。"
            f"这些数不会被当作干净的数；比率在缺数时为空（—）。</p>{summary[0]}"
            + _not_whole_section(not_whole) + _failing_section(failing)
            + _cross_year_section(cross_year, sources))
    return Page("quality.html", "数据质量", body, charts=[summary[1]])


def _summary_figure(not_whole, failing, cross_year):
    partial = Counter(r["year"] for r in not_whole if r["status"] == "partial")
    unread = Counter(r["year"] for r in not_whole if r["status"] != "partial")
    broken = Counter(r["year"] for r in failing)
    pairs = Counter(r["year"] for r in {(r["agency_key"], r["year"]): r for r in cross_year}.values())
    years = sorted(set(partial) | set(unread) | set(broken) | set(pairs),
                   key=lambda y: (y is None, y or 0))
    series = (("部分读出", partial), ("读取失败等", unread), ("勾稽关系不符", broken),
              ("与上年结转不符的机关", pairs))
    chart = Chart("quality-years", "各年的问题报告", "bar", table_id="t-quality",
                  categories=[L.year_text(y) for y in years],
                  series=[{"name": name, "data": [tally.get(y, 0) for y in years]}
                          for name, tally in series])
    body = [[text(L.year_text(y)), *(count(tally.get(y, 0)) for _, tally in series)] for y in years]
    return figure(chart, table("各年的问题报告数", ["年份", *(n for n, _ in series)], body,
                               "t-quality")), chart


def _cut(rows: list[dict], what: str, sql: str) -> tuple[list[dict], str]:
    if len(rows) <= ROWS_SHOWN:
        return rows, ""
    return rows[:ROWS_SHOWN], (f"<p class=note>只列出前 {ROWS_SHOWN:,} 份（共 {len(rows):,} 份{what}）；"
                               f"全部：<code>xxgk query \"{sql}\"</code></p>")


def _agency_cell(row: dict):
    if row["agency_key"] is None:
        return text(row["agency_name"] or "机关未读出")
    return text(row["agency_name"], L.agency_href(row["agency_key"]))


def _source_cells(row: dict) -> list:
    fetched = row["fetched_at"].isoformat(timespec="seconds") if row.get("fetched_at") else None
    return [text(row["url"], row["url"]), text(fetched), raw(f"<code>{text(row['sha256']).html}</code>")]


def _not_whole_section(rows: list[dict]) -> str:
    shown, note = _cut(rows, "", "select * from stg_reports where status not in ('ok', 'not_a_report')")
    body = [[_agency_cell(r), text(L.year_text(r["year"])), text(L.STATUS.get(r["status"], r["status"])),
             text(r["format"]), raw("<ul>" + "".join(f"<li>{text(p).html}</li>" for p in r["problems"] or [])
                                    + "</ul>"), *_source_cells(r)] for r in shown]
    return ("<section><h2>未能完整读出的报告</h2><p class=note>部分读出的报告只留下确定读出的数，缺的格子不估算；"
            "问题一栏说明缺了什么。</p>" + note
            + table(f"未能完整读出的报告（{len(rows):,} 份）", ["机关", "年份", "状态", "格式", "问题",
                                                        "网址", "抓取时间", "sha256"], body, "t-not-whole")
            + "</section>")


def _failing_section(rows: list[dict]) -> str:
    shown, note = _cut(rows, "", "select * from reports_failing_checks")
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
    shown, note = _cut(rows, "", "(the dashboard's cross-year query, pipelines/dashboard/queries.py)")
    body = []
    for r in shown:
        before, after = sources.get(r["previous_report_key"]), sources.get(r["report_key"])
        body.append([_agency_cell(r), text(r["applicant_label"]),
                     text(f'{r["previous_year"]}年结转下年度'), count(r["carried_forward"]),
                     text(f'{r["year"]}年上年结转'), count(r["carried_over"]),
                     count(r["carried_over"] - r["carried_forward"]),
                     text("上年报告", before["url"] if before else None),
                     text("本年报告", after["url"] if after else None)])
    return ("<section><h2>前后两年对不上的数</h2><p class=note>上一年报告的“结转下年度继续办理”应等于下一年报告的"
            "“上年结转”（同一批申请）；按申请人类型逐列比较用于比较的两份报告。</p>" + note
            + table(f"结转数前后不符（{len(rows):,} 处）", ["机关", "申请人类型", "上一年", "结转下年度",
                                                     "下一年", "上年结转", "差", "上一年来源", "下一年来源"],
                    body, "t-cross-year")
            + "</section>")
