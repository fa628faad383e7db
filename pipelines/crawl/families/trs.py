"""TRS WCM (拓尔思): ``index.html``, ``index_1.html`` … paged by ``createPageHTML(N, cur, "index", "html")``.

Articles are linked relative to the column, ``./202401/t20240115_123456.html``;
attachments relative to the article, ``./P020240115….pdf``. Some templates set
``var countPage = N`` instead of calling createPageHTML; newer ones pass the
pager's element id first: ``createPageHTML('page_div', N, cur, 'index', 'shtml', total)``.
"""

from __future__ import annotations

import re
from urllib.parse import urljoin

from .common import Family

_CREATE_PAGE = re.compile(r"createPageHTML\(([^)]*)\)")
_COUNT_PAGE = re.compile(r"countPage\s*=\s*['\"]?(\d+)")


class Trs(Family):
    name = "trs"

    def more_pages(self, html: str, page_url: str, list_url: str) -> list[str]:
        call = _create_page_arguments(html)
        if call:
            count, stem, extension = call
        else:
            count_match = _COUNT_PAGE.search(html)
            if not count_match:
                return super().more_pages(html, page_url, list_url)
            count, stem, extension = int(count_match.group(1)), "index", "html"
        return [urljoin(list_url, f"{stem}_{n}.{extension}") for n in range(1, count)]


def _create_page_arguments(html: str) -> tuple[int, str, str] | None:
    """(page count, file stem, extension) from the first createPageHTML call, either signature."""
    match = _CREATE_PAGE.search(html)
    if not match:
        return None
    arguments = [a.strip().strip("'\"") for a in match.group(1).split(",")]
    first_number = next((i for i, a in enumerate(arguments) if a.isdigit()), None)
    if first_number is None or len(arguments) < first_number + 4:
        return None
    stem, extension = arguments[first_number + 2], arguments[first_number + 3]
    return int(arguments[first_number]), stem or "index", extension or "html"
