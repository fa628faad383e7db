"""OCR of reports that print their tables as pictures: scans, 图片版 pages, pasted tables.

Tesseract (Debian's ``chi_sim`` data, through tesserocr) reads each cell that the
picture's own table rules cut out; the reader then reads the result as it reads any
document, and ``confirm`` keeps only the rows the form's arithmetic confirms.
"""

from .limits import OcrLimits, OcrUnavailable, ocr_limits

__all__ = ["OcrLimits", "OcrUnavailable", "ocr_limits"]
