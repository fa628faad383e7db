"""Section 二 never wrong: random tables in the variants real reports print.

Each seed renders one opening (title, 一, 二) with a random section 二 table of
either form: label and column-title variants, units in the cells (件, 项), money
in 万元, 元 or 亿元 under headers stating either, / and — for 0, traditional
characters, as tab text, pipe tables, Word-pasted HTML padded to four columns or
one HTML table per sub-table. Some seeds damage the table (a number dropped, a
row that is no cell of the form added). The reader must never output a value the
document does not print; undamaged, it must read every cell.

    XXGK_NEVER_WRONG_PROACTIVE_CASES=400 python3 -m pytest -q tests/test_never_wrong_proactive.py
"""

from __future__ import annotations

import os
import random
from decimal import Decimal

import pytest

from pipelines.extract import extract_bytes
from pipelines.reading.text import simplified

CASES = int(os.environ.get("XXGK_NEVER_WRONG_PROACTIVE_CASES", "300"))

ROWS = {
    "rules": ("规章", "部门规章", "規章"),
    "normative_documents": ("行政规范性文件", "规范性文件", "其他规范性文件", "行政規範性文件"),
    "licensing": ("行政许可", "行政许可事项", "行政許可"),
    "other_admin_services": ("其他对外管理服务事项",),
    "penalties": ("行政处罚", "行政处罚决定", "行政處罰"),
    "coercion": ("行政强制", "行政强制措施"),
    "fees": ("行政事业性收费", "行政事业性收费项目", "行政事業性收費"),
    "procurement": ("政府集中采购", "政府集中采购项目"),
}
COLUMNS = {
    "issued": ("本年制发件数", "本年制發件數"), "repealed": ("本年废止件数",),
    "in_force": ("现行有效件数", "現行有效件數"),
    "decisions": ("本年处理决定数量", "处理决定数量", "本年處理決定數量"),
    "amount_wan_yuan": ("本年收费金额", "本年收費金額"),
    "newly_made": ("本年新制作数量", "新制作", "本年制作数量"),
    "newly_published": ("本年新公开数量", "新公开", "本年公开数量"),
    "total_published": ("对外公开总数量", "公开总数", "累计公开数量"),
    "prior_year_items": ("上一年项目数量", "上年项目数量"), "change": ("本年增/减", "本年增减"),
    "items": ("采购项目数量",), "amount": ("采购总金额",),
}
FORMS = {
    "2021": (("（一）", ("issued", "repealed", "in_force"), ("rules", "normative_documents")),
             ("（五）", ("decisions",), ("licensing",)),
             ("（六）", ("decisions",), ("penalties", "coercion")),
             ("（八）", ("amount_wan_yuan",), ("fees",))),
    "2019": (("（一）", ("newly_made", "newly_published", "total_published"),
              ("rules", "normative_documents")),
             ("（五）", ("prior_year_items", "change", "decisions"),
              ("licensing", "other_admin_services")),
             ("（六）", ("prior_year_items", "change", "decisions"), ("penalties", "coercion")),
             ("（八）", ("prior_year_items", "change"), ("fees",)),
             ("（九）", ("items", "amount"), ("procurement",))),
}
MONEY = ("amount_wan_yuan", "amount")


def _money(rng, header_unit):
    """A money cell: its value in 万元, what is printed, and the header's unit words."""
    wan = Decimal(rng.randrange(0, 500000)) / 100
    style = rng.choice(("plain", "yuan_cell", "wan_cell", "yi_cell"))
    if style == "yuan_cell":
        return wan, f"{int(wan * 10000)}元"
    if style == "wan_cell":
        return wan, f"{wan}万元"
    if style == "yi_cell":
        return wan, f"{(wan / 10000).normalize():f}亿元"
    if header_unit == "元":
        return wan, str(int(wan * 10000))
    return wan, str(wan)


def _count(rng, column):
    value = rng.choice((0, 0, rng.randrange(1, 20), rng.randrange(20, 3000)))
    if column == "change":
        value = rng.randrange(-15, 16)
        text = rng.choice((f"{value:+d}" if value else "0",
                           (f"增加{value}" if value > 0 else f"减少{-value}") if value else "0"))
        return value, text
    if value == 0 and rng.random() < 0.3:
        return 0, rng.choice(("—", "/", "0"))
    text = f"{value:,}" if value >= 1000 and rng.random() < 0.5 else str(value)
    return value, text + rng.choice(("", "", "件", "项"))


