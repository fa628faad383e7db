"""Reports per second reading text PDFs and HTML, beside a naive pdfplumber baseline.

A corpus of random reports in the official form (``--documents``, default 60)
is written as HTML laid out like a Word report (the writer of
``tests/fixtures/converted/make_fixtures.py``) and exported to PDF by
LibreOffice in one batch; it is cached in the system temp folder, so only the
first run pays for LibreOffice. Then:

- in this process: ``extract_bytes`` on every PDF, then on every HTML page (what one
  worker does, imports not counted), and peak memory;
- whole processes, as a user runs them, start-up included, in turn (A B C A B C ...,
  ``--rounds`` times, so a slow minute of a shared machine falls on each): the naive
  baseline (this script with ``--naive PDF...``: pdfplumber ``extract_text`` +
  ``extract_tables`` on every page, the text read by the same reader, so accuracy
  compares like with like) and ``xxgk extract --workers 1`` and ``--workers N`` (N the
  cores) on the same PDFs; the ratio is taken round by round;
- ``xxgk extract`` of every document with 1, 2 and N workers;
- the start-up: ``xxgk extract`` of one small text report, whole process.

Printed, never asserted: reports per second, the ratio to the baseline, cells right out
of cells printed, reports claiming ``ok`` with any cell wrong. ``XXGK_WORKERS`` narrows N.
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
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipelines.documents.text import parse_text  # noqa: E402
from pipelines.extract import default_workers, extract_bytes  # noqa: E402
from pipelines.reading import read_report  # noqa: E402

CORPUS_VERSION = 1
FONTS = ("Noto Serif CJK SC", "Noto Sans CJK SC")
TEXT_REPORT = ROOT / "tests" / "fixtures" / "text" / "f01_space_separated.txt"


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
    return score_dicts([report.to_json_dict() for report in reports], truths)


def score_dicts(reports: list[dict], truths) -> tuple[int, int, int]:
    right = total = wrong_ok = 0
    for report, truth in zip(reports, truths):
        cells = report["cells"]
        good = sum(1 for k, v in truth.items() if cells.get(k) == v)
        extra = sum(1 for k in cells if k not in truth)
        right += good
        total += len(truth)
        if report["status"] == "ok" and (good < len(truth) or extra):
            wrong_ok += 1
    return right, total, wrong_ok


def timed(read, paths):
    """The reports and the seconds reading them took, from a clean heap."""
    gc.collect()
    started = time.perf_counter()
    reports = [read(p) for p in paths]
    return reports, time.perf_counter() - started


def run_seconds(command: list[str]) -> tuple[float, list[dict]]:
    """Wall seconds of a whole process, as a user runs it (start-up included), and the
    reports it printed (one JSON object per line)."""
    seconds, _, reports = run_timed(command)
    return seconds, reports


def run_timed(command: list[str]) -> tuple[float, float, list[dict]]:
    """Wall seconds and CPU seconds (user + system, of the process and every worker it
    waited for) of a whole process, and the reports it printed. CPU seconds are what one
    core does: the other jobs of a shared machine and a second core's help leave them be."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    run = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=3600)
    seconds = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if run.returncode not in (0, 1):  # 1: some document failed, still a full run
        sys.exit(f"bench/reading.py: {' '.join(command[:4])} ... exited {run.returncode}: "
                 f"{run.stderr[-500:]}")
    return seconds, cpu, [json.loads(line) for line in run.stdout.splitlines()]


def xxgk_extract(paths, workers: int) -> list[str]:
    return [sys.executable, "-m", "pipelines.cli", "extract", "--workers", str(workers),
            *map(str, paths)]


def naive_pdfplumber(paths) -> list[str]:
    return [sys.executable, str(Path(__file__).resolve()), "--naive", *map(str, paths)]


