"""A number is right or it is flagged, on crawler-flattened text.

Random reports from ``tests/report_factory.py``'s report model (its agencies,
years, both formats, skewed counts from 0 to thousands, and the agency's own
arithmetic errors it makes one time in seven) are rendered the way crawlers save
report pages: metadata lines (``标题:``, ``发布时间:``, ``发布机构:``, ``原文链接:``),
then the body on one line or one table row per line, every row's digits run into
its label (``一、本年新收政府信息公开申请数量801000081``). Some print the labels as
portals do (``(一) 予以公开``, ``1. 属于国家秘密``: a space after each enumerator, so a
row's enumerator runs into the digits before it; ``三、本 年度 办理 结果`` spread out),
and some print 总计 empty in each row whose applicant cells are single digits (six
digits for seven cells: the form defines 总计 as their sum, and that sum counts as
printed; which cell is empty the reader must find by the table's arithmetic). Digits run together are
the only damage, so every printed cell has one true value; the reader must never
output another value, nor a cell the document does not print, and may say ``ok``
only when it output every printed cell.

``XXGK_NEVER_WRONG_FLAT_CASES`` sets how many seeds run (default 300).
"""

from __future__ import annotations

import os
import random
import re
from decimal import Decimal

import pytest

import report_factory as factory  # tests/report_factory.py (its report model only)
from pipelines.extract import extract_bytes

CASES = int(os.environ.get("XXGK_NEVER_WRONG_FLAT_CASES", "300"))
HEADER3 = (factory.BALANCE_NOTE + "申请人情况自然人法人或其他组织总计"
           "商业企业科研机构社会公益组织法律服务机构其他")
HEADER4 = ("行政复议行政诉讼" + "结果维持结果纠正其他结果尚未审结总计" + "未经复议直接起诉复议后起诉"
           + "结果维持结果纠正其他结果尚未审结总计" * 2)


def _number(code: str, value) -> str:
    if code in factory.AMOUNT_CODES:
        return format(Decimal(value).normalize(), "f")
    return str(value)


def _proactive(spec) -> list[str]:
    lines = ["二、主动公开政府信息情况"]
    for heading, headers, columns, rows in factory.PROACTIVE_BLOCKS[spec.t2]:
        lines += [heading, "信息内容" + "".join(headers)]
        for row, labels in rows:
            if row in spec.omitted:
                continue
            codes = [f"proactive.{row}.{c}" for c in columns]
            lines.append(labels[0] + "".join(_number(c, spec.values[c]) for c in codes))
    return lines


def _spaced(label: str) -> str:
    """A label as some portals print it: ASCII brackets and a space after each enumerator
    (``(一) 予以公开``, ``1. 属于国家秘密``), the results heading spread out."""
    label = re.sub(r"（([一二三四五六七])）", r"(\1) ", label)
    label = re.sub(r"^(\d)\.", r"\1. ", label)
    return label.replace(factory.RESULTS_GROUP, "三、本 年度 办理 结果")


def _requests(spec, shape) -> list[str]:
    lines = ["三、收到和处理政府信息公开申请情况", HEADER3]
    seen_groups = set()
    for row in factory.REQUEST_ROWS[spec.t3]:
        prefix = factory.RESULTS_GROUP if row == "disclosed" else ""
        group = factory.inner_group(row)
        if group and group not in seen_groups and row != "other_processing":
            prefix += factory.INNER_GROUPS[group]
            seen_groups.add(group)
        columns = factory.ALLCOLS
        if "blank_totals" in shape and _single_digits(spec, row):
            columns = [c for c in factory.ALLCOLS if c != "total"]  # 总计 printed empty
            # what the form defines it as: the agency cannot have mistyped an empty cell
            spec.values[f"requests.{row}.total"] = sum(
                spec.values[f"requests.{row}.{c}"] for c in factory.ALLCOLS if c != "total")
        digits = "".join(str(spec.values[f"requests.{row}.{c}"]) for c in columns)
        label = factory.REQUEST_LABELS[row][0]
        if "spaced" in shape:
            prefix, label = _spaced(prefix), _spaced(label)
        lines.append(prefix + label + digits)
    return lines


