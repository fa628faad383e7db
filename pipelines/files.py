"""Files written whole or not at all: the raw store's bytes and the report files.

A target is a local ``Path`` or a ``UPath`` on any fsspec filesystem (the raw
store may live on an object store).
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from uuid import uuid4

# Object stores whose single write makes the object appear whole or not at all.
_WHOLE_WRITES = {"memory", "s3", "s3a", "gs", "gcs", "az", "abfs", "abfss", "adl"}


def is_local(path: Path) -> bool:
    """A path on this machine's own filesystem: a plain ``Path``, or a ``UPath`` whose
    fsspec protocol is the local one (duck-typed: importing fsspec costs 80 ms)."""
    return getattr(path, "protocol", "") in ("", "file", "local")


def write_atomically(target: Path, data: bytes) -> None:
    """Write ``data`` so that ``target`` holds either its old content or all of ``data``.

    Locally: to a temporary file beside ``target``, flushed to disk, then renamed; the
    temporary file is removed when the write fails. On an object store one write is
    already whole or nothing. On other fsspec filesystems: a temporary name, then a move.
    """
    if is_local(target):
        _write_local(Path(os.fspath(target)), data)
    elif target.protocol in _WHOLE_WRITES:
        target.write_bytes(data)
    else:
        temporary = target.with_name(f".{target.name}.{uuid4().hex}.tmp")
        temporary.parent.mkdir(parents=True, exist_ok=True)
        temporary.write_bytes(data)
        temporary.fs.mv(temporary.path, target.path)


def _write_local(target: Path, data: bytes) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
