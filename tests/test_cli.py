"""``xxgk extract``: one JSON object per document, in input order; bad input fails alone."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from conftest import ROOT, SHARED


def xxgk(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pipelines.cli", *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)


def seed(n: int) -> str:
    return str(sorted((SHARED / "seeds").glob("*.txt"))[n])


def test_json_lines_in_input_order_and_exit_zero(seeds_dir):
    run = xxgk("extract", seed(4), seed(0))
    assert run.returncode == 0, run.stderr
    lines = [json.loads(line) for line in run.stdout.splitlines()]
    assert [r["agency"] for r in lines] == ["乐清市人民政府办公室", "乐清市人力资源和社会保障局"]
    assert lines[0]["cells"]["requests.new_received.natural_person"] == 68
    assert {"source", "status", "template", "agency", "year", "cells", "checks", "problems"} <= set(lines[0])
    assert lines[0]["checks"][0] == {"rule": "balance.natural_person", "passed": True,
                                     "detail": "68 + 0 = 67 + 1"}


def test_bad_inputs_fail_one_by_one_while_the_others_are_read(seeds_dir, tmp_path):
    empty = tmp_path / "empty.html"
    empty.write_bytes(b"")
    garbage = tmp_path / "garbage.txt"
    garbage.write_bytes(bytes(range(256)) * 64)
    huge = tmp_path / "huge.html"
    with open(huge, "wb") as f:
        f.truncate(60 * 1024 * 1024)
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    paths = [str(tmp_path / "missing.txt"), str(empty), seed(2), str(garbage), str(tmp_path),
             str(huge), str(pdf)]
    run = xxgk("extract", *paths)
    assert run.returncode == 1
    lines = [json.loads(line) for line in run.stdout.splitlines()]
    assert [r["source"] for r in lines] == paths
    assert [r["status"] for r in lines] == ["failed", "failed", "ok", "failed", "failed",
                                            "failed", "failed"]
    reasons = [r["problems"][0] for r in lines if r["status"] == "failed"]
    assert reasons[0] == "no such file"
    assert reasons[1] == "the file is empty"
    assert "binary" in reasons[2]
    assert "directory" in reasons[3]
    assert "too large" in reasons[4]
    assert "PDF" in reasons[5]
    assert all("\n" not in reason for reason in reasons)


def test_pretty_output_is_indented_json(seeds_dir):
    run = xxgk("extract", "--pretty", seed(1))
    assert run.returncode == 0
    report = json.loads(run.stdout)
    assert report["agency"] == "莆田市涵江区人力资源和社会保障局"
    assert run.stdout.startswith("{\n  ")


def test_table_summarises_status_and_checks(seeds_dir):
    run = xxgk("extract", "--table", seed(3))
    assert run.returncode == 0
    row = run.stdout.splitlines()[2]
    # 42 template rules and 2 narrative ones (未引发行政复议和行政诉讼: review and litigation 0)
    assert "达州市人力资源和社会保障局" in row and "ok" in row and "44/44 passed" in row


def test_a_text_file_cut_in_the_middle_of_a_character_is_still_read(seeds_dir, tmp_path):
    data = open(seed(0), "rb").read() + "报".encode()[:2]
    cut = tmp_path / "cut.txt"
    cut.write_bytes(data)
    run = xxgk("extract", str(cut))
    assert json.loads(run.stdout)["status"] == "ok"


def test_workers_are_set_by_option_or_environment_and_a_bad_setting_is_refused(seeds_dir):
    run = xxgk("extract", "--workers", "2", seed(0), seed(1), seed(2))
    assert run.returncode == 0, run.stderr
    assert len(run.stdout.splitlines()) == 3
    refused = xxgk("extract", "--workers", "0", seed(0))
    assert refused.returncode == 2 and "at least 1" in refused.stderr
    env = dict(os.environ, XXGK_WORKERS="many")
    bad = subprocess.run([sys.executable, "-m", "pipelines.cli", "extract", seed(0), seed(1)],
                         cwd=ROOT, capture_output=True, text=True, timeout=120, env=env)
    assert bad.returncode == 2
    assert bad.stderr.strip() == ("xxgk extract: XXGK_WORKERS must be a whole number of "
                                  "processes, at least 1 (it is 'many')")
