"""Reports before 2019: the totals they state in prose, read into cells, each with its sentence.

A report of 2008 to 2018 has no national table. What it states plainly is read into the
template's codes where the meaning is the same (受理申请 → ``requests.new_received.total``,
予以公开 → ``requests.disclosed.total``, 行政复议 → ``review.total``) and into ``prose.*`` codes
otherwise; a sentence with a figure that is not plainly the year's total of the agency is
named in ``problems`` (``partial``) and gives no number.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from conftest import FIXTURES, load_json
from models.report import NOT_A_REPORT, OK, PARTIAL
from pipelines.documents.model import Block, Document
from pipelines.extract import extract_path
from pipelines.reading import read_report

PRE2019 = FIXTURES / "pre2019"


def report_of(*lines: str, title: str = "南京市统计局2012年政府信息公开工作年度报告"):
    blocks = [Block((title,))] + [Block((line,)) for line in lines]
    return read_report(Document("test.txt", "text", blocks))


def cells_of(*lines: str, **kw) -> dict:
    return read_report_json(report_of(*lines, **kw))


def read_report_json(report) -> dict:
    return report.to_json_dict()["cells"]


# ------------------------------------------------------------ what is read, and into which code

def test_the_totals_of_a_typical_report_go_to_the_template_codes_that_mean_the_same():
    report = report_of("三、依申请公开情况",
                       "全年共受理政府信息公开申请356件，其中予以公开213件，部分公开12件，不予公开8件，"
                       "非本机关政府信息（信息不存在）20件。",
                       "因政府信息公开申请提起行政复议3件、行政诉讼1件。",
                       "本年度收取检索、复制、邮寄等费用0元。",
                       "本年度主动公开政府信息1520条。")
    assert (report.status, report.template, report.agency, report.year) == (OK, "prose", "南京市统计局", 2012)
    assert read_report_json(report) == {
        "requests.new_received.total": 356, "requests.disclosed.total": 213,
        "requests.partially_disclosed.total": 12, "prose.requests.withheld.total": 8,
        "prose.requests.not_this_agency_or_not_exist.total": 20,
        "review.total": 3, "prose.litigation.total": 1,
        "prose.fees.amount_wan_yuan": 0, "prose.proactive.items_published": 1520}
    assert report.derived_from_prose["review.total"] == "因政府信息公开申请提起行政复议3件、行政诉讼1件"
    assert report.checks == []


def test_every_cell_keeps_the_sentence_it_came_from():
    report = report_of("全年共受理政府信息公开申请42件。", "在已答复的申请中，同意公开30件，同意部分公开5件。")
    assert report.derived_from_prose == {
        "requests.new_received.total": "全年共受理政府信息公开申请42件",
        "requests.disclosed.total": "在已答复的申请中,同意公开30件,同意部分公开5件",
        "requests.partially_disclosed.total": "在已答复的申请中,同意公开30件,同意部分公开5件"}


@pytest.mark.parametrize("sentence, fee", [
    ("本年度收取检索、复制、邮寄等费用0元。", 0),
    ("全年共收取检索、复制费用1,560元。", Decimal("0.156")),
    ("依申请公开收取费用0.05万元。", Decimal("0.05")),
    ("全年共收取检索、复制费用二百元。", Decimal("0.02")),
    ("本年度未收取任何费用。", 0),
])
def test_fees_are_a_code_of_their_own_in_wan_yuan(sentence, fee):
    report = report_of("全年共受理政府信息公开申请5件。", sentence)
    assert report.cells["prose.fees.amount_wan_yuan"] == fee
    assert report.status == OK


def test_a_fee_waived_is_not_the_fee_charged():
    report = report_of("全年共受理政府信息公开申请5件。", "本年度减免收取检索、复制费用200元。")
    assert "prose.fees.amount_wan_yuan" not in report.cells
    assert report.status == PARTIAL


def test_lawsuits_that_do_not_say_which_kind_are_a_total_of_both_kinds():
    cells = cells_of("全年共受理政府信息公开申请5件。", "本年度因政府信息公开被提起行政诉讼2件。")
    assert cells["prose.litigation.total"] == 2
    assert not any(code.startswith("litigation_") for code in cells)


def test_the_channels_after_a_total_received_are_its_parts():
    cells = cells_of("全年共受理政府信息公开申请56件，其中当面申请12件、网上申请40件、信函申请3件、传真申请1件。")
    assert cells == {"requests.new_received.total": 56,
                     "prose.requests.new_received.channel_in_person": 12,
                     "prose.requests.new_received.channel_online": 40,
                     "prose.requests.new_received.channel_letter": 3,
                     "prose.requests.new_received.channel_fax": 1}


def test_a_report_that_received_nothing_states_zeros():
    report = report_of("本年度未收到政府信息公开申请。", "本年度未发生因政府信息公开申请提起的行政复议、行政诉讼。")
    assert read_report_json(report) == {"requests.new_received.total": 0, "review.total": 0,
                                        "prose.litigation.total": 0}
    assert report.status == OK


# ------------------------------------------------------------ doubtful sentences: named, never read

@pytest.mark.parametrize("sentence, named", [
    ("2011年共受理政府信息公开申请300件。", "300"),
    ("去年同期共受理政府信息公开申请300件。", "300"),
    ("自《条例》施行以来，累计受理政府信息公开申请1200件。", "1200"),
    ("1-6月共受理政府信息公开申请20件。", "20"),
    ("全县各部门共受理政府信息公开申请300件。", "300"),
    ("局机关受理政府信息公开申请12件，下属单位受理政府信息公开申请30件。", "12"),
    ("其中予以公开和部分公开共31件。", "31"),
])
def test_a_sentence_whose_figure_is_not_plainly_the_years_total_is_named_and_gives_no_number(sentence, named):
    report = report_of("全年共受理政府信息公开申请42件。", sentence)
    assert report.status == PARTIAL
    assert any(named in problem for problem in report.problems), report.problems
    assert read_report_json(report) == {"requests.new_received.total": 42}


def test_a_change_beside_a_total_leaves_the_total():
    report = report_of("全年共受理政府信息公开申请356件，比上年增加56件，同比增长18.7%。")
    assert (report.status, read_report_json(report)) == (OK, {"requests.new_received.total": 356})


def test_two_different_figures_for_one_total_give_neither():
    report = report_of("全年共受理政府信息公开申请38件。", "本年度共受理政府信息公开申请36件。")
    assert "requests.new_received.total" not in report.cells
    assert any("38" in p and "36" in p for p in report.problems)


def test_the_same_figure_stated_twice_is_one_cell():
    report = report_of("全年共受理政府信息公开申请38件。", "本年度共受理政府信息公开申请38件。")
    assert (report.status, read_report_json(report)) == (OK, {"requests.new_received.total": 38})


def test_a_governments_own_scope_is_not_a_wider_body():
    county = report_of("全县共受理政府信息公开申请23件。", title="休宁县人民政府2012年政府信息公开工作年度报告")
    office = report_of("全县共受理政府信息公开申请23件。", title="休宁县人民政府办公室2012年政府信息公开工作年度报告")
    assert read_report_json(county) == {"requests.new_received.total": 23}
    assert (office.status, office.cells) == (PARTIAL, {})


def test_in_2008_the_months_since_the_regulation_took_effect_are_the_whole_year():
    title = "休宁县人民政府2008年政府信息公开工作年度报告"
    since = report_of("自2008年5月1日《条例》施行以来，共受理政府信息公开申请12件。", title=title)
    later = report_of("自2008年5月1日《条例》施行以来，共受理政府信息公开申请12件。")  # a 2012 report
    assert read_report_json(since) == {"requests.new_received.total": 12}
    assert later.status == PARTIAL and later.cells == {}


# ------------------------------------------------------------ which documents are read so

def test_a_report_of_2019_or_later_is_not_read_from_its_prose():
    report = report_of("全年共受理政府信息公开申请42件。", title="南京市统计局2020年政府信息公开工作年度报告")
    assert report.status != OK and report.template != "prose"
    assert report.cells == {}


def test_a_titled_report_that_states_no_figure_is_partial_with_no_cell():
    """Titled as an annual report, it is one (issue 10): at worst partial, never dropped."""
    report = report_of("各单位要认真做好年度报告的编制工作。")
    assert report.status == PARTIAL and report.cells == {} and report.problems


def test_an_untitled_document_that_states_no_figure_is_not_a_report():
    report = report_of("各单位要认真做好年度报告的编制工作。", title="关于做好年度报告编制工作的通知")
    assert report.status == NOT_A_REPORT


# ------------------------------------------------------------ the statistics table of 2014–2018

def table_report(*rows: tuple[str, ...]):
    blocks = [Block(("淄博市统计局2017年政府信息公开工作年度报告",))]
    blocks += [Block(row, table=0) for row in (("统计指标", "单位", "统计数"), *rows)]
    return read_report(Document("test.html", "html", blocks, explicit_cells=True))


def test_the_statistics_table_reads_each_indicator_and_names_the_rest():
    report = table_report(("（一）收到申请数", "件", "35"), ("（二）申请办结数", "件", "35"),
                          ("2.同意公开答复数", "件", "20"), ("四、行政复议数量", "件", "2"),
                          ("（二）被依法纠错数", "件", "1"), ("五、行政诉讼数量", "件", "1"),
                          ("（二）被依法纠错数", "件", "0"), ("七、依申请公开信息收取的费用", "万元", "0.12"),
                          ("3.政策解读稿件发布数", "篇", "14"))
    assert report.template == "pre2019"
    assert read_report_json(report) == {
        "requests.new_received.total": 35, "requests.total_processed.total": 35,
        "requests.disclosed.total": 20, "review.total": 2, "review.corrected": 1,
        "prose.litigation.total": 1, "prose.litigation.corrected": 0,
        "prose.fees.amount_wan_yuan": 0.12}
    assert report.status == PARTIAL and "政策解读稿件发布数" in " ".join(report.problems)
    assert report.derived_from_prose["review.corrected"] == "表：（二）被依法纠错数 件 1"


def test_a_statistics_row_whose_value_is_not_one_number_is_named_not_read():
    report = table_report(("（一）收到申请数", "件", "35 2"), ("（二）申请办结数", "件", "35"),
                          ("2.同意公开答复数", "件", "20"))
    assert "requests.new_received.total" not in report.cells
    assert any("收到申请数" in p for p in report.problems)


# ------------------------------------------------------------ the fixtures, beyond their cells

@pytest.mark.parametrize("expected_path", sorted(PRE2019.glob("*.expected.json")), ids=lambda p: p.name[:3])
def test_each_fixture_names_its_doubtful_sentences_and_sources_every_cell(expected_path):
    expected = load_json(expected_path)
    document = next(p for p in PRE2019.glob(expected_path.name.replace(".expected.json", ".*"))
                    if not p.name.endswith(".json"))
    report = extract_path(document)
    if expected["status"] == NOT_A_REPORT:
        return
    assert set(report.derived_from_prose) == set(report.cells)
    for mention in expected.get("problems_mention", []):
        assert any(mention in p.replace(",", "") for p in report.problems), (mention, report.problems)
    assert bool(report.problems) == (expected["status"] == PARTIAL)


# ------------------------------------------------------------ in the warehouse

def test_prose_derived_figures_are_marked_in_the_warehouse_and_in_year_over_year_views(tmp_path):
    import hashlib

    from pipelines.report_files import Provenance, write_report_file
    from pipelines.warehouse import load_reports, run_query

    title = "南京市统计局{}年政府信息公开工作年度报告"
    years = {
        2011: ("全年共受理政府信息公开申请30件，其中同意公开20件，不同意公开2件。",
               "因政府信息公开申请提起行政复议1件、行政诉讼1件。", "本年度收取检索、复制费用120元。"),
        2012: ("全年共受理政府信息公开申请42件，其中同意公开30件，不同意公开3件。",
               "未发生因政府信息公开申请提起的行政复议、行政诉讼。"),
    }
    for year, lines in years.items():
        report = report_of(*lines, title=title.format(year))
        assert report.status == OK
        sha = hashlib.sha256(str(year).encode()).hexdigest()
        write_report_file(tmp_path / "reports", report, Provenance(
            sha256=sha, url=f"https://tjj.nanjing.gov.cn/xxgk/{year}.html",
            fetched_at="2024-03-01T08:00:00Z", source="test"))
    warehouse = tmp_path / "warehouse.duckdb"
    load_reports(tmp_path / "reports", warehouse, tmp_path / "staging")

    def rows(sql):
        return run_query(warehouse, sql).to_dicts()

    assert rows("SELECT year, template, prose_derived, problems FROM reports ORDER BY year") == [
        {"year": 2011, "template": "prose", "prose_derived": True, "problems": []},
        {"year": 2012, "template": "prose", "prose_derived": True, "problems": []}]
    fee = rows("SELECT value, sentence FROM prose_figures WHERE code = 'prose.fees.amount_wan_yuan'")
    assert [(float(r["value"]), r["sentence"]) for r in fee] == [(0.012, "本年度收取检索、复制费用120元")]
    assert rows("SELECT year, received, disclosed, withheld, review_total, litigation_total, prose_derived "
                "FROM agency_year ORDER BY year") == [
        {"year": 2011, "received": 30, "disclosed": 20, "withheld": 2, "review_total": 1,
         "litigation_total": 1, "prose_derived": True},
        {"year": 2012, "received": 42, "disclosed": 30, "withheld": 3, "review_total": 0,
         "litigation_total": 0, "prose_derived": True}]
    assert rows("SELECT received_change, prose_derived, previous_prose_derived FROM agency_year_change "
                "WHERE year = 2012") == [
        {"received_change": 12, "prose_derived": True, "previous_prose_derived": True}]
    assert rows("SELECT prose_derived_agencies FROM region_year_change "
                "WHERE year = 2012 AND region_scope = '全国' AND sector = '全部' AND level = '全部'") == [
        {"prose_derived_agencies": 1}]
