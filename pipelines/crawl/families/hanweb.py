"""Hanweb 大汉 JCMS: ``col/col1229/index.html?uid=4567&pageNum=N``; articles ``art/2024/1/20/art_1229_5678.html``.

A Hanweb column page often carries its records not as links in the page but
in a data block, ``<script type="text/xml"><datastore>… <record><![CDATA[<li><a
href=…>…</a></li>]]></record>…`` with ``<totalpage>`` (or ``totalRecord`` and
``perPage`` in the paging script); both are read here.
"""

from __future__ import annotations

import math
import re

from bs4 import BeautifulSoup

from .common import Family, Item, anchor_items, with_query

_RECORD = re.compile(r"<record>\s*<!\[CDATA\[(.*?)\]\]>\s*</record>", re.S | re.I)
_TOTAL_PAGE = re.compile(r"<totalpage>\s*(\d+)|totalPage\s*[:=]\s*['\"]?(\d+)", re.I)
_TOTAL_RECORD = re.compile(r"<totalrecord>\s*(\d+)|totalRecord\s*[:=]\s*['\"]?(\d+)", re.I)
_UNIT = re.compile(r"unitid=(\d+)", re.I)
_PER_PAGE = re.compile(r"perPage\s*[:=]\s*['\"]?(\d+)|<perpage>\s*(\d+)", re.I)


class Hanweb(Family):
    name = "hanweb"

    def items(self, html: str, page_url: str, selector: str | None = None) -> list[Item]:
        records = _RECORD.findall(html)
        if not records:
            return super().items(html, page_url, selector)
        soup = BeautifulSoup("\n".join(records), "lxml")
        return anchor_items(soup, page_url, selector)

    def more_pages(self, html: str, page_url: str, list_url: str) -> list[str]:
        pages = _number(_TOTAL_PAGE, html)
        if pages is None:
            records, per_page = _number(_TOTAL_RECORD, html), _number(_PER_PAGE, html)
            if not records or not per_page:
                return super().more_pages(html, page_url, list_url)
            pages = math.ceil(records / per_page)
        base = list_url
        unit = _UNIT.search(html)
        if unit and "uid=" not in list_url:  # pages are addressed by the list's unit id
            base = with_query(list_url, "uid", unit.group(1))
        return [with_query(base, "pageNum", n) for n in range(2, pages + 1)]


def _number(pattern: re.Pattern, html: str) -> int | None:
    match = pattern.search(html)
    return int(next(g for g in match.groups() if g)) if match else None
