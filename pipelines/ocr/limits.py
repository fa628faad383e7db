"""How much OCR one document may take: pages and seconds, the settings ``ocr_max_pages``
and ``ocr_page_seconds`` (``XXGK_OCR_MAX_PAGES``, ``XXGK_OCR_PAGE_SECONDS``; defaults in
``pipelines.settings``). Past either, the reading stops there and the report names why in
its ``problems``.
"""

from __future__ import annotations

from dataclasses import dataclass

class OcrUnavailable(Exception):
    """Tesseract or its Chinese data is not installed: the document stays ``needs_ocr``."""


@dataclass(frozen=True)
class OcrLimits:
    max_pages: int
    page_seconds: float


def ocr_limits() -> OcrLimits:
    """The limits the settings give (``ocr_max_pages``, ``ocr_page_seconds``); a value that
    is not a positive number is an error that names it, not a silent default."""
    from pipelines.settings import BY_NAME, SettingsError, load_settings

    settings = load_settings()
    if settings.ocr_page_seconds <= 0:
        raise SettingsError(f"{BY_NAME['ocr_page_seconds'].variable} must be a positive number "
                            f"(it is {settings.ocr_page_seconds!r})")
    return OcrLimits(settings.ocr_max_pages, settings.ocr_page_seconds)
