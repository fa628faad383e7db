"""What a report's prose says of its own tables, checked against them.

Reports state their totals in sentences too (``全年共收到政府信息公开申请17件，上年结转
3件，办结18件，结转下年度继续办理2件``, ``未发生因政府信息公开申请引起的行政复议、行政
诉讼``). Each such figure is a check named ``narrative.<cell>``: it must equal the
table's cell, or the sum of an outcome group's cells. A disagreement is the agency's,
recorded with both numbers; no cell is ever changed.

Reading is strict: a figure counts only where a fixed phrasing says plainly which total
it is. A clause about another year, a change (同比, 较上年), a part (网上申请, 其中…, 含…),
a wider body (全县, 各部门) or a span shorter than the year gives no check: where the
meaning is doubtful there is no check rather than a false one.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace
from decimal import Decimal
from functools import lru_cache

from models import template as T
from models.report import Check, Number
from pipelines.documents.model import Block

from .checks import sum_text
from .text import simplified

PREFIX = "narrative."
# What only a report before 2019 states, in codes of its own (``prose.fees.amount_wan_yuan``).
PROSE_PREFIX = PREFIX + "prose."

# ------------------------------------------------------------------ phrasing

_NUM = r"(?P<n>\d+|[零〇一二两三四五六七八九十百千]+)"
# A unit followed by a digit (``3件0件0件``) is a table's cells run together, not prose.
_UNIT = r"(?:件|宗|个|份|条)(?!\d)"
_CASE_UNIT = r"(?:件|起|宗|个|次|例)(?!\d)"
_TAIL = r"(?:数量|数|案件|件数)?(?:共计|共|合计|总计)?(?:为|:)?"
_OBJECT = (r"(?:政府信息公开申请|政府信息依申请公开(?:申请|件)?|依申请公开政府信息(?:申请|案件)?"
           r"|依申请公开(?:申请|案件)?|信息公开申请|公开申请|申请)")
_RECEIVE = r"(?:新收|收到|受理|接收|接到)"
# What ties a review or lawsuit to disclosure: 引起行政复议2件, 被申请行政复议2件.
_CUE = r"(?:引起|引发|产生|提起|发生|被申请|被提起|信息公开类?)的?"
_NEGATION = (r"(?:未|没有|无)(?:发生|引发|出现|产生|有|收到|接到)?过?(?:任何)?(?:因|由)?(?:政府)?"
             r"(?:信息公开|依申请公开)?(?:申请)?而?(?:引起|引发|产生|导致|提起)?的?(?:被申请|被提起|提起|被)?")
_CLAUSE_END = r"(?:案件|事件|的情况|的情形|情况|情形|件|应诉|案)?$"
_BOTH = r"(?:行政)?复议(?:[、和及与或]|以及)(?:被提起|提起|被)?(?:行政)?诉讼"


@lru_cache(maxsize=64)
def _patterns(year: int | None) -> tuple[tuple[str, re.Pattern], ...]:
    """Each phrasing a figure is read from, as (kind, pattern); a pattern without a number
    (未收到…) states zero. ``year`` lets 结转2025年度 and 2023年结转 be read."""
    last = rf"(?:上一?年度?|去年{f'|{year - 1}年度?' if year else ''})"
    next_ = rf"(?:下一?年度?{f'|{year + 1}年度?' if year else ''})"
    count = rf"{_TAIL}{_NUM}{_UNIT}"
    table = (
        ("new_received", rf"{_RECEIVE}了?{_OBJECT}{count}"),
        ("new_received", rf"(?:未|没有){_RECEIVE}(?:任何)?{_OBJECT}(?:的情况|事项)?$"),
        ("carried_over", rf"{last}结转(?:的|过来的)?(?:政府信息公开申请|申请)?{count}"),
        ("carried_over", rf"(?:无|没有){last}结转的?(?:申请)?$|{last}(?:无|没有)结转(?:申请)?$"),
        ("total_processed", rf"办结了?(?:政府信息公开申请|依申请公开申请|申请)?{count}"),
        ("carried_forward", rf"结转(?:至|到|入)?{next_}(?:继续)?(?:办理|处理|答复)?的?(?:申请)?{count}"),
        ("carried_forward", rf"(?:^|另有|尚有|还有|剩余|其余){_NUM}{_UNIT}(?:申请)?需?(?:结转|转入|顺延)"
                            rf"(?:至|到)?{next_}"),
        ("carried_forward", rf"(?:无|没有)(?:申请)?需?结转(?:至|到)?{next_}(?:继续)?(?:办理|处理)?的?"
                            rf"(?:申请|情况)?$"),
        ("disclosed", rf"(?<!不)(?<!部分)(?:予以|同意)公开(?:答复)?的?(?:申请)?{count}"),
        ("partially_disclosed", rf"(?:同意)?部分(?:予以)?公开(?:答复)?的?(?:申请)?{count}"),
        ("withheld", rf"(?:不予以?|不同意)公开(?:答复)?的?(?:申请)?{count}"),
        ("unavailable", rf"无法提供的?(?:申请)?{count}"),
        ("not_processed", rf"不予处理的?(?:申请)?{count}"),
        ("other_processing", rf"其他处理的?(?:申请)?{count}"),
        ("natural_person", rf"自然人(?:提出的?)?(?:申请)?{count}"),
        ("legal_persons", rf"法人(?:或|和|及)?(?:其他|其它)组织(?:提出的?)?(?:申请)?{count}"),
        *((a.code, rf"{a.label}(?:提出的?)?(?:申请)?{count}") for a in T.APPLICANTS[1:5]),
        ("all_natural_person", r"(?:申请人|申请主体)?(?:均为|全部为|全为|都是|均是|均由)自然人(?:提出)?(?:申请)?$"),
        ("review", rf"{_CUE}(?:行政)?复议(?:案件|申请)?{_TAIL}{_NUM}{_CASE_UNIT}"),
        ("litigation", rf"{_CUE}(?:行政)?诉讼(?:案件)?{_TAIL}{_NUM}{_CASE_UNIT}"),
        ("litigation_listed", rf"(?:^|(?<=[件起宗次例])[、和及与])(?:行政)?诉讼(?:案件)?{_TAIL}{_NUM}{_CASE_UNIT}"),
        ("no_proceedings", rf"{_NEGATION}{_BOTH}{_CLAUSE_END}"),
        ("no_proceedings", rf"{_BOTH}(?:案件)?(?:数量?)?(?:均为|都为|均是|各为|均|各)(?:0|零)件?$"),
        ("review", rf"{_NEGATION}(?:行政)?复议{_CLAUSE_END}"),
        ("litigation", rf"{_NEGATION}(?:行政)?诉讼{_CLAUSE_END}"),
        *_prose_patterns(count),
    )
    return tuple((kind, re.compile(pattern)) for kind, pattern in table)


def _prose_patterns(count: str) -> tuple[tuple[str, str], ...]:
    """What reports before 2019 state and the national table has no cell for: the older
    outcomes (属于已主动公开范围, 非本机关政府信息, 信息不存在 …), the channels a request came
    by, the fees charged and the items disclosed proactively. They give no narrative check
    (no table cell is theirs); ``prose_report`` reads them into codes of their own."""
    amount = r"(?P<n>\d+(?:\.\d+)?|[零〇一二两三四五六七八九十百千]+)(?P<unit>万元|元)"
    return (
        ("already_public", rf"(?:属于)?已(?:经)?主动公开(?:范围)?(?:内)?的?(?:信息|申请)?{count}"),
        ("not_this_agency_or_not_exist",
         rf"非本(?:机关|单位|部门)(?:政府)?信息(?:\(信息不存在\)|或信息不存在|或不存在)的?(?:申请)?{count}"),
        ("not_this_agency", rf"(?:非本(?:机关|单位|部门|局)(?:政府)?信息|不属于本(?:机关|单位|部门|局|行政机关)"
                            rf"(?:公开)?(?:职责|职能|范围|职责权限范围|掌握范围)?(?:内|的)?(?:政府)?(?:信息)?)"
                            rf"(?:范围)?的?(?:申请)?{count}"),
        ("not_exist", rf"(?:申请的?)?信息不存在的?(?:申请)?{count}"),
        ("unclear", rf"申请内容不明确的?(?:申请)?{count}"),
        ("not_government_information", rf"不属于(?:政府信息|《条例》所指政府信息)(?:范围|范畴)?的?(?:申请)?{count}"),
        *((f"channel_{code}", rf"{words}(?:方式)?(?:提出|提交)?的?申请(?:的)?{count}")
          for code, words in _CHANNELS),
        ("fees", rf"收取?了?[^,]{{0,24}}?费用?{_TAIL}{amount}"),
        ("fees", r"(?:未|没有|无|不)(?:收取|收)过?(?:任何)?[^,]{0,24}?费用?$|^(?:无|没有)(?:任何)?收费$"),
        ("proactive", rf"主动公开了?(?:政府)?信息{_TAIL}{_NUM}(?:条|件|项)(?!\d)"),
        ("proactive_rounded", rf"主动公开了?(?:政府)?信息{_TAIL}\d+(?:\.\d+)?万(?:余|多)?(?:条|件|项)"),
    )


_CHANNELS = (("in_person", "(?:通过)?(?:当面|现场)"), ("online", "(?:通过)?(?:网上|网络|在线|网站|互联网)"),
             ("letter", "(?:通过)?(?:信函|来信|邮寄)"), ("fax", "(?:通过)?传真"),
             ("email", "(?:通过)?(?:电子邮件|电子邮箱|邮件)"))
_PROSE_OUTCOMES = ("already_public", "not_this_agency_or_not_exist", "not_this_agency", "not_exist",
                   "unclear", "not_government_information")
_PROSE_KINDS = (*_PROSE_OUTCOMES, *(f"channel_{code}" for code, _ in _CHANNELS), "fees", "proactive",
                "proactive_rounded")
_PROACTIVE_PARTS = ("proactive",)
# Before 主动公开…条, these make the figure one medium's share of the items.
_PROACTIVE_PART = re.compile(r"网站|网页|网上|公报|报刊|报纸|电视|广播|微博|微信|公开栏|公示栏|电子屏|"
                             r"触摸屏|档案馆|图书馆|查阅|其中|累计|以来|各|栏目")
# A fee waived, or one of a list, is not the fee charged; fees are a disclosure's only where
# the sentence says so (not a 行政事业性收费).
_FEE_PART = re.compile(r"减免|免收|免除|减收|行政事业性|罚没|税")
_FEE_CONTEXT = re.compile(r"检索|复制|邮寄|递送|打印|复印|信息公开|依申请|申请")
_STAGES = ("new_received", "carried_over", "total_processed", "carried_forward")
_GROUPS = {group: tuple(f"requests.{r.code}.total" for r in T.REQUEST_ROWS_ANY if r.group == label)
           for group, label in (("withheld", T.WITHHELD), ("unavailable", T.UNAVAILABLE),
                                ("not_processed", T.NOT_PROCESSED),
                                ("other_processing", T.OTHER_PROCESSING))}
_OUTCOMES = ("disclosed", "partially_disclosed", *_GROUPS)
_APPLICANTS = ("natural_person", "legal_persons", "all_natural_person",
               *(a.code for a in T.APPLICANTS[1:5]))
_LITIGATION = ("litigation_direct.total", "litigation_after_review.total")

# A clause with these is about a change or a part of the total.
_DOUBT = re.compile(r"同比|较|比上年|比去年|与上年|增长|增加|减少|下降|上升|增幅|降幅|持平|含|包括|"
                    r"平均|日均|月均|约|%|主动|(?<!全年)(?<!本年)(?<!本年度)(?<!今年)累计")
# From a clause with these on, the sentence speaks of a span other than the year (截至11月底，…).
_SPAN = re.compile(r"\d{1,2}月|[一二三四五六七八九十]{1,2}月|上半年|下半年|季度|截至|截止|以来|历年")
# A sentence with these is about more than the table's agency, or about what it leaves out.
_WIDER = re.compile(r"全县|全市|全区|全省|全州|全旗|全镇|全乡|各级|各部门|各单位|各乡镇|各街道|系统|"
                    r"汇总|本级|下属|所属|直属|二级单位|派出机构|分局|未计入|不计入|未纳入|不包括|不含")
# A report before 2019 names its parts too: each district's or department's figure, the
# 机关本级's beside its units'. Such a sentence is not the report's total.
_SUB_BODY = re.compile(r"各(?:区|县|市|镇|乡|地|级|部门|单位|街道|委办局|成员单位)|(?:市|县|区)级部门|市直|县直|区直|"
                       r"局机关|机关本级|本机关本级")
# Before a stage's verb, these make the figure a part: a channel, a deadline, 其中.
_PART = re.compile(r"网上|在线|线上|线下|当面|现场|信函|邮寄|传真|邮件|邮箱|窗口|书面|电话|"
                   r"逾期|超期|按期|按时|限期|当场|当日|即时|通过|其中")
# 受理…45件，其中新收42件、上年结转3件: the figure received includes what was carried over.
_INCLUDES_CARRIED = re.compile(r"其中[^,]*?(?:新收|(?:上一?年度?|去年)结转)|(?:含|包括)[^,]*?(?:上一?年度?|去年)结转")
# An agency that decides reviews (复议机关) or receives them reports those, not reviews of itself.
_REVIEWER = re.compile(r"复议机关|作为|收到|受理|办理|审理|办结|审结")
_YEAR = re.compile(r"(?<!\d)(\d{4})年|(上一?年度?|去年|前一年)")
_THIS_YEAR = re.compile(r"今年|本年|全年")
_DISCLOSURE = re.compile(r"信息公开|依申请")
# 受理申请…件 and 办结…件 are disclosure requests only where the sentence says so, or a heading
# or a sentence of such figures right before it (（二）依申请公开。全年办结40件): a 政务服务
# paragraph counts other requests.
_REQUESTS = re.compile(r"依申请|信息公开[^,]{0,4}申请")
# A numbered heading line (``三、收到和处理政府信息公开申请情况``, ``（二）依申请公开``) ends a sentence.
_HEADING = re.compile(r"^\s*[(（]?[一二三四五六七八九十\d]{1,2}[)）、.．]\s*[^,，。;；:：]{1,25}$")
# A report's title line (…年度报告, …情况的报告) ends a sentence too.
_TITLE = re.compile(r"(?:报告|年报)\s*$")
_TABLE_LINE = re.compile(r"(?<!\S)\d+(?!\S)(?!\s*[件条个次项份宗起人家万元%])")
_MARKS = re.compile(r"[\u2460-\u24ff\u2776-\u2793\u3251-\u325f\u32b1-\u32bf*#]")
_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}(?!\d))")


@dataclass(frozen=True)
class Statement:
    """A figure a clause states, and the table cells whose sum it is (the first set of
    ``cells`` the report has read: 其他处理 is one row or three)."""

    rule: str
    cells: tuple[tuple[str, ...], ...]
    value: Number
    clause: str
    sentence: str = ""


@dataclass
class ProseReading:
    """What a document's prose states: the figures read, and the sentences with a figure
    that were not (``doubtful``: another year, a change, a wider body …; ``parts``: a part
    of a total, by channel or deadline), each as (sentence, why)."""

    statements: list[Statement]
    doubtful: list[tuple[str, str]]
    parts: list[tuple[str, str]]


# ------------------------------------------------------------------ checks

def narrative_checks(blocks: list[Block], cells: dict[str, Number], year: int | None) -> list[Check]:
    """A check per distinct statement whose table cells were all read."""
    checks, seen = [], set()
    for statement in statements(blocks, year):
        codes = next((c for c in statement.cells if all(code in cells for code in c)), None)
        if codes is None or (statement.rule, statement.value) in seen:
            continue
        seen.add((statement.rule, statement.value))
        table = [cells[c] for c in codes]
        passed = statement.value == sum(table)
        checks.append(Check(statement.rule, passed,
                            f"{statement.value} {'=' if passed else '≠'} {sum_text(table)}: "
                            f"prose 「{statement.clause}」, table {' + '.join(codes)}"))
    return checks


def statements(blocks: list[Block], year: int | None) -> list[Statement]:
    """Every figure the document's prose states plainly that the national table has a cell
    for, in reading order."""
    return [s for s in read_prose(blocks, year).statements if not s.rule.startswith(PROSE_PREFIX)]


def read_prose(blocks: list[Block], year: int | None, scope: str | None = None,
               whole_report: bool = False) -> ProseReading:
    """Every figure the prose states plainly, and every sentence with a figure that was not
    read. ``scope`` is the report's own extent (``全县`` for a 县人民政府's report): a sentence
    about it is not about a wider body. ``whole_report`` is for a report whose prose is all
    it states (before 2019): a table between two sentences does not end the paragraph, and
    every figure not read is named, whatever the sentence is about."""
    reading = ProseReading([], [], [])
    for passage in _passages(blocks, skip_tables=whole_report):
        about_requests = False
        for sentence in re.split(r"[。;!?]", passage):
            about_requests = about_requests or bool(_REQUESTS.search(sentence))
            if not sentence:
                continue
            if _WIDER.search(sentence.replace(scope, "") if scope else sentence) or \
                    whole_report and _SUB_BODY.search(sentence):
                found = []
                if any(_matches(clause, year) for clause in sentence.split(",")):
                    reading.doubtful.append((sentence, "about a wider or another body (全县, 系统, 下属 …)"))
            else:
                read = _Sentence(sentence, year, about_requests, name_every_figure=whole_report)
                found = read.read()
                reading.doubtful.extend((sentence, why) for why in read.doubtful)
                reading.parts.extend((sentence, why) for why in read.parts)
            reading.statements.extend(found)
            named = whole_report and reading.doubtful and reading.doubtful[-1][0] == sentence
            about_requests = about_requests and bool(found or named or len(sentence) <= 30)
    return reading


def _passages(blocks: list[Block], skip_tables: bool = False) -> list[str]:
    """Runs of prose lines joined (a PDF wraps a sentence over lines), in plain form.

    A table row, or a line with three free-standing numbers (a table flattened to
    text), ends a run (or, with ``skip_tables``, is left out of it): figures are never
    read out of tables here.
    """
    passages, run = [], []
    for block in blocks:
        if block.table is not None or len(block.cells) > 1 or len(_TABLE_LINE.findall(block.text)) >= 3:
            if skip_tables:
                continue
            passages.append("".join(run))
            run = []
        else:
            ends = _HEADING.match(block.text) or skip_tables and _TITLE.search(block.text)
            run.append(block.text + ("。" if ends else ""))
    passages.append("".join(run))
    return [_plain(p) for p in passages if p]


def _plain(text: str) -> str:
    """Half width, simplified, no spaces (``上年结 转 2 件``) and no thousands commas."""
    text = simplified(unicodedata.normalize("NFKC", _MARKS.sub("", text)))
    text = text.replace("资讯", "信息").replace("其它", "其他")  # Taiwanese 资讯 for 信息
    return _THOUSANDS.sub("", re.sub(r"\s+", "", text))


class _Sentence:
    """One sentence read clause by clause, remembering what the earlier clauses said:
    the year spoken of, the last stage stated (for 其中自然人…), the last figure."""

    def __init__(self, text: str, year: int | None, about_requests: bool, name_every_figure: bool = False):
        self.text, self.year = text, year
        self.name_every_figure = name_every_figure
        self.about_requests = about_requests
        self.in_report_year = True
        self.stage: Statement | None = None
        self.last: str | None = None
        self.spoken = ""
        self.doubtful: list[str] = []
        self.parts: list[str] = []

    def read(self) -> list[Statement]:
        out = []
        for clause in self.text.split(","):
            found = _matches(clause, self.year)
            outside = _whole_year(self.year).sub("", _outside(clause, found))
            doubtful = bool(_DOUBT.search(outside))  # 较上年 compares; it does not change the year
            if _SPAN.search(outside):
                self.in_report_year = False
            elif not doubtful:
                self.in_report_year = self._speaks_of_report_year(outside)
            if doubtful or not self.in_report_year:
                self.stage = self.last = None
                if found:
                    self.doubtful.append(f"「{clause}」 speaks of a change, a share or another span than the year"
                                         if doubtful else f"「{clause}」 speaks of another year or part of the year")
            else:
                for kind, match in found:
                    made = self._statements(kind, match, clause)
                    out.extend(made)
                    if not made:
                        self._not_read(kind, match, clause)
            self.spoken += clause + ","
        if _INCLUDES_CARRIED.search(self.text):
            out = [s for s in out if s.rule != f"{PREFIX}requests.new_received.total"]
        return [replace(s, sentence=self.text) for s in out]

    def _not_read(self, kind: str, match: re.Match, clause: str) -> None:
        """Say why a figure a phrasing matched gave no statement: a part of a total is
        a note, anything else a doubt."""
        before = clause[:match.start()].replace("其中", "")
        figure = match.group(0)
        if _PART.search(before) or (kind in _PROACTIVE_PARTS and _PROACTIVE_PART.search(before)):
            self.parts.append(f"「{figure}」 is a part of a total (a channel, a deadline, a medium)")
        elif self.about_requests or self.name_every_figure or _DISCLOSURE.search(self.text):
            self.doubtful.append(f"「{figure}」: which total it is is not plain here")

    def _speaks_of_report_year(self, outside: str) -> bool:
        years = _YEAR.findall(outside)
        if any(relative or int(y) != self.year for y, relative in years):
            return False
        return True if years or _THIS_YEAR.search(outside) else self.in_report_year

    def _statements(self, kind: str, match: re.Match, clause: str) -> list[Statement]:
        before = clause[:match.start()]
        self.clause = clause
        value = _fee(match) if kind == "fees" else chinese_number(match.groupdict().get("n") or "0")
        if value is None or _listed_with_another(before):
            return []
        made = self._statement(kind, value, before, match, clause)
        self.last = kind if made else self.last
        if kind in _STAGES and made:
            self.stage = made[0]
        elif kind in _OUTCOMES:
            self.stage = None
        return made

    def _statement(self, kind, value, before, match, clause) -> list[Statement]:
        if kind in _PROSE_KINDS:
            return self._prose_statement(kind, value, before)
        if kind in _STAGES:
            if not self.about_requests or _PART.search(before):
                return []
            if kind == "carried_over" and re.search(r"办结|办理|答复|处理", before):
                return []  # 办结上年结转申请2件: the carried-over ones processed, not all of them
            return [_make(f"requests.{kind}.total", value, clause)]
        if kind in _OUTCOMES:
            if not self.about_requests or _PART.search(before.replace("其中", "")):
                return []
            return [_outcome(kind, value, clause)]
        if kind in _APPLICANTS:
            return self._applicant(kind, value, before, clause)
        if not (self.about_requests or _DISCLOSURE.search(self.spoken + before + match.group(0))):
            return []
        if kind == "litigation_listed" and self.last != "review":
            return []
        if _REVIEWER.search(before):
            return []
        if kind.startswith("litigation") and re.search(r"复议后|直接|未经复议", before):
            return []
        if kind == "review":
            return [_make("review.total", value, clause)]
        if kind.startswith("litigation"):
            return [Statement(f"{PREFIX}litigation.total", (_LITIGATION,), value, clause)]
        return [_make("review.total", 0, clause),
                Statement(f"{PREFIX}litigation.total", (_LITIGATION,), 0, clause)]

    def _prose_statement(self, kind, value, before) -> list[Statement]:
        """A figure only a report before 2019 states (see ``_prose_patterns``)."""
        if kind in _PROSE_OUTCOMES:
            if not self.about_requests or _PART.search(before.replace("其中", "")):
                return []
            return [_make(f"prose.requests.{kind}.total", value, self.clause)]
        if kind.startswith("channel_"):
            stage = self.stage.rule.split(".")[2] if self.stage else None
            if stage != "new_received" or re.search(r"逾期|超期|按期|按时|当场|当日|即时", before):
                return []
            return [_make(f"prose.requests.new_received.{kind}", value, self.clause)]
        if kind == "fees":
            if _FEE_PART.search(before) or not _FEE_CONTEXT.search(self.spoken + before + self.clause) \
                    and not self.about_requests:
                return []
            return [_make("prose.fees.amount_wan_yuan", value, self.clause)]
        if kind == "proactive_rounded" or _PROACTIVE_PART.search(before) or _PART.search(before):
            return []  # 24.6万条 is rounded: no count
        return [_make("prose.proactive.items_published", value, self.clause)]

    def _applicant(self, kind, value, before, clause) -> list[Statement]:
        if self.stage is None or _PART.search(before.replace("其中", "")):
            return []
        stage = self.stage.rule.split(".")[2]
        if kind == "all_natural_person":  # 收到申请3件，申请主体均为自然人: 3 natural persons
            kind, value = "natural_person", self.stage.value
            clause = f"{self.stage.clause},{clause}"
        if kind == "legal_persons":
            cells = tuple(f"requests.{stage}.{a}" for a in T.LEGAL_PERSON_APPLICANTS)
            return [Statement(f"{PREFIX}requests.{stage}.legal_persons", (cells,), value, clause)]
        return [_make(f"requests.{stage}.{kind}", value, clause)]


def _fee(match: re.Match) -> Decimal | None:
    """A fee in 万元, the unit of the template's money cells (``0元``, ``120元``, ``0.05万元``)."""
    text = match.groupdict().get("n") or "0"
    number = Decimal(text) if re.fullmatch(r"\d+(?:\.\d+)?", text) else chinese_number(text)
    if number is None:
        return None
    value = Decimal(number) / (1 if match.groupdict().get("unit") == "万元" else 10_000)
    return value.normalize() if value else Decimal(0)


