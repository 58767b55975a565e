"""REST API v1: buyer requests (RFQs) and quotes. Bearer tokens (or a logged-in session) with scope ``rfq``."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path
from pydantic import BaseModel

from cagateway.db.base import utcnow
from cagateway.rfq import services
from cagateway.rfq.schemas import QuoteIn, RequestIn
from cagateway.rfq.serialise import request_summary, request_view
from cagateway.web.deps import ReadSession, SettingsDep, WriteSession
from cagateway.web.security import Principal, require_scope

router = APIRouter(tags=["rfq"])

RfqPrincipal = Annotated[Principal, Depends(require_scope("rfq"))]
RequestId = Annotated[str, Path(max_length=12, description="Public id of the request")]
QuoteId = Annotated[str, Path(max_length=12, description="Public id of the quote")]


class ErrorOut(BaseModel):
    ok: bool
    code: str
    error: str
    errors: list[dict[str, Any]]
    status: int


class DestinationOut(BaseModel):
    text: str
    label: str
    country: str
    locode: str | None


class MatchOut(BaseModel):
    producer: str | None
    name: str | None
    country: str | None
    rank: int
    score: float
    hs_match: str
    capacity: float | None
    reasons: list[str]
    notified: bool


class QuoteOut(BaseModel):
    id: str
    producer: str | None
    producer_name: str | None
    price: float
    currency: str
    price_unit: str
    quantity: float
    incoterm: str
    delivery_place: str
    lead_time_days: int
    valid_until: str
    note: str | None
    status: str
    revision: int
    updated_at: str


class BuyerOut(BaseModel):
    name: str
    email: str


class RfqSummaryOut(BaseModel):
    id: str
    status: str
    hs_code: str
    text: str | None
    description: str
    quantity: float
    unit: str
    base_quantity: float
    base_unit: str
    destination: DestinationOut
    incoterm: str
    deadline: str
    certificates: list[str]
    countries: list[str]
    created_at: str
    closed_at: str | None
    matches_count: int
    quotes_count: int


class RfqOut(RfqSummaryOut):
    """A request as the caller may see it: buyers all of it, representatives their producers' part."""

    ok: bool
    hs_description: str | None
    mine: bool
    buyer: BuyerOut | None
    matches: list[MatchOut]
    unnotified: int
    quotes: list[QuoteOut]
    accepted_quote: str | None


class RfqListOut(BaseModel):
    ok: bool
    mine: list[RfqSummaryOut]
    inbox: list[RfqSummaryOut]


class QuoteCreatedOut(BaseModel):
    ok: bool
    request: str
    quote: QuoteOut


_ERRORS: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorOut, "description": text}
    for status, text in {
        401: "No API token or session",
        403: "Missing scope, wrong role, or not a representative of that producer",
        404: "No such request (or not visible to you)",
        409: "The request is closed or expired",
        422: "Invalid input; `errors` names each field",
        429: "Per-account request limits reached",
    }.items()
}


@router.post("/api/v1/rfqs", status_code=201, response_model=RfqOut, responses=_ERRORS)
def create_rfq(
    data: RequestIn, principal: RfqPrincipal, session: WriteSession, settings: SettingsDep
) -> dict[str, Any]:
    """Post a buyer request; producers are matched and their representatives notified at once.

    Without ``hs_code`` the answer is 422 ``hs_code_required`` listing suggested codes for ``text``: pick one.
    """
    request = services.create_request(session, settings, principal.user, data)
    viewer = services.viewer_of(session, principal.user)
    return {"ok": True} | request_view(session, request, viewer, utcnow().date())


@router.get("/api/v1/rfqs", response_model=RfqListOut, responses=_ERRORS)
def list_rfqs(principal: RfqPrincipal, session: ReadSession) -> dict[str, Any]:
    """Your requests (as a buyer) and the requests matched to the producers you represent (your inbox)."""
    today = utcnow().date()
    viewer = services.viewer_of(session, principal.user)
    mine = [request_summary(r, today) for r in services.my_requests(session, principal.user)]
    inbox = [request_summary(r, today) for r in services.inbox(session, viewer)]
    return {"ok": True, "mine": mine, "inbox": inbox}


@router.get("/api/v1/rfqs/{request_id}", response_model=RfqOut, responses=_ERRORS)
def get_rfq(request_id: RequestId, principal: RfqPrincipal, session: ReadSession) -> dict[str, Any]:
    """One request with its matches and quotes, as far as you may see them."""
    viewer = services.viewer_of(session, principal.user)
    request = services.get_request(session, request_id, viewer)
    return {"ok": True} | request_view(session, request, viewer, utcnow().date())


@router.post("/api/v1/rfqs/{request_id}/quotes", status_code=201, response_model=QuoteCreatedOut, responses=_ERRORS)
def quote_rfq(request_id: RequestId, data: QuoteIn, principal: RfqPrincipal, session: WriteSession) -> dict[str, Any]:
    """Quote for a matched producer you represent (again: revises your open quote)."""
    quote = services.submit_quote(session, principal.user, request_id, data)
    viewer = services.viewer_of(session, principal.user)
    view = request_view(session, quote.request, viewer, utcnow().date())
    shown = next(q for q in view["quotes"] if q["id"] == quote.public_id)
    return {"ok": True, "request": quote.request.public_id, "quote": shown}


@router.post("/api/v1/rfqs/{request_id}/quotes/{quote_id}/accept", response_model=RfqOut, responses=_ERRORS)
def accept_rfq_quote(
    request_id: RequestId, quote_id: QuoteId, principal: RfqPrincipal, session: WriteSession
) -> dict[str, Any]:
    """Accept one quote on your request: the others are declined and the request closes."""
    request = services.accept_quote(session, principal.user, request_id, quote_id)
    viewer = services.viewer_of(session, principal.user)
    return {"ok": True} | request_view(session, request, viewer, utcnow().date())
