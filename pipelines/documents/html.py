"""Report pages as portals publish them: the article inside the page chrome.

Tables become row blocks (cells as printed, a merged cell once with its ``colspan``,
empty cells kept: in HTML an empty cell is a real cell); everything else becomes one
line per block element.
Layout tables (a table holding other tables) are walked as containers, so only
the innermost tables are read as tables. A picture the page shows (``<img>``) that holds
a ruled table is read by OCR where it stands (``pipelines.ocr.linked`` finds its bytes).

The page is parsed by lxml's HTML parser (libxml2) into lxml's own tree. bs4 with
its lxml builder received the same parser's events and built the same tree in
Python objects, which took two thirds of the time of reading a page; nothing here
needs what bs4 adds (its search API, encoding detection: the page is decoded
before). In lxml's tree text sits on elements: ``element.text`` before the first
child, ``child.tail`` after each child; a comment is a childless node whose tail
is page text.
"""

from __future__ import annotations

import re

from lxml import etree

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

Element = etree._Element


def parse_html(data: bytes, source: str) -> Document:
    text, _ = decode(data, declared_charset(data))
    root = _parse(text)
    if root is None:
        return Document(source=source, format="html", blocks=[], explicit_cells=True)
    elements = list(root.iter(etree.Element))
    meta = _meta(elements)
    _prune(elements)
    body = next(root.iter("body"), root)
    from pipelines.ocr.linked import linked_picture
    from pipelines.ocr.pictures import PictureReader
    walker = _Walker(lambda src: linked_picture(src, source, meta.get("url")), PictureReader())
    walker.walk(body)
    walker.flush()
    meta.update(walker.pictures.meta())
    heading = _heading_title(body)
    if heading:
        meta["heading"] = heading
    return Document(source=source, format="html", blocks=walker.blocks,
                    explicit_cells=True, meta=meta)


def _parse(text: str) -> Element | None:
    """The page's ``<html>`` element. Fed as text, as bs4 fed it: lxml refuses a whole
    string carrying an XML encoding declaration, which XHTML pages have."""
    parser = etree.HTMLParser(recover=True)
    parser.feed(text)
    return parser.close()


def _meta(elements: list[Element]) -> dict[str, str]:
    """What the page's ``<meta>`` tags and ``<title>`` declare (see ``Document.meta``)."""
    found: dict[str, str] = {}
    wanted = {"articletitle": "title", "og:title": "title", "pubdate": "published",
              "firstpublishedtime": "published", "contentsource": "publisher",
              "sitename": "site", "columnname": "column", "publishdate": "published"}
    for tag in (tag for tag in elements if tag.tag == "meta"):
        key = (tag.get("name") or tag.get("property") or "").strip().lower()
        value = _clean(tag.get("content") or "")
        if key in wanted and value and wanted[key] not in found:
            found[wanted[key]] = value
    title = next((tag for tag in elements if tag.tag == "title"), None)
    if "title" not in found and title is not None and len(title) == 0 and title.text:
        parts = [p for p in _TITLE_SPLIT.split(_clean(title.text)) if "报告" in p]
        if parts:
            found["page_title"] = parts[0]
    return found


def _prune(elements: list[Element]) -> None:
    """Take out, in this order, what is never content, the page's chrome, and links
    outside tables holding no table (a menu's or a list's, not the report's text)."""
    removed: set[Element] = set()  # the elements taken out so far, and all inside them
    for unwanted in (_is_never_content, _is_chrome, _is_menu_link):
        for tag in elements:
            if tag not in removed and unwanted(tag):
                removed.update(tag.iter())
                _remove(tag)


def _remove(tag: Element) -> None:
    """``tag`` and what it holds out of the tree; the text after it stays."""
    parent = tag.getparent()
    if parent is None:
        return
    if tag.tail:
        previous = tag.getprevious()
        if previous is None:
            parent.text = (parent.text or "") + tag.tail
        else:
            previous.tail = (previous.tail or "") + tag.tail
    parent.remove(tag)


def _is_never_content(tag: Element) -> bool:
    return tag.tag in _DROP_TAGS


def _is_chrome(tag: Element) -> bool:
    if tag.tag in ("html", "body", "table", "tr", "td", "th"):
        return False
    if tag.get("role") == "navigation":
        return True
    names = _class_and_id(tag)
    return bool(names.strip()) and bool(_CHROME.search(names))


