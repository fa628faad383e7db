"""Reports per second reading text PDFs and HTML, beside a naive pdfplumber baseline.

A corpus of random reports in the official form (``--documents``, default 60)
is written as HTML laid out like a Word report (the writer of
``tests/fixtures/converted/make_fixtures.py``) and exported to PDF by
LibreOffice in one batch; it is cached in the system temp folder, so only the
first run pays for LibreOffice. Then, in this one process:

- ours: ``extract_bytes`` on every PDF, then on every HTML page;
- baseline: pdfplumber ``extract_text`` + ``extract_tables`` on every page of
  every PDF, the text read by the same reader (so accuracy compares like with like).

Printed: reports per second, the ratio to the baseline, cells right out of cells
printed, reports claiming ``ok`` with any cell wrong, and peak memory (the process
reads as one worker does; measured before the baseline imports pdfplumber).
Needs LibreOffice and fonts-noto-cjk (``make system-packages``) for the first run.
"""

from __future__ import annotations

import argparse
import gc
import importlib.util
import json
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipelines.documents.text import parse_text  # noqa: E402
from pipelines.extract import extract_bytes  # noqa: E402
from pipelines.reading import read_report  # noqa: E402

CORPUS_VERSION = 1
FONTS = ("Noto Serif CJK SC", "Noto Sans CJK SC")


