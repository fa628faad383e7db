"""Who published a report: the agency's normalised name, region, level and sector.

The region is read from the place names the agency's own name begins with
(``莆田市涵江区人力资源和社会保障局`` → 福建省 莆田市 涵江区, 350303), each name
having to lie inside the one before it. A name several divisions share
(``鼓楼区``) is settled with the source's 行政区划代码 when the crawl knows it; if
it stays ambiguous, or the name and the source disagree, the agency is left
unresolved with a note saying why — never silently picked. Zones the gazetteer lacks
(平潭综合实验区) are placed by the reviewed data/zone_regions.tsv.

Each name also gets its canonical form — its region's full name and its department
(淮安市洪泽区人民政府 → 洪泽区人民政府) — and the agency key that form hashes to, so
names that differ only in the places before them are one agency. Merges that need every
year in view (a government's 办公室, a listed rename) are the warehouse's (sql/load.sql).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import polars as pl

from pipelines.reading.text import simplified
from pipelines.warehouse import gazetteer
from pipelines.warehouse.gazetteer import NATIONAL, TOWNSHIP, Region

# How a region was settled; anything but these leaves the region columns empty.
FROM_NAME = "name"
FROM_NAME_AND_SOURCE = "name+source"
FROM_SOURCE = "source"
FROM_NATIONAL = "national"  # a national agency: no region, level 国家级
AMBIGUOUS = "ambiguous"
CONFLICT = "conflict"
UNRESOLVED = "unresolved"

# Departments by the words of the agency's name, first match wins. The words are
# looked for in the name after its place, with 人民政府 taken out, so that its 民政 is
# not read as a department.
DEPARTMENTS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("人社", ("人力资源和社会保障", "人力资源社会保障", "人社")),
    ("统计", ("统计",)),
    ("卫健", ("卫生健康", "卫生和计划生育", "卫健")),
    ("医保", ("医疗保障",)),
    ("教育", ("教育",)),
    ("公安", ("公安",)),
    ("民政", ("民政",)),
    ("司法", ("司法",)),
    ("财政", ("财政",)),
    ("自然资源", ("自然资源", "国土资源", "规划和自然资源")),
    ("生态环境", ("生态环境", "环境保护")),
    ("住建", ("住房和城乡建设", "住房城乡建设", "住建")),
    ("交通", ("交通运输", "交通")),
    ("水利", ("水利", "水务")),
    ("农业农村", ("农业农村", "农业")),
    ("商务", ("商务",)),
    ("文旅", ("文化和旅游", "文化广电", "文广旅", "文化旅游")),
    ("应急", ("应急管理",)),
    ("市场监管", ("市场监督管理", "市场监管")),
    ("发改", ("发展和改革", "发展改革", "发改")),
    ("税务", ("税务",)),
    ("海关", ("海关",)),
    ("退役军人", ("退役军人",)),
    ("城管", ("城市管理", "综合行政执法", "城管")),
    ("审计", ("审计",)),
    ("科技", ("科学技术", "科技")),
    ("工信", ("工业和信息化", "经济和信息化", "经信", "工信")),
    ("林业", ("林业",)),
    ("体育", ("体育",)),
    ("信访", ("信访",)),
    ("数据", ("大数据", "数据资源", "政务服务")),
)
GOVERNMENT = "人民政府"  # the government itself and its 办公室/办公厅
OTHER_SECTOR = "其他"

# What is left of a government's own name once its place is read: the government, its
# office, a township's or 街道's government, a development zone's 管委会 — nothing else
# (人民政府国有资产监督管理委员会 is a department, 其他 unless named above).
_ZONE_WORDS = "开发区|高新区|园区|新区|试验区|实验区|示范区|合作区|保税区"
_ZONE = rf"\w*?(?:{_ZONE_WORDS})"
# A zone's name after its county's (昆山|经济技术开发区): a few words, then the zone word.
_ZONE_START = re.compile(rf"\w{{0,8}}?(?:{_ZONE_WORDS})")
_GOVERNMENT_NAME = re.compile(
    rf"(?:国务院|人民政府|政府|\w{{1,10}}?(?:镇|乡)人民政府|\w{{1,10}}?街道(?:办事处)?"
    rf"|{_ZONE}(?:管理委员会|管委会))(?:办公室|办公厅)?")
_ZONE_NAME = re.compile(rf"{_ZONE}(?:管理委员会|管委会|工作委员会)")
_TOWNSHIP_NAME = re.compile(r"^\w{1,10}?(镇|乡|街道)(人民政府|办事处)")
# National agencies: a name with no place that starts as the State Council's bodies do or
# ends as a ministry's does (人力资源和社会保障部, 海关总署, 审计署).
_NATIONAL_NAME = re.compile(r"^(?:国务院|国家|中华人民共和国|中国|中央)|(?:部|总署|署|总局)$")
# Words before the place that are not part of it: party committees, the national
# tax administration's local bureaus (国家税务总局温州市税务局), the state's full name.
_PREFIXES = ("中国共产党", "中共", "中华人民共和国", "国家税务总局")
# Co-names in brackets (乐清市人民政府办公室（乐清市外事办公室）): the first name stands.
_CO_NAME = re.compile(r"\([^()]*\)")
ZONE_LEVEL = "开发区"  # a development zone's 管委会 and its bureaus: below the city, not a county


# How a name was matched to its agency (agency_names.match_rule). The first three are decided
# here, from the name alone; office and rename in the warehouse, where every year is seen
# (sql/load.sql), since they merge only names never used in the same year.
EXACT = "exact"  # the agency's canonical name: its place's full name and its department
REGION_PREFIX = "region_prefix"  # more or fewer places before it (淮安市洪泽区 for 洪泽区), or none
SHORT_FORM = "short_form"  # a short form of its place or of 管理委员会 (延边州, 温州, 管委会)
OFFICE = "office"  # the government's 办公室/办公厅 publishing the government's report
RENAME = "rename"  # a rename listed in data/agency_renames.tsv
FROM_ZONE_TABLE = "zone"  # a zone of data/zone_regions.tsv
FROM_ZONE_COUNTY = "zone_county"  # a zone named after its county (昆山经济技术开发区), confirmed

_OFFICE = ("办公室", "办公厅")


@dataclass(frozen=True)
class Agency:
    """An agency as the warehouse keys it, and the name it was printed under.

    ``key`` is the agency by its settled region and its department (the same for
    洪泽区人民政府 and 淮安市洪泽区人民政府); ``name_key`` is this name (normalised) in
    its region, one row of ``agency_names``. An unplaced name is its own agency.
    """

    key: int
    name: str
    normalised_name: str
    sector: str
    level: str | None
    region: Region | None
    resolution: str
    resolution_note: str
    name_key: int = 0
    canonical_name: str = ""  # its place's full name (or zone name) and its department
    place: str = ""  # the place part of canonical_name, with any prefix (中共, 国家税务总局)
    body: str = ""  # the department after its place (人民政府, 国土资源局); renames match it
    office_of_key: int | None = None  # the key of the government whose 办公室 this is
    source_placed_key: int | None = None  # a name placed only by its source: the agency it would be
    match_rule: str = EXACT
    match_note: str = ""

    def row(self) -> dict:
        region = self.region
        province = gazetteer.province_of(region) if region else None
        city = gazetteer.city_of(region) if region else None
        if province and province.division_type == "直辖市":
            city = province  # 北京市朝阳区: the municipality is province and city at once
        county = region if region and region.level == gazetteer.COUNTY else None
        return {
            "name_key": self.name_key,
            "agency_key": self.key,
            "name_published": self.name,
            "name_normalised": self.normalised_name,
            "name_canonical": self.canonical_name,
            "name_place": self.place,
            "name_body": self.body,
            "office_of_key": self.office_of_key,
            "source_placed_key": self.source_placed_key,
            "match_rule": self.match_rule,
            "match_note": self.match_note,
            "province": province.name if province else None,
            "province_code": province.code if province else None,
            "city": city.name if city else None,
            "city_code": city.code if city else None,
            "county": county.name if county else None,
            "county_code": county.code if county else None,
            "region_code": region.code if region else None,
            "level": self.level,
            "sector": self.sector,
            "region_resolution": self.resolution,
            "region_note": self.resolution_note,
        }


# The staged agency names (one row per Agency.row() and its source), as sql/load.sql reads them.
STAGED_COLUMNS: dict[str, type[pl.DataType]] = {
    "name_key": pl.Int64, "agency_key": pl.Int64, "name_published": pl.String,
    "name_normalised": pl.String, "name_canonical": pl.String, "name_place": pl.String,
    "name_body": pl.String, "office_of_key": pl.Int64, "source_placed_key": pl.Int64,
    "match_rule": pl.String,
    "match_note": pl.String, "province": pl.String, "province_code": pl.String,
    "city": pl.String, "city_code": pl.String, "county": pl.String, "county_code": pl.String,
    "region_code": pl.String, "level": pl.String, "sector": pl.String,
    "region_resolution": pl.String, "region_note": pl.String, "registry_source": pl.String,
}


def normalise_name(name: str) -> str:
    """Full/half width folded, traditional characters simplified, every space removed:
    the form two spellings share."""
    return simplified(re.sub(r"\s+", "", unicodedata.normalize("NFKC", name)))


def stable_key(*parts: str | None) -> int:
    """A signed 64-bit key from text, the same in every process and version."""
    digest = hashlib.sha256("\x1f".join(p or "" for p in parts).encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big", signed=True)


def sector_of(name: str) -> str:
    """The sector of an agency from its name after the place (``人力资源和社会保障局``)."""
    without_government = name.replace("人民政府", "|")
    for sector, words in DEPARTMENTS:
        if any(word in without_government for word in words):
            return sector
    if _GOVERNMENT_NAME.fullmatch(name):
        return GOVERNMENT
    return OTHER_SECTOR


def place_chain(name: str) -> tuple[list[str], tuple[Region, ...], int]:
    """The division names ``name`` begins with, the regions the last one may be, and where they end.

    Each further name must lie inside a region the previous names allow, so
    ``莆田市涵江区`` keeps only the 涵江区 of 莆田市.
    """
    names: list[str] = []
    possible: tuple[Region, ...] = ()
    position = 0
    while position < len(name):
        for candidate in gazetteer.names_at(name, position):
            inside = tuple(
                r for r in gazetteer.by_name()[candidate]
                if not possible or any(p.contains(r.code) and p != r for p in possible)
            )
            if inside:
                names.append(candidate)
                possible = inside
                position += len(candidate)
                break
        else:
            break
    return names, possible, position


@dataclass(frozen=True)
class _Placed:
    """Where a name's place ends and its department begins, once its region is settled."""

    region: Region | None
    resolution: str
    note: str
    printed_place: str  # the place as printed (淮安市洪泽区, 福建省平潭综合实验区, or nothing)
    place: str  # the canonical place: the region's full name, or the zone's
    body: str  # the department as printed after the place
    level: str | None
    sector: str


