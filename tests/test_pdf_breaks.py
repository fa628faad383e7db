"""A number a page break cuts inside its cell is never read as its first piece.

The real case is ``fixtures/pdf/h11_number_cut_by_page_break.pdf`` (checked cell by cell
by ``test_fixtures.py``: 5080 printed as 50 at page 2's foot and 80 atop page 3, in the
row and in its total); here the rule on lines laid out by hand.
"""

from __future__ import annotations

from pipelines.documents.model import PAGE_CUT
from pipelines.documents.pdf_breaks import mark_cut_across_pages
from pipelines.documents.pdf_layout import Line
from pipelines.reading.text import parse_number

# label column 160-290, number columns 300-330, 335-355, 360-380, 490-520 (the total)
COLUMNS = [(306, 321), (341, 349), (372, 380), (493, 509)]


def line(top, label, numbers, columns=COLUMNS):
    """A line 10 pt high: a label (if any) and numbers in the given columns."""
    cells = ([label] if label else []) + [n for n in numbers if n is not None]
    spans = ([(164, min(164 + 14 * len(label), 290))] if label else []) + \
        [c for n, c in zip(numbers, columns) if n is not None]
    return Line(top, top - 10, 0, cells, 842, spans)


def cells(pages):
    return [[line.cells for line in lines] for lines in pages]


def test_pieces_atop_the_next_page_under_the_numbers_of_the_last_row_are_marked_cut():
    pages = [[line(120, "3.危及“三安全一稳", ["8628", "0", "0", "8628"]),
              line(100, "4.保护第三方合法权", ["50", "0", "0", "50"])],
             [line(760, "益", ["80", None, None, "80"]),
              line(740, "5.属于三类内部事务", ["1849", "0", "0", "1849"])]]
    marked = mark_cut_across_pages(pages)
    assert cells(marked)[0][1] == ["4.保护第三方合法权", f"50{PAGE_CUT}80", "0", "0",
                                   f"50{PAGE_CUT}80"]
    assert cells(marked)[1][0] == ["益"]
    assert parse_number(f"50{PAGE_CUT}80").is_cut


def test_the_row_label_may_wrap_on_past_the_numbers_at_the_foot():
    pages = [[line(120, "一、本年新收政府信息公开申请数", ["1139", "0", "0", "1139"]),
              line(100, "量", [])],
             [line(760, "", ["27", None, None, "27"]),
              line(740, "二、上年结转政府信息公开申请数", ["0", "0", "0", "0"])]]
    marked = cells(mark_cut_across_pages(pages))
    assert marked[0][0][1] == f"1139{PAGE_CUT}27"
    assert marked[1] == [["二、上年结转政府信息公开申请数", "0", "0", "0", "0"]]


def test_a_whole_row_atop_the_next_page_is_a_row_of_its_own():
    pages = [[line(100, "2.重复申请", ["2670", "0", "0", "2670"])],
             [line(760, "3.要求提供公开出版", ["5085", "0", "0", "5085"])]]
    assert cells(mark_cut_across_pages(pages)) == [
        [["2.重复申请", "2670", "0", "0", "2670"]],
        [["3.要求提供公开出版", "5085", "0", "0", "5085"]]]


def test_a_heading_between_the_last_row_and_the_break_ends_the_table():
    pages = [[line(140, "行政规范性文件", ["1", "0", "10", None]),
              line(120, "第二十条第（五）项", [], []),
              Line(100, 90, 0, ["信息内容", "本年处理决定数量"], 842, [(164, 220), (300, 420)])],
             [line(760, "行政许可", ["102", None, None, None])]]
    marked = cells(mark_cut_across_pages(pages))
    assert marked[0][0] == ["行政规范性文件", "1", "0", "10"]
    assert marked[1] == [["行政许可", "102"]]


