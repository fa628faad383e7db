"""The totals a report states in prose, checked against its table (``narrative.*`` checks).

A sentence gives a check only where its phrasing says plainly which of the year's
totals it states; a figure of another year, a change, a part or a wider body gives none.
A disagreement is a failed check naming the sentence's figure and the table's cell.
"""

from __future__ import annotations

import pytest

from conftest import FIXTURES
from pipelines.documents.model import Block
from pipelines.extract import extract_path
from pipelines.reading.narrative import chinese_number, narrative_checks, statements


def lines(*texts: str) -> list[Block]:
    return [Block((t,)) for t in texts]


def stated(*texts: str, year: int = 2023) -> dict[str, int]:
    found = statements(lines(*texts), year)
    out = {s.rule.removeprefix("narrative."): s.value for s in found}
    assert len(out) == len(found), "a figure was read twice"
    return out


# ------------------------------------------------------------ what prose states

@pytest.mark.parametrize("sentence, expected", [
    ("全年共收到政府信息公开申请17件。", {"requests.new_received.total": 17}),
    ("本年度共受理政府信息公开申请42件，上年结转3件。",
     {"requests.new_received.total": 42, "requests.carried_over.total": 3}),
    ("全年新收政府信息公开申请43件，上年结转2件，办结40件，结转下年度继续办理5件。",
     {"requests.new_received.total": 43, "requests.carried_over.total": 2,
      "requests.total_processed.total": 40, "requests.carried_forward.total": 5}),
    ("依申请公开方面，全年办结40件，其中予以公开20件，部分公开5件，不予公开3件，无法提供8件，不予处理2件，其他处理2件。",
     {"requests.total_processed.total": 40, "requests.disclosed.total": 20,
      "requests.partially_disclosed.total": 5, "requests.withheld.total": 3,
      "requests.unavailable.total": 8, "requests.not_processed.total": 2,
      "requests.other_processing.total": 2}),
    ("本年度因政府信息公开申请引起行政复议2件、行政诉讼1件。",
     {"review.total": 2, "litigation.total": 1}),
    ("本年度未发生因政府信息公开申请引起的行政复议、行政诉讼。", {"review.total": 0, "litigation.total": 0}),
    ("本年度無因政府資訊公開申請引起的行政復議、行政訴訟。", {"review.total": 0, "litigation.total": 0}),
    ("2023年，本机关未发生因政府信息公开申请引起的行政复议、行政诉讼案件。",
     {"review.total": 0, "litigation.total": 0}),
    ("全年办理政府信息公开申请 6 件，未引发行政复议和行政诉讼应诉。",
     {"review.total": 0, "litigation.total": 0}),
    ("全年共收到政府信息公开申请十二件。", {"requests.new_received.total": 12}),
    ("全年共收到政府信息公开申请17件，其中自然人申请15件，法人或其他组织申请2件。",
     {"requests.new_received.total": 17, "requests.new_received.natural_person": 15,
      "requests.new_received.legal_persons": 2}),
    ("2023 年我局收到政府信息依申请公开件 3 件，申请主体均为自然人。",
     {"requests.new_received.total": 3, "requests.new_received.natural_person": 3}),
    ("2023年度我局未收到依申请公开。", {"requests.new_received.total": 0}),
    ("(二)依申请公开:2023年度我局未收到政府信息公开申请,我局将严格规范依申请公开工作。",
     {"requests.new_received.total": 0}),
    ("本单位共收到依申请公开政府信息案件 70 件，去年结转 0 件，今年办结 69 件，结转下年度办理 1 件。",
     {"requests.new_received.total": 70, "requests.carried_over.total": 0,
      "requests.total_processed.total": 69, "requests.carried_forward.total": 1}),
    ("全年共收到政府信息公开申请70件，办结69件，1件结转下年度办理。",
     {"requests.new_received.total": 70, "requests.total_processed.total": 69,
      "requests.carried_forward.total": 1}),
    ("全年新收政府信息公开申请１，５９９件，上年结转５０件。",
     {"requests.new_received.total": 1599, "requests.carried_over.total": 50}),
    ("全年共收到政府信息公开申請二十一件，上年結轉兩件。",
     {"requests.new_received.total": 21, "requests.carried_over.total": 2}),
])
def test_a_plain_total_is_read(sentence, expected):
    assert stated(sentence) == expected


def test_a_heading_sentence_before_says_what_the_requests_are():
    assert stated("（二）依申请公开。全年共收到申请16件，办结15件，结转下年度继续办理1件。") == {
        "requests.new_received.total": 16, "requests.total_processed.total": 15,
        "requests.carried_forward.total": 1}


def test_the_year_after_the_report_is_where_requests_are_carried_forward():
    assert stated("2024年共收到政府信息公开申请7件，办结6件，结转2025年度继续办理1件。", year=2024) == {
        "requests.new_received.total": 7, "requests.total_processed.total": 6,
        "requests.carried_forward.total": 1}


