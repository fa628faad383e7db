"""Crawler-saved text: the metadata it carries, the body cut back into lines, what is said.

The fixtures under ``tests/fixtures/crawler_text/`` are read cell for cell by
``test_fixtures.py``; this file states the rest: the metadata keys another part of
the reader relies on, how a flattened line is cut, that every split of digits run
together is noted, and that a document called ``not_a_report`` names its evidence.
"""

from __future__ import annotations

from conftest import FIXTURES, load_json
from models import template as T
from pipelines.documents import parse_bytes
from pipelines.documents.flattened import cut_line
from pipelines.extract import extract_path
from pipelines.reading.runs import RunRow, resolve

CRAWLER = FIXTURES / "crawler_text"


def test_the_crawler_metadata_lines_become_document_meta():
    doc = parse_bytes((CRAWLER / "k05_series_2019.txt").read_bytes(), "k05.txt")
    assert doc.meta == {
        "title": "长兴县自然资源和规划局2019年政府信息公开工作年度报告",
        "published": "2020-01-22 09:00",
        "publisher": "长兴县自然资源和规划局",  # 发布机构 before 来源
        "url": "http://www.zjcx.gov.cn/art/2020/1/22/art_1229211_58002019.html",
        "index_number": "002637264/2020-00019",
    }
    assert not any(b.text.startswith(("标题", "发布时间", "原文链接")) for b in doc.blocks)


def test_one_metadata_like_line_is_a_body_line_not_a_header():
    doc = parse_bytes("来源：本站\n某局2023年政府信息公开工作年度报告\n".encode(), "x.txt")
    assert doc.meta == {}
    assert doc.blocks[0].text == "来源：本站"


def test_a_flattened_body_is_cut_at_headings_sentences_rows_and_the_closing_date():
    line = ("本报告依据条例编制。一、总体情况全年公开信息32条。二、主动公开政府信息情况第二十条第（一）项"
            "信息内容本年制发件数本年废止件数现行有效件数规章000行政规范性文件213"
            "三、收到和处理政府信息公开申请情况一、本年新收政府信息公开申请数量801000081"
            "（三）不予公开1.属于国家秘密00000002.其他法律行政法规禁止公开0000000"
            "六、其他需要报告的事项无。某某县民政局2024年1月19日")
    assert cut_line(line) == [
        "本报告依据条例编制。", "一、总体情况", "全年公开信息32条。", "二、主动公开政府信息情况",
        "第二十条第（一）项", "信息内容本年制发件数本年废止件数现行有效件数", "规章000",
        "行政规范性文件213", "三、收到和处理政府信息公开申请情况", "一、本年新收政府信息公开申请数量801000081",
        "（三）不予公开", "1.属于国家秘密0000000", "2.其他法律行政法规禁止公开0000000",
        "六、其他需要报告的事项", "无。", "某某县民政局", "2024年1月19日",
    ]


def test_a_row_enumerator_is_never_taken_from_the_digits_before_it():
    """``…0000003.其他1000102``: the 3 before ``.其他`` is the row's enumerator only
    because a stop follows it; the run before keeps its seven digits."""
    line = ("（六）其他处理1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请0000003"
            "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请0000000"
            "3.其他1000102")
    pieces = cut_line(line)
    assert pieces[1].endswith("申请0000003") and pieces[-1] == "3.其他1000102"


def test_each_split_is_noted_and_each_refusal_named():
    report = extract_path(CRAWLER / "k01_one_line_2021_unique.txt")
    assert any("split as 84 8 0 0 1 1 94, the only split of the table" in n for n in report.notes)
    report = extract_path(CRAWLER / "k02_one_line_two_splits_fit.txt")
    assert any("disclosed (110000011)" in p and "more than one split" in p for p in report.problems)
    report = extract_path(CRAWLER / "k03_one_line_agency_numbers_do_not_add_up.txt")
    assert any("disclosed (234001029)" in p and "do not add up" in p for p in report.problems)


def test_a_non_report_names_its_evidence():
    for expected_path in sorted(CRAWLER.glob("*.expected.json")):
        expected = load_json(expected_path)
        if expected["status"] != "not_a_report":
            continue
        report = extract_path(expected_path.with_name(expected_path.name[:-14] + ".txt"))
        for words in expected["problems_contain"]:
            assert any(words in p for p in report.problems), (expected_path.name, report.problems)
        assert report.notes == report.problems


def test_a_report_titled_as_one_is_never_dropped_even_with_nothing_else_read(tmp_path):
    data = ("标题: 安吉县统计局2023年政府信息公开工作年度报告\n发布时间: 2024-01-20 10:00\n"
            "发布机构: 安吉县统计局\n\n本报告数据统计期限自2023年1月1日起至2023年12月31日止。\n").encode()
    path = tmp_path / "titled_only.txt"
    path.write_bytes(data)
    report = extract_path(path)
    assert (report.status, report.agency, report.year) == ("partial", "安吉县统计局", 2023)
    assert any("titled as an annual report" in p for p in report.problems)