@lru_cache(maxsize=65536)  # a load meets each agency once a year: resolve it once
def resolve_agency(name: str, source_region_code: str | None = None) -> Agency:
    """Settle an agency's region, level and sector from its name and its source's region code,
    and the canonical name (place and department) that its spellings share."""
    normalised = normalise_name(name)
    reading = _CO_NAME.sub("", normalised) or normalised
    co_name = "; ".join(f"co-name {c} set aside" for c in _CO_NAME.findall(normalised))
    prefix = ""
    for candidate in _PREFIXES:
        if reading.startswith(candidate) and place_chain(reading[len(candidate):])[0]:
            prefix, reading = candidate, reading[len(candidate):]
            break
    names, possible, end = place_chain(reading)
    if not names and _NATIONAL_NAME.search(reading):
        return _national(name, normalised, reading, source_region_code)
    hint = gazetteer.by_code().get((source_region_code or "").ljust(6, "0"))
    placed = _zone(reading, end, possible, hint) or _by_gazetteer(
        reading, names, possible, end, hint, source_region_code)
    region = placed.region
    name_key = stable_key(normalised, region.code if region else source_region_code)
    if region is None:  # unplaced: its own agency, merged with nothing
        return Agency(name_key, name, normalised, placed.sector, None, None, placed.resolution,
                      placed.note, name_key=name_key, canonical_name=prefix + reading,
                      place=prefix + placed.printed_place, body=placed.body, match_note=co_name)
    body = placed.body.replace("管委会", "管理委员会")
    canonical = prefix + placed.place + body
    rule, how = _match(placed, body)
    key, source_placed = stable_key(canonical, region.code), None
    if placed.resolution == FROM_SOURCE:
        # the portal, not the name, says where: the warehouse merges it only if the years allow
        key, source_placed = name_key, key
    return Agency(key, name, normalised, placed.sector, placed.level, region, placed.resolution,
                  placed.note, name_key=name_key, canonical_name=canonical,
                  place=prefix + placed.place, body=body,
                  office_of_key=_office_of(prefix, placed.place, body, region),
                  source_placed_key=source_placed,
                  match_rule=rule, match_note="; ".join(n for n in (how, co_name) if n))


