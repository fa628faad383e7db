"""Random annual reports, rendered and mangled, each with the truth a careful reader could know.

Used by ``tests/test_never_wrong.py``. One integer seed decides everything about a
case: the agency and year, the format (2021 or 2019), every count, how the document
is rendered (tab-separated, space-separated PDF text, pipe tables, HTML) and which
manglers are applied. Dump one case with::

    python3 tests/report_factory.py SEED          # the document, the manglers, the truth
    python3 tests/report_factory.py SEED --read   # ... and what the reader made of it

How the truth is kept
---------------------
Every cell the document prints gets a *state*:

``known``
    printed and readable: a reader that outputs it must output exactly this value,
    and a reader saying ``ok`` must output it.
``doubtful``
    printed undamaged, but next to damage in a stretch of the document where rows
    and numbers are not on one line together (a careful reader counts numbers
    there, and the count is off); or an HTML row that reads whole only if its
    trailing empty cells are padding: it may be left out, but if output it must
    be the printed value.
``recoverable``
    in a damaged row, but every reading of the damaged row gives this cell the same
    value (documented exceptions, see below): may be left out, may be output with
    exactly this value.
``unknowable``
    what the document printed there can no longer be known (a number dropped,
    duplicated, run together with its neighbour, moved to another row; the row's
    label deleted; the document cut off before it): it must not be output, and a
    report saying ``ok`` while the document has such cells is wrong.

Codes of rows or tables the document does not print at all (the other template's
codes, a section-二 row the report leaves out) have no state: outputting them is a
wrong value.

Documented exceptions (cells of damaged rows a reader may legitimately output):

1. *Duplicated or run-together number*: the candidate readings of the row are
   "delete one of the printed numbers" (duplicate) or "split one printed
   multi-digit number in two" (run together, no part with a leading zero). A cell
   on which every candidate reading agrees (a duplicated 0 in a row of zeros; the
   only split of ``10`` in ``10 0 0 0 0 1``) is ``recoverable``.
2. *Dropped number in a section-三 row whose cells are all 0*: every printed cell is
   0, and the row's own sum (总计 = the six applicant columns) forces the missing
   one to 0. The project's README documents reading such a row as all 0. This is
   only granted in section 三 (section 二 has no row sum) and only when the row
   really was all zeros.
"""

from __future__ import annotations

import random
import re
import sys
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal

# ------------------------------------------------------------------ the form

COLS = ("natural_person", "commercial_enterprise", "research_institution",
        "social_welfare_organization", "legal_service_institution", "other_organization")
ALLCOLS = COLS + ("total",)

ROWS21 = (
    "new_received", "carried_over",
    "disclosed", "partially_disclosed",
    "withheld_state_secret", "withheld_prohibited_by_law",
    "withheld_three_securities_one_stability", "withheld_third_party_rights",
    "withheld_internal_affairs", "withheld_process_information",
    "withheld_law_enforcement_file", "withheld_administrative_query",
    "unavailable_not_held", "unavailable_needs_creation", "unavailable_unclear_after_correction",
    "not_processed_petition_complaint", "not_processed_duplicate", "not_processed_publication",
    "not_processed_excessive_repeated", "not_processed_confirmation",
    "other_no_correction", "other_unpaid_fee", "other_other",
    "total_processed", "carried_forward",
)
ROWS19 = ROWS21[:20] + ("other_processing",) + ROWS21[23:]
REQUEST_ROWS = {"2021": ROWS21, "2019": ROWS19}
TOP_ROWS = frozenset({"new_received", "carried_over", "total_processed", "carried_forward"})

GROUPS4 = ("review", "litigation_direct", "litigation_after_review")
RESULTS4 = ("upheld", "corrected", "other", "pending", "total")
CODES4 = tuple(f"{g}.{r}" for g in GROUPS4 for r in RESULTS4)

REQUEST_LABELS = {
    "new_received": ("一、本年新收政府信息公开申请数量", "一、本年度新收政府信息公开申请数量"),
    "carried_over": ("二、上年结转政府信息公开申请数量", "二、上一年度结转政府信息公开申请数量"),
    "disclosed": ("（一）予以公开",),
    "partially_disclosed": ("（二）部分公开（区分处理的，只计这一情形，不计其他情形）", "（二）部分公开"),
    "withheld_state_secret": ("1.属于国家秘密",),
    "withheld_prohibited_by_law": ("2.其他法律行政法规禁止公开",),
    "withheld_three_securities_one_stability": ("3.危及“三安全一稳定”",),
    "withheld_third_party_rights": ("4.保护第三方合法权益",),
    "withheld_internal_affairs": ("5.属于三类内部事务信息",),
    "withheld_process_information": ("6.属于四类过程性信息",),
    "withheld_law_enforcement_file": ("7.属于行政执法案卷",),
    "withheld_administrative_query": ("8.属于行政查询事项",),
    "unavailable_not_held": ("1.本机关不掌握相关政府信息",),
    "unavailable_needs_creation": ("2.没有现成信息需要另行制作",),
    "unavailable_unclear_after_correction": ("3.补正后申请内容仍不明确",),
    "not_processed_petition_complaint": ("1.信访举报投诉类申请", "1.信访、举报、投诉类申请"),
    "not_processed_duplicate": ("2.重复申请",),
    "not_processed_publication": ("3.要求提供公开出版物",),
    "not_processed_excessive_repeated": ("4.无正当理由大量反复申请",),
    "not_processed_confirmation": ("5.要求行政机关确认或重新出具已获取信息",),
    "other_no_correction": ("1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",),
    "other_unpaid_fee": ("2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",),
    "other_other": ("3.其他",),
    "other_processing": ("（六）其他处理",),
    "total_processed": ("（七）总计", "（七）合计"),
    "carried_forward": ("四、结转下年度继续办理", "四、结转下一年度继续办理"),
}
RESULTS_GROUP = "三、本年度办理结果"
INNER_GROUPS = {"withheld": "（三）不予公开", "unavailable": "（四）无法提供",
                "not_processed": "（五）不予处理", "other": "（六）其他处理"}
BALANCE_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
APPLICANT_LABELS = ("自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计")


def inner_group(row: str) -> str | None:
    if row in ("other_no_correction", "other_unpaid_fee", "other_other"):
        return "other"
    for prefix in ("withheld", "unavailable", "not_processed"):
        if row.startswith(prefix + "_"):
            return prefix
    return None


# Section 二: (heading, column headers, column codes, rows (code, label variants)).
PROACTIVE_BLOCKS = {
    "2021": (
        ("第二十条第（一）项", ("本年制发件数", "本年废止件数", "现行有效件数"),
         ("issued", "repealed", "in_force"),
         (("rules", ("规章",)), ("normative_documents", ("行政规范性文件", "规范性文件")))),
        ("第二十条第（五）项", ("本年处理决定数量",), ("decisions",),
         (("licensing", ("行政许可",)),)),
        ("第二十条第（六）项", ("本年处理决定数量",), ("decisions",),
         (("penalties", ("行政处罚",)), ("coercion", ("行政强制",)))),
        ("第二十条第（八）项", ("本年收费金额（单位：万元）",), ("amount_wan_yuan",),
         (("fees", ("行政事业性收费",)),)),
    ),
    "2019": (
        ("第二十条第（一）项", ("本年新制作数量", "本年新公开数量", "对外公开总数量"),
         ("newly_made", "newly_published", "total_published"),
         (("rules", ("规章",)), ("normative_documents", ("规范性文件",)))),
        ("第二十条第（五）项", ("上一年项目数量", "本年增/减", "处理决定数量"),
         ("prior_year_items", "change", "decisions"),
         (("licensing", ("行政许可",)), ("other_admin_services", ("其他对外管理服务事项",)))),
        ("第二十条第（六）项", ("上一年项目数量", "本年增/减", "处理决定数量"),
         ("prior_year_items", "change", "decisions"),
         (("penalties", ("行政处罚",)), ("coercion", ("行政强制",)))),
        ("第二十条第（八）项", ("上一年项目数量", "本年增/减"), ("prior_year_items", "change"),
         (("fees", ("行政事业性收费",)),)),
        ("第二十条第（九）项", ("采购项目数量", "采购总金额"), ("items", "amount"),
         (("procurement", ("政府集中采购",)),)),
    ),
}
AMOUNT_CODES = frozenset({"proactive.fees.amount_wan_yuan", "proactive.procurement.amount"})

