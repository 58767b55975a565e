"""Conditional GETs: an ``ETag`` on every cacheable answer and ``304 Not Modified`` for a matching
``If-None-Match``, so mirrors and browsers re-download only what changed.

Two kinds of validator: a producer's detail uses its version (strong, ``"3"``: the same tag ``If-Match`` takes
for updates); lists and counts use a hash of the body (weak, ``W/"…"``: equal content, not equal bytes).
Counts that take a scan are cached per registry revision in :mod:`cagateway.web.api.browse`.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from fastapi import Request
from fastapi.responses import JSONResponse, Response

__all__ = ["body_etag", "conditional_json", "matches"]


def body_etag(body: Any) -> str:
    """A weak validator for a JSON body: the hash of its canonical form."""
    canonical = json.dumps(body, sort_keys=True, ensure_ascii=False, default=str).encode()
    return f'W/"{hashlib.blake2b(canonical, digest_size=12).hexdigest()}"'


def _opaque(tag: str) -> str:
    return tag.strip().removeprefix("W/").strip()


def matches(if_none_match: str | None, etag: str) -> bool:
    """Weak comparison (RFC 9110 §13.1.2): ``W/"x"`` matches ``"x"``; ``*`` matches anything."""
    if not if_none_match:
        return False
    tags = [t for t in if_none_match.split(",") if t.strip()]
    return any(t.strip() == "*" or _opaque(t) == _opaque(etag) for t in tags)


def conditional_json(request: Request, body: Any, etag: str | None = None, status: int = 200) -> Response:
    """``body`` as JSON with an ``ETag`` (the body's hash unless given), or an empty 304 if the client has it."""
    tag = etag or body_etag(body)
    headers = {"ETag": tag, "Cache-Control": "no-cache"}  # no-cache: may store, must revalidate
    if matches(request.headers.get("if-none-match"), tag):
        return Response(status_code=304, headers=headers)
    return JSONResponse(body, status_code=status, headers=headers)
