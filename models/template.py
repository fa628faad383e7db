"""The national annual-report template, declared once.

Everything that knows what an annual report's tables look like reads this
module: the reader (to find rows and columns and name the cells), the checks
(to know which cells must add up) and, later, the warehouse (to lay out the
star schema). The codes are those of ``shared/spec/template.md``.

Label variants are written as reports print them; the reader normalises both
sides (full/half width, traditional characters, spaces) before comparing, so a
variant only needs listing when its *words* differ from the canonical label.
"""

from __future__ import annotations

from dataclasses import dataclass, field

TEMPLATE_2021 = "2021"
TEMPLATE_2019 = "2019"


@dataclass(frozen=True)
class Label:
    """A row, column or group of a table: its code and the words that name it.

    ``phrases`` are the words a report may print for it, most specific first.
    The reader looks for the longest phrase that matches, so a short phrase
    (``其他``) never wins over a longer one (``其他处理``) at the same place.
    """

    code: str
    label: str
    phrases: tuple[str, ...] = ()
    group: str | None = None

    @property
    def all_phrases(self) -> tuple[str, ...]:
        return (self.label, *self.phrases)


# ---------------------------------------------------------------- section 二

@dataclass(frozen=True)
class ProactiveColumn:
    """A column of section 二; ``code`` is the last part of the cell code."""

    code: str
    label: str
    phrases: tuple[str, ...] = ()
    unit: str | None = None  # "万元" for money columns; counts have none

    @property
    def all_phrases(self) -> tuple[str, ...]:
        return (self.label, *self.phrases)


PROACTIVE_ROWS: tuple[Label, ...] = (
    Label("rules", "规章"),
    Label("normative_documents", "行政规范性文件", ("规范性文件",)),
    Label("licensing", "行政许可"),
    Label("other_admin_services", "其他对外管理服务事项", ("其他对外管理服务",)),
    Label("penalties", "行政处罚"),
    Label("coercion", "行政强制"),
    Label("fees", "行政事业性收费", ("事业性收费",)),
    Label("procurement", "政府集中采购", ("集中采购",)),
)

PROACTIVE_COLUMNS: tuple[ProactiveColumn, ...] = (
    ProactiveColumn("issued", "本年制发件数", ("本年制发", "制发件数", "制发数量")),
    ProactiveColumn("repealed", "本年废止件数", ("本年废止", "废止件数", "废止数量")),
    ProactiveColumn("in_force", "现行有效件数", ("现行有效",)),
    ProactiveColumn("decisions", "本年处理决定数量",
                    ("处理决定数量", "处理决定数", "本年处理决定", "处理决定件数", "处理决定")),
    ProactiveColumn("amount_wan_yuan", "本年收费金额", ("收费金额", "收费总金额", "收费总额"),
                    unit="万元"),
    # 2019: agencies retitle the three columns (新制作|新公开|公开总数,
    # 本年制作数量|本年公开数量|累计公开数量).
    ProactiveColumn("newly_made", "本年新制作数量",
                    ("新制作数量", "本年新制作", "新制作", "本年制作数量", "制作数量")),
    ProactiveColumn("newly_published", "本年新公开数量",
                    ("新公开数量", "本年新公开", "新公开", "本年公开数量")),
    ProactiveColumn("total_published", "对外公开总数量",
                    ("对外公开总数", "公开总数量", "公开总数", "累计公开数量", "累计公开总数",
                     "累计公开")),
    ProactiveColumn("prior_year_items", "上一年项目数量",
                    ("上年项目数量", "上一年项目数", "上年项目数", "上年度项目数量",
                     "上一年度项目数量")),
    ProactiveColumn("change", "本年增/减", ("本年增减", "增/减", "增减情况", "增减", "增加/减少")),
    ProactiveColumn("items", "采购项目数量", ("采购项目数",)),
    ProactiveColumn("amount", "采购总金额", ("采购金额", "采购总额"), unit="万元"),
)

