"""How table 三's numbers are given to its rows, on small documents made for each rule.

The rule under test: a row is read when its numbers are certain — on its own
line, or exactly as many as the rows between two certain rows need, each
between its neighbours' labels — and otherwise left out and named.
"""

from __future__ import annotations

from models import template as T
from models.report import Report
from pipelines.documents import parse_bytes
from pipelines.documents.model import Block, Document
from pipelines.reading import read_report

ROWS = T.REQUEST_ROWS["2021"]
COLUMNS = [c.code for c in T.APPLICANTS]


def table_three(lines: dict[str, str] | None = None, header: str | None = None) -> list[str]:
    """Table 三 in tab-separated text, every row 0 unless ``lines`` replaces it."""
    lines = lines or {}
    out = [header or "\t自然人\t商业企业\t科研机构\t社会公益组织\t法律服务机构\t其他\t总计"]
    for row in ROWS:
        out.append(lines.get(row.code, row.label + "\t" + "\t".join(["0"] * 7)))
    return out


def read(lines: list[str], html: bool = False):
    body = ["某某县统计局2023年政府信息公开工作年度报告", "三、收到和处理政府信息公开申请情况",
            *lines, "四、政府信息公开行政复议、行政诉讼情况"]
    return read_report(parse_bytes("\n".join(body).encode(), "test.txt"))


def row(report, code: str) -> list[int | None]:
    return [report.cells.get(f"requests.{code}.{c}") for c in COLUMNS]


def test_a_row_on_its_own_line_is_read():
    report = read(table_three({"disclosed": "（一）予以公开\t4\t1\t0\t0\t0\t0\t5"}))
    assert row(report, "disclosed") == [4, 1, 0, 0, 0, 0, 5]


def test_numbers_printed_before_their_wrapped_label_are_read():
    label = "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"
    report = read(table_three({"other_unpaid_fee": "1 0 0 0 2 0 3\n" + label[:14] + "\n" + label[14:]}))
    assert row(report, "other_unpaid_fee") == [1, 0, 0, 0, 2, 0, 3]
    assert not any("other_unpaid_fee" in p for p in report.problems)


def test_numbers_between_the_halves_of_a_broken_label_are_read():
    report = read(table_three({"other_no_correction":
                               "1.申请人无正当理由逾期不补\t2\t0\t0\t0\t0\t1\t3\n"
                               "正、行政机关不再处理其政府信息公开申请"}))
    assert row(report, "other_no_correction") == [2, 0, 0, 0, 0, 1, 3]


def test_a_row_split_over_two_lines_is_read_from_both():
    report = read(table_three({"new_received": "一、本年新收政府信息公开申请数量 9 1 0\n0 0 0 10"}))
    assert row(report, "new_received") == [9, 1, 0, 0, 0, 0, 10]


def test_one_stray_number_leaves_the_uncertain_rows_unread_not_shifted():
    report = read(table_three({
        "withheld_state_secret": "1.属于国家秘密\n1 0 0 0 0 0 1",
        "withheld_prohibited_by_law": "2.其他法律行政法规禁止公开\n7\n0 0 0 0 0 0 0",
    }))
    assert row(report, "withheld_state_secret") == [None] * 7
    assert row(report, "withheld_prohibited_by_law") == [None] * 7
    assert row(report, "withheld_three_securities_one_stability") == [0] * 7
    assert report.status == "partial"
    assert any("withheld_state_secret" in p for p in report.problems)


def test_a_row_one_number_short_is_unread_unless_every_printed_number_is_zero():
    short = read(table_three({"disclosed": "（一）予以公开\t4\t1\t0\t0\t0\t5"}))
    assert row(short, "disclosed") == [None] * 7
    zeros = read(table_three({"partially_disclosed": "（二）部分公开\t0\t0\t0\t0\t0\t0"}))
    assert row(zeros, "partially_disclosed") == [0] * 7
    assert any("one cell short" in n for n in zeros.notes)


def test_in_text_an_empty_field_counts_only_between_numbers():
    report = read(table_three({"disclosed": "（一）予以公开\t\t4\t\t0\t0\t0\t0\t4\t"}))
    assert row(report, "disclosed") == [4, 0, 0, 0, 0, 0, 4]


def test_in_html_every_empty_cell_after_the_label_is_zero():
    cells = "".join(f"<td>{v}</td>" for v in ["", "3", "&nbsp;", "", "", "", "3"])
    rows = "".join(f"<tr><td>{r.label}</td>{cells if r.code == 'disclosed' else '<td>0</td>' * 7}</tr>"
                   for r in ROWS)
    page = ("<html><head><meta charset='utf-8'><title>某某县统计局2023年政府信息公开工作年度报告</title>"
            "</head><body><p>三、收到和处理政府信息公开申请情况</p><table>" + rows + "</table>"
            "<p>四、政府信息公开行政复议、行政诉讼情况</p></body></html>")
    report = read_report(parse_bytes(page.encode(), "test.html"))
    assert row(report, "disclosed") == [0, 3, 0, 0, 0, 0, 3]


