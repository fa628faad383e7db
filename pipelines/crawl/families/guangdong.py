"""Guangdong 集约化 (gkmlpt) sites: articles ``…/gkmlpt/content/1/1871/post_1871569.html``.

Column pages come in two shapes. Server-rendered ones are paged ``index.html``,
``index_2.html`` … with page-number and 下一页 links (the generic reading). The
gkmlpt front end instead loads its list as JSON from
``/gkmlpt/api/all/<column>?page=N&sid=…``: ``{"articles": [{"title", "url",
"display_publish_time"}], "total": 34}``; a registry entry may list that API URL
directly and both are read here. Articles carry ArticleTitle / PubDate /
ContentSource meta tags (read for every family in discovery).
"""

from __future__ import annotations

import json
import math
from datetime import datetime, timezone
from urllib.parse import parse_qsl, urljoin, urlsplit

from .common import Family, Item, with_query


class Guangdong(Family):
    name = "guangdong"

    def items(self, html: str, page_url: str, selector: str | None = None) -> list[Item]:
        listing = _json_listing(html)
        if listing is None:
            return super().items(html, page_url, selector)
        return [Item(a["title"].strip(), urljoin(page_url, a["url"]), _date(a))
                for a in listing.get("articles") or [] if a.get("title") and a.get("url")]

    def more_pages(self, html: str, page_url: str, list_url: str) -> list[str]:
        listing = _json_listing(html)
        if listing is None:
            return super().more_pages(html, page_url, list_url)
        if _page_number(page_url) > 1:
            return []  # the first page names them all; a last page's shorter list would miscount
        per_page = len(listing.get("articles") or []) or 1
        pages = math.ceil(int(listing.get("total") or 0) / per_page)
        return [with_query(list_url, "page", n) for n in range(2, pages + 1)]


def _page_number(url: str) -> int:
    value = dict(parse_qsl(urlsplit(url).query)).get("page", "1")
    return int(value) if value.isdigit() else 1


def _json_listing(text: str) -> dict | None:
    if not text.lstrip().startswith("{"):
        return None
    try:
        data = json.loads(text)
    except ValueError:
        return None
    return data if isinstance(data, dict) and isinstance(data.get("articles"), list) else None


def _date(article: dict) -> str | None:
    stamp = (article.get("display_publish_time") or article.get("first_publish_time")
             or article.get("publish_time"))
    if isinstance(stamp, (int, float)):
        return datetime.fromtimestamp(stamp, timezone.utc).strftime("%Y-%m-%d")
    return str(stamp)[:10] if stamp else None
