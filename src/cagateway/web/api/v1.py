"""REST API v1: producers, HS codes, health. Thin: each endpoint calls one service."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Header, Query, Request, Response
from pydantic import ValidationError
from sqlalchemy import select, text

from cagateway import __version__
from cagateway.errors import FieldError, InvalidInput
from cagateway.moderation.services import actor_of
from cagateway.reference.models import HsCode
from cagateway.reference.services import get_hs_code
from cagateway.registry import services
from cagateway.registry.schemas import TIERS, ProducerFilter, ProducerIn, ProducerUpdate
from cagateway.registry.serialise import producer_summary
from cagateway.web.api.conditional import conditional_json
from cagateway.web.api.models import ProducerDetailOut, ProducerListOut
from cagateway.web.api.moderation import edit_as_representative, editor_principal
from cagateway.web.deps import ReadSession, SettingsDep, WriteSession
from cagateway.web.security import Principal, require_scope

router = APIRouter()

# Writes need an API token (or a logged-in session): ``admin`` for any change, ``producer:edit`` for a
# representative's own producer (cagateway.web.api.moderation.editor_principal).
Admin = Annotated[Principal, Depends(require_scope("admin"))]
Editor = Annotated[Principal, Depends(editor_principal)]


def _version_from(if_match: str | None) -> int:
    """``If-Match: "3"`` (or ``3``) → 3; the version the client read and wants to change."""
    if if_match is None:
        raise InvalidInput.single(
            "If-Match",
            "send the producer's version in If-Match (from its 'version' field or ETag), e.g. If-Match: \"3\"",
        )
    raw = if_match.strip().removeprefix("W/").strip('"')
    if not raw.isdigit():
        raise InvalidInput.single("If-Match", 'If-Match must be the producer\'s version number, e.g. "3"', if_match)
    return int(raw)


def _filters(values: dict[str, Any]) -> ProducerFilter:
    """Query parameters as a :class:`ProducerFilter`; a bad value is a 422 naming the parameter, not a 500."""
    try:
        return ProducerFilter.model_validate(values)
    except ValidationError as exc:
        errors = [FieldError(".".join(map(str, e["loc"])), e["msg"], e.get("input")) for e in exc.errors()]
        raise InvalidInput(f"The request is not valid: fix {', '.join(e.field for e in errors)}.", errors) from exc


@router.get("/healthz", tags=["meta"])
def healthz(session: ReadSession) -> dict[str, Any]:
    """Liveness and database reachability."""
    session.execute(text("SELECT 1"))
    return {"ok": True, "version": __version__, "database": session.get_bind().dialect.name}


_NOT_MODIFIED: dict[int | str, dict[str, Any]] = {304: {"description": "Not modified (If-None-Match matched)"}}


@router.get("/api/v1/producers", tags=["producers"], response_model=ProducerListOut, responses=_NOT_MODIFIED)
def list_producers(
    request: Request,
    session: ReadSession,
    settings: SettingsDep,
    country: Annotated[str | None, Query(description="ISO alpha-2, e.g. KZ", max_length=2)] = None,
    region: Annotated[str | None, Query(description="ISO 3166-2, e.g. KZ-79")] = None,
    hs: Annotated[str | None, Query(description="HS prefix, e.g. 25, 2523 or 252329")] = None,
    tier: Annotated[str | None, Query(description=f"Verification tier: {', '.join(TIERS)}")] = None,
    source: Annotated[str | None, Query(description="Source name, e.g. demo")] = None,
    cursor: Annotated[str | None, Query(description="next_cursor of the previous page")] = None,
    limit: Annotated[int | None, Query(ge=1, description="Page size")] = None,
) -> Response:
    """Live producers, filtered, in a stable order, one page at a time (cursor pagination).

    The ``ETag`` is a hash of the page: send it back in ``If-None-Match`` to get ``304`` while nothing changed.
    """
    size = min(limit or settings.page_size, settings.max_page_size)
    filters = _filters({"country": country, "region": region, "hs": hs, "tier": tier, "source": source})
    page = services.list_producers(session, filters, cursor=cursor, limit=size)
    body = {"ok": True, "items": [producer_summary(e) for e in page.items], "next_cursor": page.next_cursor}
    return conditional_json(request, body)


@router.get(
    "/api/v1/producers/{public_id}", tags=["producers"], response_model=ProducerDetailOut, responses=_NOT_MODIFIED
)
def get_producer(public_id: str, session: ReadSession, request: Request) -> Response:
    """One producer with names, identifiers, sites, product lines, certificates, contacts and provenance.

    The ``ETag`` is the producer's version (``"3"``): the same tag ``If-Match`` takes for updates, and
    ``If-None-Match`` gets ``304`` while the producer is unchanged.
    """
    detail = {"ok": True} | services.describe_producer(session, public_id)
    return conditional_json(request, detail, etag=f'"{detail["version"]}"')


@router.post("/api/v1/producers", status_code=201, tags=["producers"], response_model=ProducerDetailOut)
def create_producer(data: ProducerIn, admin: Admin, session: WriteSession, response: Response) -> dict[str, Any]:
    """Register a producer (API token with scope ``admin``; users register through /api/v1/registrations).
    Every field problem is reported at once (422)."""
    entity = services.create_producer(session, data, actor=actor_of(admin.user))
    detail = {"ok": True} | services.describe_producer(session, entity.public_id)
    response.headers["ETag"] = f'"{detail["version"]}"'
    response.headers["Location"] = f"/api/v1/producers/{entity.public_id}"
    return detail


@router.patch("/api/v1/producers/{public_id}", tags=["producers"], response_model=ProducerDetailOut)
def update_producer(
    public_id: str,
    data: ProducerUpdate,
    editor: Editor,
    session: WriteSession,
    response: Response,
    if_match: Annotated[str | None, Header()] = None,
) -> dict[str, Any]:
    """Change a producer. Send the version you read in ``If-Match``; 409 if someone changed it meanwhile.

    With scope ``admin``: any field. With scope ``producer:edit``: a producer you represent, and only its names,
    sites, product lines, certificates and contacts (provenance "claimed"); a part that came from an official
    register is not changed at once but queued for a moderator (``pending_edit`` says which).
    """
    version = _version_from(if_match)
    pending = None
    if "admin" in editor.scopes:
        services.update_producer(session, public_id, data, expected_version=version, actor=actor_of(editor.user))
    else:
        pending = edit_as_representative(session, editor.user, public_id, data, version)
    detail = {"ok": True} | services.describe_producer(session, public_id) | {"pending_edit": pending}
    response.headers["ETag"] = f'"{detail["version"]}"'
    return detail


@router.delete("/api/v1/producers/{public_id}", tags=["producers"])
def delete_producer(
    public_id: str, admin: Admin, session: WriteSession, if_match: Annotated[str | None, Header()] = None
) -> dict[str, Any]:
    """Soft-delete a producer (API token with scope ``admin``; it leaves lists, its id is never reused)."""
    version = _version_from(if_match)
    entity = services.delete_producer(session, public_id, expected_version=version, actor=actor_of(admin.user))
    return {"ok": True, "id": entity.public_id, "deleted": True}


@router.get("/api/v1/producers/{public_id}/history", tags=["producers"])
def producer_history(public_id: str, session: ReadSession) -> dict[str, Any]:
    """Who changed what, oldest first."""
    changes = services.list_changes(session, public_id)
    return {
        "ok": True,
        "items": [
            {
                "at": c.at.isoformat(),
                "actor": c.actor,
                "action": c.action,
                "version": c.version,
                "diff": c.diff,
            }
            for c in changes
        ],
    }


@router.get("/api/v1/hs/{code}", tags=["reference"], response_model=dict[str, Any], responses=_NOT_MODIFIED)
def hs_code(code: str, session: ReadSession, request: Request) -> Response:
    """An HS 2022 code with its parent chain and children (English and, when loaded, Russian names)."""
    row = get_hs_code(session, code)
    chain = []
    parent = row.parent
    while parent:
        p = session.get(HsCode, parent)
        if p is None:
            break
        chain.append(
            {
                "code": p.code,
                "level": p.level,
                "description_en": p.description_en,
                "description_ru": p.description_ru,
            }
        )
        parent = p.parent
    children = session.scalars(select(HsCode).where(HsCode.parent == row.code).order_by(HsCode.code))
    body = {
        "ok": True,
        "code": row.code,
        "level": row.level,
        "section": row.section,
        "description_en": row.description_en,
        "description_ru": row.description_ru,
        "parents": chain,
        "children": [{"code": c.code, "description_en": c.description_en} for c in children],
    }
    return conditional_json(request, body)
