"""Ruled tables: a number wrapped inside its cell is one number; a row's cells are one row.

The ``h*`` fixtures (``fixtures/pdf/make_hard_fixtures.py``: 14 pt tables in 1.1 cm
columns, labels wrapped onto three lines, rows split by page breaks) are checked cell by
cell by ``test_fixtures.py``; here the rules themselves, on lines laid out by hand.
"""

from __future__ import annotations

from collections import Counter

from pipelines.documents.pdf_layout import Line
from pipelines.documents.pdf_layout import blocks_of
from pipelines.documents.pdf_rules import (Rules, RuledRows, fill_empty_cells, join_row_bands,
                                           join_wrapped_numbers)

# A table row between rules at y=700 and y=660, columns walled at x = 100, 200, 240, 280.
WALLS = [(600, 720, x) for x in (100, 200, 240, 280)]
ROW_RULES = [(100, 280, 720), (100, 280, 700), (100, 280, 660), (100, 280, 640)]


def line(top, cells):
    """A line 10 pt high whose cells are (text, left, right)."""
    return Line(top, top - 10, 0, [c[0] for c in cells], 842, [(c[1], c[2]) for c in cells])


def texts(lines):
    return [line.cells for line in lines]


def test_a_number_wrapped_in_a_ruled_cell_is_joined():
    lines = [line(695, [("2.申请人逾", 110, 190), ("221", 203, 237), ("2,9", 243, 277)]),
             line(682, [("期未按收", 110, 190), ("7", 216, 222), ("25", 255, 265)])]
    joined = join_wrapped_numbers(lines, Rules(ROW_RULES, WALLS))
    assert texts(joined) == [["2.申请人逾", "2217", "2,925"], ["期未按收"]]


def test_a_number_broken_over_three_lines_joins_whole():
    lines = [line(697, [("11,", 243, 277)]), line(685, [("22", 250, 270)]),
             line(673, [("0", 255, 265)])]
    assert texts(join_wrapped_numbers(lines, Rules(ROW_RULES, WALLS))) == [["11,220"]]


def test_numbers_of_two_rows_are_never_joined():
    lines = [line(695, [("12", 210, 230)]), line(655, [("3", 216, 224)])]
    assert texts(join_wrapped_numbers(lines, Rules(ROW_RULES, WALLS))) == [["12"], ["3"]]
    close = [line(695, [("12", 210, 230)]), line(682, [("3", 216, 224)])]
    with_rule_between = Rules(ROW_RULES + [(100, 280, 688)], WALLS)
    assert texts(join_wrapped_numbers(close, with_rule_between)) == [["12"], ["3"]]


def test_without_rules_nothing_is_joined():
    lines = [line(695, [("221", 203, 237)]), line(682, [("7", 216, 222)])]
    assert texts(join_wrapped_numbers(lines, Rules([], []))) == [["221"], ["7"]]
    unwalled = Rules(ROW_RULES, [])
    assert texts(join_wrapped_numbers(lines, unwalled)) == [["221"], ["7"]]


def test_cells_of_one_ruled_row_centred_at_different_heights_keep_their_columns():
    walls = [(600, 720, x) for x in (100, 140, 180, 220, 260)]
    rules = [(100, 260, 700), (100, 260, 660)]
    lines = [line(695, [("8.属于行政", 100, 138), ("2,603", 142, 178), ("2,234", 222, 258)]),
             line(685, [("—", 182, 218)]),
             line(675, [("查询事项", 100, 138)])]
    gathered = join_row_bands(lines, Rules(rules, walls))
    assert texts(gathered) == [["8.属于行政", "2,603", "—", "2,234"], ["查询事项"]]


def test_cells_of_different_rows_are_not_gathered():
    walls = [(600, 720, x) for x in (100, 140, 180)]
    rules = [(100, 180, 700), (100, 180, 680), (100, 180, 660)]
    lines = [line(695, [("1", 142, 150)]), line(675, [("2", 150, 158)])]
    assert texts(join_row_bands(lines, Rules(rules, walls))) == [["1"], ["2"]]


