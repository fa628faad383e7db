"""A CJK font inside the site: Noto Sans CJK SC, cut down to the characters the site prints.

The whole font is 16 MB per weight; the site's own characters (agency and place names,
labels) are a few thousand at most, about 0.7 MB as WOFF2. The font comes from Debian's
``fonts-noto-cjk`` (installed by ``make test``), or any Noto Sans CJK file named by
``XXGK_DASHBOARD_FONT``. Without one the pages fall back to the reader's own CJK fonts
(the style sheet names the common ones) and the build says so.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTCollection, TTFont

FAMILY = "Noto Sans CJK SC"
CANDIDATES = (
    Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"),
    Path("/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc"),
    Path("/usr/share/fonts/opentype/noto/NotoSansCJKsc-Regular.otf"),
)
LICENSES = (Path("/usr/share/doc/fonts-noto-cjk/copyright"),)
# Always kept, whatever the pages print: digits, Latin letters, punctuation and the symbols
# that numbers are formatted with.
BASE_TEXT = "".join(chr(c) for c in range(0x20, 0x7F)) + "，。：；、（）《》“”—·…％‰"


def find_font() -> Path | None:
    named = os.environ.get("XXGK_DASHBOARD_FONT")
    if named:
        return Path(named) if Path(named).is_file() else None
    for path in CANDIDATES:
        if path.is_file():
            return path
    if shutil.which("fc-match"):
        found = subprocess.run(["fc-match", "-f", "%{file}", f"{FAMILY}:style=Regular"],
                               capture_output=True, text=True).stdout.strip()
        if found and FAMILY.replace(" ", "") in found.replace(" ", "") and Path(found).is_file():
            return Path(found)
    return None


def _open_sc(path: Path) -> TTFont:
    """The Simplified Chinese face of a collection, or the file's only face."""
    if path.suffix.lower() in (".ttc", ".otc"):
        for index, face in enumerate(TTCollection(str(path), lazy=True).fonts):
            if face["name"].getDebugName(1) == FAMILY:
                return TTFont(str(path), fontNumber=index)
        raise ValueError(f"{path}: no face named {FAMILY}")
    return TTFont(str(path))


def write_subset(text: str, out: Path, source: Path) -> int:
    """WOFF2 of ``source`` holding the glyphs of ``text``; returns the file's size."""
    font = _open_sc(source)
    options = subset.Options()
    options.flavor = "woff2"
    options.hinting = False
    options.layout_features = ["*"]
    options.name_IDs = ["*"]
    subsetter = subset.Subsetter(options)
    subsetter.populate(text="".join(sorted(set(text + BASE_TEXT))))
    subsetter.subset(font)
    font.flavor = "woff2"
    font.save(str(out))
    return out.stat().st_size


def license_text() -> str:
    for path in LICENSES:
        if path.is_file():
            return path.read_text(encoding="utf-8", errors="replace")
    return ("Noto Sans CJK: Copyright 2014-2021 Adobe (http://www.adobe.com/), with Reserved "
            "Font Name 'Source'. Licensed under the SIL Open Font License, Version 1.1.\n")