def _whole_year(year: int | None) -> re.Pattern:
    """The report's whole period, which is no shorter span: 1月1日至12月31日, and for 2008 the
    months since the 条例 took effect (自2008年5月1日《条例》施行以来)."""
    parts = [r"(?:\d{4}年)?1月1日(?:起)?(?:至|到|-|—|~)(?:\d{4}年)?12月31日(?:止)?"]
    if year == 2008:
        parts += [r"(?:自|从)?(?:2008年)?5月1日(?:起)?(?:(?:至|到|-|—)(?:2008年)?12月31日(?:止)?)?"
                  r"(?:《?条例》?)?(?:正式)?(?:施行|实施)?(?:以来|后|起)?",
                  r"(?:自|从)?《?条例》?(?:正式)?(?:施行|实施)(?:以来|后|起)"]
    return re.compile("|".join(parts))


def _make(cell: str, value: int, clause: str) -> Statement:
    return Statement(PREFIX + cell, ((cell,),), value, clause)


def _outcome(kind: str, value: int, clause: str) -> Statement:
    if kind not in _GROUPS:
        return _make(f"requests.{kind}.total", value, clause)
    cells = (_GROUPS[kind],)
    if kind == "other_processing":  # the 2019 form (and some 2021 reports) print one row
        cells = (("requests.other_processing.total",), _GROUPS[kind])
    return Statement(f"{PREFIX}requests.{kind}.total", cells, value, clause)


