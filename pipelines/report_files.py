"""The hand-over between reading and the warehouse: one JSON file per document read.

``data/reports/<sha256>.json`` holds the report as read and where its bytes came
from. The crawl's extraction step writes these files; ``xxgk load`` reads them.
A file exists only whole (written to a temporary name, then renamed), so a crash
never leaves half a report for the loader, and a document whose file exists is
not read again unless the reading code has changed since.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path

from models.report import Report
from pipelines.extract import reader_version
from pipelines.files import write_atomically


@dataclass(frozen=True)
class Provenance:
    """Where a document's bytes came from, as the crawl (or the user) knows it.

    ``agencies`` and ``region_code`` are the site registry's hints: the agency
    name(s) a source publishes for and its 6-digit 行政区划代码, which resolve
    place names the report's own agency name leaves ambiguous.
    """

    sha256: str
    url: str | None = None
    fetched_at: str | None = None  # ISO 8601, UTC
    source: str | None = None  # the site registry's name for the source
    agencies: tuple[str, ...] = ()
    region_code: str | None = None
    title: str | None = None  # the title the portal lists the document under
    published: str | None = None  # the portal's publication date, as printed

    @classmethod
    def of_file(cls, path: str | os.PathLike) -> Provenance:
        """A local document with no crawl behind it: its own path is its address."""
        data = Path(path).read_bytes()
        return cls(sha256=hashlib.sha256(data).hexdigest(), url=Path(path).resolve().as_uri())


@dataclass(frozen=True)
class ReportFile:
    """A report as stored: its JSON form (``Report.to_json_dict``), its provenance, and
    the version of the reading code that made it (``pipelines.extract.reader_version``)."""

    report: dict
    provenance: Provenance = field(repr=False)
    reader: str | None = None


def report_path(directory: Path, sha256: str) -> Path:
    return Path(directory) / f"{sha256}.json"


def write_report_file(directory: str | os.PathLike, report: Report, provenance: Provenance) -> Path:
    """Store one report atomically under its document's sha256; return its path."""
    body = {"report": report.to_json_dict(), "provenance": asdict(provenance),
            "reader": reader_version()}
    target = report_path(Path(directory), provenance.sha256)
    write_atomically(target, json.dumps(body, ensure_ascii=False).encode("utf-8"))
    return target


def read_report_files(directory: str | os.PathLike) -> Iterator[ReportFile]:
    """Every stored report, in a stable order (by sha256)."""
    for path in sorted(Path(directory).glob("*.json")):
        body = json.loads(path.read_text(encoding="utf-8"))
        provenance = body["provenance"]
        provenance["agencies"] = tuple(provenance.get("agencies") or ())
        yield ReportFile(report=body["report"], provenance=Provenance(**provenance),
                         reader=body.get("reader"))


def stored_reader(directory: str | os.PathLike, sha256: str) -> str | None:
    """The reader version of a stored report; None when there is none (or none recorded)."""
    path = report_path(Path(directory), sha256)
    if not path.exists():
        return None
    return json.loads(path.read_text(encoding="utf-8")).get("reader")