def test_a_header_row_naming_all_columns_in_another_order_is_followed():
    header = "\t总计\t自然人\t商业企业\t科研机构\t社会公益组织\t法律服务机构\t其他"
    report = read(table_three({"disclosed": "（一）予以公开\t5\t4\t1\t0\t0\t0\t0"}, header=header))
    assert row(report, "disclosed") == [4, 1, 0, 0, 0, 0, 5]


def test_page_furniture_inside_the_table_is_skipped():
    report = read(table_three({"disclosed": "- 3 -\n第 3 页 共 6 页\n某某县统计局 2023 年政府信息公开工作年度报告\n"
                                            "（一）予以公开\t4\t1\t0\t0\t0\t0\t5"}))
    assert row(report, "disclosed") == [4, 1, 0, 0, 0, 0, 5]


def test_digits_run_together_are_split_only_when_one_digit_per_cell_adds_up():
    unique = read(table_three({"disclosed": "（一）予以公开\t2100003"}))
    assert row(unique, "disclosed") == [2, 1, 0, 0, 0, 0, 3]
    ambiguous = read(table_three({"disclosed": "（一）予以公开\t120000012"}))
    assert row(ambiguous, "disclosed") == [None] * 7
    not_adding_up = read(table_three({"disclosed": "（一）予以公开\t2100004"}))
    assert row(not_adding_up, "disclosed") == [None] * 7


def test_total_processed_printed_as_a_bare_total_label_is_read():
    report = read(table_three({"total_processed": "总计\t0\t0\t0\t0\t0\t0\t0"}))
    assert row(report, "total_processed") == [0] * 7
    assert not any("total_processed" in p for p in report.problems)


def test_a_table_whose_totals_disagree_in_most_rows_is_not_trusted():
    shifted = {code: label + "\t3\t2\t1\t0\t0\t0\t0" for code, label in [
        ("new_received", "一、本年新收政府信息公开申请数量"), ("disclosed", "（一）予以公开"),
        ("total_processed", "（七）总计"), ("partially_disclosed", "（二）部分公开")]}
    report = read(table_three(shifted))
    assert not any(code.startswith("requests.") for code in report.cells)
    assert any("may not be in the form's order" in p for p in report.problems)


def test_one_or_two_mistyped_totals_are_the_agency_s_finding():
    report = read(table_three({"disclosed": "（一）予以公开\t3\t2\t1\t0\t0\t0\t7"}))
    assert row(report, "disclosed") == [3, 2, 1, 0, 0, 0, 7]
    assert "row_total.disclosed" in report.failed_checks


def test_a_row_label_broken_by_a_vertical_group_label_is_still_found():
    report = read(table_three({
        "unavailable_not_held": "1.本机关不掌握\n2 0 0 0 0 0 2\n相关政府信息",
        "unavailable_needs_creation": "（四\n2.没有现成信\n）无\n息需要另行制 1 0 0 0 0 0 1\n法提\n作\n供",
    }))
    assert row(report, "unavailable_needs_creation") == [1, 0, 0, 0, 0, 0, 1]
    assert row(report, "unavailable_not_held") == [2, 0, 0, 0, 0, 0, 2]
    assert report.problems == [p for p in report.problems if "unavailable" not in p]


def read_blocks(disclosed: Block) -> Report:
    """Table 三 as a PDF adapter gives it, every row's cells as printed, with ``disclosed``."""
    blocks = [Block(("某某县统计局2023年政府信息公开工作年度报告",)),
              Block(("三、收到和处理政府信息公开申请情况",)),
              Block(("", "自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"),
                    table=0)]
    for r in ROWS:
        blocks.append(disclosed if r.code == "disclosed" else
                      Block((r.label, *["0"] * 7), table=0))
    blocks.append(Block(("四、政府信息公开行政复议、行政诉讼情况",)))
    return read_report(Document(source="test.pdf", format="pdf", blocks=blocks))


def test_a_ruled_row_whose_cells_are_certain_reads_its_blank_end_cells_as_zero():
    """A PDF row placed by its table's column walls: its first and last cells print
    nothing, and are zeros, as an HTML row's would be."""
    cells = ("（一）予以公开", "", "3", "", "", "", "2", "")
    assert row(read_blocks(Block(cells, table=0)), "disclosed") == [None] * 7
    certain = read_blocks(Block(cells, table=0, explicit_cells=True))
    assert row(certain, "disclosed") == [0, 3, 0, 0, 0, 2, 0]


def test_a_ruled_row_with_more_cells_than_columns_is_read_as_printed_text():
    cells = ("（一）予以公开", "", "", "3", "", "", "", "2", "")
    report = read_blocks(Block(cells, table=0, explicit_cells=True))
    assert row(report, "disclosed") == [None] * 7
    assert any("disclosed" in problem for problem in report.problems)