def _matches(clause: str, year: int | None) -> list[tuple[str, re.Match]]:
    """Every phrasing found in the clause, in order, none overlapping another."""
    found = sorted(((kind, m) for kind, pattern in _patterns(year) for m in pattern.finditer(clause)),
                   key=lambda km: (km[1].start(), -km[1].end()))
    kept, end = [], 0
    for kind, match in found:
        if match.start() >= end:
            kept.append((kind, match))
            end = match.end()
    return kept


def _outside(clause: str, found: list[tuple[str, re.Match]]) -> str:
    """The clause without the phrasings read from it (their 上年结转 is not another year)."""
    for _, match in reversed(found):
        clause = clause[:match.start()] + "|" + clause[match.end():]
    return clause


def _listed_with_another(before: str) -> bool:
    """``予以公开和部分公开共11件``: the figure is the sum of two things; ``予以公开9件、部分
    公开2件`` lists two figures."""
    return len(before) >= 2 and before[-1] in "和及与或、/" and before[-2] not in "件宗个份条起次例0123456789"


# ------------------------------------------------------------------ numbers

_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6,
              "七": 7, "八": 8, "九": 9}
_CN_POWERS = {"十": 10, "百": 100, "千": 1000}


def chinese_number(text: str) -> int | None:
    """``17``, ``十七``, ``一百零五``, ``两千``; None for what is not one number (``二三``)."""
    if text.isdigit():
        return int(text)
    total, digit, last_power = 0, None, 10_000
    for char in text:
        if char in _CN_DIGITS:
            if digit not in (None, 0):
                return None
            digit = _CN_DIGITS[char]
            continue
        power = _CN_POWERS[char]
        if power >= last_power:
            return None
        total += (1 if digit is None else digit) * power
        digit, last_power = None, power
    return total + (digit or 0)