# The cells each format prints in section 二, as "row.column".
PROACTIVE_CELLS: dict[str, tuple[str, ...]] = {
    TEMPLATE_2021: (
        "rules.issued", "rules.repealed", "rules.in_force",
        "normative_documents.issued", "normative_documents.repealed",
        "normative_documents.in_force",
        "licensing.decisions", "penalties.decisions", "coercion.decisions",
        "fees.amount_wan_yuan",
    ),
    TEMPLATE_2019: (
        "rules.newly_made", "rules.newly_published", "rules.total_published",
        "normative_documents.newly_made", "normative_documents.newly_published",
        "normative_documents.total_published",
        "licensing.prior_year_items", "licensing.change", "licensing.decisions",
        "other_admin_services.prior_year_items", "other_admin_services.change",
        "other_admin_services.decisions",
        "penalties.prior_year_items", "penalties.change", "penalties.decisions",
        "coercion.prior_year_items", "coercion.change", "coercion.decisions",
        "fees.prior_year_items", "fees.change",
        "procurement.items", "procurement.amount",
    ),
}

# Headers and sub-headings of section 二 that carry no numbers.
PROACTIVE_HEADINGS: tuple[str, ...] = ("信息内容", "第二十条")

# ---------------------------------------------------------------- section 三

APPLICANTS: tuple[Label, ...] = (
    Label("natural_person", "自然人"),
    Label("commercial_enterprise", "商业企业"),
    Label("research_institution", "科研机构"),
    Label("social_welfare_organization", "社会公益组织"),
    Label("legal_service_institution", "法律服务机构"),
    Label("other_organization", "其他"),
    Label("total", "总计", ("合计",)),
)

# The legal-person applicant types, as opposed to natural persons.
LEGAL_PERSON_APPLICANTS = tuple(a.code for a in APPLICANTS[1:6])

# Headers of section 三 that carry no numbers.
REQUEST_HEADINGS: tuple[Label, ...] = (
    Label("applicants", "申请人情况"),
    Label("legal_persons", "法人或其他组织", ("法人或者其他组织",)),
    Label("balance_note", "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）",
          ("本列数据的勾稽关系为", "勾稽关系")),
)

WITHHELD = "（三）不予公开"
UNAVAILABLE = "（四）无法提供"
NOT_PROCESSED = "（五）不予处理"
OTHER_PROCESSING = "（六）其他处理"

REQUEST_GROUPS: tuple[Label, ...] = (
    Label("results", "三、本年度办理结果", ("本年度办理结果", "办理结果")),
    Label("withheld", WITHHELD, ("不予公开",)),
    Label("unavailable", UNAVAILABLE, ("无法提供",)),
    Label("not_processed", NOT_PROCESSED, ("不予处理",)),
)

_HEAD_ROWS: tuple[Label, ...] = (
    Label("new_received", "一、本年新收政府信息公开申请数量",
          ("本年新收", "本年度新收", "新收政府信息公开申请", "本年收到政府信息公开申请")),
    Label("carried_over", "二、上年结转政府信息公开申请数量",
          ("上年结转", "上一年结转", "上年度结转", "上一年度结转")),
)