def _single_digits(spec, row: str) -> bool:
    return all(0 <= spec.values[f"requests.{row}.{c}"] <= 9
               for c in factory.ALLCOLS if c != "total")


def _proceedings(spec) -> list[str]:
    return ["四、政府信息公开行政复议、行政诉讼情况", HEADER4,
            "".join(str(spec.values[c]) for c in factory.CODES4)]


def flattened_case(seed: int) -> tuple[bytes, dict, str]:
    """One report as a crawler saves it, and what it prints (code → value)."""
    rng = random.Random(seed)
    spec = factory.make_spec(rng)
    one_line = rng.random() < 0.7
    # How the portal printed the labels, drawn apart so that the reports stay as they were.
    looks = random.Random(f"looks {seed}")
    shape = {name for name, share in (("spaced", 0.4), ("blank_totals", 0.3))
             if looks.random() < share}
    title = f"{spec.agency}{spec.year}年政府信息公开工作年度报告"
    head = (f"标题: {title}\n发布时间: {spec.year + 1}-01-{rng.randint(10, 31)} 09:30\n"
            f"发布机构: {spec.agency}\n原文链接: http://www.example.gov.cn/art/{spec.year + 1}/"
            f"1/20/art_{seed}.html\n\n")
    lines = [
        f"本报告所列数据的统计期限自{spec.year}年1月1日起至{spec.year}年12月31日止。",
        "一、总体情况", f"{spec.year}年，本机关认真贯彻落实《中华人民共和国政府信息公开条例》。",
        *_proactive(spec), *_requests(spec, shape), *_proceedings(spec),
        "五、存在的主要问题及改进情况", "政策解读形式还不够丰富。", "六、其他需要报告的事项",
        "本年度未收取信息处理费。", spec.agency, f"{spec.year + 1}年1月20日",
    ]
    text = head + ("".join(lines) if one_line else "\n".join(lines)) + "\n"
    printed = {code: value for code, value in spec.values.items()
               if not (code.startswith("proactive.") and code.split(".")[1] in spec.omitted)}
    layout = ("one line" if one_line else "row per line") + "".join(f", {s}" for s in sorted(shape))
    return text.encode("utf-8"), printed, layout


@pytest.fixture(scope="module")
def readings() -> list:
    out = []
    for seed in range(CASES):
        data, truth, shape = flattened_case(seed)
        out.append((seed, shape, truth, extract_bytes(data, f"flat_{seed}.txt")))
    return out


def _same(a, b) -> bool:
    return Decimal(str(a)) == Decimal(str(b))


def test_no_cell_is_output_with_a_value_the_document_does_not_print(readings):
    wrong = [(seed, shape, code, value, truth.get(code))
             for seed, shape, truth, report in readings
             for code, value in report.cells.items()
             if code not in truth or not _same(value, truth[code])]
    assert wrong == [], wrong[:10]


def test_status_ok_means_every_printed_cell_was_read(readings):
    lost = [(seed, shape, sorted(set(truth) - set(report.cells))[:5])
            for seed, shape, truth, report in readings
            if report.status == "ok" and set(truth) - set(report.cells)]
    assert lost == [], lost[:10]


def test_every_flattened_report_is_a_report_with_its_identity(readings):
    """Never dropped: each is read as a report, with the agency and year of its 标题: line."""
    for seed, shape, truth, report in readings:
        spec = factory.make_spec(random.Random(seed))
        assert report.status in ("ok", "partial"), (seed, report.status, report.problems)
        assert (report.agency, report.year) == (spec.agency, spec.year), seed


def test_most_cells_are_read(readings):
    """Not a test that cannot fail by reading nothing: the arithmetic splits most runs."""
    printed = sum(len(truth) for _, _, truth, _ in readings)
    read = sum(len(report.cells) for _, _, _, report in readings)
    assert read >= 0.8 * printed, (read, printed)