def test_a_number_cut_by_a_line_break_is_never_read_as_its_piece():
    from pipelines.reading.tables import TableRead, place
    from pipelines.reading.text import parse_number
    assert parse_number("1,8").is_cut and parse_number("11,").is_cut
    assert not parse_number("1,821").unclear and parse_number("18,2").is_cut
    out = TableRead(template="2021")
    codes = [f"requests.disclosed.{c}" for c in "abcdefg"]
    place(out, "三", "disclosed", codes, [parse_number(v) for v in
                                         ("0", "0", "0", "0", "0", "1,8", "21")])
    assert out.cells == {}
    assert "cut by a line or page break" in out.problems[0]


# A label column (60-100) and five value columns 20 pt wide, walled from the header row
# (700-720) down through the row read (660-700) and the next (640-660).
GRID = [(640, 720, x) for x in (60, 100, 120, 140, 160, 180, 200)]
GRID_RULES = [(60, 200, y) for y in (720, 700, 660, 640)]


def test_a_ruled_row_gives_a_cell_per_column_empty_where_nothing_is_printed():
    lines = [line(685, [("1.申请人", 62, 98), ("3", 126, 134), ("5", 186, 194)])]
    filled = fill_empty_cells(lines, Rules(GRID_RULES, GRID))
    assert texts(filled) == [["1.申请人", "", "3", "", "", "5"]]
    assert blocks_of([filled])[0].cells == ("1.申请人", "", "3", "", "", "5")


def test_a_row_whose_walls_are_its_own_is_left_as_printed():
    own_wall = [w for w in GRID if w[2] != 140] + [(660, 700, 140)]
    lines = [line(685, [("1.申请人", 62, 98), ("3", 126, 134), ("5", 186, 194)])]
    assert texts(fill_empty_cells(lines, Rules(GRID_RULES, own_wall))) == [
        ["1.申请人", "3", "5"]]


def test_a_number_crossing_a_wall_leaves_its_row_as_printed():
    lines = [line(685, [("1.申请人", 62, 98), ("3", 126, 134), ("1,234", 152, 176)])]
    assert texts(fill_empty_cells(lines, Rules(GRID_RULES, GRID))) == [
        ["1.申请人", "3", "1,234"]]


def test_without_rules_or_with_a_row_on_two_lines_nothing_is_filled():
    row = [("1.申请人", 62, 98), ("3", 126, 134), ("5", 186, 194)]
    assert texts(fill_empty_cells([line(685, row)], Rules([], []))) == [["1.申请人", "3", "5"]]
    assert texts(fill_empty_cells([line(685, row)], Rules(GRID_RULES, []))) == [
        ["1.申请人", "3", "5"]]
    two_lines = [line(695, row), line(675, [("7", 146, 154)])]
    assert texts(fill_empty_cells(two_lines, Rules(GRID_RULES, GRID))) == [
        ["1.申请人", "3", "5"], ["7"]]


def test_an_empty_cell_merged_with_the_next_row_is_not_read_as_blank():
    """Its number may be printed centred on the rule the cell lacks, in neither row."""
    open_below = [(60, 140, 660), (160, 200, 660)]  # no rule under the cell 140-160
    rules = [r for r in GRID_RULES if r[2] != 660] + open_below
    lines = [line(685, [("1.申请人", 62, 98), ("3", 126, 134), ("5", 186, 194)])]
    assert texts(fill_empty_cells(lines, Rules(rules, GRID))) == [["1.申请人", "3", "5"]]


def test_a_row_printing_only_numbers_takes_the_value_columns_of_a_labelled_row():
    """Its label wrapped onto lines above and below it, the row's numbers stand alone: the
    columns before its first number are known from a row whose label is on its line."""
    lines = [line(685, [("1.申请人", 62, 98), ("3", 126, 134)]),
             line(655, [("5", 146, 154)])]
    filled = fill_empty_cells(lines, Rules(GRID_RULES, GRID))
    assert texts(filled) == [["1.申请人", "", "3", "", "", ""], ["", "", "5", "", ""]]
    assert [block.explicit_cells for block in blocks_of([filled])] == [True, True]


