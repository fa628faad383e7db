"""What every family shares: list items as (title, URL, date), and plain pagination links."""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

from bs4 import BeautifulSoup, Tag

_DATE = re.compile(r"(20\d{2}|19\d{2})[-/.年](\d{1,2})[-/.月](\d{1,2})")
_PAGE_WORDS = {"下一页", "下页", "后页", "尾页", "末页", ">", ">>", "»"}
_PAGE_HREF = re.compile(r"(?:index|list)_\d+\.s?html?$|[?&](?:page|pageNum|pageIndex|pageNo|curpage|p)=\d+",
                        re.I)


@dataclass(frozen=True)
class Item:
    title: str
    url: str
    published: str | None = None


class Family:
    name = "generic"

    def items(self, html: str, page_url: str, selector: str | None = None) -> list[Item]:
        return anchor_items(BeautifulSoup(html, "lxml"), page_url, selector)

    def more_pages(self, html: str, page_url: str, list_url: str) -> list[str]:
        return pagination_links(BeautifulSoup(html, "lxml"), page_url, list_url)


# A URL quoted in a script: ``window.open('/a/b.html')``, ``openArticle("./t1.html")``.
SCRIPT_URL = re.compile(r"""['"]((?:https?://|/|\./|\.\./)[^'"\s]+|[^'"\s(){};]+\.(?:s?html?|jsp|aspx?|php|pdf|docx?|wps)(?:\?[^'"\s]*)?)['"]""",
                        re.I)


def base_url(soup: BeautifulSoup | Tag, page_url: str) -> str:
    """What the page's relative links resolve against: its ``<base href>`` when it has one."""
    base = soup.find("base", href=True)
    return urljoin(page_url, base["href"].strip()) if base and base["href"].strip() else page_url


def link_target(anchor: Tag) -> str | None:
    """Where a link leads: its href, or the URL its ``javascript:``/onclick handler opens."""
    href = (anchor.get("href") or "").strip()
    if href and not href.startswith(("#", "javascript:", "mailto:", "tel:")):
        return href
    for script in (anchor.get("onclick") or "", href if href.startswith("javascript:") else ""):
        match = SCRIPT_URL.search(script)
        if match:
            return match.group(1)
    return None


_CJK = "\u3000-\u303f\u3400-\u9fff\uff00-\uffef"
_SPACE_BY_CJK = re.compile(rf"\s+(?=[{_CJK}])|(?<=[{_CJK}])\s+")


def clean_title(title: str) -> str:
    """One line, without the spaces markup leaves inside Chinese text (``年度<br>报告``)."""
    return _SPACE_BY_CJK.sub("", " ".join(title.split()))


def anchor_items(soup: BeautifulSoup | Tag, page_url: str, selector: str | None = None,
                 base: str | None = None) -> list[Item]:
    """Every link with a title: the ``title`` attribute when set (lists cut long titles short)."""
    base = base or base_url(soup, page_url)
    anchors = soup.select(selector) if selector else soup.find_all("a")
    items = []
    for anchor in anchors:
        href = link_target(anchor)
        if not href:
            continue
        title = clean_title(anchor.get("title") or anchor.get_text(" ", strip=True))
        if title:
            items.append(Item(title, urljoin(base, href), _date_near(anchor)))
    return items


def _date_near(anchor: Tag) -> str | None:
    """The date printed beside a list item (in its <li> or table row), as YYYY-MM-DD."""
    holder = anchor.find_parent(["li", "tr", "dd", "p"]) or anchor.parent
    match = _DATE.search(holder.get_text(" ", strip=True)) if holder else None
    if not match:
        return None
    year, month, day = match.groups()
    return f"{year}-{int(month):02d}-{int(day):02d}"


def pagination_links(soup: BeautifulSoup, page_url: str, list_url: str) -> list[str]:
    """Links to further pages of the same list: 下一页, page numbers, ``index_2.html``, ``?page=2``.

    Only links on the list's own host and in its own directory count, so a
    site's navigation never walks the crawl off into other columns.
    """
    base = urlsplit(list_url)
    directory = posixpath.dirname(base.path) + "/"
    links_base = base_url(soup, page_url)
    out = []
    for anchor in soup.find_all("a"):
        text = anchor.get_text(strip=True)
        href = link_target(anchor)
        if not href or not (text in _PAGE_WORDS or text.isdigit() or _PAGE_HREF.search(href)):
            continue
        url = urljoin(links_base, href).split("#", 1)[0]
        parts = urlsplit(url)
        if parts.netloc == base.netloc and parts.path.startswith(directory) and url not in out:
            out.append(url)
    return out


def with_query(url: str, key: str, value: int | str) -> str:
    """``url`` with one query parameter set (a page number), the others kept in order."""
    parts = urlsplit(url)
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k != key]
    query.append((key, str(value)))
    return urlunsplit(parts._replace(query=urlencode(query)))
