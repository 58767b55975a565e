"""A request as the viewer may see it: one dict shape for the API, the portal and the CLI.

The buyer sees everything about their request. A representative sees the request, only the matches and quotes
of the producers they represent, and the buyer's name and e-mail only once the buyer accepted one of those
quotes. Operators (moderators, administrators, the command line) see matches and quotes, never the buyer.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from cagateway.reference.models import HsCode
from cagateway.registry.models import LegalEntity
from cagateway.rfq.models import BuyerRequest, Quote, RequestMatch
from cagateway.rfq.services import Viewer, effective_status

__all__ = ["request_summary", "request_view"]


def _producers(session: Session, ids: set[int]) -> dict[int, LegalEntity]:
    if not ids:
        return {}
    return {e.id: e for e in session.scalars(select(LegalEntity).where(LegalEntity.id.in_(sorted(ids))))}


def _match(m: RequestMatch, entity: LegalEntity | None) -> dict[str, Any]:
    return {
        "producer": entity.public_id if entity else None,
        "name": entity.display_name if entity else None,
        "country": entity.country_code if entity else None,
        "rank": m.rank,
        "score": m.score,
        "hs_match": m.hs_match,
        "capacity": m.capacity,
        "reasons": list(m.reasons),
        "notified": m.notified,
    }


def _quote(q: Quote, entity: LegalEntity | None) -> dict[str, Any]:
    return {
        "id": q.public_id,
        "producer": entity.public_id if entity else None,
        "producer_name": entity.display_name if entity else None,
        "price": q.price,
        "currency": q.currency,
        "price_unit": q.price_unit,
        "quantity": q.quantity,
        "incoterm": q.incoterm,
        "delivery_place": q.delivery_place,
        "lead_time_days": q.lead_time_days,
        "valid_until": q.valid_until.isoformat(),
        "note": q.note,
        "status": q.status,
        "revision": q.revision,
        "updated_at": q.updated_at.isoformat(timespec="seconds"),
    }


def _buyer(request: BuyerRequest, viewer: Viewer, accepted: Quote | None) -> dict[str, Any] | None:
    revealed = viewer.owns(request) or (accepted is not None and accepted.entity_id in viewer.producers)
    if not revealed:
        return None
    return {"name": request.buyer.display_name or request.buyer.email, "email": request.buyer.email}


def request_summary(request: BuyerRequest, today: dt.date) -> dict[str, Any]:
    """The fields of a request itself (no matches, quotes or buyer)."""
    return {
        "id": request.public_id,
        "status": effective_status(request, today),
        "hs_code": request.hs_code,
        "text": request.query_text,
        "description": request.description,
        "quantity": request.quantity,
        "unit": request.unit,
        "base_quantity": request.base_quantity,
        "base_unit": request.base_unit,
        "destination": {
            "text": request.destination_text,
            "label": request.destination_label,
            "country": request.destination_country,
            "locode": request.destination_locode,
        },
        "incoterm": request.incoterm,
        "deadline": request.deadline.isoformat(),
        "certificates": list(request.certificates),
        "countries": list(request.countries),
        "created_at": request.created_at.isoformat(timespec="seconds"),
        "closed_at": request.closed_at.isoformat(timespec="seconds") if request.closed_at else None,
        "matches_count": len(request.matches),
        "quotes_count": len(request.quotes),
    }


def request_view(session: Session, request: BuyerRequest, viewer: Viewer, today: dt.date) -> dict[str, Any]:
    """Everything ``viewer`` may see of ``request`` (see the module docstring)."""
    full = viewer.is_operator or viewer.owns(request)
    matches = [m for m in request.matches if full or m.entity_id in viewer.producers]
    quotes = [q for q in request.quotes if full or q.entity_id in viewer.producers]
    entities = _producers(session, {m.entity_id for m in matches} | {q.entity_id for q in quotes})
    accepted = next((q for q in request.quotes if q.id == request.accepted_quote_id), None)
    hs = session.get(HsCode, request.hs_code)
    return request_summary(request, today) | {
        "hs_description": hs.description_en if hs else None,
        "mine": viewer.owns(request),
        "buyer": _buyer(request, viewer, accepted),
        "matches": [_match(m, entities.get(m.entity_id)) for m in matches],
        "unnotified": sum(not m.notified for m in matches),
        "quotes": [_quote(q, entities.get(q.entity_id)) for q in quotes],
        "accepted_quote": accepted.public_id if accepted is not None and accepted in quotes else None,
    }
