"""The tables a report before 2019 prints: the statistics table of 2014 to 2018
(政府信息公开情况统计表), and a small table of requests by channel.

Before the national form of 2019, the State Council's office asked for one table of
indicators, each a row of 统计指标, 单位, 统计数 (``（一）收到申请数 | 件 | 35``). A row is read
only when its label is one of the indicators below, whole, and its value one plain number;
every other row that prints a number is named, never guessed at. 被依法纠错数 and 其他情形数
appear under both 行政复议数量 and 行政诉讼数量: the row above says which.

A channel table is a header of channels (当面, 网上, 信函, 传真, 电子邮件, and 合计) over one row
of as many plain numbers. Any other table row of such a report that prints a number is named
in ``problems``: a report whose figures are not all read is never ``ok``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from models.report import Number
from pipelines.documents.model import Block

from .text import normalize, parse_number

_CHANNEL = "prose.requests.new_received.channel_"
INDICATORS: dict[str, str] = {
    "主动公开政府信息数": "prose.proactive.items_published",
    "主动公开规范性文件数": "prose.proactive.normative_documents_published",
    "制发规范性文件总数": "prose.proactive.normative_documents_issued",
    "收到申请数": "requests.new_received.total",
    "当面申请数": _CHANNEL + "in_person",
    "传真申请数": _CHANNEL + "fax",
    "网络申请数": _CHANNEL + "online",
    "信函申请数": _CHANNEL + "letter",
    "申请办结数": "requests.total_processed.total",
    "按时办结数": "prose.requests.total_processed.on_time",
    "延期办结数": "prose.requests.total_processed.extended",
    "申请答复数": "prose.requests.answered.total",
    "属于已主动公开范围数": "prose.requests.already_public.total",
    "同意公开答复数": "requests.disclosed.total",
    "同意部分公开答复数": "requests.partially_disclosed.total",
    "不同意公开答复数": "prose.requests.withheld.total",
    "涉及国家秘密": "prose.requests.withheld_state_secret.total",
    "涉及商业秘密": "prose.requests.withheld_commercial_secret.total",
    "涉及个人隐私": "prose.requests.withheld_privacy.total",
    "危及国家安全公共安全经济安全和社会稳定": "prose.requests.withheld_security_stability.total",
    "不是《条例》所指政府信息": "prose.requests.withheld_not_government_information.total",
    "法律法规规定的其他情形": "prose.requests.withheld_other_law.total",
    "不属于本行政机关公开": "prose.requests.not_this_agency.total",
    "申请信息不存在": "prose.requests.not_exist.total",
    "告知作出更改补充": "prose.requests.asked_to_amend.total",
    "告知通过其他途径办理": "prose.requests.other_route.total",
    "行政复议数量": "review.total",
    "行政诉讼数量": "prose.litigation.total",
    "举报投诉数量": "prose.complaints.total",
    "依申请公开信息收取的费用": "prose.fees.amount_wan_yuan",
}
# Rows whose meaning depends on the proceeding above them.
_UNDER = {
    "review.total": {"维持具体行政行为数": "review.upheld", "被依法纠错数": "review.corrected",
                     "其他情形数": "prose.review.other"},
    "prose.litigation.total": {"维持具体行政行为或者驳回原告诉讼请求数": "prose.litigation.upheld",
                               "被依法纠错数": "prose.litigation.corrected",
                               "其他情形数": "prose.litigation.other"},
}
_UNITS = frozenset({"件", "条", "次", "篇", "个", "人", "万元", "元", "项", "家"})
_ENUMERATOR = re.compile(r"^(?:\(?[一二三四五六七八九十]{1,2}[)、.]?|\d{1,2}[.、)]?)?(?:其中:?)?")
_NOTE = re.compile(r"\([^()]*\)$")
_MIN_INDICATORS = 3


@dataclass(frozen=True)
class TableFigure:
    code: str
    value: Number
    text: str  # the row as printed


@dataclass
class StatisticsTable:
    figures: list[TableFigure] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    statistics_table: bool = False  # the 2008–2018 statistics table was found


def read_statistics_table(blocks: list[Block]) -> StatisticsTable:
    """The figures of a pre-2019 report's tables, and a problem naming each row not read."""
    rows = [b for b in blocks if b.table is not None or len(b.cells) > 1]
    out, rest = _channel_tables(rows)
    if sum(1 for row in rest if _indicator(_label(row)) is not None) < _MIN_INDICATORS:
        unread = [row.text for row in rest if _value(row)[1]]
        if unread:
            out.problems.append("table rows not read (not the statistics table of 2008–2018): "
                                + "; ".join(f"「{text}」" for text in unread))
        return out
    proceeding, unread = None, []
    out.statistics_table = True
    for row in rest:
        label = _label(row)
        code = _UNDER.get(proceeding, {}).get(label) or INDICATORS.get(label)
        if code in _UNDER:
            proceeding = code
        value, printed = _value(row)
        if code is None:
            if printed:
                unread.append(row.text)
        elif value is None:
            out.problems.append(f"statistics table row 「{row.text}」: its value is not one plain number; not read")
        else:
            out.figures.append(TableFigure(code, value, row.text))
    if unread:
        out.problems.append("statistics table rows with no code, not read: "
                            + "; ".join(f"「{text}」" for text in unread))
    return out


