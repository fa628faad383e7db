"""``xxgk crawl`` end to end: the summary, the extraction line, and the exit status."""

from __future__ import annotations

import re
import socket

from pipelines.cli import main


def test_crawl_of_the_sample_portal_then_extraction(tmp_path, capsys):
    status = main(["crawl", "--sample-portal", "--raw", str(tmp_path / "raw"),
                   "--reports", str(tmp_path / "reports")])
    out, err = capsys.readouterr()
    assert status == 0
    lines = out.splitlines()
    assert lines[0].split() == ["source", "found", "new", "unchanged", "duplicates", "failed",
                                "skipped", "note"]
    assert lines[2].split() == ["yueqing", "6", "6", "0", "0", "0", "2", "-"]
    assert lines[4].split() == ["tianhe", "6", "5", "0", "1", "0", "0", "-"]
    assert any("skipped" in line and "disallowed by robots.txt" in line for line in lines)
    assert lines[-1].startswith("read 19 new document(s): ")
    # the 11 inline HTML reports read ok; how PDFs and DOCX read is not this test's business
    assert int(re.search(r"(\d+) ok", lines[-1]).group(1)) >= 11
    assert "hanjiang: list page" in err  # the progress display goes to stderr
    assert len(list((tmp_path / "reports").glob("*.json"))) == 19


def test_an_invalid_registry_crawls_nothing_and_says_where(tmp_path, capsys):
    (tmp_path / "s.yaml").write_text("sources:\n  - {name: a, cms: joomla, lists: [http://x.gov.cn/]}\n",
                                     encoding="utf-8")
    assert main(["crawl", "--sources", str(tmp_path / "s.yaml"), "--raw", str(tmp_path / "raw")]) == 2
    assert "source a: field 'cms'" in capsys.readouterr().err
    assert not (tmp_path / "raw").exists()


def test_exit_status_is_1_only_when_every_source_failed(tmp_path, capsys):
    with socket.socket() as unused:
        unused.bind(("127.0.0.1", 0))
        port = unused.getsockname()[1]  # closed again below: nothing listens there
    (tmp_path / "s.yaml").write_text(
        "defaults: {allow_private: true, retries: 0, timeout: 2}\n"
        f"sources:\n  - {{name: gone, cms: generic, lists: ['http://127.0.0.1:{port}/list.html']}}\n",
        encoding="utf-8")
    status = main(["crawl", "--sources", str(tmp_path / "s.yaml"), "--raw", str(tmp_path / "raw"),
                   "--reports", str(tmp_path / "reports")])
    out = capsys.readouterr().out
    assert status == 1
    assert "source failed: no list page could be read: robots.txt could not be read (connection failed" in out