_OUTCOME_ROWS: tuple[Label, ...] = (
    Label("disclosed", "（一）予以公开", ("予以公开",)),
    Label("partially_disclosed", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
          ("部分公开",)),
    Label("withheld_state_secret", "1.属于国家秘密", ("国家秘密",), WITHHELD),
    Label("withheld_prohibited_by_law", "2.其他法律行政法规禁止公开",
          ("法律行政法规禁止公开", "其他法律行政止公开", "法律法规禁止公开",
           "行政法规禁止公开", "法规禁止公开", "禁止公开"), WITHHELD),
    Label("withheld_three_securities_one_stability", "3.危及“三安全一稳定”",
          ("三安全一稳定", "三安全", "一稳定"), WITHHELD),
    Label("withheld_third_party_rights", "4.保护第三方合法权益",
          ("第三方合法权益", "保护第三方"), WITHHELD),
    Label("withheld_internal_affairs", "5.属于三类内部事务信息",
          ("三类内部事务", "内部事务信息", "内部事务"), WITHHELD),
    Label("withheld_process_information", "6.属于四类过程性信息",
          ("四类过程性信息", "过程性信息"), WITHHELD),
    Label("withheld_law_enforcement_file", "7.属于行政执法案卷",
          ("行政执法案卷", "执法案卷"), WITHHELD),
    Label("withheld_administrative_query", "8.属于行政查询事项",
          ("行政查询事项", "行政查询"), WITHHELD),
    Label("unavailable_not_held", "1.本机关不掌握相关政府信息",
          ("本机关不掌握", "不掌握相关"), UNAVAILABLE),
    Label("unavailable_needs_creation", "2.没有现成信息需要另行制作",
          ("没有现成信息", "需要另行制作", "另行制作"), UNAVAILABLE),
    Label("unavailable_unclear_after_correction", "3.补正后申请内容仍不明确",
          ("补正后申请内容", "申请内容仍不明确", "仍不明确"), UNAVAILABLE),
    Label("not_processed_petition_complaint", "1.信访举报投诉类申请",
          ("信访举报投诉", "信访、举报、投诉", "投诉类申请", "信访"), NOT_PROCESSED),
    Label("not_processed_duplicate", "2.重复申请", ("重复申请",), NOT_PROCESSED),
    Label("not_processed_publication", "3.要求提供公开出版物",
          ("公开出版物", "提供公开出版"), NOT_PROCESSED),
    Label("not_processed_excessive_repeated", "4.无正当理由大量反复申请",
          ("大量反复申请", "大量反复"), NOT_PROCESSED),
    Label("not_processed_confirmation", "5.要求行政机关确认或重新出具已获取信息",
          ("确认或重新出具", "重新出具已获取", "重新出具"), NOT_PROCESSED),
)

_OTHER_ROWS_2021: tuple[Label, ...] = (
    Label("other_no_correction",
          "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
          ("无正当理由逾期不补正", "逾期不补正", "无正当理由逾期", "不补正"), OTHER_PROCESSING),
    Label("other_unpaid_fee",
          "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
          ("未按收费通知", "逾期未按收费", "缴纳费用", "收费通知"), OTHER_PROCESSING),
    Label("other_other", "3.其他", ("3、其他", "3其他", "(3)其他", "（3）其他"), OTHER_PROCESSING),
)

OTHER_PROCESSING_PHRASES = (OTHER_PROCESSING, "其他处理")
_OTHER_ROW_2019 = Label("other_processing", OTHER_PROCESSING, OTHER_PROCESSING_PHRASES[1:])

_TAIL_ROWS: tuple[Label, ...] = (
    Label("total_processed", "（七）总计", ("(七)总计", "七、总计", "七总计", "(七)合计", "（七）合计")),
    Label("carried_forward", "四、结转下年度继续办理",
          ("结转下年度继续办理", "结转下一年度继续办理", "结转下年度", "结转下一年度",
           "结转下年", "下年度继续办理", "转下年度继续办理")),
)

REQUEST_ROWS: dict[str, tuple[Label, ...]] = {
    TEMPLATE_2021: _HEAD_ROWS + _OUTCOME_ROWS + _OTHER_ROWS_2021 + _TAIL_ROWS,
    TEMPLATE_2019: _HEAD_ROWS + _OUTCOME_ROWS + (_OTHER_ROW_2019,) + _TAIL_ROWS,
}

# Every row the reader may meet in section 三, in the order the form prints
# them: the 2021 sub-rows of （六） and the 2019 single row both appear; which
# one a document uses decides its template.
REQUEST_ROWS_ANY: tuple[Label, ...] = (
    _HEAD_ROWS + _OUTCOME_ROWS + _OTHER_ROWS_2021 + (_OTHER_ROW_2019,) + _TAIL_ROWS
)

# The rows that sum to total_processed (outcome rows), per format.
OUTCOME_ROWS: dict[str, tuple[str, ...]] = {
    t: tuple(r.code for r in rows[2:-2]) for t, rows in REQUEST_ROWS.items()
}