def test_a_sentence_wrapped_over_lines_is_read_whole():
    assert stated("全年新收政府信息公开申请 498 件，上年结", "转 25 件，办结 501 件，结转下年度 22 件。") == {
        "requests.new_received.total": 498, "requests.carried_over.total": 25,
        "requests.total_processed.total": 501, "requests.carried_forward.total": 22}


@pytest.mark.parametrize("sentence", [
    "全年共收到政府信息公开申请17件，同比增长12件。",  # only the 17 is a total
    "全年共收到政府信息公开申请17件，较2022年的15件增加2件。",
    "全年共收到政府信息公开申请17件，其中予以公开（含部分公开）11件。",
    "全年共收到政府信息公开申请17件，予以公开和部分公开共11件。",
    "全年共收到政府信息公开申请17件，其中网上申请11件、信函申请6件。",
])
def test_a_change_or_a_part_beside_a_total_is_not_a_total(sentence):
    assert stated(sentence) == {"requests.new_received.total": 17}


@pytest.mark.parametrize("sentence", [
    "2022年收到政府信息公开申请15件。",  # another year
    "上年收到政府信息公开申请15件。",
    "2022年共收到政府信息公开申请15件，办结14件。",  # the year carries over the comma
    "全年办理政府信息公开申请6件。",  # 办理: received, processed or both
    "其中网上申请11件、信函申请3件、当面申请2件。",  # channels
    "通过浙江政务服务网受理政府信息公开申请5件。",
    "全县共收到政府信息公开申请500件，办结498件。",  # a wider body than the report's agency
    "全市人社系统共收到政府信息公开申请120件。",
    "1-6月收到政府信息公开申请3件。",  # part of the year
    "截至11月底，共收到政府信息公开申请15件。",
    "全年办理政府信息公开申请共计535件（含上年结转25件）。",  # 含: part of a total
    "收到政府信息公开申请一百余件。",
    "全年主动公开政府信息1862条，办理行政许可1234件，作出行政处罚决定12件。",
    "及时公开公示市人大代表建议、政协提案主办件 32 件，全年受理局门户网站咨询量 15 件。",
    "全年受理行政复议申请356件，审结340件。",  # a 司法局 deciding reviews, not reviewed
    "因政府信息公开申请复议后提起行政诉讼1件。",  # one kind of lawsuit only
    "未发生因政府信息公开被复议纠错、诉讼败诉的情况。",  # not a count of reviews
    "另有2022年受理的行政复议案件2件于2023年3月审结，结果维持1件、纠正1件，未计入上表。",
    "未经复议直接起诉的1件案件尚未审结，较2022年增加1件。",
    "注2：总计不含申请人撤回的申请2件。",
    "收到行政复议申请2件。",  # no tie to disclosure requests
    "申请主体均为自然人。",  # 均为 of no stated total
    "本机关作为复议机关，全年收到涉及政府信息公开的行政复议申请5件。",  # the reviewer's count
    "全年共受理政府信息公开申请45件（其中上年结转3件）。",
    "政务服务中心全年受理申请12345件，办结12340件。",  # requests, but not for information
    "本年度办结上年结转申请2件。",
    "局机关及直属单位共收到政府信息公开申请36件。",
    "全年共收到政府信息公开申请17件（同比增长21%）。",  # one clause: doubtful whole
])
def test_a_figure_that_is_not_the_years_total_gives_no_check(sentence):
    assert stated(sentence) == {}


@pytest.mark.parametrize("sentence, expected", [
    ("全年共收到政府信息公开申请17件，全部办结。", {"requests.new_received.total": 17}),
    ("共办结政府信息公开申请17件，其中按时办结17件。", {"requests.total_processed.total": 17}),
    ("因政府信息公开申请未发生行政复议案件，行政诉讼案件1件。", {"review.total": 0, "litigation.total": 1}),
    ("因政府信息公开引起的行政复议0件、行政诉讼0件。", {"review.total": 0, "litigation.total": 0}),
])
def test_only_the_totals_of_a_sentence_are_read(sentence, expected):
    assert stated(sentence) == expected


def test_a_figure_received_that_includes_the_carried_over_is_not_the_new_requests():
    assert stated("全年共受理政府信息公开申请45件，其中新收42件，上年结转3件。") == {
        "requests.carried_over.total": 3}


def test_figures_are_never_read_from_table_rows():
    rows = [Block(("一、本年新收政府信息公开申请数量", "3件", "0", "0", "0", "0", "0", "3件"), table=0),
            Block(("四、结转下年度继续办理 0 0 0 0 0 0 1件",)),
            Block(("二、上年结转政府信息公开申请数量2件0件0件0件0件0件2件三、本年度办理结果",))]
    assert statements(rows, 2023) == []


# ------------------------------------------------------------ the checks

TABLE = {
    "requests.new_received.total": 15, "requests.new_received.natural_person": 13,
    "requests.carried_over.total": 3,
    **{f"requests.withheld_{r}.total": 1 if r == "third_party_rights" else 0
       for r in ("state_secret", "prohibited_by_law", "three_securities_one_stability",
                 "third_party_rights", "internal_affairs", "process_information",
                 "law_enforcement_file", "administrative_query")},
    "review.total": 2, "litigation_direct.total": 1, "litigation_after_review.total": 0,
}


