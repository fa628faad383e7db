"""A command imports only what it uses: ``xxgk extract`` of a text file is not slowed by the
crawler, the warehouse or the adapters of formats it is not reading.

Facts about ``sys.modules`` after a real run in a fresh interpreter, not timings: an import
that creeps back (a command module importing polars at its top, an adapter imported by
the format sniffer) shows here on any machine.
"""

from __future__ import annotations

import json
import subprocess
import sys

from conftest import ROOT

FIXTURES = ROOT / "tests" / "fixtures"
TEXT_REPORT = FIXTURES / "text" / "f01_space_separated.txt"
HTML_REPORT = FIXTURES / "html" / "01_trs_county_2021.html"
PDF_REPORT = FIXTURES / "pdf" / "h02_four_digit_numbers_12pt_html.pdf"

# What the other commands and formats need, and a text report does not.
ORCHESTRATION_AND_WAREHOUSE = ("dagster", "duckdb", "polars", "pyarrow", "httpx", "protego",
                               "yaml", "pipelines.crawl", "pipelines.warehouse",
                               "pipelines.portal", "pipelines.ingest")
# What reading many documents needs (worker processes), and reading one does not; and the
# config file's parser, when there is no config file.
POOL_AND_CONFIG = ("multiprocessing", "subprocess", "pipelines.workers", "tomllib")
# OpenCC's phrase converter, for a page printed in traditional characters only.
TRADITIONAL_SCRIPT = ("opencc",)
OTHER_FORMATS = ("bs4", "lxml", "pypdfium2", "pdfplumber", "docx", "pipelines.documents.html",
                 "pipelines.documents.pdf", "pipelines.documents.docx")


def modules_after(*argv: str) -> set[str]:
    """The top-level names and ``pipelines.*`` modules imported by ``xxgk ARGV`` (run through
    ``pipelines.cli.main`` as the ``xxgk`` script runs it), and its exit status."""
    script = ("import json, sys\n"
              "from pipelines.cli import main\n"
              f"status = main({list(argv)!r})\n"
              "print(json.dumps(sorted(sys.modules)), file=sys.stderr)\n")
    run = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True,
                         text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    assert json.loads(run.stdout)["status"] in ("ok", "partial")
    names = json.loads(run.stderr.splitlines()[-1])
    return {name.split(".")[0] for name in names} | {n for n in names if n.startswith("pipelines")}


def test_extracting_a_text_report_imports_no_crawler_warehouse_or_other_format():
    imported = modules_after("extract", str(TEXT_REPORT))
    assert imported & set(ORCHESTRATION_AND_WAREHOUSE + OTHER_FORMATS + POOL_AND_CONFIG
                                + TRADITIONAL_SCRIPT) == set()
    assert "pipelines.reading" in imported  # it did read the report


def test_extracting_an_html_report_imports_the_html_adapter_and_lxml_only():
    imported = modules_after("extract", str(HTML_REPORT))
    assert "pipelines.documents.html" in imported and "lxml" in imported
    assert imported & {"bs4", "pypdfium2", "pdfplumber", "docx",
                       *ORCHESTRATION_AND_WAREHOUSE} == set()


def test_extracting_a_pdf_imports_pdfium_but_not_pdfplumber_or_the_warehouse():
    imported = modules_after("extract", str(PDF_REPORT))
    assert "pypdfium2" in imported
    assert imported & {"pdfplumber", "bs4", "docx", *ORCHESTRATION_AND_WAREHOUSE} == set()


def test_the_help_lists_every_command_without_importing_any():
    script = ("import sys\n"
              "from pipelines.cli import COMMANDS, main\n"
              "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
              "print(sorted(m for m in sys.modules if m.startswith('pipelines.commands.')))\n")
    run = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True,
                         text=True, timeout=60)
    assert run.stdout.splitlines()[-1] == "[]"
    for command in ("extract", "crawl", "sample-portal", "load", "query", "export"):
        assert f"    {command}" in run.stdout
