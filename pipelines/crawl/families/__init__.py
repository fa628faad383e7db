"""One module per CMS family, behind one small interface.

A family knows two things about a list page of an annual-report column: which
links on it are items (``items``), and which further list pages exist
(``more_pages``). Everything else (which items are reports, what a detail page
holds) is the same for every family and lives in ``pipelines.crawl.discovery``.
"""

from __future__ import annotations

from .common import Family, Item
from .generic import Generic
from .guangdong import Guangdong
from .hanweb import Hanweb
from .trs import Trs

FAMILIES: dict[str, Family] = {
    "trs": Trs(),
    "hanweb": Hanweb(),
    "guangdong": Guangdong(),
    "generic": Generic(),
}

__all__ = ["FAMILIES", "Family", "Item"]
