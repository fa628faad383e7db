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
    ("北京市朝阳区卫生健康委员会", "北京市", "北京市", "朝阳区", "110105", "县级", "卫健"),
    ("乐清市柳市镇人民政府", "浙江省", "温州市", "乐清市", "330382", "乡镇级", "人民政府"),
    # provincial departments
    ("浙江省人力资源和社会保障厅", "浙江省", None, None, "330000", "省级", "人社"),
    ("广东省统计局", "广东省", None, None, "440000", "省级", "统计"),
    ("浙江省人民政府办公厅", "浙江省", None, None, "330000", "省级", "人民政府"),
    # prefecture-level agencies
    ("温州市人民政府办公室", "浙江省", "温州市", None, "330300", "地市级", "人民政府"),
    ("杭州市统计局", "浙江省", "杭州市", None, "330100", "地市级", "统计"),
    # townships and 街道 lie inside their county
    ("杭州市西湖区西溪街道办事处", "浙江省", "杭州市", "西湖区", "330106", "乡镇级", "人民政府"),
    ("鹿城区五马街道办事处", "浙江省", "温州市", "鹿城区", "330302", "乡镇级", "人民政府"),
    # municipalities: the province is the city
    ("上海市浦东新区人民政府", "上海市", "上海市", "浦东新区", "310115", "县级", "人民政府"),
    ("重庆市渝中区人民政府", "重庆市", "重庆市", "渝中区", "500103", "县级", "人民政府"),
    ("北京市人民政府", "北京市", "北京市", None, "110000", "省级", "人民政府"),
    # autonomous regions and prefectures, by full and short name
    ("新疆维吾尔自治区人民政府办公厅", "新疆维吾尔自治区", None, None, "650000", "省级", "人民政府"),
    ("广西壮族自治区教育厅", "广西壮族自治区", None, None, "450000", "省级", "教育"),
    ("延边朝鲜族自治州人民政府", "吉林省", "延边朝鲜族自治州", None, "222400", "地市级", "人民政府"),
    ("延边州统计局", "吉林省", "延边朝鲜族自治州", None, "222400", "地市级", "统计"),
    ("黔东南州卫生健康委员会", "贵州省", "黔东南苗族侗族自治州", None, "522600", "地市级", "卫健"),
    # development zones: their 管委会 governs the zone, below the city, not a county
    ("杭州高新技术产业开发区管理委员会", "浙江省", "杭州市", None, "330100", "开发区", "人民政府"),
    ("苏州工业园区管理委员会", "江苏省", "苏州市", None, "320500", "开发区", "人民政府"),
    # party committees, bracketed co-names, vertical bureaus: the place is still read
    ("中共乐清市委员会办公室", "浙江省", "温州市", "乐清市", "330382", "县级", "其他"),
    ("乐清市人民政府办公室（乐清市外事办公室）", "浙江省", "温州市", "乐清市", "330382", "县级", "人民政府"),
    ("国家税务总局温州市税务局", "浙江省", "温州市", None, "330300", "地市级", "税务"),
    ("温州海关", "浙江省", "温州市", None, "330300", "地市级", "海关"),
    # traditional characters
    ("樂清市人力資源和社會保障局", "浙江省", "温州市", "乐清市", "330382", "县级", "人社"),
    ("浙江省衛生健康委員會", "浙江省", None, None, "330000", "省级", "卫健"),
])
def test_region_level_and_sector_come_from_the_name(name, province, city, county, code, level, sector):
    row = resolve_agency(name).row()
    assert (row["province"], row["city"], row["county"], row["region_code"], row["level"],
            row["sector"], row["region_resolution"]) == (
        province, city, county, code, level, sector, "name")


