"""Home-grown portals: items are the page's links, further pages its 下一页 and page-number links."""

from __future__ import annotations

from .common import Family


class Generic(Family):
    name = "generic"
