"""The hand-over between reading and the warehouse: one JSON file per document read.

``data/reports/<sha256>.json`` holds the report as read and where its bytes came
from. The crawl's extraction step writes these files; ``xxgk load`` reads them.
A file exists only whole (written to a temporary name, then renamed), so a crash
never leaves half a report for the loader.

A document is read again only when its bytes or the reader version have changed
since. The raw store's catalog records each reading (document, report file,
reader version), so a night when nothing changed decides that for every
document from the catalog and one listing of the reports folder, without
opening a report file. The reader version is ``pipelines.extract.reader_version``:
a digest of the code that turns bytes into a report, the report template
(``models/``) included, so any change there re-reads everything once, and
nothing else does.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from models.report import Report
from pipelines.extract import reader_version
from pipelines.files import write_atomically

if TYPE_CHECKING:  # the crawler's imports (httpx…) are not paid by ``xxgk load``
    from pipelines.crawl.store import CatalogEntry, RawStore


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


def read_report_files(directory: str | os.PathLike,
                      only: list[Path] | None = None) -> Iterator[ReportFile]:
    """Every stored report (or those at the paths ``only``), in a stable order (by sha256)."""
    paths = Path(directory).glob("*.json") if only is None else map(Path, only)
    for path in sorted(paths, key=lambda path: path.name):
        body = json.loads(path.read_text(encoding="utf-8"))
        provenance = body["provenance"]
        provenance["agencies"] = tuple(provenance.get("agencies") or ())
        yield ReportFile(report=body["report"], provenance=Provenance(**provenance),
                         reader=body.get("reader"))


def keep_report(store: RawStore, directory: str | os.PathLike, report: Report,
                provenance: Provenance) -> Path:
    """Write the report file, then record the reading in the store's catalog; its path.
    (A crash between the two costs one file opened next night, not a reading.)"""
    target = write_report_file(directory, report, provenance)
    location = _location(target)
    store.record_reading(provenance.sha256, location, reader_version(), report.status,
                         _stamp(location))
    return target


def unread_documents(store: RawStore, entries: list[CatalogEntry],
                     directory: str | os.PathLike) -> list[CatalogEntry]:
    """The entries whose document this reader version has not read into ``directory``.

    Decided from the catalog's readings and each report file's size and mtime (one
    ``stat``, no file opened). A report file that is missing is read again; one that
    changed since its reading was recorded, or that the catalog holds no reading for
    (written before the catalog kept them, or by another process), is opened, and
    its reading adopted if its reader is the current one.
    """
    reader = reader_version()
    folder = Path(directory).resolve()
    done = store.readings_by(reader)
    unread = []
    for entry in entries:
        location = os.path.join(folder, f"{entry.sha256}.json")
        stamp = _stamp(location)
        if stamp is None:
            unread.append(entry)
        elif done.get((entry.sha256, location)) != stamp \
                and not _adopted(store, entry.sha256, location, reader, stamp):
            unread.append(entry)
    return unread


def _adopted(store: RawStore, sha256: str, location: str, reader: str, stamp: str) -> bool:
    """Record the reading of an existing report file made by ``reader``; whether it was."""
    body = json.loads(Path(location).read_text(encoding="utf-8"))
    if body.get("reader") != reader:
        return False
    store.record_reading(sha256, location, reader, body["report"].get("status"), stamp)
    return True


def _location(path: Path) -> str:
    return os.path.join(Path(path).parent.resolve(), path.name)


def _stamp(location: str) -> str | None:
    """The report file's size and modification time, or None when there is no file."""
    try:
        status = os.stat(location)
    except FileNotFoundError:
        return None
    return f"{status.st_size}:{status.st_mtime_ns}"


def stored_reader(directory: str | os.PathLike, sha256: str) -> str | None:
    """The reader version of a stored report; None when there is none (or none recorded)."""
    path = report_path(Path(directory), sha256)
    if not path.exists():
        return None
    return json.loads(path.read_text(encoding="utf-8")).get("reader")