def paired(commands: dict[str, list[str]], rounds: int,
           cpu: dict[str, list[float]] | None = None) -> dict[str, tuple[list[float], list]]:
    """Each command run ``rounds`` times, in turn (A B C A B C ...), so a slow minute of a
    shared machine falls on all of them: each one's wall seconds per round and its reports
    (and, into ``cpu`` if given, its CPU seconds per round)."""
    results = {name: ([], []) for name in commands}
    for _ in range(rounds):
        for name, command in commands.items():
            seconds, cpu_seconds, reports = run_timed(command)
            results[name][0].append(seconds)
            results[name] = (results[name][0], reports)
            if cpu is not None:
                cpu.setdefault(name, []).append(cpu_seconds)
    return results


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
    parser.add_argument("--rounds", type=int, default=3,
                        help="whole-process runs of each command, in turn (default 3)")
    parser.add_argument("--naive", nargs="+", metavar="PDF",
                        help="be the baseline: read these PDFs the naive way, print JSON lines")
    args = parser.parse_args()
    if args.naive:
        for path in args.naive:
            print(json.dumps(baseline(Path(path)).to_json_dict(), ensure_ascii=False))
        return
    docs = corpus(args.documents)
    pdfs, htmls, truths = [d[0] for d in docs], [d[1] for d in docs], [d[2] for d in docs]
    print(f"reading {len(docs)} generated reports (LibreOffice PDFs of Word-like HTML)")
    in_one_process(pdfs, htmls, truths)
    whole_process(pdfs, truths, args.rounds)
    per_workers(pdfs + htmls, args.rounds)
    start_up()


def in_one_process(pdfs, htmls, truths) -> None:
    ours(pdfs[0])  # imports and first-use caches, not counted
    ours(htmls[0])
    pdf_reports, pdf_seconds = timed(ours, pdfs)
    html_reports, html_seconds = timed(ours, htmls)
    print("in one process (what one worker does; imports not counted):")
    print(line("  text PDF, ours (pdfium)", pdf_reports, pdf_seconds, truths))
    print(line("  HTML, ours (lxml)", html_reports, html_seconds, truths))
    print(f"  peak memory reading (one worker's share): {peak_mb():.0f} MB")


def whole_process(pdfs, truths, rounds: int) -> None:
    """``xxgk extract`` against a naive pdfplumber script on the same PDFs, whole processes
    in turn: what the PDF reading target (8x) is measured by."""
    workers = default_workers()
    commands = {"naive": naive_pdfplumber(pdfs), "ours 1": xxgk_extract(pdfs, 1)}
    if workers > 1:
        commands[f"ours {workers}"] = xxgk_extract(pdfs, workers)
    cpu: dict[str, list[float]] = {}
    results = paired(commands, rounds, cpu)
    base_times, base_reports = results.pop("naive")
    print(f"whole process, {len(pdfs)} text PDFs, start-up included ({rounds} rounds in turn; "
          f"median round, and the median of the per-round ratios):")
    print(process_line("  naive pdfplumber, one process", base_reports, base_times, truths))
    for name, (times, reports) in results.items():
        label = f"  xxgk extract --workers {name.split()[1]}"
        ratios = [b / t for b, t in zip(base_times, times)]
        print(process_line(label, reports, times, truths)
              + f"   {statistics.median(ratios):.1f}x the baseline "
                f"({min(ratios):.1f}-{max(ratios):.1f})")
    print("  CPU seconds (user + system, workers included: what one core does), median round:")
    for name, seconds in cpu.items():
        ratios = [b / t for b, t in zip(cpu["naive"], seconds)]
        print(f"    {name:<8} {statistics.median(seconds):6.2f} s   "
              + ("" if name == "naive" else f"{statistics.median(ratios):.1f}x the baseline "
                 f"({min(ratios):.1f}-{max(ratios):.1f})"))


def per_workers(paths, rounds: int) -> None:
    counts = sorted({1, 2, default_workers()})
    results = paired({f"{n}": xxgk_extract(paths, n) for n in counts}, rounds)
    print(f"xxgk extract of all {len(paths)} documents (PDF and HTML), by workers "
          f"(this machine: {default_workers()} cores for this process; median of {rounds}):")
    for n, (times, _) in results.items():
        print(f"  --workers {n:<3} {len(paths) / statistics.median(times):8.1f} reports/s")


def start_up() -> None:
    """One small text report, whole process: what a cron job calling xxgk per file pays."""
    command = [sys.executable, "-m", "pipelines.cli", "extract", str(TEXT_REPORT)]
    times = sorted(run_seconds(command)[0] for _ in range(11))
    print(f"start-up: xxgk extract of one text report ({TEXT_REPORT.stat().st_size:,} bytes), "
          f"whole process: median {statistics.median(times):.3f} s (min {times[0]:.3f}, "
          f"11 runs)")


def process_line(name, reports, times, truths) -> str:
    right, total, wrong_ok = score_dicts(reports, truths)
    return (f"{name:<34} {len(reports) / statistics.median(times):8.1f} reports/s   "
            f"cells {right}/{total} ({right / total:.2%})   ok-but-wrong {wrong_ok}")


if __name__ == "__main__":
    main()
