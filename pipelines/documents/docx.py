"""Word reports (DOCX): paragraphs and table rows in document order.

Cells are given as Word prints them, as the HTML adapter gives them: a cell
merged across columns (``gridSpan``) once, with its span, a cell merged down rows
(``vMerge``) only in its first row, empty cells as real empty cells. Content
controls (``w:sdt``) and nested tables are walked into; a table inside a cell
is read as its own table (layout tables hold the real ones). A table pasted as a
picture is read by OCR where it stands (``pipelines.ocr.pictures``).
"""

from __future__ import annotations

import io
import re
import zipfile

from docx import Document as open_docx
from docx.oxml.ns import qn

from .errors import UnreadableDocument
from .model import Block, Document, file_title

_SPACE = re.compile(r"[\s\u00a0\u3000\u200b\ufeff]+")
_P, _TBL, _SDT, _TR, _TC = qn("w:p"), qn("w:tbl"), qn("w:sdt"), qn("w:tr"), qn("w:tc")
_SDT_CONTENT, _T, _TAB, _BR = qn("w:sdtContent"), qn("w:t"), qn("w:tab"), qn("w:br")
_VMERGE, _TCPR, _VAL, _GRID_SPAN = qn("w:vMerge"), qn("w:tcPr"), qn("w:val"), qn("w:gridSpan")
_TXBX = qn("w:txbxContent")
_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"


def is_docx(data: bytes) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return "word/document.xml" in archive.namelist()
    except zipfile.BadZipFile:
        return False


def parse_docx(data: bytes, source: str) -> Document:
    try:
        word = open_docx(io.BytesIO(data))
    except Exception as error:  # noqa: BLE001 - python-docx raises many kinds for bad files
        raise UnreadableDocument(f"the DOCX file is corrupt: {type(error).__name__}: {error}") \
            from None
    from pipelines.ocr.pictures import PictureReader
    walker = _Walker(PictureReader(), word.part.related_parts)
    walker.walk(word.element.body)
    return Document(source=source, format="docx", blocks=walker.blocks, explicit_cells=True,
                    meta={**file_title(word.core_properties.title or ""),
                          **walker.pictures.meta()})


def _clean(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


class _Walker:
    def __init__(self, pictures=None, parts: dict | None = None) -> None:
        self.blocks: list[Block] = []
        self.tables = 0
        self.pictures, self.parts = pictures, parts or {}

    def walk(self, element) -> None:
        for child in element:
            if child.tag == _P:
                text = _clean(_paragraph_text(child))
                if text:
                    self.blocks.append(Block((text,)))
                self._pictures(child)
                for box in _text_boxes(child):
                    self.walk(box)
            elif child.tag == _TBL:
                self._table(child)
            elif child.tag in (_SDT, _SDT_CONTENT):
                self.walk(child)

    def _pictures(self, paragraph) -> None:
        """A table pasted as a picture is read by OCR where it stands (``pipelines.ocr``)."""
        from pipelines.ocr.pictures import word_pictures
        for data in word_pictures(paragraph, self.parts):
            blocks = self.pictures.blocks(data, self.tables, "in the Word file")
            self.tables += len({b.table for b in blocks if b.table is not None})
            self.blocks.extend(blocks)

    def _table(self, table) -> None:
        rows = _rows(table)
        if table.find(".//" + _TBL) is not None:
            for row in rows:
                for cell in _cells(row):
                    self.walk(cell)
            return
        index = self.tables
        self.tables += 1
        for row in rows:
            tcs = [tc for tc in _cells(row) if not _continues_merge(tc)]
            if tcs:
                spans = tuple(_grid_span(tc) for tc in tcs)
                self.blocks.append(Block(tuple(_cell_text(tc) for tc in tcs), table=index,
                                         spans=spans if max(spans) > 1 else ()))


def _rows(table) -> list:
    """The table's own rows (content controls may wrap them), not those of tables inside."""
    return table.findall(_TR) + table.findall(f"{_SDT}/{_SDT_CONTENT}/{_TR}")


def _cells(row) -> list:
    return row.findall(_TC) + row.findall(f"{_SDT}/{_SDT_CONTENT}/{_TC}")


def _continues_merge(tc) -> bool:
    """A cell under a vertically merged one: Word prints nothing there."""
    props = tc.find(_TCPR)
    merge = props.find(_VMERGE) if props is not None else None
    return merge is not None and merge.get(_VAL) in (None, "continue")


def _grid_span(tc) -> int:
    """How many of the table's grid columns a cell spans (``w:gridSpan``, 1 without)."""
    props = tc.find(_TCPR)
    span = props.find(_GRID_SPAN) if props is not None else None
    value = span.get(_VAL) if span is not None else None
    return max(1, min(int(value), 1000)) if value and value.isdigit() else 1


def _cell_text(tc) -> str:
    return _clean(" ".join(_paragraph_text(p) for p in tc.iter(_P)
                           if not _inside(p, (_TXBX, _FALLBACK), tc)))


def _paragraph_text(paragraph) -> str:
    """A paragraph's printed text, tabs and breaks as spaces. (Deleted runs of unaccepted
    tracked changes are ``w:delText``, footnote marks have no ``w:t``: neither is taken.
    Text boxes anchored in it are read apart, and only once: Word stores each twice,
    the second time as a fallback for old readers.)"""
    parts = []

    def visit(node) -> None:
        for child in node:
            if child.tag in (_TXBX, _FALLBACK):
                continue
            if child.tag == _T:
                parts.append(child.text or "")
            elif child.tag in (_TAB, _BR):
                parts.append(" ")
            else:
                visit(child)

    visit(paragraph)
    return "".join(parts)


def _text_boxes(paragraph) -> list:
    return [box for box in paragraph.iter(_TXBX) if not _inside(box, (_FALLBACK,), paragraph)]


def _inside(node, tags: tuple[str, ...], stop) -> bool:
    parent = node.getparent()
    while parent is not None and parent is not stop:
        if parent.tag in tags:
            return True
        parent = parent.getparent()
    return False
