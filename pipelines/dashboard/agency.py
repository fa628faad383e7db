"""One page per agency: its requests by applicant type and outcome, year over year; its
reviews and lawsuits with correction rates; its checks; every year's figures linked to the
document they were read from (URL, fetch time, sha256). The page holds its own data only."""

from __future__ import annotations

from dataclasses import dataclass, field

from pipelines.dashboard import labels as L
from pipelines.dashboard.markup import Chart, Page, count, figure, rate, raw, table, text

RATES = (("disclosure_rate", "公开率", lambda r: _plus(r["disclosed"], r["partially_disclosed"]),
          "processed"),
         ("refusal_share", "不予公开占比", lambda r: r["withheld"], "processed"),
         ("not_held_share", "本机关不掌握占比", lambda r: r["not_held"], "processed"),
         ("not_processed_share", "不予处理占比", lambda r: r["not_processed"], "processed"))
PROCEEDINGS = (("review", "行政复议"), ("litigation", "行政诉讼"))


def _plus(a, b):
    return None if a is None or b is None else a + b


def _minus(a, b):
    return None if a is None or b is None else a - b


@dataclass
class AgencyData:
    """Everything one agency's page shows, gathered from the whole-warehouse queries."""

    agency: dict
    years: list[dict] = field(default_factory=list)
    received: dict[int, dict[str, int]] = field(default_factory=dict)
    checks: dict[int, dict] = field(default_factory=dict)
    sources: list[dict] = field(default_factory=list)


def agency_page(data: AgencyData, applicants: list[tuple[str, str]]) -> Page:
    agency = data.agency
    source_of = {s["year"]: s["report_key"] for s in data.sources if s["of_record"]}
    figures = [_received_figure(data, applicants, source_of), _outcomes_figure(data, source_of),
               _rates_figure(data, source_of), _proceedings_figure(data, source_of)]
    place = " · ".join(p for p in (agency["province"], agency["city"], agency["county"]) if p)
    facts = (f'<dl class="facts"><dt>地区</dt><dd>{text(place or "地区未定").html}</dd>'
             f'<dt>层级</dt><dd>{text(agency["level"] or "未定").html}</dd>'
             f'<dt>领域</dt><dd>{text(agency["sector"]).html}</dd>'
             f'<dt>报告</dt><dd>{len(data.sources):,} 份文件，{len(data.years):,} 个年度用于比较</dd></dl>')
    group = L.group_of(agency["province_code"], agency["level"])
    links = (f'<p><a href="../coverage/{group}.html">本地区发布情况</a>　'
             f'<a href="../peers/index.html#p-{group}">同级比较</a></p>')
    body = (facts + links + _warnings(data) + "".join(f[0] for f in figures if f)
            + _checks_section(data, source_of)
            + _sources_section(data))
    return Page(L.agency_href(agency["agency_key"]), agency["agency_name"], body,
                charts=[f[1] for f in figures if f])


def _warnings(data: AgencyData) -> str:
    """The years whose figures need care, said before the figures."""
    notes = []
    for r in data.years:
        check = data.checks.get(r["year"]) or {}
        failed = len(check.get("failed_rules") or [])
        if r["status"] != "ok" or failed:
            quality = L.report_quality(r["status"], failed)
            notes.append(f"<li>{L.year_text(r['year'])}：{quality}</li>")
    if not notes:
        return ""
    return (f'<div class="warning" role="note"><p>这些年度的数需要留意（部分读出的缺数不计、不估；'
            f'勾稽关系不符的是机关自己的数，原样列出，见下方“勾稽关系核对”）：</p><ul>{"".join(notes)}</ul></div>')


def _year_cell(year: int, source_of: dict) -> object:
    key = source_of.get(year)
    return text(L.year_text(year), f"#source-{key}" if key is not None else None)


def _received_figure(data: AgencyData, applicants, source_of):
    years = [r["year"] for r in data.years]
    columns = [(code, label) for code, label in applicants if code != "total"]
    def received(year, code):
        return data.received.get(year, {}).get(code)

    chart = Chart("received", "本年新收申请：按申请人类型", "bar", stack=True, table_id="t-received",
                  categories=[L.year_text(y) for y in years],
                  series=[{"name": label, "data": [received(y, code) for y in years]}
                          for code, label in columns])
    body = [[_year_cell(y, source_of), *(count(received(y, code)) for code, _ in columns),
             count(received(y, "total"))] for y in years]
    return figure(chart, table("本年新收申请数（按申请人类型）", ["年份", *(l for _, l in columns), "总计"],
                               body, "t-received")), chart