def _is_menu_link(tag: Element) -> bool:
    return tag.tag == "a" and _inside(tag, "table") is None and _first_named(tag, "table") is None


def _class_and_id(tag: Element) -> str:
    return " ".join((tag.get("class") or "").split()) + " " + (tag.get("id") or "")


def _first_named(node: Element, *names: str) -> Element | None:
    return next(node.iterdescendants(*names), None)


def _inside(node: Element, name: str) -> Element | None:
    return next(node.iterancestors(name), None)


def _heading_title(body: Element) -> str | None:
    """The article's heading: the highest-level h1–h4 naming a report, else an element
    whose class or id says title (a sidebar's h3 or a column heading comes second)."""
    tags = list(body.iterdescendants(etree.Element))
    candidates = [tag for level in ("h1", "h2", "h3", "h4") for tag in tags
                  if tag.tag == level] + [
        tag for tag in tags if tag.tag in ("div", "p", "td", "span")
        and "title" in _class_and_id(tag).lower()
    ]
    for tag in candidates:
        if _inside(tag, "a") is not None or _first_named(tag, "a", "table") is not None:
            continue
        text = _clean("".join(tag.itertext()))
        if "报告" in text and len(text) <= 80:
            return text
    return None


def _clean(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


class _Walker:
    def __init__(self, picture=None, pictures=None) -> None:
        self.blocks: list[Block] = []
        self.buffer: list[str] = []
        self.tables = 0
        self.picture, self.pictures = picture, pictures  # src → bytes; their OCR reader

    def flush(self) -> None:
        line = _clean("".join(self.buffer))
        self.buffer = []
        if line:
            self.blocks.append(Block((line,)))

    def walk(self, node: Element) -> None:
        if node.text:
            self.buffer.append(node.text)
        for child in node:
            name = child.tag
            if not isinstance(name, str):  # a comment or processing instruction: no text
                pass
            elif name == "table" and _first_named(child, "table") is None:
                self.flush()
                self._table(child)
            elif name == "br":
                self.flush()
            elif name == "img" and self.picture is not None:
                self.flush()
                self._picture(child.get("src") or "")
            elif name in _BLOCK_TAGS or name == "table":
                self.flush()
                self.walk(child)
                self.flush()
            else:
                self.walk(child)
            if child.tail:
                self.buffer.append(child.tail)

    def _picture(self, src: str) -> None:
        """A table shown as a picture (a 图片版 page) is read by OCR where it stands."""
        data = self.picture(src)
        if data:
            blocks = self.pictures.blocks(data, self.tables, f"<img src=\"{src[:80]}\">")
            self.tables += len({b.table for b in blocks if b.table is not None})
            self.blocks.extend(blocks)

    def _table(self, table: Element) -> None:
        index = self.tables
        self.tables += 1
        for tr in table.iterdescendants("tr"):
            tds = [td for td in tr if td.tag in ("td", "th")]
            if tds:
                spans = tuple(_colspan(td) for td in tds)
                self.blocks.append(Block(tuple(_cell_text(td) for td in tds), table=index,
                                         spans=spans if max(spans) > 1 else ()))


_DIGITS = re.compile(r"\d+")


def _colspan(cell: Element) -> int:
    """How many columns a cell spans (browsers read ``colspan="3;"`` as 3, and 0 or junk as 1)."""
    match = _DIGITS.match((cell.get("colspan") or "").strip())
    return max(1, min(int(match.group()), 1000)) if match else 1


def _cell_text(cell: Element) -> str:
    """A cell's text: inline runs joined as they are (Word splits ``12`` into
    ``<span>1</span><span>2</span>``), block children and ``<br>`` apart."""
    parts: list[str] = []

    def visit(node: Element) -> None:
        if node.text:
            parts.append(node.text)
        for child in node:
            name = child.tag
            if not isinstance(name, str) or name == "sup":
                pass
            elif name == "br":
                parts.append(" ")
            elif name in _BLOCK_TAGS:
                parts.append(" ")
                visit(child)
                parts.append(" ")
            else:
                visit(child)
            if child.tail:
                parts.append(child.tail)

    visit(cell)
    return _clean("".join(parts))