def test_the_search_for_splits_is_bounded_and_says_so(monkeypatch):
    import pipelines.reading.runs as runs
    monkeypatch.setattr(runs, "MAX_SPLITS_PER_ROW", 10)
    row = RunRow("disclosed", tuple(f"requests.disclosed.{c.code}" for c in T.APPLICANTS),
                 "1234567890123")
    found = resolve([row], {}, T.rules(T.TEMPLATE_2021))
    assert found.values == {} and found.too_large == ["disclosed"]


def test_a_unique_split_is_read_and_an_ambiguous_one_is_not():
    codes = tuple(f"requests.disclosed.{c.code}" for c in T.APPLICANTS)
    rules = T.rules(T.TEMPLATE_2021)
    assert resolve([RunRow("disclosed", codes, "801000081")], {}, rules).values == {
        "disclosed": [80, 1, 0, 0, 0, 0, 81]}
    found = resolve([RunRow("disclosed", codes, "111000012")], {}, rules)
    assert found.values == {} and found.ambiguous == ["disclosed"]


def test_a_body_whose_name_holds_a_news_word_is_still_a_report(tmp_path):
    data = ("标题: 长兴县职业技能培训中心2023年政府信息公开工作年度报告\n发布时间: 2024-01-20 10:00\n"
            "发布机构: 长兴县职业技能培训中心\n\n本中心2023年政府信息公开工作情况如下。\n").encode()
    path = tmp_path / "opening.txt"
    path.write_bytes(data)
    report = extract_path(path)
    assert (report.status, report.agency, report.year) == ("partial", "长兴县职业技能培训中心", 2023)


def test_labels_printed_as_portals_print_them_are_cut_before_their_enumerator():
    """``(三) 不予公开1. 属于国家秘密00000002. 其他法律…``: a space after the stop, so the
    row's ``2.`` runs into the digits of the row before; the heading spread out
    (``三、本 年度 办理 结果``); a heading's enumerator right after a row's digits
    (``…000000(六)1.申请人…``) starts the next row though its label is wrapped."""
    line = ("二、上年结转政府信息公开申请数量0000000三、本 年度 办理 结果(一) 予以公开3000003"
            "(三) 不予公开1. 属于国家秘密00000002. 其他法律行政法规禁止公开0000000"
            "5.要求行政机关确认或重新出具已获取信息000000(六)1.申请人无正当理由逾期不补000000"
            "其他处理正、行政机关不再处理其政府信息公开申请3. 其他0000000(七) 总计3000003")
    assert cut_line(line) == [
        "二、上年结转政府信息公开申请数量0000000", "三、本 年度 办理 结果", "(一) 予以公开3000003",
        "(三) 不予公开", "1. 属于国家秘密0000000", "2. 其他法律行政法规禁止公开0000000",
        "5.要求行政机关确认或重新出具已获取信息000000", "(六)1.申请人",
        "无正当理由逾期不补000000", "其他处理正、行政机关不再处理其政府信息公开申请",
        "3. 其他0000000", "(七) 总计3000003",
    ]


def _row(digits: str, name: str = "partially_disclosed") -> RunRow:
    return RunRow(name, tuple(f"requests.{name}.{c.code}" for c in T.APPLICANTS), digits)


def test_a_row_one_digit_short_has_a_cell_printed_empty_found_by_the_arithmetic():
    rules = T.rules(T.TEMPLATE_2021)
    # 300000: only 总计 can be the empty cell (a printed 总计 0 cannot hold a 3)
    assert resolve([_row("300000")], {}, rules).values == {
        "partially_disclosed": [3, 0, 0, 0, 0, 0, 3]}
    assert resolve([_row("000000")], {}, rules).values == {
        "partially_disclosed": [0, 0, 0, 0, 0, 0, 0]}
    # 100001: 总计 empty (= 2), or a 0 empty before a printed 总计 1: never chosen among
    found = resolve([_row("100001")], {}, rules)
    assert found.values == {} and found.ambiguous == ["partially_disclosed"]


def test_the_table_decides_which_cell_of_a_short_row_is_empty():
    """With 上年结转 and 结转下年度 known, 本年新收 100001 and （七）总计 printed whole fix it."""
    rules = tuple(r for r in T.rules(T.TEMPLATE_2021) if r.name.startswith(("balance.", "row_total.")))
    known = {f"requests.{row}.{c.code}": 0 for row in ("carried_over", "carried_forward")
             for c in T.APPLICANTS}
    rows = [_row("100001", "new_received"), _row("1000012", "total_processed")]
    assert resolve(rows, known, rules).values == {
        "new_received": [1, 0, 0, 0, 0, 1, 2], "total_processed": [1, 0, 0, 0, 0, 1, 2]}
