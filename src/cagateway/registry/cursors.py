"""Opaque page cursors: ``kind:number``, URL-safe base64 without padding.

Every paginated answer (producer lists, the change feed, search pages) hands out the same kind of cursor, each
with its own ``kind`` so a cursor of one cannot be replayed against another.
"""

from __future__ import annotations

import base64
import binascii

__all__ = ["decode_cursor", "encode_cursor"]


def encode_cursor(kind: str, value: int) -> str:
    """The cursor standing for ``value`` (a position, an id or an offset) of this ``kind``."""
    return base64.urlsafe_b64encode(f"{kind}:{value}".encode()).decode().rstrip("=")


def decode_cursor(cursor: str, kind: str) -> int | None:
    """The number a cursor of ``kind`` stands for, or None when ``cursor`` is not one (the caller says why)."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        found, value = raw.split(":", 1)
    except (ValueError, binascii.Error, UnicodeDecodeError):
        return None
    return int(value) if found == kind and value.isdigit() else None
