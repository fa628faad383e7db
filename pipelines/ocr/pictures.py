"""Tables pasted as pictures into a Word file or a web page, read where they stand.

An office that pastes table 三 as a screenshot leaves the reader a paragraph with a
picture in it. ``PictureReader`` is handed each picture in document order by the DOCX
and HTML adapters; a picture with a ruled table (a logo, a seal or a photo has none)
is read as a scanned page is (``page.read_page``), its rows given table numbers after
the document's own tables, and the document's ``meta`` says which tables OCR read
(``reading.OCR_TABLES``) so that only those are held to the arithmetic. The same
limits hold as for a scan: ``XXGK_OCR_MAX_PAGES`` pictures, ``XXGK_OCR_PAGE_SECONDS``
each. Without Tesseract, the pictures are passed over and the report says so.
"""

from __future__ import annotations

import io
import warnings

from PIL import Image, UnidentifiedImageError

from pipelines.documents.model import Block

from .engine import tessdata
from .grid import rule_ink, straighten, tables
from .limits import OcrLimits, OcrUnavailable, ocr_limits
from .page import read_page
from .reading import OCR_TABLES
from .timing import PageTooSlow, page_deadline

_MIN_SIDE = 120  # pixels: smaller pictures are icons, never a table
_MAX_PIXELS = 40_000_000


class PictureReader:
    def __init__(self, limits: OcrLimits | None = None) -> None:
        self.limits = limits
        self.read = 0
        self.tables: list[int] = []
        self.problems: list[str] = []

    def blocks(self, data: bytes, first_table: int, where: str) -> list[Block]:
        """The rows of the tables a picture holds (and its text lines), numbered from
        ``first_table``; none for a picture without a ruled table."""
        picture = _open(data)
        if picture is None or not _has_table(picture):
            return []
        try:
            tessdata()
            self.limits = self.limits or ocr_limits()
        except OcrUnavailable as error:
            self._once(f"a table pasted as a picture ({where}) is not read: {error}")
            return []
        if self.read >= self.limits.max_pages:
            self._once(f"OCR read {self.limits.max_pages} pictures (XXGK_OCR_MAX_PAGES); "
                       f"the tables in later pictures were not read")
            return []
        self.read += 1
        try:
            with page_deadline(self.limits.page_seconds):
                reading = read_page(picture)
        except PageTooSlow:
            self.problems.append(f"OCR of the picture {where} took more than "
                                 f"{self.limits.page_seconds:g} s (XXGK_OCR_PAGE_SECONDS): "
                                 f"not read")
            return []
        numbers = {n: first_table + i
                   for i, n in enumerate(sorted({r.table for r in reading.rows
                                                 if r.table is not None}))}
        self.tables.extend(numbers.values())
        return [Block(r.cells) if r.table is None else Block(r.cells, numbers[r.table], True)
                for r in reading.rows]

    def meta(self) -> dict[str, str]:
        out = {}
        if self.tables:
            out[OCR_TABLES] = " ".join(str(t) for t in self.tables)
        if self.problems:
            out["ocr_problems"] = "; ".join(self.problems)
        return out

    def _once(self, problem: str) -> None:
        if problem not in self.problems:
            self.problems.append(problem)


def _open(data: bytes) -> Image.Image | None:
    """The picture in grey, or None for what Pillow cannot open (EMF, WMF, SVG)."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            picture = Image.open(io.BytesIO(data))
            if picture.width * picture.height > _MAX_PIXELS:
                return None
            picture.load()
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError, ValueError):
        return None
    if min(picture.size) < _MIN_SIDE:
        return None
    if picture.mode in ("RGBA", "LA", "P"):
        background = Image.new("RGB", picture.size, "white")
        background.paste(picture.convert("RGBA"), mask=picture.convert("RGBA"))
        picture = background
    return picture.convert("L")


def _has_table(picture: Image.Image) -> bool:
    page, _ = straighten(picture)
    return any(len(table.rows) >= 3 for table in tables(rule_ink(page)))


_BLIP = "{http://schemas.openxmlformats.org/drawingml/2006/main}blip"
_VML_IMAGE = "{urn:schemas-microsoft-com:vml}imagedata"
_R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"


def word_pictures(paragraph, parts: dict) -> list[bytes]:
    """The bytes of the pictures a Word paragraph shows (DrawingML and old VML ones), from
    the document part's relationships ``parts`` (rId → part)."""
    ids = [b.get(_R + "embed") for b in paragraph.iter(_BLIP)]
    ids += [v.get(_R + "id") for v in paragraph.iter(_VML_IMAGE)]
    return [parts[i].blob for i in ids if i in parts and hasattr(parts[i], "blob")]
