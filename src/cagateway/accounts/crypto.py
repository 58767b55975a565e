"""Random secrets and their hashes: session ids, e-mail tokens, API tokens, public ids.

These secrets are 256-bit random values, so a plain SHA-256 is a sound way to store them (no salt or slow hash
is needed: nobody can guess the input); the database never holds one in the clear.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

__all__ = ["ALPHABET", "digest", "new_public_id", "new_secret", "same"]

ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz"  # Crockford's base32 in lower case, like the producers' public ids


def new_secret(prefix: str = "") -> str:
    """A URL-safe random secret of 256 bits, with an optional prefix (``cagw_`` marks API tokens)."""
    return prefix + secrets.token_urlsafe(32)


def digest(secret: str) -> str:
    """The SHA-256 hex digest of a secret: what the database keeps."""
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def same(left: str, right: str) -> bool:
    """Compare two secrets in constant time."""
    return hmac.compare_digest(left.encode("utf-8"), right.encode("utf-8"))


def new_public_id() -> str:
    """A user's public id: ten characters of Crockford's base32 (50 bits), random."""
    return "u" + "".join(secrets.choice(ALPHABET) for _ in range(10))
