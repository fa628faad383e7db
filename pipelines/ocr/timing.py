"""A time limit for one page's OCR, checked between cells (Tesseract itself is not
interrupted: one cell takes milliseconds)."""

from __future__ import annotations

import time
from contextlib import contextmanager
from contextvars import ContextVar

_DEADLINE: ContextVar[float | None] = ContextVar("ocr_page_deadline", default=None)


class PageTooSlow(Exception):
    """The page's OCR overran its time limit."""


@contextmanager
def page_deadline(seconds: float):
    token = _DEADLINE.set(time.monotonic() + seconds)
    try:
        yield
    finally:
        _DEADLINE.reset(token)


def check_time() -> None:
    deadline = _DEADLINE.get()
    if deadline is not None and time.monotonic() > deadline:
        raise PageTooSlow
