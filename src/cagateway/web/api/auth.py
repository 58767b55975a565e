"""Account endpoints of the API: who am I (``GET /api/v1/me``) and the audit log for administrators
(``GET /api/v1/audit``, scope ``admin``). Authenticate with ``Authorization: Bearer <API token>``."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from pydantic import BaseModel

from cagateway.accounts import audit
from cagateway.web.security import Principal, require_scope

__all__ = ["router"]

router = APIRouter(tags=["accounts"])


class MeOut(BaseModel):
    ok: bool = True
    id: str
    email: str
    role: str
    email_verified: bool
    totp: bool
    via: str
    scopes: list[str]


class AuditEventOut(BaseModel):
    id: int
    at: dt.datetime
    event: str
    actor: str | None
    ip: str | None
    details: dict[str, Any]


class AuditOut(BaseModel):
    ok: bool = True
    events: list[AuditEventOut]


@router.get("/api/v1/me", response_model=MeOut)
def me(principal: Annotated[Principal, Depends(require_scope("read"))]) -> MeOut:
    """The account behind the token (or session) and the scopes it grants."""
    user = principal.user
    return MeOut(
        id=user.public_id,
        email=user.email,
        role=user.role,
        email_verified=user.is_verified,
        totp=user.totp_enabled,
        via=principal.via,
        scopes=sorted(principal.scopes),
    )


@router.get("/api/v1/audit", response_model=AuditOut)
def audit_log(
    request: Request,
    _principal: Annotated[Principal, Depends(require_scope("admin"))],
    event: Annotated[str | None, Query(max_length=60, description="Event name, or a prefix ending in '.'")] = None,
    actor: Annotated[str | None, Query(max_length=320, description="Actor e-mail")] = None,
    since: Annotated[dt.datetime | None, Query(description="Only events from this time on (UTC)")] = None,
    before: Annotated[int | None, Query(ge=1, description="Paging: events older than this id")] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
) -> AuditOut:
    """The audit log, newest first (administrators: scope ``admin``)."""
    start = since.replace(tzinfo=dt.UTC) if since is not None and since.tzinfo is None else since
    filters = audit.AuditFilter(event=event, actor=actor, since=start, before_id=before, limit=limit)
    with request.app.state.db.session() as session:
        events = [
            AuditEventOut(id=e.id, at=e.at, event=e.event, actor=e.actor_email, ip=e.ip, details=e.details)
            for e in audit.list_events(session, filters)
        ]
    return AuditOut(events=events)
