"""Format adapters: bytes of a document → ``Document``."""

from __future__ import annotations

from .model import Block, Document
from .sniff import UnreadableDocument, parse_bytes

__all__ = ["Block", "Document", "UnreadableDocument", "parse_bytes"]