def _national(name: str, normalised: str, reading: str, source_code: str | None) -> Agency:
    """A national agency: no region; 中华人民共和国教育部 is 教育部."""
    note = f"a national agency; source region {source_code} not used" if source_code else ""
    body = reading.removeprefix("中华人民共和国") or reading
    rule, how = (EXACT, "") if body == reading else (REGION_PREFIX, "printed with 中华人民共和国")
    return Agency(stable_key(body, NATIONAL), name, normalised, sector_of(body), NATIONAL, None,
                  FROM_NATIONAL, note, name_key=stable_key(normalised, NATIONAL),
                  canonical_name=body, body=body, match_rule=rule, match_note=how)


def _by_gazetteer(reading: str, names: list[str], possible: tuple[Region, ...], end: int,
                  hint: Region | None, hint_code: str | None) -> _Placed:
    rest = reading[end:] or reading
    region, resolution, note = _settle(names, possible, hint, hint_code)
    if region is None and resolution == UNRESOLVED and _ZONE_START.match(rest):
        note += "; a zone the gazetteer lacks: a row of data/zone_regions.tsv would place it"
    level = region.level if region else None
    if region and _TOWNSHIP_NAME.match(rest):
        level = TOWNSHIP
    elif region and _ZONE_NAME.match(rest):
        level = ZONE_LEVEL
    return _Placed(region, resolution, note, reading[:end], region.name if region else "",
                   reading[end:], level, sector_of(rest))


