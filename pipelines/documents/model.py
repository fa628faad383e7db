"""The seam between formats and reading: a document as lines and table rows.

Every format adapter (text, HTML, later PDF and DOCX) turns bytes into a
``Document``; the reader knows nothing else about formats.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# Between the pieces of a number a page break cut inside its cell (``50⁞80``): an adapter
# that cannot tell whether the pieces are one number marks them so, and the reader
# never reads such a cell as a value.
PAGE_CUT = "\u205e"


@dataclass(frozen=True)
class Block:
    """A line of text or a row of a table, in reading order.

    ``cells`` has one entry for a paragraph line and one per cell for a table
    row (empty strings are empty cells). ``table`` numbers the table a row
    belongs to, ``None`` for a paragraph line. ``explicit_cells`` says for this row
    what ``Document.explicit_cells`` says for all: its empty cells are real cells (a
    ruled PDF row whose column walls placed every cell). ``spans`` says, where the
    format states it (HTML ``colspan``, Word ``gridSpan``), how many columns each cell
    spans; empty when every cell spans one.
    """

    cells: tuple[str, ...]
    table: int | None = None
    explicit_cells: bool = False
    spans: tuple[int, ...] = ()
    text: str = field(init=False, repr=False, compare=False)  # the cells' text, spaced

    def __post_init__(self) -> None:
        object.__setattr__(self, "text", " ".join(c for c in self.cells if c))


@dataclass
class Document:
    """A document's content in reading order, with what its container says of it.

    ``explicit_cells`` is true when empty cells are real cells of the table
    (HTML, DOCX), false when they may be layout artefacts of a conversion to
    text (a label spanning two columns leaves an empty field behind it).
    ``meta`` holds what the container declares: ``title`` (the article title
    in metadata), ``heading`` (the article's heading), ``page_title`` (the
    browser title's report part), ``published``, ``publisher``, ``site``, ``column``
    (the CMS column), and for saved pages ``url`` and ``index_number``.
    """

    source: str
    format: str
    blocks: list[Block]
    explicit_cells: bool = False
    meta: dict[str, str] = field(default_factory=dict)


_PRODUCER_PREFIX = re.compile(r"^\s*(?:Microsoft\s+Word|WPS\s*文字|WPS)\s*[-–—:：]\s*", re.I)
_FILE_SUFFIX = re.compile(r"\.(?:docx?|wps|pdf|rtf|odt)\s*$", re.I)


def file_title(title: str) -> dict[str, str]:
    """``meta`` for the title a PDF or Word file declares in its properties.

    Offices copy it from the file it was made from, so it is often last year's: it
    is kept only as the weakest evidence (``page_title``, after the title printed on
    the page), and without what a printer driver adds (``Microsoft Word - x.docx``).
    """
    title = _FILE_SUFFIX.sub("", _PRODUCER_PREFIX.sub("", title)).strip()
    return {"page_title": title} if "报告" in title else {}
