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
_QUOTED_ARGUMENT = re.compile(r"""['"]\s*([A-Za-z0-9_]+)\s*['"]""")
_COUNT_PAGE = re.compile(r"countPage\s*=\s*['\"]?(\d+)")


class Trs(Family):
    name = "trs"

    def more_pages(self, html: str, page_url: str, list_url: str) -> list[str]:
        count, stem, extension = _create_page_arguments(html)
        if count is None:
            count_match = _COUNT_PAGE.search(html)
            if not count_match:
                return super().more_pages(html, page_url, list_url)
            count = int(count_match.group(1))
        return [urljoin(list_url, f"{stem}_{n}.{extension}") for n in range(1, count)]


def _create_page_arguments(html: str) -> tuple[int | None, str, str]:
    """(page count, file stem, extension) from the createPageHTML call, either signature.

    The page may define the function inline before calling it, and may pass the
    count as a variable (``createPageHTML(countPage, currentPage, "index", "shtml")``),
    in which case the count is None and the stem and extension still come from the call.
    """
    fallback: tuple[int | None, str, str] = (None, "index", "html")
    for match in _CREATE_PAGE.finditer(html):
        arguments = [a.strip().strip("'\"").strip() for a in match.group(1).split(",")]
        first_number = next((i for i, a in enumerate(arguments) if a.isdigit()), None)
        if first_number is not None and len(arguments) >= first_number + 4:
            stem, extension = arguments[first_number + 2], arguments[first_number + 3]
            return int(arguments[first_number]), stem or "index", extension or "html"
        quoted = [a for a in _QUOTED_ARGUMENT.findall(match.group(1))]
        if len(quoted) >= 2 and fallback[0] is None:
            fallback = (None, quoted[-2], quoted[-1])
    return fallback