def make_case(seed: int):
    rng = random.Random(seed)
    form = rng.choice(("2021", "2019"))
    truth, table = {}, []
    for item, columns, rows in FORMS[form]:
        # a header without a unit means the form's own, 万元
        header_unit = rng.choice(("万元", "元")) if rng.random() < 0.8 else None
        titles = []
        for c in columns:
            title = rng.choice(COLUMNS[c])
            if c in MONEY and header_unit:
                title += f"（单位：{header_unit}）"
            titles.append(title)
        lines = []
        for row in rows:
            cells = []
            for c in columns:
                value, text = _money(rng, header_unit) if c in MONEY else _count(rng, c)
                truth[f"proactive.{row}.{c}"] = value
                cells.append(text)
            lines.append((rng.choice(ROWS[row]), cells))
        table.append((f"第二十条第{item}项", titles, lines))
    damage = []
    render = rng.choice((_tabs, _pipes, _word_html, _portal_html))
    if rng.random() < 0.15:
        k = rng.randrange(len(table))
        table[k][2].append(("行政征收", ["3"] * len(table[k][1])))
        damage.append("extra row")
    if rng.random() < 0.15:
        k = rng.randrange(len(table))
        label, cells = table[k][2][0]
        if len(cells) > 1:
            i = rng.randrange(len(cells))
            if render in (_word_html, _portal_html):
                # an HTML cell left empty: the document prints 0 there
                cells[i] = ""
                row = next(r for r in FORMS[form][k][2])
                truth[f"proactive.{row}.{FORMS[form][k][1][i]}"] = 0
            else:
                cells.pop(i)
            damage.append("dropped")
    name, data = render(rng, table)
    return name, data, truth, damage


def _opening(html: bool) -> list[str]:
    lines = ["文成县民政局2022年政府信息公开工作年度报告", "一、总体情况",
             "2022年，我局认真贯彻落实《条例》要求。", "二、主动公开政府信息情况"]
    return [f"<p>{x}</p>" for x in lines] if html else lines


def _tabs(rng, table):
    out = _opening(False)
    for heading, titles, rows in table:
        out += [heading, "\t".join(["信息内容", *titles])]
        for label, cells in rows:
            if rng.random() < 0.15 and len(label) > 4:
                out += [label[:3], "\t".join([label[3:], *cells])]
            else:
                out.append("\t".join([label, *cells]))
    return "x.txt", "\n".join(out).encode("utf-8")


def _pipes(rng, table):
    out = _opening(False)
    for heading, titles, rows in table:
        out += [f"| {heading} | | | |", "| " + " | ".join(["信息内容", *titles]) + " |"]
        out += ["| " + " | ".join([label, *cells]) + " |" for label, cells in rows]
    return "x.txt", "\n".join(out).encode("utf-8")


def _word_html(rng, table):
    def tr(cells):
        cells = list(cells) + [""] * (4 - len(cells))
        return "<tr>" + "".join(f'<td><p class="MsoNormal"><span>{c or "&nbsp;"}</span></p></td>'
                                for c in cells) + "</tr>"
    rows = []
    for heading, titles, body in table:
        rows += [tr([heading]), tr(["信息内容", *titles])]
        rows += [tr([label, *cells]) for label, cells in body]
    return "x.html", ("<html><body>" + "".join(_opening(True)) + "<table>" + "".join(rows)
                      + "</table></body></html>").encode("utf-8")


def _portal_html(rng, table):
    parts = _opening(True)
    for heading, titles, body in table:
        width = len(titles) + 1
        parts.append(f'<table><tr><td colspan="{width}">{heading}</td></tr>'
                     + "<tr>" + "".join(f"<th>{t}</th>" for t in ["信息内容", *titles]) + "</tr>"
                     + "".join("<tr>" + "".join(f"<td>{c}</td>" for c in [label, *cells]) + "</tr>"
                               for label, cells in body) + "</table>")
    return "x.html", ("<html><body>" + "".join(parts) + "</body></html>").encode("utf-8")


@pytest.mark.parametrize("seed", range(CASES))
def test_section_two_is_never_wrong(seed):
    name, data, truth, damage = make_case(seed)
    report = extract_bytes(data, name)
    cells = {k: v for k, v in report.cells.items() if k.startswith("proactive.")}
    wrong = {k: (v, truth.get(k)) for k, v in cells.items()
             if k not in truth or Decimal(v) != Decimal(truth[k])}
    assert wrong == {}, (damage, report.problems)
    if not damage:
        assert set(cells) == set(truth), (sorted(set(truth) - set(cells)), report.problems)
        assert all("table 二" not in p for p in report.problems), report.problems
    if damage:
        assert any("table 二" in p for p in report.problems) or set(cells) == set(truth)


def test_the_generator_prints_traditional_and_simplified_labels():
    """The variants really occur: some seeds print traditional labels."""
    texts = [make_case(seed)[1].decode("utf-8") for seed in range(40)]
    assert any(simplified(t) != t for t in texts)
