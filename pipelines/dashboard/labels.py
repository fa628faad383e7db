"""The words the pages use for statuses, outcomes, places and links, in one place."""

from __future__ import annotations

STATUS = {"ok": "完整读出", "partial": "部分读出", "failed": "读取失败", "needs_ocr": "待 OCR",
          "not_a_report": "非年报"}

# Coverage of one agency-year: the best document's status, or none.
PUBLISHED, PARTIAL, FAILED, GAP, MISSING = "published", "partial", "failed", "gap", "missing"
COVERAGE = {PUBLISHED: "已发布", PARTIAL: "部分读出", FAILED: "读取失败",
            GAP: "断档（上年有、本年无）", MISSING: "未见"}
COVERAGE_SHORT = {PUBLISHED: "✓ 已发布", PARTIAL: "◐ 部分", FAILED: "✗ 失败", GAP: "断档",
                  MISSING: "·"}

OUTCOMES = (("disclosed", "予以公开"), ("partially_disclosed", "部分公开"),
            ("withheld", "不予公开"), ("unavailable", "无法提供"),
            ("not_processed", "不予处理"), ("other_processing", "其他处理"))

NATIONAL, UNPLACED = "national", "unplaced"
GROUP_NAMES = {NATIONAL: "国家级机关", UNPLACED: "地区未定"}


def group_of(province_code: str | None, level: str | None) -> str:
    """The coverage and peer group of an agency: its province, national, or not placed."""
    if province_code:
        return province_code
    return NATIONAL if level == "国家级" else UNPLACED


def agency_href(agency_key: int) -> str:
    """The agency's page: its signed 64-bit key as 16 hex digits (no '-' in file names)."""
    return f"agency/{agency_key & 0xFFFF_FFFF_FFFF_FFFF:016x}.html"


def year_text(year) -> str:
    return "年份未知" if year is None else f"{year}年"


def report_quality(status: str, failed_checks: int) -> str:
    """What a reader must know before trusting a row: read in part, or failing its own sums."""
    flags = []
    if status != "ok":
        flags.append(STATUS.get(status, status))
    if failed_checks:
        flags.append(f"勾稽关系不符 {failed_checks} 项")
    return "⚠ " + "，".join(flags) if flags else "完整读出，核对通过"
