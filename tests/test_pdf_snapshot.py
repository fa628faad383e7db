"""Every PDF under ``fixtures/`` reads into exactly the lines and cells it read before.

The PDF adapter is tuned for speed (how characters are fetched from pdfium, how lines
are grouped and cells cut); a change meant to be faster must not move one character
of one cell. ``snapshots/pdf_documents.json`` holds, for each fixture PDF, the
document the adapter made of it (its meta, and each block's table, explicit-cells
flag and cells) or the reason it was refused. A change that reads a PDF *better* is
made on purpose: rewrite the snapshot (``python tests/test_pdf_snapshot.py``) and
say in the commit which documents changed and why.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

FIXTURES = Path(__file__).resolve().parent / "fixtures"
SNAPSHOT = Path(__file__).resolve().parent / "snapshots" / "pdf_documents.json"
PDFS = sorted(FIXTURES.rglob("*.pdf"))


def read_as_snapshot(pdf: Path) -> dict:
    """What the adapter made of ``pdf``, in the snapshot's form."""
    from pipelines.documents import NeedsOcr, UnreadableDocument, parse_bytes
    try:
        document = parse_bytes(pdf.read_bytes(), pdf.name)
    except (NeedsOcr, UnreadableDocument) as error:
        return {"refused": f"{type(error).__name__}: {error}"}
    return {"meta": document.meta,
            "blocks": [[block.table, block.explicit_cells, *block.cells]
                       for block in document.blocks]}


def _key(pdf: Path) -> str:
    return pdf.relative_to(FIXTURES).as_posix()


def test_the_snapshot_covers_every_fixture_pdf():
    assert sorted(json.loads(SNAPSHOT.read_text(encoding="utf-8"))) == sorted(map(_key, PDFS))


@pytest.mark.parametrize("pdf", PDFS, ids=_key)
def test_a_fixture_pdf_reads_as_its_snapshot(pdf):
    expected = json.loads(SNAPSHOT.read_text(encoding="utf-8"))[_key(pdf)]
    read = json.loads(json.dumps(read_as_snapshot(pdf), ensure_ascii=False))
    if "blocks" in expected and "blocks" in read:
        changed = [(k, was, now) for k, (was, now) in
                   enumerate(zip(expected["blocks"], read["blocks"])) if was != now]
        assert changed[:3] == [], "blocks read differently (index, was, now)"
    assert read == expected


def write_snapshot() -> None:
    SNAPSHOT.parent.mkdir(exist_ok=True)
    snapshot = {_key(pdf): read_as_snapshot(pdf) for pdf in PDFS}
    SNAPSHOT.write_text(_one_block_a_line(snapshot), encoding="utf-8")
    print(f"wrote {SNAPSHOT} ({len(snapshot)} PDFs)")


def _one_block_a_line(snapshot: dict) -> str:
    """The snapshot as JSON with one block to a line, so that a diff shows the blocks
    that changed."""
    def compact(value) -> str:
        return json.dumps(value, ensure_ascii=False)
    parts = []
    for name, read in snapshot.items():
        if "blocks" not in read:
            parts.append(f"{compact(name)}: {compact(read)}")
            continue
        blocks = ",\n  ".join(map(compact, read["blocks"]))
        parts.append(f"{compact(name)}: {{\"meta\": {compact(read['meta'])}, "
                     f"\"blocks\": [\n  {blocks}]}}")
    return "{\n" + ",\n".join(parts) + "\n}\n"


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    write_snapshot()
