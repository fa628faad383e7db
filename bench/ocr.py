"""OCR speed and accuracy on a generated scan corpus: printed, never asserted.

Office-made report PDFs of tests/fixtures/pdf (LibreOffice, real layouts) are turned
into scans by tests/fixtures/scans/make_scans.py (grey, turned, JPEG noise) at a few
resolutions, then read end to end (``extract_bytes``). For each: pages per second, and
of the cells the source prints, how many were read right, left out (named in the
report's problems) and read wrong (must stay 0). Figures from a shared machine are
noisy.

    .venv/bin/python bench/ocr.py [--quick]
"""

from __future__ import annotations

import importlib.util
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import pypdfium2 as pdfium  # noqa: E402

from pipelines.extract import extract_bytes  # noqa: E402

OFFICE = ROOT / "tests" / "fixtures" / "pdf"
SOURCES = ("seed_000_pdf", "seed_001_pdf", "seed_002_pdf", "seed_003_pdf", "seed_004_pdf",
           "h10_docx_to_pdf_repeated_header_14pt", "p05_table3_two_pages_header_repeated")
# Every source at 150 dpi (the commonest scan, and the hardest to read), two also at 300.
RUNS = tuple((name, {"dpi": 150, "skew": 0.8}) for name in SOURCES) + tuple(
    (name, {"dpi": 300, "skew": 1.2}) for name in SOURCES[:1] + SOURCES[5:6])


def _scans():
    spec = importlib.util.spec_from_file_location(
        "make_scans", ROOT / "tests" / "fixtures" / "scans" / "make_scans.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def main() -> None:
    quick = "--quick" in sys.argv
    make = _scans()
    runs = RUNS[:2] if quick else RUNS
    totals = {"pages": 0, "seconds": 0.0, "cells": 0, "right": 0, "wrong": 0}
    print(f"{'scan':46} {'pages/s':>7} {'right':>5} {'left out':>8} {'wrong':>5}")
    for seed, (name, setting) in enumerate(runs):
        truth = json.loads((OFFICE / f"{name}.expected.json").read_text("utf-8"))["cells"]
        data = make.scan(OFFICE / f"{name}.pdf", seed=seed, **setting)
        pages = len(pdfium.PdfDocument(data))
        start = time.perf_counter()
        report = extract_bytes(data, f"{name}@{setting['dpi']}dpi", time_limit=600)
        seconds = time.perf_counter() - start
        right = sum(1 for code, value in truth.items() if report.cells.get(code) == value)
        wrong = sum(1 for code, value in report.cells.items() if truth.get(code) != value)
        label = f"{name} at {setting['dpi']} dpi"
        print(f"{label:46} {pages / seconds:7.2f} {right:5} {len(truth) - right:8} "
              f"{wrong:5}")
        for key, value in (("pages", pages), ("seconds", seconds), ("cells", len(truth)),
                           ("right", right), ("wrong", wrong)):
            totals[key] += value
    print(f"all: {totals['pages']} pages in {totals['seconds']:.1f} s "
          f"({totals['pages'] / totals['seconds']:.2f} pages/s); cells right "
          f"{totals['right']} of {totals['cells']} "
          f"({totals['right'] / totals['seconds']:.1f} cells right per second); "
          f"wrong {totals['wrong']} (shared machine: timings are noisy)")


if __name__ == "__main__":
    main()
