"""What is a report, and where on a detail page the report itself is.

List items are recognised by title (信息公开 and 年度报告/年报; notices,
budgets and the like excluded) unless the source gives its own pattern.
A detail page is the report itself when it carries the report inline; its
attachments (PDF, DOC, DOCX, WPS, ODT) are found in links, iframes, embeds,
``viewer?file=`` URLs and onclick handlers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import parse_qsl, urljoin, urlsplit

from bs4 import BeautifulSoup

from .families.common import base_url

# 年度报告 / 年报, or 信息公开工作报告 (older titles: 2012年政府信息公开工作报告, 2023年度…工作报告).
REPORT_TITLE = re.compile(r"信息公开.*?(年度报告|年报|工作报告)|(年度报告|年报).*?信息公开")
# Look-alikes: notices about the reports, explainers and picture versions of them, other kinds of paper.
NOT_A_REPORT = re.compile(r"通知|公告|通告|预算|决算|要点|指南|意见|方案|计划|征求|目录|解读|图解|一图|图说|报表|编制说明")
DOCUMENT_SUFFIXES = (".pdf", ".doc", ".docx", ".wps", ".odt")
_QUOTED = re.compile(r"""['"]([^'"]+?\.(?:pdf|docx?|wps|odt))(?:\?[^'"]*)?['"]""", re.I)
# A report printed in the page: the form's tables name 行政复议 and 申请.
_INLINE_WORDS = ("行政复议", "申请")


_CUT_SHORT = re.compile(r"(…|\.{2,}|。{2,})\s*$")


def is_report_title(title: str, pattern: str | None = None) -> bool:
    title = re.sub(r"\s+", "", title)  # a title broken by <br> or <em> reads as one
    if pattern:
        return re.search(pattern, title) is not None
    return REPORT_TITLE.search(title) is not None and NOT_A_REPORT.search(title) is None


def may_be_cut_report_title(title: str) -> bool:
    """A list title cut short (``乐清市财政局2023年政府信…``) that is not plainly something else:
    its detail page's own title decides."""
    title = re.sub(r"\s+", "", title)
    return (_CUT_SHORT.search(title) is not None and NOT_A_REPORT.search(title) is None
            and re.search(r"信息|公开|年", title) is not None)


def is_document_url(url: str) -> bool:
    """A PDF/Word/WPS/ODT file, by its path or by a file name in its query (``downfile.jsp?filename=x.docx``)."""
    parts = urlsplit(url)
    if parts.path.lower().endswith(DOCUMENT_SUFFIXES):
        return True
    return any(value.lower().endswith(DOCUMENT_SUFFIXES)
               for _, value in parse_qsl(parts.query, keep_blank_values=True))


@dataclass(frozen=True)
class Detail:
    title: str | None
    published: str | None
    content_source: str | None
    attachments: tuple[str, ...]
    inline: bool  # the page itself holds the report


def read_detail(html: str, page_url: str) -> Detail:
    soup = BeautifulSoup(html, "lxml")
    attachments = tuple(document_links(soup, base_url(soup, page_url)))
    text = soup.get_text(" ", strip=True)
    has_tables = soup.find("table") is not None and all(w in text for w in _INLINE_WORDS)
    title = _meta(soup, "ArticleTitle") or (soup.title.get_text(strip=True) if soup.title else None)
    return Detail(
        title=title or None,
        published=_meta(soup, "PubDate") or _meta(soup, "firstpublishedtime"),
        content_source=_meta(soup, "ContentSource"),
        attachments=attachments,
        inline=has_tables or not attachments,
    )


def _meta(soup: BeautifulSoup, name: str) -> str | None:
    tag = soup.find("meta", attrs={"name": re.compile(f"^{name}$", re.I)})
    content = tag.get("content", "").strip() if tag else ""
    return content or None


def document_links(soup: BeautifulSoup, page_url: str) -> list[str]:
    """Every attachment URL on the page, in page order, each once.

    Besides links, frames and embeds this reads inline scripts, where TRS
    templates write the attachment link (``var fileUrl = './P0….pdf'``).
    """
    candidates: list[str] = []
    for tag in soup.find_all(["a", "iframe", "embed", "object", "frame", "script"]):
        if tag.name == "script":
            if not tag.get("src"):
                # a path, not a bare file name (``var fileName = '年报.pdf'`` is a label)
                candidates += [c for c in _QUOTED.findall(tag.get_text()) if "/" in c]
            continue
        for attribute in ("href", "src", "data"):
            value = (tag.get(attribute) or "").strip()
            if value and not value.lower().startswith("javascript:"):
                candidates.append(value)
        for script in (tag.get("onclick"), tag.get("href")):
            if script and ("(" in script or script.lower().startswith("javascript:")):
                candidates += _QUOTED.findall(script)
    out = []
    for candidate in candidates:
        url = _unwrap_viewer(urljoin(page_url, candidate)).split("#", 1)[0]
        if is_document_url(url) and url not in out:
            out.append(url)
    return out


def _unwrap_viewer(url: str) -> str:
    """``…/viewer.html?file=/a/b.pdf`` → the file itself."""
    for key, value in parse_qsl(urlsplit(url).query):
        if key.lower() in ("file", "url", "src") and value.lower().split("?")[0].endswith(DOCUMENT_SUFFIXES):
            return urljoin(url, value)
    return url


# Page furniture by its path: logos, icons, buttons, banners, QR codes, spacers.
FURNITURE_PATH = re.compile(r"logo|icon|favicon|banner|btn|button|qrcode|erweima|ewm|spacer|blank\.gif",
                            re.I)
# A picture declared smaller than this (either side, in px) is furniture, never a table.
FURNITURE_PX = 100


def report_images(html: str, page_url: str, exclude: tuple[str, ...] = ()) -> list[str]:
    """The page's own pictures that may hold its report (``<img src>``), in page order, each once.

    Only pictures on the page's own host (and port) are taken, never another host's; inline
    ``data:`` pictures need no fetch. Furniture is passed over: a path that names it
    (``FURNITURE_PATH``) or that a source's ``exclude`` regexes match, or a declared
    width or height under ``FURNITURE_PX``.
    """
    soup = BeautifulSoup(html, "lxml")
    base = base_url(soup, page_url)
    host = urlsplit(page_url).netloc.lower()
    out: list[str] = []
    for tag in soup.find_all("img"):
        src = (tag.get("src") or "").strip()
        if not src or src.lower().startswith(("data:", "javascript:")):
            continue
        url = urljoin(base, src).split("#", 1)[0]
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or parts.netloc.lower() != host or url in out:
            continue
        if FURNITURE_PATH.search(parts.path) or any(re.search(p, parts.path) for p in exclude):
            continue
        if _declared_small(tag):
            continue
        out.append(url)
    return out


def _declared_small(tag) -> bool:
    for attribute in ("width", "height"):
        value = re.match(r"\s*(\d+)\s*(px)?\s*$", str(tag.get(attribute) or ""))
        if value and int(value.group(1)) < FURNITURE_PX:
            return True
    return False
