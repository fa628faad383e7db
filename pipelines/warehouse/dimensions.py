"""The template's dimensions as rows, generated from ``models.template`` (never a second list).

Request rows form the outcome hierarchy: a group (（一）予以公开 … （六）其他处理)
and, inside 不予公开 / 无法提供 / 不予处理 / 其他处理, the reason. The 2019
template's single 其他处理 row is the group itself; the 2021 sub-rows are its
reasons, so both templates roll up to the same groups.
"""

from __future__ import annotations

import polars as pl

from models import template as t

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


# Table name in the warehouse → the frame it is filled from.
DIMENSIONS = {
    "applicant_types": applicants,
    "request_stages": request_rows,
    "proceedings": proceedings,
    "proceeding_results": proceeding_results,
    "proactive_items": proactive_items,
    "check_rules": check_rules,
}