_CHANNELS = {"当面": "in_person", "当面申请": "in_person", "现场": "in_person", "网上": "online",
             "网络": "online", "网上申请": "online", "网络申请": "online", "在线": "online",
             "信函": "letter", "信函申请": "letter", "传真": "fax", "传真申请": "fax",
             "电子邮件": "email", "电子邮件申请": "email"}
_TOTALS = frozenset({"合计", "总计", "共计", "总数"})


def _channel_tables(rows: list[Block]) -> tuple[StatisticsTable, list[Block]]:
    """Figures of each channel table (header of channels over one row of numbers), and the
    rows that are not part of one."""
    out, rest, i = StatisticsTable(), [], 0
    while i < len(rows):
        header = [normalize(c) for c in rows[i].cells]
        heads = header[1:] if header and header[0] not in _CHANNELS else header
        below = rows[i + 1] if i + 1 < len(rows) else None
        if (len(heads) >= 2 and all(h in _CHANNELS or h in _TOTALS for h in heads)
                and any(h in _CHANNELS for h in heads) and below is not None
                and below.table == rows[i].table):
            values = [parse_number(c) for c in below.cells[len(header) - len(heads):]]
            if len(values) == len(heads) and all(_plain(v) for v in values):
                for head, value in zip(heads, values):
                    code = (_CHANNEL + _CHANNELS[head]) if head in _CHANNELS else "requests.new_received.total"
                    out.figures.append(TableFigure(code, int(value.value), f"{rows[i].text} / {below.text}"))
                i += 2
                continue
        rest.append(rows[i])
        i += 1
    return out, rest


def _plain(number) -> bool:
    return number is not None and not number.unclear and number.raw.isdigit()


def _label(row: Block) -> str:
    text = next((c for c in row.cells if c.strip() and parse_number(c) is None), "")
    return _NOTE.sub("", _ENUMERATOR.sub("", normalize(text)))


def _indicator(label: str) -> str | None:
    return INDICATORS.get(label)


def _value(row: Block) -> tuple[Number | None, bool]:
    """The row's value and whether it prints any number. A unit cell tells the columns: with
    it, an empty 统计数 reads as 0 (the spec's blank); fees are converted to 万元."""
    cells = [c.strip() for c in row.cells]
    units = [normalize(c) for c in cells if normalize(c) in _UNITS]
    # A cell printing ``35 2`` is two numbers (or one cut), never 352.
    pieces = [[parse_number(piece) for piece in c.split()] for c in cells if c and normalize(c) not in _UNITS]
    if any(len(cell) > 1 and any(n is not None for n in cell) for cell in pieces):
        return None, True
    numbers = [cell[0] for cell in pieces if cell and cell[0] is not None]
    if not numbers:
        return (Decimal(0) if units and cells[-1] == "" else None), False
    if len(numbers) != 1 or numbers[0].unclear or numbers[0].value < 0:
        return None, True
    number = numbers[0]
    if "元" in (units[0] if units else "") or (number.unit or "").endswith("元"):
        return number.in_wan_yuan(units[0] if units else None).normalize(), True
    if number.value != number.value.to_integral_value():
        return None, True
    return int(number.value), True
