"""Old Word (DOC), WPS, RTF and OpenDocument (ODT) files, read through LibreOffice
when it is installed.

LibreOffice converts them to DOCX, which ``docx.py`` reads. Each conversion
runs with its own throw-away profile (two conversions at once would otherwise
fight over one) and a time limit; without LibreOffice the file is refused,
naming what is missing.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile

from .errors import UnreadableDocument

CONVERT_SECONDS = 60


def office_program() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert_to_docx(data: bytes, kind: str, time_limit: float = CONVERT_SECONDS) -> bytes:
    """The DOCX LibreOffice makes of ``data`` (``kind`` names the format, e.g. "doc")."""
    program = office_program()
    if program is None:
        raise UnreadableDocument(f"the file is {_article(kind)} {kind.upper()} document; reading it "
                                 f"needs LibreOffice (soffice), which is not installed")
    with tempfile.TemporaryDirectory(prefix="xxgk-office-") as tmp:
        source = os.path.join(tmp, f"document.{kind}")
        with open(source, "wb") as f:
            f.write(data)
        command = [program, f"-env:UserInstallation=file://{tmp}/profile", "--headless",
                   "--norestore", "--convert-to", "docx:MS Word 2007 XML", "--outdir",
                   os.path.join(tmp, "out"), source]
        try:
            subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                           timeout=time_limit, check=False)
        except subprocess.TimeoutExpired:
            raise UnreadableDocument(f"LibreOffice took more than {time_limit:g} s to convert "
                                     f"the {kind.upper()} file") from None
        produced = os.path.join(tmp, "out", "document.docx")
        if not os.path.exists(produced):
            raise UnreadableDocument(f"LibreOffice could not convert the {kind.upper()} file "
                                     f"(corrupt or not a word-processor document)")
        with open(produced, "rb") as f:
            return f.read()


def _article(kind: str) -> str:
    return "an" if kind[:1].lower() in "aeiou" else "a"
