"""One annual report as an HTML fragment: a seed's prose around tables printed from its numbers.

The tables are laid out from ``models.template`` (the national form, 2021
format), so the labels are the form's own and every number printed is the
seed's truth for that cell.
"""

from __future__ import annotations

import html
import re

from models.template import (
    APPLICANTS,
    OTHER_PROCESSING,
    PROCEEDING_RESULTS,
    PROCEEDINGS,
    REQUEST_GROUPS,
    REQUEST_ROWS,
    TEMPLATE_2021,
)

_SECTION_TWO = re.compile(r"二、\s*主动公开")
_SECTION_FIVE = re.compile(r"五、")


def td(text: object, **attrs: int) -> str:
    extra = "".join(f' {k}="{v}"' for k, v in attrs.items() if v != 1)
    return f"<td{extra}>{html.escape(str(text))}</td>"


def number(value: float | int) -> str:
    return str(value) if isinstance(value, int) else f"{value:g}"


def proactive_table(cells: dict) -> str:
    def value(code: str) -> str:
        return td(number(cells[f"proactive.{code}"]), colspan=3)

    rows = [
        td("第二十条第（一）项", colspan=4),
        td("信息内容") + td("本年制发件数") + td("本年废止件数") + td("现行有效件数"),
        *(td(label) + "".join(td(number(cells[f"proactive.{code}.{col}"]))
                               for col in ("issued", "repealed", "in_force"))
          for code, label in (("rules", "规章"), ("normative_documents", "行政规范性文件"))),
        td("第二十条第（五）项", colspan=4),
        td("信息内容") + td("本年处理决定数量", colspan=3),
        td("行政许可") + value("licensing.decisions"),
        td("第二十条第（六）项", colspan=4),
        td("信息内容") + td("本年处理决定数量", colspan=3),
        td("行政处罚") + value("penalties.decisions"),
        *([td("行政强制") + value("coercion.decisions")]
          if "proactive.coercion.decisions" in cells else []),  # a seed that left the row out
        td("第二十条第（八）项", colspan=4),
        td("信息内容") + td("本年收费金额（单位：万元）", colspan=3),
        td("行政事业性收费") + value("fees.amount_wan_yuan"),
    ]
    return _table(rows)


def requests_table(cells: dict) -> str:
    rows = [
        td("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", colspan=3, rowspan=3)
        + td("申请人情况", colspan=7),
        td("自然人", rowspan=2) + td("法人或其他组织", colspan=5) + td("总计", rowspan=2),
        "".join(td(a.label) for a in APPLICANTS[1:6]),
    ]
    request_rows = REQUEST_ROWS[TEMPLATE_2021]
    group_label = {g.code: g.label for g in REQUEST_GROUPS}
    group_size: dict[str, int] = {}
    for row in request_rows:
        if row.group:
            group_size[row.group] = group_size.get(row.group, 0) + 1
    outcome_rows = len(request_rows) - 4
    seen_groups: set[str] = set()
    for index, row in enumerate(request_rows):
        numbers = "".join(td(number(cells[f"requests.{row.code}.{a.code}"])) for a in APPLICANTS)
        if index in (0, 1, len(request_rows) - 1):
            rows.append(td(row.label, colspan=3) + numbers)
            continue
        lead = td(group_label["results"], rowspan=outcome_rows + 1) if index == 2 else ""
        if row.group is None:
            rows.append(lead + td(row.label, colspan=2) + numbers)
            continue
        if row.group not in seen_groups:
            seen_groups.add(row.group)
            lead += td(row.group, rowspan=group_size[row.group])
        rows.append(lead + td(row.label) + numbers)
    assert OTHER_PROCESSING in seen_groups
    return _table(rows)


def proceedings_table(cells: dict) -> str:
    results = PROCEEDING_RESULTS
    rows = [
        td(PROCEEDINGS[0].label, colspan=5) + td("行政诉讼", colspan=10),
        "".join(td(r.label, rowspan=2) for r in results)
        + td(PROCEEDINGS[1].label, colspan=5) + td(PROCEEDINGS[2].label, colspan=5),
        "".join(td(r.label) for r in results) * 2,
        "".join(td(number(cells[f"{p.code}.{r.code}"])) for p in PROCEEDINGS for r in results),
    ]
    return _table(rows)


def _table(rows: list[str]) -> str:
    body = "\n".join(f"<tr>{row}</tr>" for row in rows)
    return f'<table border="1" cellspacing="0" cellpadding="2">\n{body}\n</table>'


def prose(seed_text: str, replacements: list[tuple[str, str]]) -> tuple[list[str], list[str]]:
    """The seed's paragraphs before section 二 and from section 五 on, names replaced."""
    before, after, part = [], [], "before"
    for line in seed_text.splitlines():
        text = line.strip().lstrip("#").strip()
        if not text or "\t" in line:
            continue
        if _SECTION_TWO.search(text):
            part = "tables"
        elif part == "tables" and _SECTION_FIVE.match(text):
            part = "after"
        for old, new in replacements:
            text = text.replace(old, new)
        if part == "before":
            before.append(text)
        elif part == "after":
            after.append(text)
    return before[1:], after  # the first line is the seed's title


def report_body(title: str, seed_text: str, cells: dict,
                replacements: list[tuple[str, str]]) -> str:
    """The report's own content: title, prose, the three tables, closing prose."""
    before, after = prose(seed_text, replacements)
    paragraphs = lambda lines: "\n".join(  # noqa: E731
        f"<p>{html.escape(t)}</p>" for t in lines)
    return "\n".join([
        f"<h1>{html.escape(title)}</h1>",
        paragraphs(before),
        "<p>二、主动公开政府信息情况</p>", proactive_table(cells),
        "<p>三、收到和处理政府信息公开申请情况</p>", requests_table(cells),
        "<p>四、政府信息公开行政复议、行政诉讼情况</p>", proceedings_table(cells),
        paragraphs(after),
    ])
