"""How much OCR one document may take: pages and seconds, set in the environment.

``XXGK_OCR_MAX_PAGES`` (default 30) pages of a document are recognised at most and
``XXGK_OCR_PAGE_SECONDS`` (default 15) seconds spent on one page; past either, the
reading stops there and the report names why in its ``problems``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

MAX_PAGES_SETTING = "XXGK_OCR_MAX_PAGES"
PAGE_SECONDS_SETTING = "XXGK_OCR_PAGE_SECONDS"
DEFAULT_MAX_PAGES = 30
DEFAULT_PAGE_SECONDS = 15.0


class OcrUnavailable(Exception):
    """Tesseract or its Chinese data is not installed: the document stays ``needs_ocr``."""


@dataclass(frozen=True)
class OcrLimits:
    max_pages: int = DEFAULT_MAX_PAGES
    page_seconds: float = DEFAULT_PAGE_SECONDS


def ocr_limits() -> OcrLimits:
    """The limits the environment sets; a setting that is not a positive number is an error
    that names it, not a silent default."""
    return OcrLimits(_positive(MAX_PAGES_SETTING, DEFAULT_MAX_PAGES, int),
                     _positive(PAGE_SECONDS_SETTING, DEFAULT_PAGE_SECONDS, float))


def _positive(name: str, default, kind):
    setting = os.environ.get(name, "").strip()
    if not setting:
        return default
    try:
        value = kind(setting)
    except ValueError:
        value = 0
    if value <= 0:
        raise ValueError(f"{name} must be a positive {'whole ' if kind is int else ''}number "
                         f"(it is {setting!r})")
    return value
