"""How much OCR one document may take: pages and seconds, set in the environment.

``XXGK_OCR_MAX_PAGES`` (default 30) pages of a document are recognised at most and
``XXGK_OCR_PAGE_SECONDS`` (default 15) seconds spent on one page; past either, the
reading stops there and the report names why in its ``problems``.
"""

from __future__ import annotations

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
    """The limits the settings give (``ocr_max_pages``, ``ocr_page_seconds``); a value that
    is not a positive number is an error that names it, not a silent default."""
    from pipelines.settings import SettingsError, load_settings

    settings = load_settings()
    if settings.ocr_page_seconds <= 0:
        raise SettingsError(f"{PAGE_SECONDS_SETTING} must be a positive number "
                            f"(it is {settings.ocr_page_seconds!r})")
    return OcrLimits(settings.ocr_max_pages, settings.ocr_page_seconds)
