"""Why a document gives no numbers: it cannot be read, or only by OCR."""

from __future__ import annotations


class UnreadableDocument(Exception):
    """The bytes are not a document this reader understands; the message says why."""


class NeedsOcr(Exception):
    """The document is pages of pictures or its text layer is unusable: only OCR can read
    it; the message says why."""
