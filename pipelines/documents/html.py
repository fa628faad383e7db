"""Report pages as portals publish them: the article inside the page chrome.

Tables become row blocks (cells as printed, empty cells kept: in HTML an empty
cell is a real cell); everything else becomes one line per block element.
Layout tables (a table holding other tables) are walked as containers, so only
the innermost tables are read as tables.
"""

from __future__ import annotations

import re

from bs4 import BeautifulSoup, NavigableString, Tag
from bs4.element import Comment, Doctype, ProcessingInstruction

from .decoding import declared_charset, decode
from .model import Block, Document

# Never content. (Not <form>: ASP.NET portals wrap the whole page in one. <del> is
# text a Word author deleted without accepting the change; <sup> in a cell is a
# footnote mark, dropped in _cell_text.)
_DROP_TAGS = ("script", "style", "noscript", "template", "select", "button", "input",
              "textarea", "svg", "object", "iframe", "nav", "head", "del")
_CHROME = re.compile(r"breadcrumb|crumb|share|bdshare|navbar|nav-|menu|toolbar|copyright|"
                     r"footer|sitemap|wza|aging|old-man|skip", re.I)
_BLOCK_TAGS = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl", "dt",
               "dd", "section", "article", "header", "footer", "main", "aside", "blockquote",
               "pre", "center", "address", "figure", "figcaption", "caption", "hr", "tr",
               "tbody", "thead", "tfoot", "td", "th"}
_SPACE = re.compile(r"[\s\u00a0\u3000\u200b\ufeff]+")
_TITLE_SPLIT = re.compile(r"\s*[_|｜—–-]{1,2}\s*")


def parse_html(data: bytes, source: str) -> Document:
    text, _ = decode(data, declared_charset(data))
    soup = BeautifulSoup(text, "lxml")
    tags = _tags(soup)
    meta = _meta(soup, tags)
    _prune(tags)
    body = soup.body or soup
    walker = _Walker()
    walker.walk(body)
    walker.flush()
    heading = _heading_title(body)
    if heading:
        meta["heading"] = heading
    return Document(source=source, format="html", blocks=walker.blocks,
                    explicit_cells=True, meta=meta)


def _prune(tags: list[Tag]) -> None:
    """Take out, in this order, what is never content, the page's chrome, and links
    outside tables holding no table (a menu's or a list's, not the report's text)."""
    removed: set[int] = set()  # ids of the tags taken out so far, and of all inside them
    for unwanted in (_is_never_content, _is_chrome, _is_menu_link):
        for tag in tags:
            if id(tag) not in removed and unwanted(tag):
                removed.update(id(inner) for inner in tag.descendants)
                removed.add(id(tag))
                tag.decompose()


def _is_never_content(tag: Tag) -> bool:
    return tag.name in _DROP_TAGS


def _is_menu_link(tag: Tag) -> bool:
    return tag.name == "a" and _parent_named(tag, "table") is None \
        and _first_named(tag, "table") is None


def _tags(node: Tag) -> list[Tag]:
    """Every element under ``node``, in document order. The tree is walked in plain
    Python: bs4's ``find_all`` filters cost more than reading the page itself."""
    return [child for child in node.descendants if isinstance(child, Tag)]


def _first_named(node: Tag, *names: str) -> Tag | None:
    return next((tag for tag in node.descendants
                 if isinstance(tag, Tag) and tag.name in names), None)


def _parent_named(node: Tag, name: str) -> Tag | None:
    return next((parent for parent in node.parents if parent.name == name), None)


def _meta(soup: BeautifulSoup, tags: list[Tag]) -> dict[str, str]:
    found: dict[str, str] = {}
    wanted = {"articletitle": "title", "og:title": "title", "pubdate": "published",
              "firstpublishedtime": "published", "contentsource": "publisher",
              "sitename": "site", "columnname": "column", "publishdate": "published"}
    for tag in (tag for tag in tags if tag.name == "meta"):
        key = (tag.get("name") or tag.get("property") or "").strip().lower()
        value = _clean(tag.get("content") or "")
        if key in wanted and value and wanted[key] not in found:
            found[wanted[key]] = value
    if "title" not in found and soup.title and soup.title.string:
        parts = [p for p in _TITLE_SPLIT.split(_clean(soup.title.string)) if "报告" in p]
        if parts:
            found["page_title"] = parts[0]
    return found


def _heading_title(body: Tag) -> str | None:
    """The article's heading: the highest-level h1–h4 naming a report, else an element
    whose class or id says title (a sidebar's h3 or a column heading comes second)."""
    tags = _tags(body)
    candidates = [tag for level in ("h1", "h2", "h3", "h4") for tag in tags
                  if tag.name == level] + [
        tag for tag in tags if tag.name in ("div", "p", "td", "span")
        and "title" in (" ".join(tag.get("class") or []) + " " + str(tag.get("id") or "")).lower()
    ]
    for tag in candidates:
        if _parent_named(tag, "a") or _first_named(tag, "a", "table"):
            continue
        text = _clean(tag.get_text(""))
        if "报告" in text and len(text) <= 80:
            return text
    return None


def _is_chrome(tag: Tag) -> bool:
    if not isinstance(tag, Tag) or tag.name in ("html", "body", "table", "tr", "td", "th"):
        return False
    attrs = tag.attrs or {}
    if attrs.get("role") == "navigation":
        return True
    names = " ".join(attrs.get("class") or []) + " " + str(attrs.get("id") or "")
    return bool(names.strip()) and bool(_CHROME.search(names))


def _clean(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


class _Walker:
    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self.buffer: list[str] = []
        self.tables = 0

    def flush(self) -> None:
        line = _clean("".join(self.buffer))
        self.buffer = []
        if line:
            self.blocks.append(Block((line,)))

    def walk(self, node: Tag) -> None:
        for child in node.children:
            if isinstance(child, (Comment, Doctype, ProcessingInstruction)):
                continue
            if isinstance(child, NavigableString):
                self.buffer.append(str(child))
            elif child.name == "table" and _first_named(child, "table") is None:
                self.flush()
                self._table(child)
            elif child.name == "br":
                self.flush()
            elif child.name in _BLOCK_TAGS or child.name == "table":
                self.flush()
                self.walk(child)
                self.flush()
            else:
                self.walk(child)

    def _table(self, table: Tag) -> None:
        index = self.tables
        self.tables += 1
        for tr in (tag for tag in _tags(table) if tag.name == "tr"):
            cells = tuple(_cell_text(td) for td in tr.children
                          if isinstance(td, Tag) and td.name in ("td", "th"))
            if cells:
                self.blocks.append(Block(cells, table=index))


def _cell_text(cell: Tag) -> str:
    """A cell's text: inline runs joined as they are (Word splits ``12`` into
    ``<span>1</span><span>2</span>``), block children and ``<br>`` apart."""
    parts: list[str] = []

    def visit(node: Tag) -> None:
        for child in node.children:
            if isinstance(child, (Comment, Doctype, ProcessingInstruction)):
                continue
            if isinstance(child, NavigableString):
                parts.append(str(child))
            elif child.name == "br":
                parts.append(" ")
            elif child.name == "sup":
                continue
            elif child.name in _BLOCK_TAGS:
                parts.append(" ")
                visit(child)
                parts.append(" ")
            else:
                visit(child)

    visit(cell)
    return _clean("".join(parts))
