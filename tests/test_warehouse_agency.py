"""Agency resolution: region with 行政区划代码, level and sector from the name, settled with the source."""

from __future__ import annotations

import pytest

from models import template
from pipelines.warehouse import dimensions
from pipelines.warehouse.agency import resolve_agency


@pytest.mark.parametrize(("name", "province", "city", "county", "code", "level", "sector"), [
    ("乐清市人力资源和社会保障局", "浙江省", "温州市", "乐清市", "330382", "县级", "人社"),
    ("莆田市涵江区人力资源和社会保障局", "福建省", "莆田市", "涵江区", "350303", "县级", "人社"),
    ("泽州县人力资源和社会保障局", "山西省", "晋城市", "泽州县", "140525", "县级", "人社"),
    ("达州市人力资源和社会保障局", "四川省", "达州市", None, "511700", "地市级", "人社"),
    ("乐清市人民政府办公室", "浙江省", "温州市", "乐清市", "330382", "县级", "人民政府"),
    ("浙江省统计局", "浙江省", None, None, "330000", "省级", "统计"),
    ("北京市朝阳区卫生健康委员会", "北京市", None, "朝阳区", "110105", "县级", "卫健"),
    ("乐清市柳市镇人民政府", "浙江省", "温州市", "乐清市", "330382", "乡镇级", "人民政府"),
])
def test_region_level_and_sector_come_from_the_name(name, province, city, county, code, level, sector):
    row = resolve_agency(name).row()
    assert (row["province"], row["city"], row["county"], row["region_code"], row["level"],
            row["sector"], row["region_resolution"]) == (
        province, city, county, code, level, sector, "name")


def test_a_name_several_divisions_share_is_left_unresolved_without_the_source():
    row = resolve_agency("鼓楼区人民政府").row()
    assert row["region_code"] is None and row["level"] is None
    assert row["region_resolution"] == "ambiguous"
    assert "320106" in row["region_note"] and "350102" in row["region_note"]


def test_the_sources_region_code_settles_a_shared_name():
    row = resolve_agency("鼓楼区人民政府", "350100").row()  # the source is 福州市's portal
    assert (row["city"], row["county"], row["county_code"], row["region_resolution"]) == (
        "福州市", "鼓楼区", "350102", "name+source")


def test_a_name_outside_the_sources_region_is_a_conflict_not_a_guess():
    row = resolve_agency("鼓楼区人民政府", "330382").row()
    assert row["region_code"] is None and row["region_resolution"] == "conflict"


def test_a_name_without_a_place_takes_the_sources_region():
    row = resolve_agency("统计局", "330382").row()
    assert (row["county"], row["level"], row["sector"], row["region_resolution"]) == (
        "乐清市", "县级", "统计", "source")
    assert resolve_agency("统计局").row()["region_resolution"] == "unresolved"


def test_spellings_that_differ_only_in_width_and_spaces_are_one_agency():
    same = resolve_agency("乐清市人力资源和社会保障局").key
    assert resolve_agency("乐清市　人力资源 和社会保障局").key == same  # ideographic and plain spaces
    assert resolve_agency("鼓楼区人民政府", "350100").key != resolve_agency("鼓楼区人民政府", "320100").key


def test_dimensions_are_the_templates_own_rows():
    rows = dimensions.request_rows()
    assert rows["row_code"].to_list() == [r.code for r in template.REQUEST_ROWS_ANY]
    applicants = dimensions.applicants()
    assert applicants.filter("is_legal_person")["applicant_code"].to_list() == list(
        template.LEGAL_PERSON_APPLICANTS)
    withheld = rows.filter(rows["group_code"] == "withheld")
    assert withheld["reason_code"].to_list() == [
        r.code for r in template.REQUEST_ROWS["2021"] if r.group == template.WITHHELD]
    # 2019's single 其他处理 row and 2021's three sub-rows roll up to the same group.
    other = rows.filter(rows["group_code"] == "other_processing")
    assert sorted(other["row_code"].to_list()) == [
        "other_no_correction", "other_other", "other_processing", "other_unpaid_fee"]
    shared = dimensions.proactive_items().filter("in_both_templates")["item_code"].to_list()
    assert shared == ["licensing.decisions", "penalties.decisions", "coercion.decisions"]
