"""Format adapters: bytes of a document → ``Document``."""

from __future__ import annotations

from .model import Block, Document
from .errors import NeedsOcr, UnreadableDocument
from .sniff import parse_bytes

__all__ = ["Block", "Document", "NeedsOcr", "UnreadableDocument", "parse_bytes"]