def _zone(reading: str, end: int, possible: tuple[Region, ...], hint: Region | None) -> _Placed | None:
    """A zone the gazetteer lacks, after whatever places the name begins with: one listed in
    data/zone_regions.tsv, or one named after its county (昆山经济技术开发区) when the places
    before it or the source's region confirm that county."""
    rest = reading[end:]
    zone = gazetteer.zone_at(rest)
    if zone and (not possible or any(p.contains(zone.region.code) or zone.region.contains(p.code)
                                     for p in possible)):
        if hint and not (hint.contains(zone.region.code) or zone.region.contains(hint.code)):
            return _Placed(None, CONFLICT, f"{zone.name} ({zone.region.code}, "
                           f"data/zone_regions.tsv) lies outside the source's region {hint.code} "
                           f"{hint.name}", reading[:end] + zone.name, "", rest[len(zone.name):],
                           None, sector_of("开发区" + rest[len(zone.name):]))
        body = rest[len(zone.name):]
        # the zone's own name may hold a department's words (杨凌农业…示范区): read the body
        return _Placed(zone.region, FROM_ZONE_TABLE, f"{zone.name}: data/zone_regions.tsv",
                       reading[:end] + zone.name, zone.name, body, zone.level,
                       sector_of("开发区" + body))
    for length in (4, 3, 2):
        short = rest[:length]
        if not _ZONE_START.match(rest[length:]):
            continue
        counties = gazetteer.counties_by_short_name().get(short, ())
        confirmed = tuple(c for c in counties
                          if any(p.contains(c.code) for p in possible or ((hint,) if hint else ())))
        if len(confirmed) == 1:
            county = confirmed[0]
            how = "the places before it" if possible else f"the source's region {hint.code}"
            return _Placed(county, FROM_ZONE_COUNTY,
                           f"a zone named after {county.name}, confirmed by {how}",
                           reading[:end] + short, short, rest[length:], ZONE_LEVEL,
                           sector_of(rest[length:]))
    return None


