"""TRS WCM (拓尔思): ``index.html``, ``index_1.html`` … paged by ``createPageHTML(N, cur, "index", "html")``.

Articles are linked relative to the column, ``./202401/t20240115_123456.html``;
attachments relative to the article, ``./P020240115….pdf``. Some templates set
``var countPage = N`` instead of calling createPageHTML.
"""

from __future__ import annotations

import re
from urllib.parse import urljoin

from .common import Family

_CREATE_PAGE = re.compile(
    r"createPageHTML\(\s*['\"]?(\d+)['\"]?\s*,\s*['\"]?\d+['\"]?\s*,\s*['\"]([\w\-]+)['\"]\s*,"
    r"\s*['\"](\w+)['\"]")
_COUNT_PAGE = re.compile(r"countPage\s*=\s*['\"]?(\d+)")


class Trs(Family):
    name = "trs"

    def more_pages(self, html: str, page_url: str, list_url: str) -> list[str]:
        match = _CREATE_PAGE.search(html)
        if match:
            count, stem, extension = int(match.group(1)), match.group(2), match.group(3)
        else:
            count_match = _COUNT_PAGE.search(html)
            if not count_match:
                return super().more_pages(html, page_url, list_url)
            count, stem, extension = int(count_match.group(1)), "index", "html"
        return [urljoin(list_url, f"{stem}_{n}.{extension}") for n in range(1, count)]