def _outcomes_figure(data: AgencyData, source_of):
    chart = Chart("outcomes", "办理结果", "bar", stack=True, table_id="t-outcomes",
                  categories=[L.year_text(r["year"]) for r in data.years],
                  series=[{"name": label, "data": [r[code] for r in data.years]}
                          for code, label in L.OUTCOMES])
    body = [[_year_cell(r["year"], source_of), count(r["received"]), count(r["carried_over"]),
             count(r["processed"]), *(count(r[code]) for code, _ in L.OUTCOMES),
             count(r["carried_forward"])] for r in data.years]
    headers = ["年份", "本年新收", "上年结转", "办理总计", *(l for _, l in L.OUTCOMES), "结转下年度"]
    return figure(chart, table("申请的办理结果（总计列）", headers, body, "t-outcomes")), chart


def _rates_figure(data: AgencyData, source_of):
    chart = Chart("rates", "公开、不予公开、不掌握、不予处理的比率", "bar", percent=True,
                  table_id="t-rates", extra={"line": True},
                  categories=[L.year_text(r["year"]) for r in data.years],
                  series=[{"name": label, "data": [r[column] for r in data.years]}
                          for column, label, _, _ in RATES])
    body = [[_year_cell(r["year"], source_of),
             *(rate(r[column], numerator(r), r[denominator])
               for column, _, numerator, denominator in RATES)] for r in data.years]
    return figure(chart, table("比率（分子 / 办理总计）", ["年份", *(l for _, l, _, _ in RATES)], body,
                               "t-rates")), chart


def _proceedings_figure(data: AgencyData, source_of):
    series = []
    for prefix, label in PROCEEDINGS:
        for part, word in (("total", "总计"), ("corrected", "纠正")):
            series.append({"name": f"{label}{word}",
                           "data": [r[f"{prefix}_{part}"] for r in data.years]})
    chart = Chart("proceedings", "行政复议与行政诉讼", "bar", table_id="t-proceedings",
                  categories=[L.year_text(r["year"]) for r in data.years], series=series)
    body = []
    for r in data.years:
        cells = [_year_cell(r["year"], source_of)]
        for prefix, _ in PROCEEDINGS:
            total, corrected, pending = (r[f"{prefix}_{part}"]
                                         for part in ("total", "corrected", "pending"))
            cells += [count(total), count(corrected), count(pending),
                      rate(r[f"{prefix}_correction_rate"], corrected, _minus(total, pending))]
        body.append(cells)
    headers = ["年份"] + [f"{label}{part}" for _, label in PROCEEDINGS
                         for part in ("总计", "纠正", "尚未审结", "纠正率（纠正 / 已审结）")]
    return figure(chart, table("行政复议与行政诉讼（诉讼为未经复议直接起诉与复议后起诉之和）", headers, body,
                               "t-proceedings")), chart


def _checks_section(data: AgencyData, source_of) -> str:
    rows = []
    for r in data.years:
        check = data.checks.get(r["year"])
        if check is None:
            rows.append([_year_cell(r["year"], source_of), count(0), count(0), text("—")])
            continue
        failed = "".join(f"<li><code>{text(rule).html}</code>：{text(detail).html}</li>"
                         for rule, detail in zip(check["failed_rules"] or [],
                                                 check["failure_details"] or []))
        rows.append([_year_cell(r["year"], source_of), count(check["checks"]),
                     count(check["passed"]),
                     text("全部通过") if not failed else
                     raw(f'<ul class="failed">{failed}</ul>')])
    return ("<section><h2>勾稽关系核对</h2><p class=note>报告自身的数字按表格规定的算式核对；"
            "未通过的列出算式两边的数（机关自己的错误，原样记录，不作更正）。</p>"
            + table("各年报告的核对结果", ["年份", "核对项", "通过", "未通过的核对"], rows, "t-checks")
            + "</section>")


def _sources_section(data: AgencyData) -> str:
    rows, extras = [], []
    for s in data.sources:
        fetched = s["fetched_at"].isoformat(timespec="seconds") if s["fetched_at"] else None
        problems = "；".join(s["problems"] or []) or "—"
        rows.append([text(L.year_text(s["year"])), text(L.STATUS.get(s["status"], s["status"])),
                     text("是" if s["of_record"] else "否"), text(s["format"]),
                     text(s["url"], s["url"]), text(fetched),
                     raw(f'<code>{text(s["sha256"]).html}</code>'),
                     text(problems)])
        extras.append(f' id="source-{s["report_key"]}"')
    return ("<section><h2>来源文件</h2><p class=note>同一年度有多份文件时（网页与其 PDF），完整读出的一份用于比较，"
            "其次取最近抓取的一份。</p>"
            + table("本机关的全部文件", ["年份", "读取状态", "用于比较", "格式", "网址", "抓取时间", "sha256",
                                 "问题"], rows, "t-sources", row_attributes=extras) + "</section>")