def test_a_disagreement_is_a_failed_check_with_both_numbers():
    [check] = narrative_checks(lines("全年共收到政府信息公开申请17件。"), TABLE, 2023)
    assert check.rule == "narrative.requests.new_received.total"
    assert not check.passed
    assert check.detail == ("17 ≠ 15: prose 「全年共收到政府信息公开申请17件」, "
                            "table requests.new_received.total")


def test_an_agreement_passes_and_sums_the_cells_a_figure_covers():
    checks = narrative_checks(lines("依申请公开方面，全年办结5件，其中不予公开1件。因政府信息公开申请引起行政复议2件、行政诉讼1件。"),
                              TABLE, 2023)
    assert [(c.rule, c.passed) for c in checks] == [
        ("narrative.requests.withheld.total", True), ("narrative.review.total", True),
        ("narrative.litigation.total", True)]
    assert checks[2].detail.startswith("1 = 1 + 0: ")


def test_no_check_where_the_table_cell_was_not_read():
    assert narrative_checks(lines("全年办结政府信息公开申请14件，结转下年度继续办理1件。"), TABLE, 2023) == []


def test_the_same_statement_twice_is_one_check():
    prose = lines("全年共收到政府信息公开申请15件。", "（二）依申请公开。全年共收到政府信息公开申请15件。")
    assert len(narrative_checks(prose, TABLE, 2023)) == 1


def test_other_processing_is_the_single_row_where_the_report_prints_one():
    prose = lines("全年办结政府信息公开申请9件，其中其他处理2件。")
    single = narrative_checks(prose, {"requests.other_processing.total": 3}, 2023)
    three = narrative_checks(prose, {"requests.other_no_correction.total": 1,
                                     "requests.other_unpaid_fee.total": 0,
                                     "requests.other_other.total": 1}, 2023)
    assert [(c.passed, c.detail.split(":")[0]) for c in single + three] == [
        (False, "2 ≠ 3"), (True, "2 = 1 + 0 + 1")]


@pytest.mark.parametrize("text, value", [
    ("17", 17), ("十二", 12), ("十", 10), ("二十", 20), ("两", 2), ("一百零五", 105), ("零", 0),
    ("两千三百", 2300), ("二三", None), ("十百", None),
])
def test_numbers_written_in_characters(text, value):
    assert chinese_number(text) == value


# ------------------------------------------------------------ whole reports

def narrative_results(name: str) -> dict[str, bool]:
    report = extract_path(FIXTURES / "narrative" / f"{name}.txt")
    return {c.rule: c.passed for c in report.checks if c.rule.startswith("narrative.")}


def test_a_report_whose_prose_agrees_passes_each_figure_it_states():
    assert narrative_results("n01_prose_agrees") == {f"narrative.{rule}": True for rule in (
        "requests.new_received.total", "requests.new_received.natural_person",
        "requests.new_received.commercial_enterprise", "requests.carried_over.total",
        "requests.total_processed.total", "requests.disclosed.total",
        "requests.partially_disclosed.total", "requests.unavailable.total",
        "requests.carried_forward.total", "review.total", "litigation.total")}


def test_a_report_whose_prose_disagrees_fails_with_both_numbers():
    report = extract_path(FIXTURES / "narrative" / "n02_prose_disagrees.txt")
    details = {c.rule: c.detail for c in report.checks if not c.passed}
    assert details == {
        "narrative.requests.new_received.total":
            "4 ≠ 3: prose 「2023年我局收到政府信息依申请公开件4件」, table requests.new_received.total",
        "narrative.requests.new_received.natural_person":
            "4 ≠ 3: prose 「2023年我局收到政府信息依申请公开件4件,申请主体均为自然人」, "
            "table requests.new_received.natural_person",
        "narrative.requests.total_processed.total":
            "4 ≠ 3: prose 「办结4件」, table requests.total_processed.total",
        "narrative.review.total": "1 ≠ 0: prose 「因政府信息公开申请被申请行政复议1件」, table review.total",
    }
    assert report.cells["requests.new_received.total"] == 3  # never corrected


def test_a_report_whose_prose_states_no_total_has_no_narrative_check():
    assert narrative_results("n03_figures_not_totals") == {}


def test_reviews_and_lawsuits_stated_in_prose_are_checked_against_section_four():
    assert narrative_results("n04_proceedings_stated") == {
        "narrative.requests.new_received.total": True, "narrative.review.total": True,
        "narrative.litigation.total": True}


def test_a_paragraph_wrapped_over_lines_is_read_whole_and_its_error_named():
    results = narrative_results("n05_wrapped_prose_disagrees")
    assert results.pop("narrative.requests.carried_forward.total") is False
    assert set(results.values()) == {True} and "narrative.requests.carried_over.total" in results