AGENCIES = (
    "乐清市人力资源和社会保障局", "如东县自然资源和规划局", "福州市鼓楼区教育局",
    "常州市武进区卫生健康局", "宿迁市宿城区交通运输局", "洪泽区人民政府", "达州市通川区人民政府",
    "温州市鹿城区司法局", "杭州市西湖区市场监督管理局", "南京市江宁区住房和城乡建设局",
    "成都市武侯区民政局", "青岛市黄岛区财政局", "佛山市南海区生态环境局", "合肥市蜀山区应急管理局",
    "昆明市五华区人民政府办公室", "无锡市梁溪区农业农村局", "宁波市鄞州区商务局",
    "厦门市思明区城市管理局", "郑州市金水区审计局", "绍兴市柯桥区水利局", "台州市椒江区统计局",
    "嘉兴市南湖区发展和改革局", "湖州市吴兴区退役军人事务局", "丽水市莲都区人民政府",
)

# Simplified → traditional, for 繁體 pages (each pair checked against OpenCC's t2s).
TRADITIONAL = str.maketrans({
    "开": "開", "务": "務", "处": "處", "结": "結", "转": "轉", "数": "數", "请": "請", "国": "國",
    "机": "機", "关": "關", "补": "補", "确": "確", "认": "認", "护": "護", "权": "權", "类": "類",
    "过": "過", "执": "執", "询": "詢", "项": "項", "访": "訪", "举": "舉", "报": "報", "诉": "訴",
    "复": "複", "当": "當", "费": "費", "缴": "繳", "纳": "納", "计": "計", "总": "總", "审": "審",
    "维": "維", "纠": "糾", "议": "議", "讼": "訟", "规": "規", "范": "範", "发": "發", "废": "廢",
    "现": "現", "许": "許", "罚": "罰", "强": "強", "业": "業", "购": "購", "额": "額", "单": "單",
    "万": "萬", "内": "內", "获": "獲", "经": "經", "组": "組", "织": "織", "构": "構", "属": "屬",
    "后": "後", "办": "辦", "况": "況", "无": "無",
})
# Look-alike characters for typing errors in labels.
LOOKALIKE = {"申": "甲", "请": "清", "信": "言", "息": "恩", "公": "分", "开": "升", "政": "致",
             "府": "附", "理": "埋", "事": "亊", "项": "顶", "法": "去", "律": "津", "密": "蜜",
             "权": "杈", "益": "盖", "制": "刮", "掌": "掌", "需": "须", "确": "碓", "获": "荻"}
ZERO_CHARS = set("无〇空×-—/")
FULLWIDTH = str.maketrans("0123456789,", "０１２３４５６７８９，")
MARKS_NUMBER = ("①", "¹", "[1]", "②", "³")


# ------------------------------------------------------------------ the values

@dataclass
class Spec:
    agency: str
    year: int
    t2: str  # format of section 二
    t3: str  # format of section 三 (which rows it prints)
    values: dict = field(default_factory=dict)  # code -> the value the document prints
    omitted: set = field(default_factory=set)  # section-二 rows the report leaves out
    log: list = field(default_factory=list)


def _skewed(rng: random.Random, scale: str) -> int:
    top = {"zero": 0, "tiny": 3, "small": 15, "medium": 120, "large": 3000}[scale]
    if top == 0:
        return 0
    return int(top * rng.random() ** 2.2 + 0.5) if rng.random() < 0.9 else rng.randint(0, top)


