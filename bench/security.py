"""What security costs a request: the web/security.py middleware (per-request state, the in-process rate limit of
search and the API) and the CSRF dependency, against a bare ASGI call measured in the same run; and what the
database-backed log-in limit costs (one counter hit) on SQLite.

The search endpoint's goal is 300 requests/s on two cores (~6 ms of CPU a request): the middleware must cost
microseconds. Run: .venv/bin/python bench/security.py [--rounds 20000]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import tempfile
import time
from pathlib import Path
from typing import Any

from fastapi import Request

from cagateway.accounts.ratelimit import TokenBucketLimiter, hit
from cagateway.config import Settings
from cagateway.db import Database, upgrade
from cagateway.web.security import SecurityMiddleware, csrf_protect


async def _bare(_scope: Any, _receive: Any, send: Any) -> None:
    await send({"type": "http.response.start", "status": 200, "headers": []})
    await send({"type": "http.response.body", "body": b""})


async def _discard(_message: Any) -> None:
    return None


async def _receive() -> dict[str, Any]:
    return {"type": "http.request", "body": b""}


def _scope(path: str, cookie: bytes | None = None) -> dict[str, Any]:
    headers = [(b"host", b"127.0.0.1"), (b"accept", b"application/json")]
    if cookie:
        headers.append((b"cookie", cookie))
    return {"type": "http", "method": "GET", "path": path, "headers": headers, "client": ("127.0.0.1", 5000)}


async def _per_call_us(app: Any, scope: dict[str, Any], rounds: int) -> float:
    for _ in range(1000):  # warm-up
        await app(scope, _receive, _discard)
    started = time.perf_counter()
    for _ in range(rounds):
        await app(scope, _receive, _discard)
    return (time.perf_counter() - started) / rounds * 1e6


async def _csrf_us(rounds: int) -> float:
    request = Request(_scope("/api/v1/search"))
    started = time.perf_counter()
    for _ in range(rounds):
        await csrf_protect(request)
    return (time.perf_counter() - started) / rounds * 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=20000)
    args = parser.parse_args()
    settings = Settings(database_url="sqlite://")
    middleware = SecurityMiddleware(_bare, settings)
    load_before = os.getloadavg()[0]

    bare = asyncio.run(_per_call_us(_bare, _scope("/api/v1/search"), args.rounds))
    search = asyncio.run(_per_call_us(middleware, _scope("/api/v1/search"), args.rounds))
    cookie = b"lang=ru; cagw_session=" + b"x" * 43
    with_cookie = asyncio.run(_per_call_us(middleware, _scope("/search", cookie), args.rounds))
    csrf = asyncio.run(_csrf_us(args.rounds))
    limiter = TokenBucketLimiter(10**9)
    started = time.perf_counter()
    for i in range(args.rounds):
        limiter.take(f"ip:{i % 100}")
    bucket = (time.perf_counter() - started) / args.rounds * 1e6

    with tempfile.TemporaryDirectory() as tmp:
        db = Database.from_url(f"sqlite:///{Path(tmp) / 'bench.sqlite3'}")
        upgrade(db.engine)
        hits = 500
        started = time.perf_counter()
        for i in range(hits):
            hit(db, "login-ip", f"10.0.0.{i % 50}", 100, 900)
        db_hit_ms = (time.perf_counter() - started) / hits * 1000
        db.dispose()

    print(f"load average {load_before:.1f} → {os.getloadavg()[0]:.1f}; {args.rounds} rounds")
    print(f"bare ASGI call (baseline)                      {bare:7.2f} µs")
    extra = f"(+{search - bare:.2f} µs, {search / bare:.1f}×)"
    print(f"+ security middleware, /api/v1/search          {search:7.2f} µs  {extra}")
    print(f"+ security middleware, /search with cookies    {with_cookie:7.2f} µs  (+{with_cookie - bare:.2f} µs)")
    print(f"CSRF dependency on a GET                        {csrf:7.2f} µs")
    print(f"token bucket take                               {bucket:7.2f} µs")
    print(f"database log-in limit hit (SQLite, own commit) {db_hit_ms:7.3f} ms")
    budget = 1e6 / 150  # µs of CPU a request may take at 300 req/s on two cores
    print(f"middleware + CSRF share of the 300 req/s budget: {(search - bare + csrf) / budget:.2%}")


if __name__ == "__main__":
    main()
