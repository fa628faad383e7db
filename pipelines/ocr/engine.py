"""Tesseract, with the language data Debian's packages ship, through tesserocr.

Two recognisers stay loaded for a process: Chinese (``chi_sim``) for labels and the
page's text, and a digits-only one (``eng`` restricted to digits, single line) for
the numbers of a cell. Each result carries Tesseract's word confidences (0–100);
the caller decides what is sure enough.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from PIL import Image

from .limits import OcrUnavailable

# Where Debian (tesseract-ocr-chi-sim, tesseract-ocr-eng) and other systems put the data.
_TESSDATA_DIRS = ("/usr/share/tesseract-ocr/5/tessdata", "/usr/share/tesseract-ocr/4.00/tessdata",
                  "/usr/share/tessdata", "/usr/local/share/tessdata")
_LANGUAGES = ("chi_sim", "eng")
# Tesseract spaces Chinese characters apart, and figures from the characters around them
# (``2021 年``); a report prints no space there.
_CJK_SPACE = re.compile(r"(?<=[\u3000-\u9fff\uff00-\uffef])\s+(?=[\u3000-\u9fff\uff00-\uffef\d])"
                        r"|(?<=\d)\s+(?=[\u3000-\u9fff\uff00-\uffef])")
DIGITS = "0123456789.,-"


@dataclass(frozen=True)
class Reading:
    """What Tesseract read in one picture, and its least word confidence (0 if none)."""

    text: str
    confidence: float


def tessdata() -> str:
    """The folder holding ``chi_sim.traineddata`` and ``eng.traineddata``; ``TESSDATA_PREFIX``
    first, as Tesseract itself looks."""
    candidates = [os.environ.get("TESSDATA_PREFIX", ""), *_TESSDATA_DIRS]
    for folder in filter(None, candidates):
        if all((Path(folder) / f"{lang}.traineddata").is_file() for lang in _LANGUAGES):
            return folder
    raise OcrUnavailable("Tesseract's Chinese data is not installed (Debian: apt-get install "
                         "tesseract-ocr tesseract-ocr-chi-sim)")


@cache
def _api(kind: str):
    try:
        import tesserocr
    except ImportError as error:
        raise OcrUnavailable(f"the tesserocr package is missing ({error})") from None
    if kind == "digits":
        api = tesserocr.PyTessBaseAPI(path=tessdata() + "/", lang="eng",
                                      psm=tesserocr.PSM.SINGLE_LINE)
        api.SetVariable("tessedit_char_whitelist", DIGITS)
    elif kind == "label":
        api = tesserocr.PyTessBaseAPI(path=tessdata() + "/", lang="chi_sim",
                                      psm=tesserocr.PSM.SINGLE_BLOCK)
    else:
        api = tesserocr.PyTessBaseAPI(path=tessdata() + "/", lang="chi_sim",
                                      psm=tesserocr.PSM.AUTO)
    return api


def read_digits(picture: Image.Image) -> Reading:
    api = _api("digits")
    api.SetImage(picture)
    text = api.GetUTF8Text().strip()
    confidences = api.AllWordConfidences()
    return Reading(text.replace(" ", ""), min(confidences) if confidences and text else 0.0)


def read_label(picture: Image.Image) -> Reading:
    api = _api("label")
    api.SetImage(picture)
    text = api.GetUTF8Text()
    confidences = api.AllWordConfidences()
    return Reading(_tidy(text), min(confidences) if confidences else 0.0)


def read_lines(picture: Image.Image) -> list[tuple[int, int, str]]:
    """The text lines of a page picture: (top, bottom, text), top to bottom."""
    import tesserocr
    api = _api("page")
    api.SetImage(picture)
    api.Recognize()
    out = []
    iterator = api.GetIterator()
    level = tesserocr.RIL.TEXTLINE
    for line in tesserocr.iterate_level(iterator, level):
        try:
            text = line.GetUTF8Text(level)
        except RuntimeError:  # a line of only graphics
            continue
        box = line.BoundingBox(level)
        if text and text.strip() and box:
            out.append((box[1], box[3], _tidy(text)))
    return out


def _tidy(text: str) -> str:
    """Tesseract puts spaces between Chinese characters; a report prints none."""
    return _CJK_SPACE.sub("", " ".join(line.strip() for line in text.splitlines() if line.strip()))