def make_spec(rng: random.Random) -> Spec:
    year = rng.randint(2019, 2024)
    if year <= 2020:
        t2 = t3 = "2019" if rng.random() < 0.85 else "2021"
    else:
        t2 = "2021" if rng.random() < 0.93 else "2019"
        t3 = "2021" if rng.random() < 0.9 else "2019"
    spec = Spec(rng.choice(AGENCIES), year, t2, t3)
    spec.log.append(f"format 二={t2} 三={t3}")
    v = spec.values
    # section 二
    big = lambda top: rng.choice([0, rng.randint(0, 20), rng.randint(0, top)])
    if t2 == "2021":
        rules = (0, 0, 0) if rng.random() < 0.8 else (rng.randint(0, 3), rng.randint(0, 2), rng.randint(0, 30))
        normative = (rng.randint(0, 30), rng.randint(0, 15), rng.randint(0, 400))
        for col, a, b in zip(("issued", "repealed", "in_force"), rules, normative):
            v[f"proactive.rules.{col}"] = a
            v[f"proactive.normative_documents.{col}"] = b
        v["proactive.licensing.decisions"] = big(6000)
        v["proactive.penalties.decisions"] = big(2000)
        v["proactive.coercion.decisions"] = big(200)
        v["proactive.fees.amount_wan_yuan"] = rng.choice(
            [Decimal(0), Decimal(rng.randint(1, 99999)) / 100, Decimal(rng.randint(1, 500))])
        if rng.random() < 0.1:
            spec.omitted.add("coercion")
    else:
        for row in ("rules", "normative_documents"):
            made = rng.randint(0, 3 if row == "rules" else 30)
            v[f"proactive.{row}.newly_made"] = made
            v[f"proactive.{row}.newly_published"] = made if rng.random() < 0.8 else rng.randint(0, 30)
            v[f"proactive.{row}.total_published"] = made + rng.randint(0, 300)
        for row in ("licensing", "other_admin_services", "penalties", "coercion"):
            v[f"proactive.{row}.prior_year_items"] = rng.choice([0, rng.randint(0, 40), rng.randint(0, 300)])
            v[f"proactive.{row}.change"] = rng.choice([0, 0, rng.randint(-20, 20)])
            v[f"proactive.{row}.decisions"] = big(5000)
        v["proactive.fees.prior_year_items"] = rng.randint(0, 12)
        v["proactive.fees.change"] = rng.choice([0, rng.randint(-3, 3)])
        v["proactive.procurement.items"] = rng.choice([0, rng.randint(0, 60)])
        v["proactive.procurement.amount"] = rng.choice(
            [Decimal(0), Decimal(rng.randint(1, 9_999_999)) / 10000, Decimal(rng.randint(1, 3000))])
        if rng.random() < 0.1:
            spec.omitted.add(rng.choice(["other_admin_services", "procurement"]))
    if spec.omitted:
        spec.log.append("omits 二 rows " + ",".join(sorted(spec.omitted)))
    # section 三
    rows = REQUEST_ROWS[t3]
    outcomes = rows[2:-2]
    scale = rng.choices(["zero", "tiny", "small", "medium", "large"], [12, 25, 30, 22, 11])[0]
    spec.log.append(f"counts {scale}")
    popular = {"disclosed", "partially_disclosed", "unavailable_not_held", "not_processed_petition_complaint",
               "not_processed_duplicate", "other_other", "other_processing", "other_no_correction",
               "withheld_process_information", "withheld_third_party_rights",
               "unavailable_needs_creation"}
    table = {r: [0] * 6 for r in rows}
    for k, col in enumerate(COLS):
        active = scale != "zero" and rng.random() < (0.92 if k == 0 else 0.3)
        if not active:
            continue
        col_scale = scale if k == 0 or rng.random() < 0.3 else "tiny"
        for r in outcomes:
            if rng.random() < (0.7 if r in popular else 0.15):
                table[r][k] = _skewed(rng, col_scale)
    for k in range(6):
        processed = sum(table[r][k] for r in outcomes)
        table["total_processed"][k] = processed
        forward = rng.choice([0, 0, rng.randint(0, 3), _skewed(rng, scale) // 4])
        over = rng.choice([0, 0, rng.randint(0, 3), _skewed(rng, scale) // 4])
        over = min(over, processed + forward)
        table["carried_forward"][k] = forward
        table["carried_over"][k] = over
        table["new_received"][k] = processed + forward - over
    for r in rows:
        for col, value in zip(ALLCOLS, table[r] + [sum(table[r])]):
            v[f"requests.{r}.{col}"] = value
    # section 四
    for g in GROUPS4:
        counts = [0, 0, 0, 0]
        if rng.random() < 0.4:
            top = rng.choice([2, 5, 30, 300])
            counts = [rng.choice([0, rng.randint(0, top)]) for _ in range(4)]
        for res, value in zip(RESULTS4, counts + [sum(counts)]):
            v[f"{g}.{res}"] = value
    # the agency's own arithmetic errors: the document prints them, so they are the truth
    if rng.random() < 0.15:
        for _ in range(rng.choice([1, 1, 2])):
            kind = rng.choice(["row_total", "new_received", "total_processed", "proceedings"])
            if kind == "row_total":
                code = f"requests.{rng.choice(rows)}.total"
            elif kind == "proceedings":
                code = f"{rng.choice(GROUPS4)}.total"
            else:
                code = f"requests.{kind}.{rng.choice(ALLCOLS)}"
            delta = rng.choice([-3, -2, -1, 1, 1, 2, 5, 10])
            v[code] = max(0, v[code] + delta) if v[code] + delta >= 0 else v[code] + abs(delta)
            spec.log.append(f"agency_error({code})")
    return spec


# ------------------------------------------------------------------ style

@dataclass
class Style:
    fmt: str                  # tab | space | pipe | html
    zero_symbol: str | None   # printed for some zeros
    zero_rate: float
    thousands: bool
    fullwidth_rate: float
    unit_rate: float
    mark_rate: float
    blank_zero_rate: float    # html: empty cells for 0
    brackets: str             # full | half | half_space
    enum: str                 # what follows the digit of 1.属于国家秘密
    qita: bool                # 其它 for 其他
    trad: bool                # traditional characters in labels
    typo_rate: float
    letter_space: float       # chance to print a short label as 规 章
    label_mark_rate: float
    wrap_rate: float          # rows laid out other than label+numbers on one line
    glue_rate: float          # space format: 行政许可102


def make_style(rng: random.Random, spec: Spec) -> Style:
    fmt = rng.choices(["tab", "space", "pipe", "html"], [30, 22, 18, 30])[0]
    plain = rng.random() < 0.25
    st = Style(
        fmt=fmt,
        zero_symbol=None if plain or rng.random() < 0.6 else rng.choice(["/", "—", "无", "-"]),
        zero_rate=rng.choice([0.3, 1.0]),
        thousands=not plain and rng.random() < 0.4,
        fullwidth_rate=0 if plain or rng.random() < 0.75 else rng.choice([0.2, 1.0]),
        unit_rate=0 if plain or rng.random() < 0.8 else rng.choice([0.3, 1.0]),
        mark_rate=0 if plain or rng.random() < 0.85 else 0.05,
        blank_zero_rate=0 if fmt != "html" or rng.random() < 0.6 else rng.choice([0.5, 1.0]),
        brackets=rng.choice(["full", "full", "half", "half_space"]),
        enum=rng.choice([".", ".", ". ", "、", "．"]),
        qita=not plain and rng.random() < 0.15,
        trad=not plain and rng.random() < 0.1,
        typo_rate=0 if plain or rng.random() < 0.8 else 0.08,
        letter_space=0 if plain or rng.random() < 0.7 else 0.5,
        label_mark_rate=0 if plain or rng.random() < 0.85 else 0.1,
        wrap_rate=0 if plain or rng.random() < 0.45 else rng.choice([0.1, 0.3, 0.6]),
        glue_rate=0 if fmt != "space" or rng.random() < 0.7 else 0.3,
    )
    spec.log.append(f"render {fmt}")
    for name in ("zero_symbol", "thousands", "fullwidth_rate", "unit_rate", "mark_rate",
                 "blank_zero_rate", "qita", "trad", "typo_rate", "letter_space", "label_mark_rate",
                 "wrap_rate", "glue_rate"):
        value = getattr(st, name)
        if value:
            spec.log.append(f"{name}={value}")
    if st.brackets != "full" or st.enum != ".":
        spec.log.append(f"brackets={st.brackets} enum={st.enum!r}")
    return st


MARK = re.compile(r"[①②③¹²³]|\[\d\]|注\d$")


def _plain_digits(tok: str) -> bool:
    """Digits only (half or full width), with no footnote mark, unit or separator."""
    return bool(tok) and not MARK.search(tok) and unicodedata.normalize("NFKC", tok).isdigit()


def fmt_value(rng: random.Random, st: Style, code: str, value) -> str:
    if code in AMOUNT_CODES:
        text = _decimal(value)
        if code == "proactive.procurement.amount" and rng.random() < 0.3 and value:
            return f"{int(value * 10000)}元"
        if value and rng.random() < 0.15:
            text += "万元"
        return text
    signed = code.endswith(".change")
    if value == 0 and st.blank_zero_rate and rng.random() < st.blank_zero_rate:
        return ""
    if value == 0 and st.zero_symbol and rng.random() < st.zero_rate:
        return st.zero_symbol
    text = f"{abs(value):,}" if st.thousands and abs(value) >= 1000 else str(abs(value))
    if signed and value < 0:
        text = "-" + text
    elif signed and value > 0 and rng.random() < 0.5:
        text = "+" + text
    if st.fullwidth_rate and rng.random() < st.fullwidth_rate:
        text = text.translate(FULLWIDTH)
    if not signed and st.unit_rate and rng.random() < st.unit_rate:
        text += "件"
    if st.mark_rate and rng.random() < st.mark_rate:
        text += rng.choice(MARKS_NUMBER)
    return text


def _decimal(value) -> str:
    d = Decimal(value).normalize()
    return format(d, "f")


def parse_token(tok: str):
    """The value a printed number token states (for the candidate readings of damaged rows)."""
    text = unicodedata.normalize("NFKC", MARK.sub("", tok)).strip()
    if text in ("", "/", "—", "无", "-"):
        return Decimal(0)
    text = text.replace(",", "").removesuffix("件").removesuffix("万元")
    if text.endswith("元"):
        return Decimal(text[:-1]) / 10000
    return Decimal(text)


def style_label(rng: random.Random, st: Style, text: str, typo: bool = True, log: list | None = None,
                key: str = "") -> str:
    if st.qita:
        text = text.replace("其他", "其它")
    if st.trad:
        text = text.translate(TRADITIONAL)
    if st.brackets != "full":
        head = re.match(r"^（([一二三四五六七])）", text)
        if head:
            sep = " " if st.brackets == "half_space" else ""
            text = f"({head.group(1)}){sep}" + text[head.end():]
        text = text.replace("（", "(").replace("）", ")")
    text = re.sub(r"^(\d)\.", lambda m: m.group(1) + st.enum, text)
    if typo and st.typo_rate and rng.random() < st.typo_rate:
        before, text = text, _typo(rng, text)
        if log is not None and text != before:
            log.append(f"typo({key}: {text})")
    if st.letter_space and rng.random() < st.letter_space:
        head, core = _split_head(text)
        if 2 <= len(core) <= 6 and not (set(core) & ZERO_CHARS) and " " not in core:
            text = head + " ".join(core)
    if st.label_mark_rate and rng.random() < st.label_mark_rate:
        text += "①" if st.fmt == "space" else rng.choice(["①", "注1", "[1]"])
    return text


def _split_head(text: str) -> tuple[str, str]:
    m = re.match(r"^(?:[（(][一二三四五六七][）)]\s?|\d[.、．]\s?|[一二三四]、)", text)
    return (text[: m.end()], text[m.end():]) if m else ("", text)


def _typo(rng: random.Random, text: str) -> str:
    head, core = _split_head(text)
    if len(core) < 4:
        return text
    i = rng.randrange(1, len(core) - 1)
    op = rng.choice(["drop", "double", "lookalike"])
    if op == "drop":
        core = core[:i] + core[i + 1:]
    elif op == "double":
        core = core[:i] + core[i] + core[i:]
    else:
        spots = [k for k, ch in enumerate(core) if ch in LOOKALIKE]
        if not spots:
            return text
        k = rng.choice(spots)
        core = core[:k] + LOOKALIKE[core[k]] + core[k + 1:]
    return head + core


# ------------------------------------------------------------------ rows

@dataclass
class Row:
    """One printed row: its cells' codes and values, and what the document prints for it."""

    key: str
    table: str                  # "2", "3", "4"
    codes: list
    values: list                # the values the document prints (after swaps and agency errors)
    toks: list                  # the printed number tokens (after destructive mangles)
    label: str = ""             # printed label; "" when the row has none (四) or it was deleted
    block: int = 0              # section 二: which 第二十条 block
    defect: str | None = None   # what damaged the row
    fate: dict = field(default_factory=dict)  # code -> (state, value) for damaged rows

    @property
    def stray(self) -> bool:
        return self.key.startswith("stray")


def build_rows(rng: random.Random, spec: Spec, st: Style):
    rows2 = []
    for b, (_heading, _headers, cols, rowdefs) in enumerate(PROACTIVE_BLOCKS[spec.t2]):
        for code, labels in rowdefs:
            if code in spec.omitted:
                continue
            codes = [f"proactive.{code}.{c}" for c in cols]
            rows2.append(Row(f"proactive.{code}", "2", codes, [spec.values[c] for c in codes], [],
                             style_label(rng, st, rng.choice(labels), log=spec.log, key=f"proactive.{code}"),
                             block=b))
    rows3 = []
    for r in REQUEST_ROWS[spec.t3]:
        codes = [f"requests.{r}.{c}" for c in ALLCOLS]
        rows3.append(Row(f"requests.{r}", "3", codes, [spec.values[c] for c in codes], [],
                         style_label(rng, st, rng.choice(REQUEST_LABELS[r]), log=spec.log,
                                     key=f"requests.{r}")))
    rows4 = [Row("proceedings", "4", list(CODES4), [spec.values[c] for c in CODES4], [])]
    for row in rows2 + rows3 + rows4:
        row.toks = [fmt_value(rng, st, c, v) for c, v in zip(row.codes, row.values)]
    return rows2, rows3, rows4


# ------------------------------------------------------------------ manglers that change values

def mangle_swap(rng, spec, row: Row) -> bool:
    pairs = [(i, j) for i in range(len(row.values)) for j in range(i + 1, len(row.values))
             if row.values[i] != row.values[j]
             and (row.codes[i] in AMOUNT_CODES) == (row.codes[j] in AMOUNT_CODES)
             and row.codes[i].endswith(".change") == row.codes[j].endswith(".change")]
    if not pairs:
        return False
    i, j = rng.choice(pairs)
    row.values[i], row.values[j] = row.values[j], row.values[i]
    row.toks[i], row.toks[j] = row.toks[j], row.toks[i]
    spec.values[row.codes[i]], spec.values[row.codes[j]] = row.values[i], row.values[j]
    spec.log.append(f"swap({row.key}[{i}]<->[{j}])")
    return True


# ------------------------------------------------------------------ manglers that lose information

def _agreement(row: Row, candidates: list[list]) -> None:
    """Cells every candidate reading agrees on are recoverable; the others unknowable."""
    for k, code in enumerate(row.codes):
        seen = {tuple(c)[k] for c in candidates if len(c) == len(row.codes)}
        if len(seen) == 1 and seen == {Decimal(row.values[k])}:
            row.fate[code] = ("recoverable", row.values[k])
        else:
            row.fate[code] = ("unknowable", row.values[k])


def mangle_drop(rng, spec, row: Row) -> bool:
    if not row.toks:
        return False
    i = rng.randrange(len(row.toks))
    del row.toks[i]
    row.defect = f"drop({row.key}[{i}])"
    zero_row = row.table == "3" and all(v == 0 for v in row.values)
    for code, value in zip(row.codes, row.values):
        row.fate[code] = ("recoverable" if zero_row else "unknowable", value)
    return True


def mangle_dup(rng, spec, row: Row) -> bool:
    # an HTML empty cell duplicated at a row's end is a spare trailing cell, not a number
    printed = [i for i, t in enumerate(row.toks) if t]
    if not printed:
        return False
    i = rng.choice(printed)
    row.toks.insert(i, row.toks[i])
    row.defect = f"duplicate({row.key}[{i}])"
    candidates = [[parse_token(t) for k, t in enumerate(row.toks) if k != j] for j in range(len(row.toks))]
    _agreement(row, candidates)
    return True


def mangle_run_together(rng, spec, row: Row) -> bool:
    pairs = [i for i in range(len(row.toks) - 1)
             if _plain_digits(row.toks[i]) and _plain_digits(row.toks[i + 1])]
    if not pairs:
        return False
    i = rng.choice(pairs)
    row.toks[i:i + 2] = [row.toks[i] + row.toks[i + 1]]
    row.defect = f"run_together({row.key}[{i}]+[{i + 1}]={row.toks[i]})"
    candidates = []
    for j, tok in enumerate(row.toks):
        if not _plain_digits(tok) or len(tok) < 2:
            continue
        digits = unicodedata.normalize("NFKC", tok)
        for s in range(1, len(digits)):
            left, right = digits[:s], digits[s:]
            if (left != "0" and left.startswith("0")) or (right != "0" and right.startswith("0")):
                continue
            toks = row.toks[:j] + [left, right] + row.toks[j + 1:]
            candidates.append([parse_token(t) for t in toks])
    _agreement(row, candidates)
    return True


def mangle_delete_label(rng, spec, row: Row) -> bool:
    if not row.label:
        return False
    row.label = ""
    row.defect = f"delete_label({row.key})"
    for code, value in zip(row.codes, row.values):
        row.fate[code] = ("unknowable", value)
    return True


def mangle_move(rng, spec, rows3: list, src: Row) -> bool:
    real = [r for r in rows3 if not r.stray]
    k = real.index(src)
    targets = [r for j, r in enumerate(real) if j != k and j != k - 1 and not r.defect]
    if not targets or not any(src.toks):  # moving only HTML empty cells moves no number
        return False
    dst = rng.choice(targets)
    append = rng.random() < 0.7
    dst.toks = dst.toks + src.toks if append else src.toks + dst.toks
    src.toks = []
    src.defect = f"move({src.key}->{dst.key},{'append' if append else 'prepend'})"
    dst.defect = f"receives({src.key})"
    for row in (src, dst):
        for code, value in zip(row.codes, row.values):
            row.fate[code] = ("unknowable", value)
    return True


def _html_trailing_cells(spec, row: Row) -> None:
    """HTML pages often pad a row with empty cells beyond the form's columns. A damaged row
    that reads as a whole row once its trailing empty cells are taken for such padding
    (``18 18 0 <empty>`` after a duplicated 18) is ambiguous: padding, or a cell too many?
    Its cells become ``doubtful`` with the padding reading's values: a reader may leave
    them out, or output exactly what that reading gives."""
    if not row.defect or row.stray or len(row.toks) <= len(row.codes):
        return
    toks = list(row.toks)
    while len(toks) > len(row.codes) and toks[-1] == "":
        toks.pop()
    if len(toks) != len(row.codes):
        return
    values = [parse_token(t) for t in toks]
    values = [int(v) if v == v.to_integral_value() and c not in AMOUNT_CODES else v
              for v, c in zip(values, row.codes)]
    spec.log.append(f"{row.defect} leaves only trailing empty cells beyond the row: "
                    f"as padding, the row prints {toks}")
    row.fate = {code: ("doubtful", value) for code, value in zip(row.codes, values)}


def mangle_stray(rng, spec, rows: list, table: str) -> Row:
    position = rng.randint(0, len(rows))
    value = rng.choice([rng.randint(1, 9), rng.randint(10, 99), rng.randint(100, 2000)])
    before = rows[position - 1] if position else None
    stray = Row(f"stray{sum(1 for r in rows if r.stray)}.{table}", table, [], [], [str(value)],
                block=before.block if before else 0)
    stray.defect = f"stray({value} after {before.key if before else 'start of table ' + table})"
    rows.insert(position, stray)
    return stray


# ------------------------------------------------------------------ text rendering

@dataclass
class Field:
    text: str
    kind: str = "text"          # label | group | num | blank | head | furn | text
    row: str | None = None
    idx: int | None = None
    glue: bool = False          # printed without a separator after the previous field


@dataclass
class Line:
    fields: list
    lead: bool = True           # pipe tables: the line starts with "|"
    trail: bool = True          # pipe tables: the line ends with "|"
    table: bool = True          # a table line (else prose or furniture: printed plain)


def _blank(n: int = 1) -> list:
    return [Field("", "blank") for _ in range(n)]


def _nums(row: Row) -> list:
    return [Field(t, "num", row.key, i) for i, t in enumerate(row.toks)]


def _furniture(rng, spec: Spec, page: int) -> list:
    lines = []
    if rng.random() < 0.7:
        lines.append(Line([Field(rng.choice([f"- {page} -", f"— {page} —", f"-{page}-"]), "furn")], table=False))
    if rng.random() < 0.6:
        lines.append(Line([Field(rng.choice([f"第 {page} 页 共 {page + 3} 页", f"第{page}页",
                                              f"{page}/{page + 3}"]), "furn")], table=False))
    if rng.random() < 0.6 or not lines:
        sep = " " if rng.random() < 0.5 else ""
        lines.append(Line([Field(f"{spec.agency}{sep}{spec.year}{sep}年政府信息公开工作年度报告", "furn")],
                          table=False))
    return lines


def _heads(texts, width: int) -> Line:
    fields = [Field(t, "head") if t else Field("", "blank") for t in texts]
    return Line(fields + _blank(max(0, width - len(fields))))


def _pro_text(rng, spec: Spec, st: Style, rows2: list, log: list) -> list:
    lines = []
    blocks = PROACTIVE_BLOCKS[spec.t2]
    break_before = rng.randrange(1, len(blocks)) if rng.random() < 0.15 else None
    for b, (heading, headers, _cols, _rowdefs) in enumerate(blocks):
        if b == break_before:
            lines += _furniture(rng, spec, 2)
            log.append("page_break(二)")
        lines.append(_heads([style_label(rng, st, heading, typo=False)], 4 if st.fmt == "tab" else 1))
        lines.append(_heads(["信息内容"] + [style_label(rng, st, h, typo=False) for h in headers], 4))
        for row in (r for r in rows2 if r.block == b):
            lines += _row_text(rng, st, row, [], log, width=4)
    return lines


def _row_text(rng, st: Style, row: Row, prefix: list, log: list, width: int) -> list:
    """One row's lines: attached (label and numbers on one line) or laid out otherwise."""
    if row.stray:
        return [Line(_blank(rng.randint(0, 2)) + _nums(row))] if st.fmt == "tab" else [Line(_nums(row))]
    label = [Field(row.label, "label", row.key, 0)] if row.label else []
    nums = _nums(row)
    if st.fmt == "pipe":
        return _pipe_row(rng, prefix, label, nums, row, log)
    if st.fmt == "space" and nums and label and st.glue_rate and rng.random() < st.glue_rate \
            and row.toks[0].isascii() and row.toks[0].isdigit() and row.label[-1] not in "①]1":
        nums[0].glue = True
        log.append(f"glue({row.key})")
    pad = _blank(rng.randint(0, 1)) if st.fmt == "tab" and nums else []
    trail = _blank(max(0, width - len(prefix) - len(label) - len(pad) - len(nums))) if st.fmt == "tab" else []
    if not (st.wrap_rate and rng.random() < st.wrap_rate and label and nums) or (nums and nums[0].glue):
        return [Line(prefix + label + pad + nums + trail)]
    # wrapped: the label in 1-3 pieces, numbers on a line of their own or beside one piece
    text = row.label
    pieces = [text]
    if len(text) >= 6 and rng.random() < 0.75:
        k = rng.choice([2, 2, 3]) if len(text) >= 9 else 2
        cuts = sorted(rng.sample(range(3, len(text) - 1), min(k - 1, len(text) - 4)))
        pieces = [text[a:b] for a, b in zip([0] + cuts, cuts + [len(text)])]
        pieces = [p for p in pieces if p.strip()]
    fields = [Field(p, "label", row.key, i) for i, p in enumerate(pieces)]
    indent = lambda: _blank(rng.randint(0, 2)) if st.fmt == "tab" else []
    piece_lines = [Line(prefix + [fields[0]])] + [Line(indent() + [f]) for f in fields[1:]]
    if len(pieces) > 1 and rng.random() < 0.4:
        at = rng.randrange(len(pieces))
        piece_lines[at].fields += pad + nums
        log.append(f"wrap({row.key}:{len(pieces)} pieces, numbers beside piece {at + 1})")
        return piece_lines
    at = rng.randint(0, len(pieces))
    if len(pieces) == 1 and at == 1 and rng.random() < 0.3:
        at = 0
    where = "before" if at == 0 else "after" if at == len(pieces) else f"between {at}/{len(pieces)}"
    log.append(f"wrap({row.key}:{len(pieces)} pieces, numbers {where})")
    return piece_lines[:at] + [Line(indent() + nums)] + piece_lines[at:]


def _pipe_row(rng, prefix: list, label: list, nums: list, row: Row, log: list) -> list:
    """A pipe-table row, perhaps broken over lines: inside its label, and after any cell."""
    cells = [f for f in prefix if f.text] + label + nums + _blank(rng.choice([1, 1, 2]))
    lines = [Line(cells)]
    if not (rng.random() < 0.25 and label and nums):
        return lines
    cells = list(cells)
    first = []
    li = cells.index(label[0])
    if rng.random() < 0.5 and len(label[0].text) >= 6:
        cut = rng.randrange(3, len(label[0].text) - 1)
        a, b = label[0].text[:cut], label[0].text[cut:]
        cells[li:li + 1] = [Field(a, "label", row.key, 0), Field(b, "label", row.key, 1)]
        first = [li + 1]  # a line break inside the label cell
    breaks = sorted(set(rng.sample(range(li + 1, len(cells)), rng.randint(1, min(4, len(cells) - li - 1)))))
    breaks = [x for x in breaks if x not in first]
    out = []
    start = 0
    for k, pos in enumerate(first + breaks + [len(cells)]):
        seg = cells[start:pos]
        if not seg:
            continue
        inside_label = pos in first
        lead = start == 0
        out.append(Line(seg, lead=lead, trail=not inside_label))
        start = pos
    if len(out) > 1:
        log.append(f"pipe_broken({row.key}:{len(out)} lines)")
    return out


def _req_header(rng, st: Style) -> list:
    note = style_label(rng, st, BALANCE_NOTE, typo=False)
    cols = [style_label(rng, st, c, typo=False) for c in APPLICANT_LABELS]
    applicants, legal = style_label(rng, st, "申请人情况", typo=False), style_label(rng, st, "法人或其他组织", typo=False)
    if st.fmt == "space" and rng.random() < 0.5:
        half = note.find("，", len(note) // 2 - 4)
        half = half + 1 if half > 0 else len(note) // 2
        spaced = lambda s: " ".join(s) if len(s) <= 3 else s
        return [
            Line([Field(note[:half], "head"), Field(applicants, "head")]),
            Line([Field(note[half:], "head"), Field(spaced(cols[0]), "head"), Field(legal, "head"),
                  Field(spaced(cols[6]), "head")]),
            Line([Field(c[:2], "head") for c in cols[1:5]] + [Field(spaced(cols[5]), "head")]),
            Line([Field(c[2:], "head") for c in cols[1:5]]),
        ]
    return [
        _heads([note, "", applicants, "", "", "", "", "", cols[6]], 10),
        _heads(["", "", cols[0], legal], 10),
        _heads(["", "", ""] + list(cols[1:6]), 10),
    ]


def _req_text(rng, spec: Spec, st: Style, rows3: list, log: list) -> list:
    lines = _req_header(rng, st)
    outcome_keys = {f"requests.{r}" for r in REQUEST_ROWS[spec.t3][2:-2]}
    results_label = style_label(rng, st, RESULTS_GROUP, typo=False)
    vertical = st.fmt in ("tab", "space") and rng.random() < 0.15
    chars_before: dict[int, list] = {}
    if vertical:
        log.append("vertical(三、本年度办理结果)")
        outcome_positions = [i for i, r in enumerate(rows3) if r.key in outcome_keys]
        chars = [c for c in results_label if c.strip()]
        spots = sorted(rng.sample(outcome_positions, min(len(chars), len(outcome_positions))))
        for n, ch in enumerate(chars):
            chars_before.setdefault(spots[min(n, len(spots) - 1)], []).append(ch)
    inner_labels = {g: style_label(rng, st, t, typo=False) for g, t in INNER_GROUPS.items()}
    split_inner = set()
    if st.fmt in ("tab", "space") and rng.random() < 0.2:
        split_inner.add(rng.choice(["withheld", "unavailable", "not_processed"] +
                                   (["other"] if spec.t3 == "2021" else [])))
        log.append(f"split_group({','.join(split_inner)})")
    breaks = set()
    if rng.random() < 0.3:
        breaks = set(rng.sample(range(1, len(rows3)), rng.choice([1, 1, 2])))
    shown_results = False
    shown_inner: set = set()
    inner_count: dict = {}
    quirk_other = st.fmt == "tab" and rng.random() < 0.5
    page = 3
    for i, row in enumerate(rows3):
        if i in breaks:
            lines += _furniture(rng, spec, page)
            page += 1
            repeat = rng.random() < 0.7
            if repeat:
                lines += _req_header(rng, st)
            log.append(f"page_break(三 before {row.key}{', header repeated' if repeat else ''})")
            shown_results, shown_inner = False, set()
        for ch in chars_before.get(i, []):
            lines.append(Line([Field(ch, "group")]))
        if row.stray:
            lines += _row_text(rng, st, row, [], log, 10)
            continue
        r = row.key.split(".", 1)[1]
        prefix: list = []
        if row.key in outcome_keys and not (r == "other_other" and quirk_other):
            if not vertical:
                prefix.append(Field(results_label, "group") if not shown_results else Field("", "blank"))
            shown_results = True
            g = inner_group(r) if spec.t3 == "2021" or r != "other_processing" else None
            if g is not None:
                n = inner_count.get(g, 0)
                inner_count[g] = n + 1
                if g in split_inner:
                    text = inner_labels[g]
                    cut = max(2, len(text) // 2 + rng.randint(-1, 1))
                    if n == 0:
                        lines.append(Line([Field(text[:cut], "group")]))
                    elif n == 1:
                        lines.append(Line([Field(text[cut:], "group")]))
                else:
                    prefix.append(Field(inner_labels[g], "group") if g not in shown_inner else Field("", "blank"))
                    shown_inner.add(g)
        elif row.key in outcome_keys:
            shown_results = True
        lines += _row_text(rng, st, row, prefix, log, 10)
    if rng.random() < 0.15:
        lines.append(Line([Field("注：本表统计口径为本机关本年度收到的全部政府信息公开申请，共计"
                                 f"{spec.values['requests.new_received.total']}件。", "text")], table=False))
        log.append("table_note(三)")
    return lines


def _proc_heads(rng, st: Style) -> list:
    lab = lambda t: style_label(rng, st, t, typo=False)
    spaced = st.fmt == "space" and rng.random() < 0.5 or st.fmt == "tab" and rng.random() < 0.5
    res = [lab(t) for t in ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")]
    if spaced:
        res = [r[:2] + " " + r[2:] if len(r) == 4 else r for r in res]
    return [
        _heads([lab("行政复议"), "", "", "", "", lab("行政诉讼")], 15),
        _heads(res + [lab("未经复议直接起诉"), "", "", "", "", lab("复议后起诉")], 15),
        _heads(["", "", "", "", ""] + res + res, 15),
    ]


def _proc_text(rng, spec: Spec, st: Style, rows4: list, log: list) -> list:
    lines = _proc_heads(rng, st)
    if rng.random() < 0.1:
        lines += _furniture(rng, spec, 5)
        log.append("page_break(四)")
    for row in rows4:
        if row.stray:
            lines += _row_text(rng, st, row, [], log, 15)
            continue
        nums = _nums(row)
        if len(nums) > 5 and rng.random() < 0.12:
            cut = rng.choice([5, 10, len(nums) // 2])
            lines += [Line(nums[:cut]), Line(nums[cut:])]
            log.append(f"split_numbers(四 at {cut})")
        else:
            lines.append(Line(nums))
    return lines


PROSE_OPEN = ("本报告根据《中华人民共和国政府信息公开条例》和国务院办公厅政府信息与政务公开办公室印发的"
              "《中华人民共和国政府信息公开工作年度报告格式》要求编制。本报告中所列数据的统计期限自{y}年1月1日起至"
              "{y}年12月31日止。")
PROSE_GENERAL = ("{y}年，{a}坚持以习近平新时代中国特色社会主义思想为指导，全面落实政务公开各项工作要求，"
                 "全年主动公开政府信息{n}条，组织业务培训{m}次。")
PROSE_PROBLEMS = "一是政策解读形式还不够丰富；二是公开内容的及时性有待提高。下一步将加强培训，提升公开质效。"
PROSE_OTHER = "本机关{y}年度未收取政府信息公开信息处理费。无其他需要报告的事项。"


def _heading(rng, st: Style, text: str) -> Line:
    if st.trad and rng.random() < 0.5:
        text = text.translate(TRADITIONAL)
    if st.fmt in ("tab", "pipe") and rng.random() < 0.4:
        text = rng.choice(["## ", "### ", "#### "]) + text
    return Line([Field(text, "text")], table=False)


def text_document(rng, spec: Spec, st: Style, rows2, rows3, rows4, log):
    y, a = spec.year, spec.agency
    lines = []
    sep = " " if rng.random() < 0.4 else ""
    title = f"{a}{sep}{y}{sep}年政府信息公开工作年度报告"
    lines.append(Line([Field(("# " if st.fmt != "space" and rng.random() < 0.5 else "") + title)], table=False))
    lines.append(Line([Field(PROSE_OPEN.format(y=y))], table=False))
    lines.append(_heading(rng, st, "一、总体情况"))
    lines.append(Line([Field(PROSE_GENERAL.format(y=y, a=a, n=rng.randint(20, 900), m=rng.randint(1, 9)))],
                      table=False))
    sections = []
    lines.append(_heading(rng, st, "二、主动公开政府信息情况"))
    sections.append(("2", len(lines)))
    lines += _pro_text(rng, spec, st, rows2, log)
    lines.append(_heading(rng, st, "三、收到和处理政府信息公开申请情况"))
    sections.append(("3", len(lines)))
    lines += _req_text(rng, spec, st, rows3, log)
    lines.append(_heading(rng, st, "四、政府信息公开行政复议、行政诉讼情况"))
    sections.append(("4", len(lines)))
    lines += _proc_text(rng, spec, st, rows4, log)
    table_end = len(lines)
    lines.append(_heading(rng, st, "五、存在的主要问题及改进情况"))
    lines.append(Line([Field(PROSE_PROBLEMS)], table=False))
    lines.append(_heading(rng, st, "六、其他需要报告的事项"))
    lines.append(Line([Field(PROSE_OTHER.format(y=y))], table=False))
    lines.append(Line([Field(a)], table=False))
    lines.append(Line([Field(f"{y + 1}年{rng.randint(1, 3)}月{rng.randint(1, 28)}日")], table=False))
    return _serialize_text(st, lines, sections[0][1], table_end)


def _serialize_text(st: Style, lines: list, table_start: int, table_end: int):
    """The document's text, and for every field of the tables where it is (start, end)."""
    out: list[str] = []
    spans: list = []  # (start, end, field)
    pos = 0
    for n, line in enumerate(lines):
        parts: list[str] = []
        length = 0
        here: list = []
        fields = line.fields
        if st.fmt == "space":
            fields = [f for f in fields if f.text]
        if line.table and st.fmt == "pipe" and line.lead:
            parts.append("| ")
            length += 2
        for k, f in enumerate(fields):
            if k:
                joiner = "" if f.glue else {"tab": "\t", "space": " ", "pipe": " | ", "html": " "}[st.fmt]
                if not line.table and st.fmt == "pipe":
                    joiner = " "
                parts.append(joiner)
                length += len(joiner)
            here.append((pos + length, pos + length + len(f.text), f))
            parts.append(f.text)
            length += len(f.text)
        if line.table and st.fmt == "pipe" and line.trail:
            parts.append(" |")
            length += 2
        text = "".join(parts)
        out.append(text)
        if table_start <= n < table_end:
            spans += here
        pos += len(text) + 1
    return "\n".join(out) + "\n", spans, [(line, n) for n, line in enumerate(lines)]


# ------------------------------------------------------------------ HTML rendering

class _Html:
    def __init__(self):
        self.parts: list[str] = []
        self.pos = 0
        self.spans: list = []  # (start, end, field)
        self.cut_points: list[int] = []

    def add(self, text: str) -> None:
        self.parts.append(text)
        self.pos += len(text)

    def tr(self) -> None:
        self.cut_points.append(self.pos)
        self.add("<tr>")

    def td(self, content: str, f: Field | None = None, attrs: str = "") -> None:
        self.cut_points.append(self.pos)
        self.add(f"<td{attrs}>")
        start = self.pos
        self.add(content)
        if f is not None:
            self.spans.append((start, self.pos, f))
        self.add("</td>")

    def text(self) -> str:
        return "".join(self.parts)


def _html_content(rng, st: Style, text: str, number: bool) -> str:
    if number:
        if text == "":
            return rng.choice(["", "&nbsp;", " "])
        if text.isdigit() and len(text) > 1 and rng.random() < 0.1:
            return "".join(f"<span>{ch}</span>" for ch in text)
        if st.mark_rate and rng.random() < st.mark_rate:
            return f"{text}<sup>{rng.randint(1, 3)}</sup>"
        return f'<span style="font-size:12px">{text}</span>' if rng.random() < 0.3 else text
    text = text.replace("&", "&amp;").replace("<", "&lt;")
    if len(text) > 12 and rng.random() < 0.1:
        cut = rng.randrange(4, len(text) - 2)
        return text[:cut] + "<br>" + text[cut:]
    return text


def _html_row(h: _Html, rng, st: Style, row: Row, lead_cells: list, label_attrs: str, width: int) -> None:
    h.tr()
    for content, attrs in lead_cells:
        h.td(content, None, attrs)
    if row.stray:
        h.td(row.toks[0], Field(row.toks[0], "num", row.key, 0))
        h.add("</tr>\n")
        return
    if row.table != "4":
        h.td(_html_content(rng, st, row.label, False), Field(row.label, "label", row.key, 0), label_attrs)
    colspan = f' colspan="{width - len(row.codes)}"' if row.table == "2" and len(row.codes) < width - 1 \
        and len(row.toks) == len(row.codes) and rng.random() < 0.6 else ""
    for i, tok in enumerate(row.toks):
        h.td(_html_content(rng, st, tok, True), Field(tok, "num", row.key, i), colspan if i == len(row.toks) - 1 else "")
    if row.table == "2" and not colspan and not row.defect:
        for _ in range(max(0, width - 1 - len(row.toks)) if rng.random() < 0.5 else 0):
            h.td("")
    h.add("</tr>\n")


def html_document(rng, spec: Spec, st: Style, rows2, rows3, rows4, log):
    y, a = spec.year, spec.agency
    title = f"{a}{y}年政府信息公开工作年度报告"
    h = _Html()
    charset = "gb2312" if rng.random() < 0.2 else "utf-8"
    h.add(f'<!DOCTYPE html>\n<html>\n<head>\n<meta http-equiv="Content-Type" content="text/html; charset={charset}">\n'
          f"<title>{title}_{a}</title>\n</head>\n<body>\n"
          f'<div class="crumb">当前位置：<a href="/">首页</a> &gt; 政府信息公开年报</div>\n<div class="article">\n')
    h.add(f"<h1>{title}</h1>\n" if rng.random() < 0.5 else f'<div class="title">{title}</div>\n')
    h.add(f"<p>{PROSE_OPEN.format(y=y)}</p>\n<p><b>一、总体情况</b></p>\n"
          f"<p>{PROSE_GENERAL.format(y=y, a=a, n=rng.randint(20, 900), m=rng.randint(1, 9))}</p>\n")
    tables_start = h.pos
    heading = lambda t: h.add(f"<p><strong>{t.translate(TRADITIONAL) if st.trad else t}</strong></p>\n")
    # 二
    heading("二、主动公开政府信息情况")
    h.add('<table border="1" cellspacing="0">\n')
    for b, (head, headers, _cols, _rowdefs) in enumerate(PROACTIVE_BLOCKS[spec.t2]):
        h.tr()
        h.td(style_label(rng, st, head, typo=False), None, ' colspan="4"')
        h.add("</tr>\n")
        h.tr()
        h.td("信息内容")
        for k, text in enumerate(headers):
            span = f' colspan="{4 - len(headers)}"' if k == len(headers) - 1 and len(headers) < 3 else ""
            h.td(style_label(rng, st, text, typo=False), None, span)
        h.add("</tr>\n")
        for row in (r for r in rows2 if r.block == b):
            _html_row(h, rng, st, row, [], "", 4)
    h.add("</table>\n")
    # 三
    heading("三、收到和处理政府信息公开申请情况")
    rows = rows3
    breaks = sorted(rng.sample(range(3, len(rows) - 2), 1)) if rng.random() < 0.2 else []
    if breaks:
        log.append("page_break(三, html tables)")
    segments = [rows[a_:b_] for a_, b_ in zip([0] + breaks, breaks + [len(rows)])]
    results_label = style_label(rng, st, RESULTS_GROUP, typo=False)
    inner_labels = {g: style_label(rng, st, t, typo=False) for g, t in INNER_GROUPS.items()}
    outcome = set(REQUEST_ROWS[spec.t3][2:-1])  # the results group spans （一） to （七）
    for s, seg in enumerate(segments):
        if s:
            h.add('<p style="page-break-after:always">&nbsp;</p>\n')
        h.add('<table border="1" cellspacing="0">\n')
        note = style_label(rng, st, BALANCE_NOTE, typo=False)
        cols = [style_label(rng, st, c, typo=False) for c in APPLICANT_LABELS]
        h.tr()
        h.td(note, None, ' rowspan="3" colspan="3"')
        h.td(style_label(rng, st, "申请人情况", typo=False), None, ' colspan="7"')
        h.add("</tr>\n")
        h.tr()
        h.td(cols[0], None, ' rowspan="2"')
        h.td(style_label(rng, st, "法人或其他组织", typo=False), None, ' colspan="5"')
        h.td(cols[6], None, ' rowspan="2"')
        h.add("</tr>\n")
        h.tr()
        for c in cols[1:6]:
            h.td(c)
        h.add("</tr>\n")

        def key(row):
            return row.key.split(".", 1)[1] if not row.stray else None
        results_rows = [r for r in seg if key(r) in outcome]
        first_result = results_rows[0] if results_rows else None
        last_result = results_rows[-1] if results_rows else None
        span_rows = seg[seg.index(first_result): seg.index(last_result) + 1] if first_result else []
        for row in seg:
            r = key(row)
            lead = []
            if row is first_result:
                lead.append((results_label, f' rowspan="{len(span_rows)}"'))
            g = inner_group(r) if r and (spec.t3 == "2021" or r != "other_processing") else None
            if g is not None:
                members = [x for x in seg if key(x) and inner_group(key(x)) == g]
                if row is members[0]:
                    span = seg[seg.index(members[0]): seg.index(members[-1]) + 1]
                    lead.append((inner_labels[g], f' rowspan="{len(span)}"'))
                label_attrs = ""
            elif row in span_rows:
                label_attrs = ' colspan="2"'
            else:
                label_attrs = ' colspan="3"'
            if row.stray:
                lead = []
            _html_row(h, rng, st, row, lead, label_attrs, 10)
        h.add("</table>\n")
    # 四
    heading("四、政府信息公开行政复议、行政诉讼情况")
    h.add('<table border="1" cellspacing="0">\n')
    lab = lambda t: style_label(rng, st, t, typo=False)
    res = [lab(t) for t in ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")]
    h.tr()
    h.td(lab("行政复议"), None, ' colspan="5"')
    h.td(lab("行政诉讼"), None, ' colspan="10"')
    h.add("</tr>\n")
    h.tr()
    for t in res:
        h.td(t, None, ' rowspan="2"')
    h.td(lab("未经复议直接起诉"), None, ' colspan="5"')
    h.td(lab("复议后起诉"), None, ' colspan="5"')
    h.add("</tr>\n")
    h.tr()
    for t in res + res:
        h.td(t)
    h.add("</tr>\n")
    for row in rows4:
        _html_row(h, rng, st, row, [], "", 15)
    h.add("</table>\n")
    tables_end = h.pos
    h.add("<p><strong>五、存在的主要问题及改进情况</strong></p>\n"
          f"<p>{PROSE_PROBLEMS}</p>\n<p><strong>六、其他需要报告的事项</strong></p>\n"
          f"<p>{PROSE_OTHER.format(y=y)}</p>\n<p style=\"text-align:right\">{a}</p>\n"
          f"<p style=\"text-align:right\">{y + 1}年{rng.randint(1, 3)}月{rng.randint(1, 28)}日</p>\n"
          "</div>\n</body>\n</html>\n")
    cuts = [p for p in h.cut_points if tables_start <= p <= tables_end]
    return h.text(), h.spans, cuts, charset


# ------------------------------------------------------------------ the truth

@dataclass
class Case:
    seed: int
    name: str
    data: bytes
    text: str
    fmt: str
    manglers: list
    states: dict      # code -> (state, value): known | doubtful | recoverable | unknowable


def _anchored_text(rows: list, lines: list) -> dict:
    """Rows whose whole label and exactly their numbers share one line (label first)."""
    where: dict = {}
    for n, (line, _) in enumerate(lines):
        for pos, f in enumerate(line.fields):
            if f.row is not None:
                where.setdefault(f.row, []).append((n, pos, f))
    nums_on_line: dict = {}
    for n, (line, _) in enumerate(lines):
        nums_on_line[n] = {f.row for f in line.fields if f.kind == "num"}
    anchored = {}
    for row in rows:
        fields = where.get(row.key, [])
        labels = [(n, p) for n, p, f in fields if f.kind == "label"]
        nums = [(n, p) for n, p, f in fields if f.kind == "num"]
        ok = not row.defect and not row.stray and len(nums) == len(row.codes)
        if ok and row.table != "4":
            ok = bool(labels) and len({n for n, _ in labels}) == 1
        if ok:
            line_numbers = {n for n, _ in nums} | {n for n, _ in labels}
            ok = len(line_numbers) == 1
            if ok and labels:
                ok = max(p for _, p in labels) < min(p for _, p in nums)
            if ok:
                ok = nums_on_line[next(iter(line_numbers))] == {row.key}
        anchored[row.key] = ok
    return anchored


def _collateral(rows: list, anchored: dict, damaged) -> set:
    """Undamaged rows that share a stretch of unanchored rows with a damaged one."""
    out = set()
    run: list = []
    for row in rows + [None]:
        if row is not None and not anchored.get(row.key, False):
            run.append(row)
            continue
        if any(damaged(r) for r in run):
            out |= {r.key for r in run if not damaged(r) and not r.stray}
        run = []
    return out


def _cut_states(rows_all: list, spans: list, cut: int, anchored: dict, states: dict) -> None:
    """The document ends at ``cut``: what of each row is still printed."""
    by_row: dict = {}
    for start, end, f in spans:
        if f.row is not None:
            by_row.setdefault(f.row, []).append((end <= cut, f))
    first_incomplete = None
    for order, row in enumerate(rows_all):
        if row.stray:
            continue
        fields = by_row.get(row.key, [])
        nums = [(printed, f) for printed, f in fields if f.kind == "num"]
        labels = [(printed, f) for printed, f in fields if f.kind == "label"]
        if all(p for p, _ in nums) and all(p for p, _ in labels):
            continue
        if first_incomplete is None:
            first_incomplete = order
        printed_idx = {f.idx for p, f in nums if p}
        label_whole = all(p for p, _ in labels)
        # exception 2: a section-三 row of zeros printed one cell short
        zero_short = (row.table == "3" and not row.defect and len(printed_idx) == len(row.codes) - 1
                      and all(v == 0 for v in row.values))
        for i, code in enumerate(row.codes):
            value = row.values[i]
            if zero_short and states[code][0] != "unknowable":
                states[code] = ("recoverable", value)
            elif row.defect or i not in printed_idx:
                states[code] = ("unknowable", value)
            elif states[code][0] != "unknowable":
                states[code] = ("doubtful", value)
        if not label_whole and all(p for p, _ in nums) and not row.defect:
            for i, code in enumerate(row.codes):
                if states[code][0] != "unknowable":
                    states[code] = ("doubtful", row.values[i])
    if first_incomplete is None:
        return
    table = rows_all[first_incomplete].table
    k = first_incomplete - 1
    while k >= 0 and rows_all[k].table == table and not anchored.get(rows_all[k].key, False):
        row = rows_all[k]
        for i, code in enumerate(row.codes):
            if states[code][0] == "known":
                states[code] = ("doubtful", row.values[i])
        k -= 1


DESTRUCTIVE = ("drop", "duplicate", "stray", "run_together", "move", "delete_label", "truncate")


def make_case(seed: int) -> Case:
    rng = random.Random(seed)
    spec = make_spec(rng)
    st = make_style(rng, spec)
    rows2, rows3, rows4 = build_rows(rng, spec, st)
    log = spec.log
    # value manglers: what the document prints changes, and so does the truth
    if rng.random() < 0.15:
        for _ in range(rng.randint(1, 2)):
            mangle_swap(rng, spec, rng.choice(rows3 + rows2 + rows4))
    # destructive manglers
    n_destructive = rng.choices([0, 1, 2, 3], [25, 40, 25, 10])[0]
    truncate = False
    for _ in range(n_destructive):
        op = rng.choices(DESTRUCTIVE, [20, 16, 14, 16, 10, 12, 12])[0]
        table = rng.choices(["3", "2", "4"], [70, 18, 12])[0]
        rows = {"2": rows2, "3": rows3, "4": rows4}[table]
        candidates = [r for r in rows if not r.defect and not r.stray]
        if op == "truncate":
            truncate = True
            continue
        if op == "stray":
            log.append(mangle_stray(rng, spec, rows, table).defect)
            continue
        if not candidates:
            continue
        target = rng.choice(candidates)
        done = False
        if op == "drop":
            done = mangle_drop(rng, spec, target)
        elif op == "duplicate":
            done = mangle_dup(rng, spec, target)
        elif op == "run_together":
            done = mangle_run_together(rng, spec, target)
        elif op == "move" and table == "3":
            done = mangle_move(rng, spec, rows3, target)
        elif op == "delete_label" and table != "4":
            done = mangle_delete_label(rng, spec, target)
        if done:
            log.append(target.defect)
    rows_all = rows2 + rows3 + rows4
    if st.fmt == "html":
        for row in rows_all:
            _html_trailing_cells(spec, row)
    # render
    if st.fmt == "html":
        text, spans, cuts, charset = html_document(rng, spec, st, rows2, rows3, rows4, log)
        anchored = {r.key: not r.defect and not r.stray and (r.table == "4" or bool(r.label))
                    and len(r.toks) == len(r.codes) for r in rows_all}
    else:
        text, spans, lines = text_document(rng, spec, st, rows2, rows3, rows4, log)
        anchored = _anchored_text(rows_all, lines)
        cuts = sorted({end for _, end, _ in spans})
        charset = "utf-8"
    # the truth
    states: dict = {}
    for row in rows_all:
        for i, code in enumerate(row.codes):
            states[code] = row.fate.get(code, ("known", row.values[i]))
    damaged = lambda r: bool(r.defect)
    for rows in (rows2, rows3, rows4):
        for key in _collateral(rows, anchored, damaged):
            row = next(r for r in rows if r.key == key)
            for i, code in enumerate(row.codes):
                if states[code][0] == "known":
                    states[code] = ("doubtful", row.values[i])
    if truncate and cuts:
        cut = rng.choice(cuts)
        _cut_states(rows_all, spans, cut, anchored, states)
        context = text[max(0, cut - 30):cut].replace("\n", "⏎")
        text = text[:cut]
        log.append(f"truncate(at …{context!r})")
    data = text.encode("gb18030" if charset == "gb2312" else "utf-8")
    name = f"never_wrong_{seed}.{'html' if st.fmt == 'html' else 'txt'}"
    return Case(seed, name, data, text, st.fmt, list(log), states)


# ------------------------------------------------------------------ judging a reading

@dataclass
class Finding:
    kind: str      # wrong | guessed | ok_missing | ok_unknowable
    code: str
    read: object   # the value output (None when left out)
    true: object   # the value the document prints (None: the document does not print the cell)
    state: str     # the cell's state in the truth (or "not printed")


def _same(a, b) -> bool:
    try:
        return Decimal(a) == Decimal(b)
    except (ArithmeticError, TypeError, ValueError):
        return False


def judge(case: Case, report) -> list:
    """Everything the reading gets wrong about this case, worst kinds first."""
    found = []
    cells = report.cells
    for code, value in cells.items():
        if code not in case.states:
            found.append(Finding("wrong", code, value, None, "not printed"))
            continue
        state, true = case.states[code]
        if not _same(value, true):
            found.append(Finding("wrong", code, value, true, state))
        elif state == "unknowable":
            found.append(Finding("guessed", code, value, true, state))
    if report.status == "ok":
        for code, (state, true) in case.states.items():
            if state != "unknowable" and code not in cells:
                found.append(Finding("ok_missing", code, None, true, state))
        lost = sorted(c for c, (s, _) in case.states.items() if s == "unknowable" and c not in cells)
        if lost:
            found.append(Finding("ok_unknowable", lost[0], None, case.states[lost[0]][1],
                                 f"unknowable ({len(lost)} cells)"))
    order = {"wrong": 0, "guessed": 1, "ok_missing": 2, "ok_unknowable": 3}
    return sorted(found, key=lambda f: (order[f.kind], f.code))


def _by_row(codes) -> str:
    rows: dict = {}
    for code in sorted(codes):
        head, _, last = code.rpartition(".")
        rows.setdefault(head, []).append(last)
    return "; ".join(f"{h}.{{{','.join(v)}}}" if len(v) > 1 else f"{h}.{v[0]}" for h, v in rows.items())


def dump(seed: int, read: bool = False) -> None:
    case = make_case(seed)
    print(case.text)
    print("=" * 60)
    print("manglers:", "; ".join(case.manglers))
    for state in ("unknowable", "recoverable", "doubtful"):
        codes = [c for c, (s, _) in case.states.items() if s == state]
        if codes:
            print(f"{state}: {_by_row(codes)}")
    if read:
        sys.path.insert(0, str(__import__("pathlib").Path(__file__).resolve().parent.parent))
        from pipelines.extract import extract_bytes
        report = extract_bytes(case.data, case.name)
        print("status:", report.status, "· failed checks:", report.failed_checks)
        print("problems:", report.problems)
        print("notes:", report.notes)
        for f in judge(case, report):
            print(f"  {f.kind}: {f.code} read {f.read} · true {f.true} ({f.state})")


if __name__ == "__main__":
    dump(int(sys.argv[1]), read="--read" in sys.argv)