# ---------------------------------------------------------------- section 四

PROCEEDINGS: tuple[Label, ...] = (
    Label("review", "行政复议"),
    Label("litigation_direct", "未经复议直接起诉", ("直接起诉",)),
    Label("litigation_after_review", "复议后起诉"),
)

PROCEEDING_RESULTS: tuple[Label, ...] = (
    Label("upheld", "结果维持", ("维持",)),
    Label("corrected", "结果纠正", ("纠正",)),
    Label("other", "其他结果"),
    Label("pending", "尚未审结", ("未审结",)),
    Label("total", "总计", ("合计",)),
)

PROCEEDING_HEADINGS: tuple[str, ...] = ("行政诉讼",)


# ------------------------------------------------------------ cell catalogue

def proactive_codes(template: str) -> tuple[str, ...]:
    return tuple(f"proactive.{c}" for c in PROACTIVE_CELLS[template])


def request_codes(template: str) -> tuple[str, ...]:
    return tuple(
        f"requests.{row.code}.{col.code}"
        for row in REQUEST_ROWS[template]
        for col in APPLICANTS
    )


def proceeding_codes() -> tuple[str, ...]:
    return tuple(f"{p.code}.{r.code}" for p in PROCEEDINGS for r in PROCEEDING_RESULTS)


ALL_CODES: frozenset[str] = frozenset(
    code
    for t in (TEMPLATE_2021, TEMPLATE_2019)
    for code in (*proactive_codes(t), *request_codes(t))
) | frozenset(proceeding_codes())

# Cells holding amounts of money (万元, decimals); every other cell is a count.
AMOUNT_CODES: frozenset[str] = frozenset(
    f"proactive.{cell}"
    for cells in PROACTIVE_CELLS.values()
    for cell in cells
    if cell.endswith((".amount_wan_yuan", ".amount"))
)

# Cells that may be negative (本年增/减).
SIGNED_CODES: frozenset[str] = frozenset(
    f"proactive.{cell}" for cell in PROACTIVE_CELLS[TEMPLATE_2019] if cell.endswith(".change")
)


# ------------------------------------------------------------ the arithmetic

@dataclass(frozen=True)
class Rule:
    """One equality the template states: ``left`` must equal the sum of ``right``.

    ``name`` is what the extraction output calls the check, e.g.
    ``balance.natural_person``.
    """

    name: str
    left: tuple[str, ...]
    right: tuple[str, ...]
    description: str = field(default="", compare=False)


def rules(template: str) -> tuple[Rule, ...]:
    """Every rule of the template for a report whose section 三 has ``template``'s rows."""
    rows = REQUEST_ROWS[template]
    cols = [c.code for c in APPLICANTS]
    out: list[Rule] = []
    for col in cols:
        out.append(Rule(
            f"balance.{col}",
            (f"requests.new_received.{col}", f"requests.carried_over.{col}"),
            (f"requests.total_processed.{col}", f"requests.carried_forward.{col}"),
            "本年新收 + 上年结转 = 总计 + 结转下年度",
        ))
    for row in rows:
        out.append(Rule(
            f"row_total.{row.code}",
            (f"requests.{row.code}.total",),
            tuple(f"requests.{row.code}.{c}" for c in cols[:-1]),
            "总计 = 自然人 + 五类法人或其他组织",
        ))
    for col in cols:
        out.append(Rule(
            f"outcomes.{col}",
            (f"requests.total_processed.{col}",),
            tuple(f"requests.{r}.{col}" for r in OUTCOME_ROWS[template]),
            "（七）总计 = 各项办理结果之和",
        ))
    for p in PROCEEDINGS:
        out.append(Rule(
            f"proceedings.{p.code}",
            (f"{p.code}.total",),
            tuple(f"{p.code}.{r.code}" for r in PROCEEDING_RESULTS[:-1]),
            "总计 = 结果维持 + 结果纠正 + 其他结果 + 尚未审结",
        ))
    return tuple(out)
