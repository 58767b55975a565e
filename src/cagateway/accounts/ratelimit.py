"""Rate limits: fixed-window counters in the database (log-in, sign-up, reset: they hold across every worker
process) and a per-process token bucket for search and the API (microseconds per request, no database).
"""

from __future__ import annotations

import datetime as dt
import math
import threading
import time
from dataclasses import dataclass

from sqlalchemy import delete
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from cagateway.accounts.models import RateCounter
from cagateway.db import Database, utcnow

__all__ = ["Hit", "TokenBucketLimiter", "hit", "purge_expired"]


@dataclass(frozen=True)
class Hit:
    """The count of ``key`` in the current window after this hit, and whether it is over ``limit``."""

    count: int
    limit: int
    retry_after: int  # seconds until the window ends

    @property
    def allowed(self) -> bool:
        return self.count <= self.limit


def hit(db: Database, name: str, subject: str, limit: int, window_seconds: int) -> Hit:
    """Count one hit of ``name:subject`` in the current window, in a transaction of its own that commits at once
    (so that a failing log-in still counts). Atomic on both engines: one INSERT ... ON CONFLICT DO UPDATE."""
    now = time.time()
    window = int(now // window_seconds)
    key = f"{name}:{subject.lower()[:180]}:{window}"
    ends = dt.datetime.fromtimestamp((window + 1) * window_seconds, dt.UTC)
    factory = pg_insert if db.engine.dialect.name == "postgresql" else sqlite_insert
    stmt = factory(RateCounter).values(key=key, count=1, expires_at=ends)
    stmt = stmt.on_conflict_do_update(index_elements=["key"], set_={"count": RateCounter.count + 1})
    with db.writer() as session:
        count = session.execute(stmt.returning(RateCounter.count)).scalar_one()
    return Hit(count=count, limit=limit, retry_after=max(1, math.ceil((window + 1) * window_seconds - now)))


def purge_expired(db: Database) -> int:
    """Delete counters whose window has ended; returns how many."""
    with db.writer() as session:
        result = session.execute(delete(RateCounter).where(RateCounter.expires_at < utcnow()))
    return int(getattr(result, "rowcount", 0) or 0)


class TokenBucketLimiter:
    """A token bucket per key (IP address or API token) in this process: ``rate`` requests per minute, bursts up
    to the same number. Costs a dictionary look-up and a few float operations per request."""

    def __init__(self, per_minute: int, max_keys: int = 100_000) -> None:
        self.capacity = float(per_minute)
        self.refill = per_minute / 60.0
        self.max_keys = max_keys
        self._buckets: dict[str, tuple[float, float]] = {}
        self._lock = threading.Lock()

    def take(self, key: str) -> float:
        """Take one token for ``key``: 0.0 when allowed, else the seconds to wait."""
        now = time.monotonic()
        with self._lock:
            tokens, last = self._buckets.get(key, (self.capacity, now))
            tokens = min(self.capacity, tokens + (now - last) * self.refill)
            if tokens >= 1.0:
                if len(self._buckets) >= self.max_keys and key not in self._buckets:
                    self._buckets.clear()  # a flood of distinct keys: forget them all rather than grow
                self._buckets[key] = (tokens - 1.0, now)
                return 0.0
            self._buckets[key] = (tokens, now)
            return (1.0 - tokens) / self.refill
