"""Stable public ids of producers: short, URL-safe, random, never reused.

Ten characters of Crockford's base32 (no i, l, o, u) in lower case: 50 bits, so collisions are rare and
caught by the unique constraint. Rows are soft-deleted, never removed, so an id is never handed out twice.
"""

from __future__ import annotations

import random
import secrets

__all__ = ["ALPHABET", "LENGTH", "is_public_id", "new_public_id"]

ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz"
LENGTH = 10


def new_public_id(rng: random.Random | None = None) -> str:
    """A new public id; pass ``rng`` for reproducible demo data, else the system's CSPRNG is used."""
    if rng is None:
        return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))
    choice = rng.choice  # the same draws as before (demo data stay reproducible), without a generator
    return "".join([choice(ALPHABET) for _ in range(LENGTH)])


def is_public_id(value: str) -> bool:
    return len(value) == LENGTH and all(ch in ALPHABET for ch in value)