def _writers():
    path = ROOT / "tests" / "fixtures" / "converted" / "make_fixtures.py"
    spec = importlib.util.spec_from_file_location("converted_make_fixtures", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def random_report(M, rng: random.Random, number: int) -> dict:
    """A report in the 2021 form whose numbers satisfy the form's arithmetic."""
    def counts(scale):
        return [rng.choice([0, 0, 0, rng.randint(1, scale)]) for _ in range(6)]

    forward = counts(5)
    earlier = [min(a, b) for a, b in zip(counts(5), forward)]  # keeps 本年新收 non-negative
    R = M.build_requests(M.ROWS21, {r: counts(rng.choice([3, 30, 300])) for r in M.ROWS21[2:-2]},
                         carried_over=earlier, carried_forward=forward)
    V = M.build_review(*(tuple(rng.randint(0, 9) for _ in range(4)) for _ in range(3)))
    P = M.pro21((0, 0, 0), (rng.randint(0, 20), rng.randint(0, 5), rng.randint(20, 90)),
                rng.randint(0, 30000), rng.randint(0, 2000), rng.randint(0, 100),
                rng.choice([0, round(rng.uniform(0, 500), 2)]))
    year = rng.randint(2021, 2024)
    agency = f"{rng.choice(['桐庐县', '德清县', '绍兴市', '拱墅区', '海宁市'])}" \
             f"{rng.choice(['人力资源和社会保障局', '统计局', '卫生健康委员会', '人民政府办公室'])}"
    style = dict(font=rng.choice(FONTS), title_pt=rng.choice([18, 20, 22]),
                 body_pt=rng.choice([12, 14, 16]), table_pt=rng.choice([9, 10, 10.5]))
    return M.assemble(
        f"r{number:03d}", "html", style, [agency, f"{year}年政府信息公开工作年度报告"], agency,
        year, "2021", P, R, V, M.ROWS21,
        M.PREAMBLE_2021 + f"本报告所列数据的统计期限自{year}年1月1日起至{year}年12月31日止。",
        [f"{year}年，{agency}认真贯彻落实《条例》，推进政府信息公开工作。"] * rng.randint(1, 6),
        ["政策解读形式有待丰富。"], ["本年度未收取信息处理费。"], agency,
        f"{year + 1}年1月20日", M.table2_2021(P, M.z0))


def corpus(size: int) -> list[tuple[Path, Path, dict]]:
    """(pdf, html, truth cells) of ``size`` reports, made once and cached."""
    folder = Path(tempfile.gettempdir()) / f"xxgk-bench-corpus-v{CORPUS_VERSION}-{size}"
    if not (folder / "truth.json").exists():
        _make_corpus(folder, size)
    truth = json.loads((folder / "truth.json").read_text(encoding="utf-8"))
    return [(folder / f"{name}.pdf", folder / f"{name}.html", cells)
            for name, cells in sorted(truth.items())]


def _make_corpus(folder: Path, size: int) -> None:
    if not shutil.which("soffice"):
        sys.exit("bench/reading.py: the corpus needs LibreOffice (run `make system-packages`)")
    M = _writers()
    rng = random.Random(2024)
    folder.mkdir(parents=True, exist_ok=True)
    truth = {}
    for number in range(size):
        report = random_report(M, rng, number)
        M.write_html(report, str(folder / f"{report['name']}.html"))
        truth[report["name"]] = report["cells"]
    print(f"making {size} PDFs with LibreOffice in {folder} ...", flush=True)
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(["soffice", f"-env:UserInstallation=file://{profile}", "--headless",
                        "--infilter=HTML (StarWriter)", "--convert-to", "pdf:writer_pdf_Export",
                        "--outdir", str(folder), *sorted(str(p) for p in folder.glob("*.html"))],
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                       timeout=1800)
    (folder / "truth.json").write_text(json.dumps(truth, ensure_ascii=False), encoding="utf-8")


def score(reports, truths) -> tuple[int, int, int]:
    """(cells right, cells printed, reports saying ok with a wrong or missing cell)."""
    right = total = wrong_ok = 0
    for report, truth in zip(reports, truths):
        cells = report.to_json_dict()["cells"]
        good = sum(1 for k, v in truth.items() if cells.get(k) == v)
        extra = sum(1 for k in cells if k not in truth)
        right += good
        total += len(truth)
        if report.status == "ok" and (good < len(truth) or extra):
            wrong_ok += 1
    return right, total, wrong_ok


def timed(read, paths):
    """The reports and the seconds reading them took, from a clean heap: garbage the other
    way left (pdfplumber leaves much) is collected before, not on this way's time."""
    gc.collect()
    started = time.perf_counter()
    reports = [read(p) for p in paths]
    return reports, time.perf_counter() - started


def interleaved(paths, block: int = 10, rounds: int = 2):
    """Baseline reports and the time of each way, reading blocks of documents both ways in
    turn, ``rounds`` times, each way's fastest round of a block kept: both see the same
    machine load, neither evicts the other's caches per file, and a stall of the machine
    in one round (a shared virtual machine has them) counts for neither."""
    reports, base_seconds, our_seconds = [], 0.0, 0.0
    for start in range(0, len(paths), block):
        some = paths[start:start + block]
        base_times, our_times = [], []
        for _ in range(rounds):
            base_reports, seconds = timed(baseline, some)
            base_times.append(seconds)
            our_times.append(timed(ours, some)[1])
        reports += base_reports
        base_seconds += min(base_times)
        our_seconds += min(our_times)
    return reports, base_seconds, our_seconds


def ours(path: Path):
    return extract_bytes(path.read_bytes(), str(path))


def baseline(path: Path):
    import pdfplumber
    with pdfplumber.open(path) as pdf:
        texts = []
        for page in pdf.pages:
            texts.append(page.extract_text() or "")
            page.extract_tables()
    return read_report(parse_text("\n".join(texts), str(path)))


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def line(name, reports, seconds, truths):
    right, total, wrong_ok = score(reports, truths)
    return (f"{name:<34} {len(reports) / seconds:8.1f} reports/s   cells {right}/{total} "
            f"({right / total:.2%})   ok-but-wrong {wrong_ok}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=60)
    args = parser.parse_args()
    docs = corpus(args.documents)
    pdfs, htmls, truths = [d[0] for d in docs], [d[1] for d in docs], [d[2] for d in docs]
    ours(pdfs[0])  # imports and first-use caches, not counted
    pdf_reports, pdf_seconds = timed(ours, pdfs)
    html_reports, html_seconds = timed(ours, htmls)
    memory = peak_mb()
    baseline(pdfs[0])
    base_reports, base_seconds, pdf_seconds_beside = interleaved(pdfs)
    print(f"reading {len(docs)} generated reports (LibreOffice PDFs of Word-like HTML)")
    print(line("text PDF, ours (pdfium)", pdf_reports, pdf_seconds, truths))
    print(line("HTML, ours", html_reports, html_seconds, truths))
    print(line("text PDF, baseline (pdfplumber)", base_reports, base_seconds, truths))
    print(f"text PDF speed-up over the baseline: {base_seconds / pdf_seconds_beside:.1f}x "
          f"(blocks of 10 documents read both ways in turn, twice; each way's faster kept)")
    print(f"peak memory reading (one worker's share): {memory:.0f} MB")


if __name__ == "__main__":
    main()
