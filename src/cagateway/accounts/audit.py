"""The audit log: security-relevant events, append-only (the database refuses UPDATE and DELETE).

Other domains record their own decisions here (claim approvals, moderation) with :func:`record`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from cagateway.accounts.models import AuditEvent, User

__all__ = ["AuditFilter", "list_events", "record"]

_SECRET_WORDS = ("password", "secret", "otp")


def _secret(key: str, value: Any) -> bool:
    lowered = key.lower()
    return any(word in lowered for word in _SECRET_WORDS) or ("token" in lowered and isinstance(value, str))


def _clean(details: dict[str, Any]) -> dict[str, Any]:
    """Details without anything that looks like a credential (defence in depth: callers should not pass any).
    A token's id (an int) may be recorded, never a token string."""
    return {key: "[redacted]" if _secret(key, value) else value for key, value in details.items()}


def record(
    session: Session,
    event: str,
    actor: User | None = None,
    details: dict[str, Any] | None = None,
    *,
    ip: str | None = None,
    email: str | None = None,
) -> AuditEvent:
    """Append one event: ``event`` is a dotted name (``login.failure``, ``claim.approved``), ``actor`` who did it
    (None for anonymous), ``details`` a small JSON object (ids, reasons; never secrets). Flushed, not committed:
    it commits with the caller's transaction."""
    row = AuditEvent(
        event=event,
        actor_id=actor.id if actor is not None else None,
        actor_email=actor.email if actor is not None else email,
        ip=ip,
        details=_clean(dict(details or {})),
    )
    session.add(row)
    session.flush()
    return row


@dataclass(frozen=True)
class AuditFilter:
    event: str | None = None  # exact name, or a prefix ending in "." (``login.``)
    actor: str | None = None  # e-mail (case-insensitive)
    since: dt.datetime | None = None
    until: dt.datetime | None = None
    limit: int = 100
    before_id: int | None = None  # paging: events older than this id


def list_events(session: Session, filters: AuditFilter | None = None) -> list[AuditEvent]:
    """Events newest first, filtered."""
    f = filters or AuditFilter()
    stmt = select(AuditEvent).order_by(AuditEvent.id.desc()).limit(max(1, min(f.limit, 1000)))
    if f.event:
        if f.event.endswith("."):
            stmt = stmt.where(AuditEvent.event.startswith(f.event, autoescape=True))
        else:
            stmt = stmt.where(AuditEvent.event == f.event)
    if f.actor:
        stmt = stmt.where(AuditEvent.actor_email.ilike(f.actor.strip()))
    if f.since:
        stmt = stmt.where(AuditEvent.at >= f.since)
    if f.until:
        stmt = stmt.where(AuditEvent.at < f.until)
    if f.before_id:
        stmt = stmt.where(AuditEvent.id < f.before_id)
    return list(session.scalars(stmt))
