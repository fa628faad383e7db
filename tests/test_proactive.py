"""Section 二 as real openings print it: exact cells out, gaps named.

The fixtures of ``tests/fixtures/proactive_variants/`` cover whole documents; these
cases pin single behaviours of the section 二 reader.
"""

from __future__ import annotations

from decimal import Decimal

from pipelines.extract import extract_bytes

OPENING = ("某某县司法局2022年政府信息公开工作年度报告\n\n一、总体情况\n\n2022年，我局认真落实《条例》。\n\n"
           "二、主动公开政府信息情况\n\n")


# A report's next heading: with 二 it is positive evidence of a report even when no
# cell of 二 can be read.
NEXT = "\n三、收到和处理政府信息公开申请情况\n"


def _read(body: str, name: str = "x.txt"):
    report = extract_bytes((OPENING + body + NEXT).encode("utf-8"), name)
    return report, {k: v for k, v in report.cells.items() if k.startswith("proactive.")}


def test_retitled_2019_columns_take_their_codes():
    _, cells = _read("第二十条第（一）项\n信息内容\t本年制作数量\t本年公开数量\t累计公开数量\n"
                     "规章\t1\t1\t4\n规范性文件\t5\t2\t30\n")
    assert cells == {"proactive.rules.newly_made": 1, "proactive.rules.newly_published": 1,
                     "proactive.rules.total_published": 4,
                     "proactive.normative_documents.newly_made": 5,
                     "proactive.normative_documents.newly_published": 2,
                     "proactive.normative_documents.total_published": 30}


def test_a_row_label_wrapped_over_two_lines_keeps_its_numbers():
    _, cells = _read("第二十条第（一）项\n信息内容\t本年制发件数\t本年废止件数\t现行有效件数\n"
                     "行政规范性\n文件\t5\t2\t30\n")
    assert cells == {"proactive.normative_documents.issued": 5,
                     "proactive.normative_documents.repealed": 2,
                     "proactive.normative_documents.in_force": 30}


def test_money_in_other_units_is_converted_to_wan_yuan():
    body = ("第二十条第（八）项\n信息内容\t本年收费金额（单位：万元）\n行政事业性收费\t{}\n")
    for printed, wan in (("3.5万元", Decimal("3.5")), ("35000元", Decimal("3.5")),
                         ("0.12亿元", Decimal(1200)), ("—", 0), ("12.36", Decimal("12.36"))):
        report, cells = _read(body.format(printed))
        assert cells == {"proactive.fees.amount_wan_yuan": wan}, printed
    report, _ = _read(body.format("35000元"))
    assert any("35000元" in n and "万元" in n for n in report.notes)


def test_a_count_printed_with_its_unit_is_the_count():
    _, cells = _read("第二十条第（五）项\n信息内容\t本年处理决定数量\n行政许可\t1,203件\n")
    assert cells == {"proactive.licensing.decisions": 1203}


def test_money_in_a_count_cell_is_not_read_and_is_named():
    report, cells = _read("第二十条第（五）项\n信息内容\t本年处理决定数量\n行政许可\t3.5万元\n")
    assert cells == {}
    assert any("proactive.licensing.decisions" in p for p in report.problems)


def test_numbers_beside_no_known_label_make_the_report_partial():
    report, cells = _read("第二十条第（六）项\n信息内容\t本年处理决定数量\n行政处罚\t7\n行政征收\t3\n")
    assert cells == {"proactive.penalties.decisions": 7}
    assert report.status == "partial"
    assert any("beside no recognised row label" in p for p in report.problems)


def test_a_table_row_with_a_damaged_label_and_no_number_makes_the_report_partial():
    """行政处罚 misspelt and its number lost: the row is printed, so ``ok`` would claim a
    cell that was not read (rows left out of the table are no gap; see the next test)."""
    markdown = ("| 第二十条第（六）项 |\n| 信息内容 | 本年处理决定数量 |\n| 行政许可 | 3 |\n"
                "| 行政政处罚 |  |\n| 行政强制 | 6 |\n")
    html = ("<table><tr><td colspan=\"2\">第二十条第（六）项</td></tr><tr><td>信息内容</td>"
            "<td>本年处理决定数量</td></tr><tr><td>行政许可</td><td>3</td></tr><tr><td>行政政处罚"
            "</td><td></td></tr><tr><td>行政强制</td><td>6</td></tr></table>")
    for body, name in ((markdown, "x.md"), (html, "x.html")):
        report, cells = _read(body, name)
        assert cells == {"proactive.licensing.decisions": 3, "proactive.coercion.decisions": 6}
        assert report.status == "partial"
        assert any("'行政政处罚'" in p and "table 二" in p for p in report.problems), name


def test_a_missing_row_alone_does_not_name_a_table_two_problem():
    report, cells = _read("第二十条第（六）项\n信息内容\t本年处理决定数量\n行政处罚\t7\n")
    assert cells == {"proactive.penalties.decisions": 7}
    assert not any("table 二" in p for p in report.problems)


def test_padding_cells_of_a_word_pasted_table_are_not_cells():
    rows = (("第二十条第（五）项", "", "", ""), ("信息内容", "本年处理决定数量", "", ""),
            ("行政许可", "102", "", ""))
    html = "<table>" + "".join("<tr>" + "".join(f"<td>{c}</td>" for c in r) + "</tr>"
                               for r in rows) + "</table>"
    report = extract_bytes(("<html><body><p>" + OPENING.replace("\n\n", "</p><p>")
                            + "</p>" + html + f"<p>{NEXT}</p></body></html>").encode("utf-8"), "x.html")
    assert {k: v for k, v in report.cells.items()} == {"proactive.licensing.decisions": 102}


def test_a_number_under_a_blank_header_cell_is_not_padding():
    rows = (("第二十条第（五）项", "", "", ""), ("信息内容", "本年处理决定数量", "", ""),
            ("行政许可", "102", "", "7"))
    html = "<table>" + "".join("<tr>" + "".join(f"<td>{c}</td>" for c in r) + "</tr>"
                               for r in rows) + "</table>"
    report = extract_bytes(("<html><body><p>" + OPENING.replace("\n\n", "</p><p>")
                            + "</p>" + html + f"<p>{NEXT}</p></body></html>").encode("utf-8"), "x.html")
    assert "proactive.licensing.decisions" not in report.cells
    assert report.status == "partial"
