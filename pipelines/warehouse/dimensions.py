"""The template's dimensions as rows, generated from ``models.template`` (never a second list).

Request rows form the outcome hierarchy: a group (（一）予以公开 … （六）其他处理)
and, inside 不予公开 / 无法提供 / 不予处理 / 其他处理, the reason. The 2019
template's single 其他处理 row is the group itself; the 2021 sub-rows are its
reasons, so both templates roll up to the same groups.
"""

from __future__ import annotations

import polars as pl

from models import template as t
from pipelines.warehouse import gazetteer

TEMPLATES = (t.TEMPLATE_2021, t.TEMPLATE_2019)


def applicants() -> pl.DataFrame:
    return pl.DataFrame([
        {"applicant_code": a.code, "label": a.label, "position": i,
         "is_legal_person": a.code in t.LEGAL_PERSON_APPLICANTS,
         "is_natural_person": a.code == t.APPLICANTS[0].code,
         "is_total": a.code == t.APPLICANTS[-1].code}
        for i, a in enumerate(t.APPLICANTS)
    ])


def _group_codes() -> dict[str, str]:
    """Group label → group code: the 不予公开-style headings, and rows that stand as groups."""
    codes = {g.label: g.code for g in t.REQUEST_GROUPS}
    codes.update({r.label: r.code for r in t.REQUEST_ROWS_ANY})
    return codes


def request_rows() -> pl.DataFrame:
    outcomes = {code for rows in t.OUTCOME_ROWS.values() for code in rows}
    labels = _group_codes()
    by_code = {r.code: r for r in t.REQUEST_ROWS_ANY}
    rows = []
    for i, row in enumerate(t.REQUEST_ROWS_ANY):
        is_outcome = row.code in outcomes
        group_code = labels[row.group] if row.group else (row.code if is_outcome else None)
        group = by_code.get(group_code)
        rows.append({
            "row_code": row.code, "label": row.label, "position": i,
            "is_outcome": is_outcome,
            "group_code": group_code,
            "group_label": row.group or (group.label if group else None),
            "reason_code": row.code if row.group else None,
            "templates": [tt for tt in TEMPLATES if row in t.REQUEST_ROWS[tt]],
        })
    return pl.DataFrame(rows, schema_overrides={"templates": pl.List(pl.String)})


def proceedings() -> pl.DataFrame:
    return pl.DataFrame([
        {"proceeding_code": p.code, "label": p.label, "position": i,
         "is_litigation": "诉" in p.label}
        for i, p in enumerate(t.PROCEEDINGS)
    ])


def proceeding_results() -> pl.DataFrame:
    return pl.DataFrame([
        {"result_code": r.code, "label": r.label, "position": i,
         "is_total": r.code == t.PROCEEDING_RESULTS[-1].code}
        for i, r in enumerate(t.PROCEEDING_RESULTS)
    ])


def proactive_items() -> pl.DataFrame:
    rows = {r.code: r for r in t.PROACTIVE_ROWS}
    columns = {c.code: c for c in t.PROACTIVE_COLUMNS}
    items = dict.fromkeys(cell for tt in TEMPLATES for cell in t.PROACTIVE_CELLS[tt])
    out = []
    for i, cell in enumerate(items):
        row_code, column_code = cell.split(".")
        in_templates = [tt for tt in TEMPLATES if cell in t.PROACTIVE_CELLS[tt]]
        out.append({
            "item_code": cell, "row_code": row_code, "row_label": rows[row_code].label,
            "column_code": column_code, "column_label": columns[column_code].label,
            "unit": columns[column_code].unit, "position": i, "templates": in_templates,
            "in_both_templates": len(in_templates) == len(TEMPLATES),
        })
    return pl.DataFrame(out, schema_overrides={"templates": pl.List(pl.String),
                                               "unit": pl.String})


def check_rules() -> pl.DataFrame:
    return pl.DataFrame([
        {"template": tt, "rule": r.name, "description": r.description,
         "left_cells": list(r.left), "right_cells": list(r.right)}
        for tt in TEMPLATES for r in t.rules(tt)
    ], schema_overrides={"left_cells": pl.List(pl.String), "right_cells": pl.List(pl.String)})


AGENCY_RENAMES = gazetteer.DATA_DIR / "agency_renames.tsv"


def agency_renames() -> pl.DataFrame:
    """The reviewed renames of data/agency_renames.tsv, each region as its 行政区划代码.

    A row that cannot hold (no old or new name, the two the same, a year that is not one,
    a region naming no single division) is an error naming the row: a rename is never
    half-applied.
    """
    rows = []
    for number, row in enumerate(gazetteer.read_tsv(AGENCY_RENAMES), 1):
        where = f"{AGENCY_RENAMES.name}, data row {number} ({row['old_name']} → {row['new_name']})"
        if not row["old_name"] or not row["new_name"] or row["old_name"] == row["new_name"]:
            raise ValueError(f"{where}: old_name and new_name must be two names")
        if not row["year_effective"].isdigit() or not 1990 <= int(row["year_effective"]) <= 2100:
            raise ValueError(f"{where}: year_effective {row['year_effective']!r} is not a year")
        if not row["source"]:
            raise ValueError(f"{where}: a rename needs its source")
        try:
            region = gazetteer.division(row["region"]) if row["region"] else None
        except ValueError as error:
            raise ValueError(f"{where}: {error}") from None
        rows.append({"old_name": row["old_name"], "new_name": row["new_name"],
                     "region": region.name if region else None,
                     "region_code": region.code if region else None,
                     "year_effective": int(row["year_effective"]), "source": row["source"]})
    return pl.DataFrame(rows, schema={"old_name": pl.String, "new_name": pl.String,
                                      "region": pl.String, "region_code": pl.String,
                                      "year_effective": pl.Int32, "source": pl.String})


def zone_regions() -> pl.DataFrame:
    """The reviewed zones of data/zone_regions.tsv with the codes of where they lie."""
    rows = []
    for zone in gazetteer.zones().values():
        province = gazetteer.province_of(zone.region)
        municipality = province.division_type == "直辖市"  # 天津市: province and city at once
        city = zone.region if zone.region != province else (province if municipality else None)
        rows.append({"zone_name": zone.name, "province": province.name,
                     "province_code": province.code, "city": city.name if city else None,
                     "city_code": city.code if city else None,
                     "level": zone.level, "source": zone.source})
    return pl.DataFrame(rows, schema={"zone_name": pl.String, "province": pl.String,
                                      "province_code": pl.String, "city": pl.String,
                                      "city_code": pl.String, "level": pl.String,
                                      "source": pl.String})


# Table name in the warehouse → the frame it is filled from.
DIMENSIONS = {
    "applicant_types": applicants,
    "request_stages": request_rows,
    "proceedings": proceedings,
    "proceeding_results": proceeding_results,
    "proactive_items": proactive_items,
    "check_rules": check_rules,
    "agency_renames": agency_renames,
    "zone_regions": zone_regions,
}
