"""总览: reports by year and status, requests and their outcomes by year, the regions covered."""

from __future__ import annotations

from collections import defaultdict

from pipelines.dashboard import labels as L
from pipelines.dashboard.markup import Chart, Page, count, figure, rate, table, text

RATES = (("disclosure_rate", "disclosure", "公开率（予以公开＋部分公开）/ 总计"),
         ("refusal_share", "refusal", "不予公开占比"),
         ("not_held_share", "not_held", "本机关不掌握占比"),
         ("review_correction_rate", "review", "行政复议纠正率（纠正 / 已审结）"))


def overview_page(reports_by_status: list[dict], outcome_mix: list[dict],
                  region_rates: list[dict], unplaced: int) -> Page:
    national = [r for r in region_rates if r["region_scope"] == "全国"]
    provinces = [r for r in region_rates if r["region_scope"] == "省"]
    parts = [_reports_figure(reports_by_status), _outcomes_figure(outcome_mix),
             _rates_figure(national), _regions_figure(provinces, outcome_mix, unplaced)]
    intro = ("<p class=lead>各机关每年发布的政府信息公开工作年度报告，逐份读出、核对其自身的勾稽关系后汇总。"
             "点击“发布情况”看谁发布了、谁没有；“同级比较”看同省同类同级机关的排名；“数据质量”看未能完整读出或自相矛盾的报告。</p>")
    return Page("index.html", "总览", intro + "".join(p[0] for p in parts),
                charts=[p[1] for p in parts])


def _reports_figure(rows: list[dict]):
    statuses = sorted({r["status"] for r in rows}, key=lambda s: list(L.STATUS).index(s)
                      if s in L.STATUS else 99)
    years = sorted({r["year"] for r in rows}, key=lambda y: (y is None, y or 0))
    counts = {(r["year"], r["status"]): r["reports"] for r in rows}
    chart = Chart("reports-by-status", "按年份和读取状态的报告数", "bar",
                  categories=[L.year_text(y) for y in years], stack=True, table_id="t-reports",
                  series=[{"name": L.STATUS.get(s, s),
                           "data": [counts.get((y, s), 0) for y in years]} for s in statuses])
    body = [[text(L.year_text(y)), *(count(counts.get((y, s), 0)) for s in statuses),
             count(sum(counts.get((y, s), 0) for s in statuses))] for y in years]
    headers = ["年份", *(L.STATUS.get(s, s) for s in statuses), "合计"]
    return figure(chart, table("报告数：年份 × 读取状态", headers, body, "t-reports"),
                  "“年份未知”是未能读出年份的文件（多为读取失败）。"), chart


def _outcomes_figure(rows: list[dict]):
    chart = Chart("outcomes-by-year", "申请数与办理结果（各年）", "bar",
                  categories=[L.year_text(r["year"]) for r in rows], stack=True,
                  table_id="t-outcomes",
                  series=[{"name": label, "data": [r[code] for r in rows]}
                          for code, label in L.OUTCOMES])
    headers = ["年份", "机关数", "本年新收", "办理总计", *(label for _, label in L.OUTCOMES)]
    body = [[text(L.year_text(r["year"])), count(r["agencies"]), count(r["received"]),
             count(r["processed"]), *(count(r[code]) for code, _ in L.OUTCOMES)] for r in rows]
    return figure(chart, table("申请与办理结果：各年合计（各机关印出的数之和）", headers, body,
                               "t-outcomes"),
                  "每一项只加总印出了该数的机关；未读出的数不计入，也不估算。"), chart


def _rates_figure(rows: list[dict]):
    chart = Chart("rates-by-year", "各项比率（全国合计）", "bar", percent=True, extra={"line": True},
                  categories=[L.year_text(r["year"]) for r in rows], table_id="t-rates",
                  series=[{"name": label, "data": [r[column] for r in rows]}
                          for column, _, label in RATES])
    body = [[text(L.year_text(r["year"])),
             *(rate(r[column], r[f"{part}_numerator"], r[f"{part}_denominator"])
               for column, part, _ in RATES)] for r in rows]
    return figure(chart, table("各项比率（分子 / 分母，只计两者都读出的机关）",
                               ["年份", *(label for _, _, label in RATES)], body, "t-rates")), chart


def _regions_figure(provinces: list[dict], outcome_mix: list[dict], unplaced: int):
    years = sorted({r["year"] for r in provinces} | {r["year"] for r in outcome_mix})
    by_province = defaultdict(dict)
    names = {}
    for row in provinces:
        by_province[row["province_code"]][row["year"]] = row["agencies"]
        names[row["province_code"]] = row["province"]
    latest = years[-1] if years else None
    order = sorted(by_province, key=lambda code: (-by_province[code].get(latest, 0), code))
    chart = Chart("regions", f"覆盖的地区：各省机关数（{L.year_text(latest)}）", "hbar",
                  categories=[names[c] for c in order], table_id="t-regions",
                  series=[{"name": "机关数", "data": [by_province[c].get(latest, 0) for c in order]}])
    all_agencies = {r["year"]: r["agencies"] for r in outcome_mix}
    body = [[text(names[c], f"peers/index.html#p-{c}"),
             *(count(by_province[c].get(y, 0)) for y in years)] for c in order]
    body.append([text("全部（含国家级与地区未定）"), *(count(all_agencies.get(y, 0)) for y in years)])
    note = (f"另有 {unplaced:,} 份文件未能读出机关或年份，见“数据质量”。" if unplaced else "")
    return figure(chart, table("各省有报告的机关数（各年）", ["省份", *(L.year_text(y) for y in years)],
                               body, "t-regions"), note), chart