def test_a_row_label_with_no_number_gets_its_empty_cells():
    lines = [line(685, [("1.申请人", 62, 98), ("3", 126, 134)]),
             line(655, [("2.其他", 62, 98)])]
    filled = fill_empty_cells(lines, Rules(GRID_RULES, GRID))
    assert texts(filled)[1] == ["2.其他", "", "", "", "", ""]
    assert blocks_of([filled])[1].explicit_cells


def test_a_wrapped_label_with_no_number_gets_its_empty_cells_on_its_first_line():
    lines = [line(698, [("1.申请人无正当理由", 62, 98)]), line(684, [("逾期不补正", 62, 98)]),
             line(655, [("2.其他", 62, 98), ("3", 126, 134)])]
    assert texts(fill_empty_cells(lines, Rules(GRID_RULES, GRID)))[:2] == [
        ["1.申请人无正当理由", "", "", "", "", ""], ["逾期不补正"]]


def test_a_label_atop_the_page_is_left_alone_unless_it_starts_a_row():
    """Above the page's first row with numbers a lone label may be the rest of a row cut
    by the page break (``息`` of ``…已获取信`` | ``息``), whose numbers are on the page before."""
    known = Counter({(100, 120, 140, 160, 180, 200): 1})  # a labelled row on the page before
    rest = [line(685, [("息", 62, 98)])]
    assert texts(fill_empty_cells(rest, Rules(GRID_RULES, GRID), Counter(known))) == [["息"]]
    row = [line(685, [("3.其他", 62, 98)])]
    assert texts(fill_empty_cells(row, Rules(GRID_RULES, GRID), Counter(known))) == [
        ["3.其他", "", "", "", "", ""]]


def test_a_table_of_numbers_only_starts_at_its_first_column():
    """Table 四 has no label column: a row of it whose first and last cells print nothing."""
    lines = [line(685, [("3", 106, 114), ("5", 166, 174)])]
    filled = fill_empty_cells(lines, Rules(GRID_RULES, GRID))
    assert texts(filled) == [["", "3", "", "", "5", ""]]
    assert blocks_of([filled])[0].explicit_cells


def test_value_columns_learned_on_a_later_page_place_a_row_printing_only_numbers():
    """Table 三 may start on a page whose rows all have their labels wrapped away from
    their numbers; the rows of the next page with labels on their lines tell its columns."""
    ruled = RuledRows()
    first_page = ruled.add_page([line(655, [("5", 146, 154)])], Rules(GRID_RULES, GRID))
    ruled.add_page([line(685, [("1.申请人", 62, 98), ("3", 126, 134)])],
                   Rules(GRID_RULES, GRID))
    ruled.finish()
    assert texts(first_page) == [["", "", "5", "", ""]]


# A group label column (40-60) left of the row labels (60-100).
GROUPED = [(640, 720, x) for x in (40, 60, 100, 120, 140, 160, 180, 200)]
GROUPED_RULES = [(40, 200, y) for y in (720, 700, 660, 640)]


def test_a_group_label_piece_beside_a_rows_numbers_does_not_make_a_value_column():
    """``（三）`` of a vertical ``（三）不予公开`` printed on the line of a row's numbers, the
    row's own label on other lines: the row label column is blank there, not a zero."""
    lines = [line(715, [("1.属于国家秘密", 62, 98), ("1", 106, 114)]),
             line(685, [("2.其他法律", 62, 98), ("2", 126, 134)]),
             line(655, [("（三）", 42, 58), ("3", 146, 154)])]
    filled = fill_empty_cells(lines, Rules(GROUPED_RULES, GROUPED))
    assert texts(filled)[2] == ["（三）", "", "", "3", "", ""]