def _match(placed: _Placed, body: str) -> tuple[str, str]:
    """How a printed name differs from its agency's canonical name: the rule that matched it."""
    printed, place = placed.printed_place, placed.place
    place = simplified(place) if printed.endswith(simplified(place)) else place  # 乾安县 read as 干安县
    if printed == place:
        rule, notes = EXACT, []
    elif not printed:
        rule, notes = REGION_PREFIX, [f"printed without its place; placed by the source's "
                                      f"region code {placed.region.code}"]
    elif printed.endswith(place):
        rule, notes = REGION_PREFIX, [f"printed with {printed[:-len(place)]} before {place}"]
    else:
        rule, notes = SHORT_FORM, [f"{printed} for {place}"]
    if placed.body != body:
        rule = SHORT_FORM if rule == EXACT else rule
        notes.append("管委会 for 管理委员会")
    return rule, "; ".join(notes)


def _office_of(prefix: str, place: str, body: str, region: Region) -> int | None:
    """The key of the government whose 办公室/办公厅 ``body`` is (人民政府办公室 → 人民政府)."""
    government = body[:-len(_OFFICE[0])]
    if prefix or not body.endswith(_OFFICE) or government.endswith(_OFFICE):
        return None
    if not government or not _GOVERNMENT_NAME.fullmatch(government):
        return None
    return stable_key(place + government, region.code)


def _settle(names: list[str], possible: tuple[Region, ...], hint: Region | None,
            hint_code: str | None) -> tuple[Region | None, str, str]:
    if not names:
        if hint:
            return hint, FROM_SOURCE, f"no place name in the agency name; source region {hint.code}"
        if hint_code:
            return None, UNRESOLVED, f"no place name; source region code {hint_code} not in the gazetteer"
        return None, UNRESOLVED, "no place name in the agency name and no source region code"
    place = "".join(names)
    if hint:
        agreeing = tuple(r for r in possible if hint.contains(r.code) or r.contains(hint.code))
        # A portal publishes its own region's agencies: 吉林 on 吉林市's portal is the city.
        inside = tuple(r for r in agreeing if hint.contains(r.code))
        agreeing = inside if len(inside) == 1 else agreeing
        if len(agreeing) == 1:
            how = FROM_NAME if len(possible) == 1 else FROM_NAME_AND_SOURCE
            return agreeing[0], how, ""
        if not agreeing:
            return None, CONFLICT, (f"{place} ({_codes(possible)}) lies outside the source's "
                                    f"region {hint.code} {hint.name}")
        possible = agreeing
    if len(possible) == 1:
        return possible[0], FROM_NAME, ""
    return None, AMBIGUOUS, f"{place} may be any of {_codes(possible)}"


def _codes(regions: tuple[Region, ...]) -> str:
    return ", ".join(
        f"{r.code} {(gazetteer.city_of(r) or gazetteer.province_of(r)).name}{r.name}"
        for r in regions
    )