@pytest.mark.parametrize(("name", "sector"), [
    ("国家统计局", "统计"), ("人力资源和社会保障部", "人社"), ("国务院办公厅", "人民政府"),
    ("海关总署", "海关"), ("国家医疗保障局", "医保"), ("中华人民共和国教育部", "教育"),
    ("审计署", "审计"), ("国家税务总局", "税务"),
])
def test_national_agencies_have_no_province(name, sector):
    row = resolve_agency(name).row()
    assert (row["province"], row["region_code"], row["level"], row["sector"],
            row["region_resolution"]) == (None, None, "国家级", sector, "national")


@pytest.mark.parametrize(("name", "sector"), [
    ("温州市人力资源和社会保障局", "人社"), ("温州市统计局", "统计"), ("温州市卫生健康委员会", "卫健"),
    ("温州市教育局", "教育"), ("温州市公安局", "公安"), ("温州市自然资源和规划局", "自然资源"),
    ("温州市生态环境局", "生态环境"), ("温州市住房和城乡建设局", "住建"), ("温州市交通运输局", "交通"),
    ("温州市水利局", "水利"), ("温州市农业农村局", "农业农村"), ("温州市商务局", "商务"),
    ("温州市文化广电旅游局", "文旅"), ("温州市应急管理局", "应急"),
    ("温州市市场监督管理局", "市场监管"), ("温州市医疗保障局", "医保"), ("温州市人民政府", "人民政府"),
    ("温州市人民政府办公室", "人民政府"), ("温州市发展和改革委员会", "发改"), ("温州市财政局", "财政"),
    ("温州市民政局", "民政"), ("温州市司法局", "司法"), ("温州市退役军人事务局", "退役军人"),
    ("温州市信访局", "信访"), ("温州市综合行政执法局", "城管"), ("温州市城市管理局", "城管"),
    ("乐清市柳市镇人民政府", "人民政府"),
    # departments not in the list are 其他, never the government nor a guess
    ("温州市档案馆", "其他"), ("温州市气象局", "其他"), ("温州市人民防空办公室", "其他"),
    ("温州市人民政府国有资产监督管理委员会", "其他"), ("中共温州市委办公室", "其他"),
    ("浙江省人民代表大会常务委员会办公厅", "其他"),
])
def test_the_sector_comes_from_the_name(name, sector):
    assert resolve_agency(name).sector == sector


def test_traditional_and_simplified_spellings_are_one_agency():
    assert resolve_agency("樂清市人力資源和社會保障局").key == resolve_agency("乐清市人力资源和社会保障局").key
    assert resolve_agency("乾安县人民政府").row()["county_code"] == "220723"  # 乾 stays 乾


def test_a_name_several_divisions_share_is_left_unresolved_without_the_source():
    row = resolve_agency("鼓楼区人民政府").row()
    assert row["region_code"] is None and row["level"] is None
    assert row["region_resolution"] == "ambiguous"
    assert "320106" in row["region_note"] and "350102" in row["region_note"]


def test_the_sources_region_code_settles_a_shared_name():
    row = resolve_agency("鼓楼区人民政府", "350100").row()  # the source is 福州市's portal
    assert (row["city"], row["county"], row["county_code"], row["region_resolution"]) == (
        "福州市", "鼓楼区", "350102", "name+source")


@pytest.mark.parametrize(("name", "source", "code"), [
    ("鼓楼区人民政府", "320100", "320106"),  # 南京市
    ("鼓楼区人民政府", "410204", "410204"),  # the district's own code
    ("朝阳区统计局", "110000", "110105"),  # 北京市
    ("朝阳区统计局", "220100", "220104"),  # 长春市
])
def test_shared_names_are_settled_only_by_the_source(name, source, code):
    assert resolve_agency(name).row()["region_resolution"] == "ambiguous"
    row = resolve_agency(name, source).row()
    assert (row["county_code"], row["region_resolution"]) == (code, "name+source")


def test_a_short_name_several_regions_share_is_not_picked():
    row = resolve_agency("吉林统计局").row()  # 吉林省 or 吉林市
    assert row["region_code"] is None and row["region_resolution"] == "ambiguous"
    assert resolve_agency("吉林统计局", "220200").row()["region_code"] == "220200"


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