def test_a_row_atop_the_next_page_with_zero_marks_or_its_own_label_is_a_row_of_its_own():
    foot = [line(100, "（七）总计", ["30", "16", "14", "100"])]
    with_marks = [line(760, "", ["1", "-", None, "5"])]
    assert cells(mark_cut_across_pages([list(foot), with_marks]))[0][0][1] == "30"
    labelled = [line(760, "四、结转下年度继续办理", ["1", None, None, "5"])]
    assert cells(mark_cut_across_pages([list(foot), labelled]))[0][0][1] == "30"
    label_above = [line(770, "二、上年结转政府信息公", []), line(760, "", ["6", None, None, "17"])]
    assert cells(mark_cut_across_pages([list(foot), label_above]))[0][0][1] == "30"


def test_zero_marks_at_the_foot_count_among_the_row_values():
    pages = [[line(70, "6.属于四类过程性信息", ["-", "276", "-", "507"])],
             [line(787, "", [None, "6", None, "6"])]]
    marked = cells(mark_cut_across_pages(pages))
    assert marked == [[["6.属于四类过程性信息", "-", f"276{PAGE_CUT}6", "-",
                        f"507{PAGE_CUT}6"]], []]


def test_every_number_of_a_row_cut_shows_by_its_label_going_on_under_the_pieces():
    def foot():
        return [line(100, "一、本年新收政府信息公", ["12", "13", "61", "67"])]
    head = [line(787, "", ["626", "763", "59", "756"]), line(770, "开申请数量", []),
            line(750, "二、上年结转政府信息公", ["54", "211", "0", "265"])]
    marked = cells(mark_cut_across_pages([foot(), head]))
    assert marked[0][0][1:] == [f"12{PAGE_CUT}626", f"13{PAGE_CUT}763", f"61{PAGE_CUT}59",
                                f"67{PAGE_CUT}756"]
    numbers_above_label = [line(787, "", ["2854", "0", "0", "2854"]),
                           line(770, "7.属于行政执法案卷", [])]
    assert cells(mark_cut_across_pages([foot(), numbers_above_label]))[0][0][1] == "12"


def test_a_piece_with_a_leading_zero_atop_the_page_is_the_rest_of_a_number():
    pages = [[line(100, "（七）总计", ["14", "10", "12", "75"])],
             [line(787, "", ["722", "316", "015", "294"]),
              line(770, "", ["592", "542", "0", "1698"])]]
    marked = cells(mark_cut_across_pages(pages))
    assert marked[0][0][3] == f"12{PAGE_CUT}015"
    assert marked[1] == [["592", "542", "0", "1698"]]


def test_empty_cells_a_ruled_table_gives_do_not_hide_a_cut():
    """Blank cells (``pdf_rules.fill_empty_cells``) in the pieces' line atop the page."""
    foot = [line(100, "一、本年新收政府信息公", ["12", "13", "", "67"])]
    head = [line(787, "", ["626", "763", "", "756"]), line(770, "开申请数量", [])]
    marked = cells(mark_cut_across_pages([foot, head]))
    assert marked[0][0][1:] == [f"12{PAGE_CUT}626", f"13{PAGE_CUT}763", "",
                                f"67{PAGE_CUT}756"]
    assert marked[1] == [["开申请数量"]]


def test_a_row_whose_first_number_is_glued_to_its_label_atop_the_page_is_a_row_of_its_own():
    # 规章 0 0 0 at a page's foot; 行政规范性文件 1 0 1 atop the next, its 1 set so close to
    # the label that both came out as one cell (the sample portal's 集约化 PDF attachment)
    pages = [[line(100, "规章", ["0", "0", "0", None])],
             [Line(760, 750, 0, ["行政规范性文件1", "0", "1"], 842,
                   [(164, 321), (341, 349), (372, 380)])]]
    assert cells(mark_cut_across_pages(pages)) == [[["规章", "0", "0", "0"]],
                                                   [["行政规范性文件1", "0", "1"]]]
